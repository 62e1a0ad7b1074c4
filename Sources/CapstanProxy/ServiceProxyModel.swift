import CapstanAPI

/// What the proxy should program for one Service: a pure function of the
/// Service, its EndpointSlices and a few facts about this node, so it is
/// tested without nftables.
public enum ServiceProxyModel {
    public struct Options: Sendable, Equatable {
        /// Addresses of this node on which a LoadBalancer Service's ports
        /// answer once ServiceLB has given it an ingress address (the node's
        /// InternalIP and 127.0.0.1, in the manner of k3s' ServiceLB).
        public var loadBalancerAddresses: [String]
        /// ClusterIPs not to proxy: the cluster DNS address, served on this
        /// node by its own DNS server.
        public var skipClusterIPs: Set<String>
        public init(loadBalancerAddresses: [String] = [], skipClusterIPs: Set<String> = []) {
            self.loadBalancerAddresses = loadBalancerAddresses
            self.skipClusterIPs = skipClusterIPs
        }
    }

    static let serviceNameLabel = "kubernetes.io/service-name"

    /// The namespace/name of the Service an EndpointSlice belongs to.
    public static func serviceKey(ofSlice slice: JSONValue) -> String? {
        guard let name = slice[path: ["metadata", "labels", serviceNameLabel]]?.stringValue,
              let ns = slice[path: ["metadata", "namespace"]]?.stringValue else { return nil }
        return "\(ns)/\(name)"
    }

    /// Rules for each port of `service`. ExternalName Services, headless
    /// Services and IPv6 addresses get none (the proxy is IPv4 only).
    public static func rules(service: JSONValue, slices: [JSONValue], options: Options) -> [ServicePortRules] {
        let spec = service[path: ["spec"]]
        let type = spec?[path: ["type"]]?.stringValue ?? "ClusterIP"
        guard type != "ExternalName",
              let ns = service[path: ["metadata", "namespace"]]?.stringValue,
              let name = service[path: ["metadata", "name"]]?.stringValue,
              case .array(let ports)? = spec?[path: ["ports"]] else { return [] }
        let clusterIP = spec?[path: ["clusterIP"]]?.stringValue ?? ""
        if options.skipClusterIPs.contains(clusterIP) { return [] }
        var addresses: [String] = []
        if isIPv4(clusterIP) { addresses.append(clusterIP) }
        if case .array(let external)? = spec?[path: ["externalIPs"]] {
            addresses += external.compactMap(\.stringValue).filter(isIPv4)
        }
        if type == "LoadBalancer", spec?[path: ["loadBalancerClass"]]?.stringValue == nil,
           case .array(let ingress)? = service[path: ["status", "loadBalancer", "ingress"]], !ingress.isEmpty {
            addresses += options.loadBalancerAddresses
        }
        let affinity: Int? = spec?[path: ["sessionAffinity"]]?.stringValue == "ClientIP"
            ? Int(spec?[path: ["sessionAffinityConfig", "clientIP", "timeoutSeconds"]]?.intValue ?? 10800) : nil
        let usesNodePorts = type == "NodePort" || type == "LoadBalancer"
        return ports.compactMap { p in
            guard let port = p[path: ["port"]]?.intValue else { return nil }
            let proto = (p[path: ["protocol"]]?.stringValue ?? "TCP").lowercased()
            let portName = p[path: ["name"]]?.stringValue ?? ""
            var frontends = addresses.map { ServicePortRules.Frontend.address(ip: $0, port: Int(port)) }
            if usesNodePorts, let np = p[path: ["nodePort"]]?.intValue, np > 0 { frontends.append(.nodePort(Int(np))) }
            guard !frontends.isEmpty else { return nil }
            let id = ServicePortRules.ID(namespace: ns, name: name, proto: proto, port: portName.isEmpty ? String(port) : portName)
            return ServicePortRules(
                id: id, frontends: frontends,
                endpoints: endpoints(slices: slices, portName: portName, proto: proto), affinitySeconds: affinity)
        }
    }

    /// The endpoints of one Service port: ready ones; when none is ready,
    /// those still serving while terminating (kube-proxy's fallback, so a
    /// rolling restart of the last pods does not drop connections).
    static func endpoints(slices: [JSONValue], portName: String, proto: String) -> [ServicePortRules.Endpoint] {
        var ready: [ServicePortRules.Endpoint] = [], terminating: [ServicePortRules.Endpoint] = []
        for slice in slices where (slice[path: ["addressType"]]?.stringValue ?? "IPv4") == "IPv4" {
            guard case .array(let ports)? = slice[path: ["ports"]],
                  let match = ports.first(where: {
                      ($0[path: ["name"]]?.stringValue ?? "") == portName
                          && ($0[path: ["protocol"]]?.stringValue ?? "TCP").lowercased() == proto
                  }),
                  let port = match[path: ["port"]]?.intValue,
                  case .array(let eps)? = slice[path: ["endpoints"]] else { continue }
            for ep in eps {
                guard case .array(let addrs)? = ep[path: ["addresses"]], let ip = addrs.first?.stringValue, isIPv4(ip) else { continue }
                let e = ServicePortRules.Endpoint(ip: ip, port: Int(port))
                let c = ep[path: ["conditions"]]
                if c?[path: ["ready"]]?.boolValue ?? true {
                    ready.append(e)
                } else if c?[path: ["serving"]]?.boolValue == true, c?[path: ["terminating"]]?.boolValue == true {
                    terminating.append(e)
                }
            }
        }
        return ready.isEmpty ? terminating : ready
    }

    static func isIPv4(_ s: String) -> Bool {
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { UInt8($0) != nil }
    }
}
