import CapstanAPI

/// Compiles Services and EndpointSlices into a `DNSZoneSnapshot` following
/// the Kubernetes DNS specification (kubernetes/dns docs/specification.md):
///
/// - ClusterIP Service: `SVC.NS.svc.DOMAIN` A/AAAA → its ClusterIPs; SRV
///   `_PORT._PROTO.SVC.NS.svc.DOMAIN` per named port → the Service name;
///   PTR for each ClusterIP.
/// - Headless Service (`clusterIP: None`): A/AAAA → the ready endpoints
///   (all with `publishNotReadyAddresses`); per endpoint
///   `HOSTNAME.SVC.NS.svc.DOMAIN` (its `hostname`, e.g. a StatefulSet pod of
///   the governing Service, else its address with dashes) and a PTR; SRV per
///   named port → each endpoint's name.
/// - ExternalName Service: CNAME → `spec.externalName`.
/// - `dns-version.DOMAIN` TXT → the specification's schema version (1.1.0).
/// Pure: the same objects always give the same snapshot.
public struct DNSZoneBuilder: Sendable {
    public var domain: String
    public var ttl: UInt32 = 5

    public init(domain: String, ttl: UInt32 = 5) {
        self.domain = domain.lowercased().trimmingSuffixDot
        self.ttl = ttl
    }

    public func build(services: [Service], slices: [EndpointSlice]) -> DNSZoneSnapshot {
        var zone = DNSZoneSnapshot(domain: domain, ttl: ttl)
        // The schema version of the specification this follows.
        zone.add("dns-version.\(domain)") { $0.txt = ["1.1.0"] }
        var slicesByService: [String: [EndpointSlice]] = [:]
        for s in slices {
            guard let svc = s.metadata.labels?["kubernetes.io/service-name"], let ns = s.metadata.namespace else { continue }
            slicesByService["\(ns)/\(svc)", default: []].append(s)
        }
        for svc in services {
            guard let name = svc.metadata.name, let ns = svc.metadata.namespace, let spec = svc.spec else { continue }
            let base = "\(name).\(ns).svc.\(domain)".lowercased()
            if spec.type == "ExternalName" {
                if let target = spec.externalName, !target.isEmpty {
                    zone.add(base) { $0.cname = target.lowercased().trimmingSuffixDot }
                }
            } else if spec.clusterIP == "None" {
                addHeadless(&zone, base: base, spec: spec, slices: slicesByService["\(ns)/\(name)"] ?? [])
            } else {
                addClusterIP(&zone, base: base, spec: spec)
            }
        }
        return zone
    }

    private func addClusterIP(_ zone: inout DNSZoneSnapshot, base: String, spec: ServiceSpec) {
        var ips = spec.clusterIPs ?? []
        if ips.isEmpty, let ip = spec.clusterIP { ips = [ip] }
        zone.add(base) { e in
            for ip in ips {
                if let v4 = IPv4(ip) { e.a.append(v4) } else if let v6 = parseIPv6(ip) { e.aaaa.append(v6) }
            }
        }
        for ip in ips { if let r = Self.reverseName(ip) { zone.add(r) { $0.ptr.append(base) } } }
        for p in spec.ports ?? [] {
            guard let portName = p.name, !portName.isEmpty, let port = UInt16(exactly: p.port) else { continue }
            zone.add(Self.srvName(port: portName, protocol: p.protocol, base: base)) {
                $0.srv.append(.init(weight: 100, port: port, target: base))
            }
        }
    }

    private func addHeadless(_ zone: inout DNSZoneSnapshot, base: String, spec: ServiceSpec, slices: [EndpointSlice]) {
        zone.add(base) { _ in }
        let all = spec.publishNotReadyAddresses == true
        // Endpoint name → addresses, and the ports each slice serves them on.
        var targets: [(name: String, ports: [EndpointSlicePort])] = []
        var seen = Set<String>()
        for slice in slices.sorted(by: { ($0.metadata.name ?? "") < ($1.metadata.name ?? "") }) {
            for ep in slice.endpoints where all || ep.conditions?.ready != false {
                for address in ep.addresses {
                    let v4 = IPv4(address)
                    let v6 = v4 == nil ? parseIPv6(address) : nil
                    guard v4 != nil || v6 != nil else { continue }
                    let host = (ep.hostname?.isEmpty == false ? ep.hostname! : Self.dashed(address)).lowercased()
                    let target = "\(host).\(base)"
                    zone.add(base) { e in
                        if let v4 { if !e.a.contains(v4) { e.a.append(v4) } } else if let v6 { if !e.aaaa.contains(v6) { e.aaaa.append(v6) } }
                    }
                    zone.add(target) { e in
                        if let v4 { if !e.a.contains(v4) { e.a.append(v4) } } else if let v6 { if !e.aaaa.contains(v6) { e.aaaa.append(v6) } }
                    }
                    if let r = Self.reverseName(address) { zone.add(r) { if !$0.ptr.contains(target) { $0.ptr.append(target) } } }
                    if seen.insert("\(target)|\(slice.metadata.name ?? "")").inserted {
                        targets.append((target, slice.ports ?? []))
                    }
                }
            }
        }
        var srv: [String: [DNSZoneSnapshot.SRV]] = [:]
        for (target, ports) in targets {
            for p in ports {
                guard let portName = p.name, !portName.isEmpty, let number = p.port, let port = UInt16(exactly: number) else { continue }
                let name = Self.srvName(port: portName, protocol: p.protocol, base: base)
                let record = DNSZoneSnapshot.SRV(weight: 0, port: port, target: target)
                if !(srv[name]?.contains(record) ?? false) { srv[name, default: []].append(record) }
            }
        }
        for (name, records) in srv {
            // Equal shares of 100, as CoreDNS weighs a name's SRV records.
            let weight = UInt16(max(1, 100 / records.count))
            zone.add(name) { $0.srv = records.map { var r = $0; r.weight = weight; return r } }
        }
    }

    static func srvName(port: String, protocol proto: String?, base: String) -> String {
        "_\(port.lowercased())._\((proto ?? "TCP").lowercased()).\(base)"
    }

    /// 10.1.2.3 → 10-1-2-3; IPv6 colons become dashes too.
    static func dashed(_ address: String) -> String { String(address.map { $0 == "." || $0 == ":" ? "-" : $0 }) }

    /// `d.c.b.a.in-addr.arpa` for IPv4, the nibble form under `ip6.arpa` for IPv6.
    static func reverseName(_ address: String) -> String? {
        if let v4 = IPv4(address) {
            return "\(v4.bytes.3).\(v4.bytes.2).\(v4.bytes.1).\(v4.bytes.0).in-addr.arpa"
        }
        guard let v6 = parseIPv6(address) else { return nil }
        let hex = Array("0123456789abcdef")
        return v6.reversed().flatMap { [String(hex[Int($0 & 0xF)]), String(hex[Int($0 >> 4)])] }.joined(separator: ".") + ".ip6.arpa"
    }
}
