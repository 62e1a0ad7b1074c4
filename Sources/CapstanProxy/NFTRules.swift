/// nftables text for the proxy's table, in the layout of kube-proxy's
/// nftables mode: two verdict maps dispatch (address, protocol, port) and
/// (protocol, NodePort) to one chain per Service port, which picks one
/// chain per endpoint at random (after the client's sticky endpoint, with
/// sessionAffinity ClientIP); the endpoint chain marks the packet for
/// masquerade and DNATs it. Ports without endpoints are in two sets whose
/// packets are rejected. Changing one Service port touches only its own
/// chains and map elements (`commands(from:to:)`).
public struct NFTRules: Sendable {
    /// The table, family ip, owned by this proxy alone.
    public let table: String
    /// The packet mark bit asking for masquerade (kube-proxy's 0x4000).
    static let masqueradeMark = "0x4000"

    public init(table: String) { self.table = table }

    /// The table from scratch with these ports: drops whatever the table
    /// held (a previous run's rules included) in the same transaction.
    public func fullSync(_ ports: [ServicePortRules]) -> String {
        var lines = ["add table ip \(table)", "delete table ip \(table)", skeleton()]
        for p in ports.sorted(by: { $0.id < $1.id }) { lines += commands(from: nil, to: p) }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Removes the table (the proxy's shutdown, and `--disable-service-proxy` leftovers).
    public func deleteTable() -> String { "add table ip \(table)\ndelete table ip \(table)\n" }

    func skeleton() -> String {
        """
        table ip \(table) {
          map service-ips { type ipv4_addr . inet_proto . inet_service : verdict ; }
          map service-nodeports { type inet_proto . inet_service : verdict ; }
          set no-endpoint-services { type ipv4_addr . inet_proto . inet_service ; }
          set no-endpoint-nodeports { type inet_proto . inet_service ; }
          chain services {
            ip daddr . meta l4proto . th dport vmap @service-ips
            fib daddr type local meta l4proto . th dport vmap @service-nodeports
          }
          chain nat-prerouting { type nat hook prerouting priority dstnat; policy accept; jump services; }
          chain nat-output { type nat hook output priority -100; policy accept; jump services; }
          chain nat-postrouting { type nat hook postrouting priority srcnat; policy accept; meta mark & \(Self.masqueradeMark) == \(Self.masqueradeMark) masquerade; }
          chain filter-input { type filter hook input priority -110; policy accept; ct state new fib daddr type local meta l4proto . th dport @no-endpoint-nodeports reject; }
          chain filter-forward { type filter hook forward priority -110; policy accept; ct state new ip daddr . meta l4proto . th dport @no-endpoint-services reject; }
          chain filter-output { type filter hook output priority -110; policy accept; ct state new ip daddr . meta l4proto . th dport @no-endpoint-services reject; }
        }
        """
    }

    // MARK: names

    func serviceChain(_ id: ServicePortRules.ID) -> String { "svc-\(id)" }
    func endpointChain(_ id: ServicePortRules.ID, _ e: ServicePortRules.Endpoint) -> String { "ep-\(id)/\(e.ip)/\(e.port)" }
    func affinitySet(_ id: ServicePortRules.ID, _ e: ServicePortRules.Endpoint) -> String { "aff-\(id)/\(e.ip)/\(e.port)" }

    /// One element of a map or set: where it lives, its key, and (maps) its verdict.
    struct Element: Hashable {
        var set: String
        var key: String
        var verdict: String?
    }

    func elements(_ p: ServicePortRules?) -> Set<Element> {
        guard let p else { return [] }
        let active = !p.endpoints.isEmpty
        let verdict = active ? "goto \(serviceChain(p.id))" : nil
        return Set(p.frontends.map { f in
            switch f {
            case .address(let ip, let port):
                Element(set: active ? "service-ips" : "no-endpoint-services", key: "\(ip) . \(p.proto) . \(port)", verdict: verdict)
            case .nodePort(let port):
                Element(set: active ? "service-nodeports" : "no-endpoint-nodeports", key: "\(p.proto) . \(port)", verdict: verdict)
            }
        })
    }

    // MARK: changes

    /// The commands turning `old` into `new` (either may be nil: a port
    /// appearing or going), as one nft transaction's lines. Only what
    /// differs is touched; a change of protocol or affinity timeout replaces
    /// the port's chains outright.
    public func commands(from old: ServicePortRules?, to new: ServicePortRules?) -> [String] {
        if let old, let new, old.proto != new.proto || old.affinitySeconds != new.affinitySeconds {
            return commands(from: old, to: nil) + commands(from: nil, to: new)
        }
        guard let id = new?.id ?? old?.id else { return [] }
        let t = "ip \(table)"
        var out: [String] = []
        let oldElements = elements(old), newElements = elements(new)
        for e in oldElements.subtracting(newElements).sorted(by: { $0.key < $1.key }) {
            out.append("delete element \(t) \(e.set) { \(e.key) }")
        }
        let affinity = new?.affinitySeconds ?? old?.affinitySeconds
        let proto = new?.proto ?? old?.proto ?? "tcp"
        let oldEps = Set(old?.endpoints ?? []), newEps = new?.endpoints ?? []
        for e in newEps where !oldEps.contains(e) {
            let chain = endpointChain(id, e)
            out.append("add chain \(t) \(chain)")
            var rule = ""
            if let affinity {
                let set = affinitySet(id, e)
                out.append("add set \(t) \(set) { type ipv4_addr; flags dynamic,timeout; timeout \(affinity)s; }")
                rule = "update @\(set) { ip saddr } "
            }
            out.append("add rule \(t) \(chain) \(rule)meta mark set meta mark | \(Self.masqueradeMark) meta l4proto \(proto) dnat to \(e.ip):\(e.port)")
        }
        let oldActive = !(old?.endpoints.isEmpty ?? true), newActive = !newEps.isEmpty
        let svc = serviceChain(id)
        if newActive, !oldActive || old?.endpoints != newEps {
            out += ["add chain \(t) \(svc)", "flush chain \(t) \(svc)"]
            if affinity != nil {
                for e in newEps { out.append("add rule \(t) \(svc) ip saddr @\(affinitySet(id, e)) goto \(endpointChain(id, e))") }
            }
            if newEps.count == 1 {
                out.append("add rule \(t) \(svc) goto \(endpointChain(id, newEps[0]))")
            } else {
                let branches = newEps.enumerated().map { "\($0.offset) : goto \(endpointChain(id, $0.element))" }
                out.append("add rule \(t) \(svc) numgen random mod \(newEps.count) vmap { \(branches.joined(separator: ", ")) }")
            }
        } else if !newActive, oldActive {
            out += ["flush chain \(t) \(svc)", "delete chain \(t) \(svc)"]
        }
        for e in oldEps.sorted() where !newEps.contains(e) {
            out.append("delete chain \(t) \(endpointChain(id, e))")
            if affinity != nil { out.append("delete set \(t) \(affinitySet(id, e))") }
        }
        for e in newElements.subtracting(oldElements).sorted(by: { $0.key < $1.key }) {
            out.append("add element \(t) \(e.set) { \(e.key)\(e.verdict.map { " : \($0)" } ?? "") }")
        }
        return out
    }
}
