import CapstanAPI

/// Builds the routing table from the inputs (pure, deterministic: the same
/// inputs give the same table, so the same configuration text).
///
/// Rules of several Ingresses for one host are merged. When two paths ask
/// for the same nginx location, the one Kubernetes ranks first keeps it:
/// Exact before Prefix before ImplementationSpecific, then the older Ingress
/// (creationTimestamp, then namespace/name, as ingress-nginx orders them).
///
/// Path types become nginx locations so that nginx's own choice (exact
/// match first, then the longest prefix) is Kubernetes' choice:
/// - Exact `/p` → `location = /p`;
/// - Prefix `/p` (a trailing `/` ignored) → `location = /p` and
///   `location /p/`, so it matches `/p` and `/p/...` but not `/pq`
///   (Kubernetes' element-wise matching); Prefix `/` → `location /`;
/// - ImplementationSpecific `/p` → `location /p`, nginx's plain prefix.
public enum RoutingBuilder {
    public static func build(_ inputs: RoutingInputs) -> RoutingTable {
        var state = State(inputs: inputs)
        let ordered = inputs.ingresses.sorted(by: olderFirst)
        // Every (host, location) claim, then settle conflicts by rank.
        var claims: [Claim] = []
        for (order, ing) in ordered.enumerated() {
            let key = objectKey(ing.metadata)
            for rule in ing.spec?.rules ?? [] {
                let host = (rule.host ?? "").lowercased()
                guard host.isEmpty || IngressHost.isValid(host) else {
                    state.warn(key, "host \(host) is not a valid DNS name (optionally starting with *.): rule skipped")
                    continue
                }
                state.touch(host)
                for path in rule.http?.paths ?? [] {
                    guard let matches = locations(for: path, ingress: key, state: &state) else { continue }
                    let route = state.route(path.backend, namespace: ing.metadata.namespace ?? "default", ingress: key)
                    for (rank, match) in matches {
                        claims.append(Claim(host: host, match: match, rank: rank, order: order, route: route, ingress: key))
                    }
                }
            }
            applyTLS(ing, key: key, state: &state)
            if let backend = ing.spec?.defaultBackend {
                let route = state.route(backend, namespace: ing.metadata.namespace ?? "default", ingress: key)
                // The oldest Ingress with a default backend serves the default server,
                // and each Ingress's own hosts' unmatched paths.
                state.setFallback("", route)
                for rule in ing.spec?.rules ?? [] {
                    let host = (rule.host ?? "").lowercased()
                    if host.isEmpty || IngressHost.isValid(host) { state.setFallback(host, route) }
                }
            }
        }
        claims.sort { ($0.rank, $0.order) < ($1.rank, $1.order) }
        for c in claims { state.claim(c) }
        return state.table()
    }

    struct Claim {
        var host: String
        var match: LocationMatch
        var rank: Int
        var order: Int
        var route: Route
        var ingress: String
    }

    /// The nginx locations for one Ingress path, each with its rank; nil (and a warning) when unusable.
    static func locations(for path: HTTPIngressPath, ingress: String, state: inout State) -> [(Int, LocationMatch)]? {
        let p = path.path ?? ""
        switch path.pathType {
        case "Exact":
            guard validPath(p) else { return state.invalid(ingress, p) }
            return [(0, .exact(p))]
        case "Prefix":
            guard validPath(p) else { return state.invalid(ingress, p) }
            var trimmed = Substring(p)
            while trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
            if trimmed.isEmpty { return [(1, .prefix("/"))] }
            return [(1, .exact(String(trimmed))), (1, .prefix(trimmed + "/"))]
        case "ImplementationSpecific":
            let q = p.isEmpty ? "/" : p
            guard validPath(q) else { return state.invalid(ingress, q) }
            return [(2, .prefix(q))]
        default:
            state.warn(ingress, "path \(p): unknown pathType \(path.pathType) (use Exact, Prefix or ImplementationSpecific): skipped")
            return nil
        }
    }

    /// Absolute, and nothing nginx's parser or a location would misread.
    static func validPath(_ p: String) -> Bool {
        p.hasPrefix("/") && !p.unicodeScalars.contains { $0.value < 0x21 || $0.value == 0x7f || "\"'{};\\".unicodeScalars.contains($0) }
    }

    static func applyTLS(_ ing: Ingress, key: String, state: inout State) {
        let ns = ing.metadata.namespace ?? "default"
        for tls in ing.spec?.tls ?? [] {
            let hosts = (tls.hosts ?? []).map { $0.lowercased() }.filter { IngressHost.isValid($0) }
            guard !hosts.isEmpty else { continue }
            guard let secret = tls.secretName, !secret.isEmpty else {
                state.warn(key, "spec.tls for \(hosts.joined(separator: ",")) names no secret: served with the default certificate")
                continue
            }
            guard let pair = state.inputs.keyPairs["\(ns)/\(secret)"] else {
                state.warn(key, "TLS secret \(ns)/\(secret) not found or not a kubernetes.io/tls Secret with tls.crt and tls.key: \(hosts.joined(separator: ",")) served with the default certificate")
                continue
            }
            let file = pair.fileName(secretKey: "\(ns)/\(secret)")
            state.certificates[file] = pair
            for h in hosts { state.setCertificate(h, file) }
        }
    }

    static func olderFirst(_ a: Ingress, _ b: Ingress) -> Bool {
        let ta = a.metadata.creationTimestamp?.date.timeIntervalSince1970 ?? 0
        let tb = b.metadata.creationTimestamp?.date.timeIntervalSince1970 ?? 0
        if ta != tb { return ta < tb }
        return objectKey(a.metadata) < objectKey(b.metadata)
    }

    static func objectKey(_ m: ObjectMeta) -> String { "\(m.namespace ?? "default")/\(m.name ?? "")" }
}

extension RoutingBuilder {
    /// The table under construction.
    struct State {
        let inputs: RoutingInputs
        var servers: [String: VirtualServer] = [:]
        var taken: [String: Set<LocationMatch>] = [:]
        var fallbackSet: Set<String> = []
        var certificates: [String: TLSKeyPair] = [:]
        var upstreams: [String: Upstream] = [:]
        var warnings: [RoutingWarning] = []

        init(inputs: RoutingInputs) {
            self.inputs = inputs
            servers[""] = VirtualServer(host: "")
        }

        mutating func touch(_ host: String) {
            if servers[host] == nil { servers[host] = VirtualServer(host: host) }
        }

        mutating func warn(_ ingress: String, _ message: String) {
            let w = RoutingWarning(ingress: ingress, message: message)
            if !warnings.contains(w) { warnings.append(w) }
        }

        mutating func invalid(_ ingress: String, _ path: String) -> [(Int, LocationMatch)]? {
            warn(ingress, "path \"\(path)\" must start with / and contain no spaces, quotes, braces, semicolons or backslashes: skipped")
            return nil
        }

        mutating func setCertificate(_ host: String, _ file: String) {
            touch(host)
            // The first (oldest) Ingress naming a certificate for a host keeps it.
            if servers[host]?.certificateFile == nil { servers[host]?.certificateFile = file }
        }

        mutating func setFallback(_ host: String, _ route: Route) {
            guard !fallbackSet.contains(host) else { return }
            touch(host)
            fallbackSet.insert(host)
            servers[host]?.fallback = route
        }

        mutating func claim(_ c: Claim) {
            guard taken[c.host, default: []].insert(c.match).inserted else { return }
            servers[c.host]?.locations.append(Location(match: c.match, route: c.route, ingress: c.ingress))
        }

        /// A backend's route: an upstream of the Service port's ready endpoints, or 503.
        mutating func route(_ backend: IngressBackend, namespace: String, ingress: String) -> Route {
            guard let ref = backend.service else {
                warn(ingress, "resource backends are not supported (only service backends): answered with 503")
                return .unavailable
            }
            let svcKey = "\(namespace)/\(ref.name)"
            guard let svc = inputs.services[svcKey] else {
                warn(ingress, "service \(svcKey) not found: answered with 503")
                return .unavailable
            }
            guard svc.spec?.type != "ExternalName" else {
                warn(ingress, "service \(svcKey) is an ExternalName service, which this controller does not proxy to: answered with 503")
                return .unavailable
            }
            let ports = svc.spec?.ports ?? []
            let servicePort = ports.first { sp in
                if let n = ref.port?.number { return sp.port == n }
                if let name = ref.port?.name { return (sp.name ?? "") == name }
                return ports.count == 1
            }
            guard let servicePort else {
                let asked = ref.port?.number.map { String($0) } ?? ref.port?.name ?? "(none)"
                warn(ingress, "service \(svcKey) has no port \(asked): answered with 503")
                return .unavailable
            }
            let name = "\(namespace)_\(ref.name)_\(servicePort.port)"
            if upstreams[name] == nil {
                upstreams[name] = Upstream(name: name, servers: Self.readyServers(inputs.endpointSlices[svcKey] ?? [], portName: servicePort.name ?? ""))
            }
            return upstreams[name]!.servers.isEmpty ? .unavailable : .upstream(name)
        }

        /// `ip:port` of every ready endpoint in the slices for the port named `portName` (TCP).
        static func readyServers(_ slices: [EndpointSlice], portName: String) -> [String] {
            var out = Set<String>()
            for slice in slices where slice.addressType == "IPv4" || slice.addressType == "IPv6" {
                guard let port = (slice.ports ?? []).first(where: { ($0.name ?? "") == portName && ($0.protocol ?? "TCP") == "TCP" })?.port
                else { continue }
                for ep in slice.endpoints where ep.conditions?.ready != false {
                    // Kubernetes: consumers use the first address.
                    guard let addr = ep.addresses.first else { continue }
                    out.insert(slice.addressType == "IPv6" ? "[\(addr)]:\(port)" : "\(addr):\(port)")
                }
            }
            return out.sorted()
        }

        func table() -> RoutingTable {
            var used = Set<String>()
            let list = servers.values.sorted { $0.host < $1.host }.map { s -> VirtualServer in
                var s = s
                s.locations.sort { $0.match < $1.match }
                for case .upstream(let u) in s.locations.map(\.route) + [s.fallback] { used.insert(u) }
                return s
            }
            let files = Set(list.compactMap(\.certificateFile))
            return RoutingTable(
                servers: list,
                upstreams: upstreams.values.filter { used.contains($0.name) }.sorted { $0.name < $1.name },
                certificates: certificates.filter { files.contains($0.key) },
                warnings: warnings)
        }
    }
}

/// Ingress host names: DNS names, optionally with a leading `*.` label.
public enum IngressHost {
    public static func isValid(_ host: String) -> Bool {
        var h = Substring(host)
        if h.hasPrefix("*.") { h = h.dropFirst(2) }
        guard !h.isEmpty, h.count <= 253 else { return false }
        return h.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            !label.isEmpty && label.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        }
    }
}
