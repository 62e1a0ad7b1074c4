/// Everything the cluster DNS knows, compiled for lookups: a dictionary
/// from lowercased name (no trailing dot) to its records. Immutable once
/// built; `DNSZoneStore` swaps whole snapshots, so a query is one
/// dictionary lookup and never sees a half-applied change.
public struct DNSZoneSnapshot: Sendable {
    /// The cluster domain, lowercased (`cluster.local`).
    public let domain: String
    public let ttl: UInt32
    public internal(set) var names: [String: Entry]

    /// The records of one name. A name with none (an empty non-terminal such
    /// as `svc.cluster.local` or `NS.svc.cluster.local`) exists: queries for
    /// it get NOERROR with no answers rather than NXDOMAIN.
    public struct Entry: Sendable, Equatable {
        public var a: [IPv4] = []
        public var aaaa: [[UInt8]] = []
        public var srv: [SRV] = []
        public var ptr: [String] = []
        public var txt: [String] = []
        public var cname: String?
        public init() {}
        public var isEmpty: Bool { a.isEmpty && aaaa.isEmpty && srv.isEmpty && ptr.isEmpty && txt.isEmpty && cname == nil }
    }

    public struct SRV: Sendable, Equatable {
        public var priority: UInt16 = 0
        public var weight: UInt16
        public var port: UInt16
        public var target: String
        public init(weight: UInt16, port: UInt16, target: String) {
            self.weight = weight
            self.port = port
            self.target = target
        }
    }

    public init(domain: String, ttl: UInt32 = 5) {
        self.domain = domain.lowercased().trimmingSuffixDot
        self.ttl = ttl
        self.names = [self.domain: Entry()]
    }

    /// `name` (lowercased, no trailing dot) is the domain or below it.
    public func isInZone(_ name: String) -> Bool {
        name == domain || (name.count > domain.count && name.hasSuffix(domain) && name.utf8.dropLast(domain.utf8.count).last == UInt8(ascii: "."))
    }

    /// The zone's SOA record (CoreDNS' values; the negative-caching TTL is the record TTL).
    public var soa: DNSRecord {
        DNSRecord(
            name: domain, type: .soa, ttl: ttl,
            data: .soa(.init(mname: "ns.dns.\(domain)", rname: "hostmaster.\(domain)", serial: 1, refresh: 7200, retry: 1800, expire: 86400, minimum: ttl)))
    }

    /// Adds records to `name`, and empty entries for every name between it and the domain.
    mutating func add(_ name: String, _ change: (inout Entry) -> Void) {
        change(&names[name, default: Entry()])
        guard isInZone(name) else { return }
        var rest = Substring(name)
        while let dot = rest.firstIndex(of: ".") {
            rest = rest[rest.index(after: dot)...]
            if rest.count < domain.count { break }
            let parent = String(rest)
            if names[parent] != nil { break }
            names[parent] = Entry()
        }
    }

    /// `name` + `.svc.DOMAIN` or + `.DOMAIN` when that has records (e.g.
    /// `kubernetes.default` → `kubernetes.default.svc.cluster.local`): the
    /// search list applied by the server, as CoreDNS' autopath does, for
    /// stub resolvers that do not search names containing a dot. A client
    /// that searches would have found the same name first (ndots 5).
    public func searchExpansion(_ name: String) -> String? {
        guard name.contains(".") else { return nil }
        for candidate in ["\(name).svc.\(domain)", "\(name).\(domain)"] {
            if let e = names[candidate], !e.isEmpty { return candidate }
        }
        return nil
    }

    /// `a-b-c-d.NS.pod.DOMAIN` → a.b.c.d (CoreDNS' `pods insecure`, k3s' default: any such name answers).
    public func podAddress(_ name: String) -> IPv4? {
        let suffix = ".pod." + domain
        guard name.hasSuffix(suffix) else { return nil }
        let labels = name.dropLast(suffix.count).split(separator: ".")
        guard labels.count == 2 else { return nil }
        return IPv4(String(labels[0].map { $0 == "-" ? "." : $0 }))
    }
}

extension String {
    var trimmingSuffixDot: String { hasSuffix(".") ? String(dropLast()) : self }
}
