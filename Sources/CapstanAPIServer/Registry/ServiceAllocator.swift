import CapstanAPI
import CapstanStore
import Foundation

/// Service ClusterIPs and NodePorts, each held by one store key
/// (`/registry/capstan.io/serviceips/IP`, `.../servicenodeports/PORT`)
/// created only if absent: the store's create-if-absent makes an address or
/// port belong to one Service even with several servers on one etcd (as
/// Kubernetes' IPAddress objects do). The key names the Service holding it,
/// so the repair pass can free what no Service holds any more.
public struct ServiceAllocator: Sendable {
    public struct Ranges: Sendable, Equatable {
        /// IPv4 service range, e.g. 10.43.0.0/16 (k3s' default).
        public var serviceCIDR: String = "10.43.0.0/16"
        public var nodePorts: ClosedRange<Int> = 30000...32767
        public init() {}

        /// The range's first host: the `kubernetes` Service's address.
        public var firstIP: String? { IPv4Range(serviceCIDR).map { IPv4Range.format($0.first) } }
    }

    static let ipPrefix = "/registry/capstan.io/serviceips/"
    static let portPrefix = "/registry/capstan.io/servicenodeports/"

    let store: any Store
    let ranges: Ranges
    let range: IPv4Range

    init(store: any Store, ranges: Ranges) throws(APIError) {
        guard let r = IPv4Range(ranges.serviceCIDR) else {
            throw APIError.badRequest("invalid service CIDR \(ranges.serviceCIDR): use an IPv4 range such as 10.43.0.0/16")
        }
        self.store = store
        self.ranges = ranges
        self.range = r
    }

    enum Failure: Error, Equatable {
        case notInRange, alreadyAllocated, full
    }

    /// Takes `requested` (or any free address) for the Service `owner` ("ns/name").
    func allocateIP(_ requested: String?, owner: String) async throws -> String {
        if let requested {
            guard let v = IPv4Range.parse(requested), range.contains(v) else { throw Failure.notInRange }
            guard try await take(Self.ipPrefix + requested, owner: owner) else { throw Failure.alreadyAllocated }
            return requested
        }
        // Random probes first (cheap while the range is sparse), then a scan.
        for _ in 0..<32 {
            let ip = IPv4Range.format(range.first + UInt32.random(in: 0..<range.size))
            if try await take(Self.ipPrefix + ip, owner: owner) { return ip }
        }
        let used = Set(try await store.list(ListOptions(prefix: Self.ipPrefix)).items.map { String($0.key.dropFirst(Self.ipPrefix.count)) })
        for offset in 0..<range.size {
            let ip = IPv4Range.format(range.first + offset)
            if !used.contains(ip), try await take(Self.ipPrefix + ip, owner: owner) { return ip }
        }
        throw Failure.full
    }

    func allocateNodePort(_ requested: Int?, owner: String) async throws -> Int {
        if let requested {
            guard ranges.nodePorts.contains(requested) else { throw Failure.notInRange }
            guard try await take(Self.portPrefix + String(requested), owner: owner) else { throw Failure.alreadyAllocated }
            return requested
        }
        for _ in 0..<32 {
            let p = Int.random(in: ranges.nodePorts)
            if try await take(Self.portPrefix + String(p), owner: owner) { return p }
        }
        for p in ranges.nodePorts where try await take(Self.portPrefix + String(p), owner: owner) { return p }
        throw Failure.full
    }

    /// kube-apiserver's words for a NodePort refused.
    func refusal(nodePort f: Failure) -> String {
        switch f {
        case .notInRange: "provided port is not in the valid range. The range of valid ports is \(ranges.nodePorts.lowerBound)-\(ranges.nodePorts.upperBound)"
        case .alreadyAllocated: "provided port is already allocated"
        case .full: "range is full"
        }
    }

    /// Takes `port` for `owner`, or finds it already theirs (an update retried after a conflict).
    func holdNodePort(_ port: Int, owner: String) async throws -> Bool {
        guard ranges.nodePorts.contains(port) else { throw Failure.notInRange }
        if try await take(Self.portPrefix + String(port), owner: owner) { return true }
        guard let kv = try? await store.get(Self.portPrefix + String(port), revision: nil), let v = try? JSONValue.parse(kv.value) else { return false }
        return v["owner"]?.stringValue == owner
    }

    func releaseIP(_ ip: String) async { _ = try? await store.delete(Self.ipPrefix + ip, expectedRevision: nil) }
    func releaseNodePort(_ port: Int) async { _ = try? await store.delete(Self.portPrefix + String(port), expectedRevision: nil) }

    /// True if the key was free and is now `owner`'s.
    private func take(_ key: String, owner: String) async throws -> Bool {
        let record: JSONValue = ["owner": .string(owner), "allocated": .string(Time(Date()).rfc3339)]
        do {
            _ = try await store.create(key, value: record.serialized())
            return true
        } catch StoreError.keyExists {
            return false
        }
    }

    /// Frees every address and port that no Service holds: those of deleted
    /// Services, and those taken for a create that then failed (after
    /// `minAge`, so a create in flight keeps its own). `services` are the
    /// current Services.
    func repair(services: [JSONValue], minAge: TimeInterval = 60) async {
        struct Holding: Hashable { var key: String, owner: String }
        let held = Set(services.flatMap { s in keys(of: s).map { Holding(key: $0, owner: Self.owner(s)) } })
        // Services whose address or port has no key (made before keys existed) get theirs back.
        for h in held where (try? await store.get(h.key, revision: nil)) == nil {
            _ = try? await take(h.key, owner: h.owner)
        }
        for prefix in [Self.ipPrefix, Self.portPrefix] {
            guard let items = try? await store.list(ListOptions(prefix: prefix)).items else { continue }
            for kv in items {
                guard let v = try? JSONValue.parse(kv.value), let owner = v["owner"]?.stringValue else { continue }
                if held.contains(Holding(key: kv.key, owner: owner)) { continue }
                let at = v["allocated"]?.stringValue.flatMap(Time.parse) ?? .distantPast
                guard Date().timeIntervalSince(at) >= minAge else { continue }
                _ = try? await store.delete(kv.key, expectedRevision: kv.modRevision)
            }
        }
    }

    /// Frees the addresses and ports of a deleted Service, those it really
    /// held: taken for it by name, no later than it was created (a new
    /// Service of the same name may be taking its own meanwhile).
    func release(service: JSONValue) async {
        let owner = Self.owner(service)
        let created = service[path: ["metadata", "creationTimestamp"]]?.stringValue.flatMap(Time.parse) ?? .distantFuture
        for key in keys(of: service) {
            guard let kv = try? await store.get(key, revision: nil), let v = try? JSONValue.parse(kv.value),
                  v["owner"]?.stringValue == owner,
                  let at = v["allocated"]?.stringValue.flatMap(Time.parse), at <= created
            else { continue }
            _ = try? await store.delete(key, expectedRevision: kv.modRevision)
        }
    }

    /// The keys of a Service's addresses and NodePorts that lie in this allocator's ranges.
    func keys(of service: JSONValue) -> Set<String> {
        var ips = (service[path: ["spec", "clusterIPs"]]?.arrayValue ?? []).compactMap(\.stringValue)
        if let ip = service[path: ["spec", "clusterIP"]]?.stringValue { ips.append(ip) }
        var keys = Set(ips.filter { IPv4Range.parse($0).map(range.contains) ?? false }.map { Self.ipPrefix + $0 })
        for p in service[path: ["spec", "ports"]]?.arrayValue ?? [] {
            if let n = p["nodePort"]?.intValue, ranges.nodePorts.contains(Int(n)) { keys.insert(Self.portPrefix + String(n)) }
        }
        return keys
    }

    static func owner(_ service: JSONValue) -> String {
        "\(service[path: ["metadata", "namespace"]]?.stringValue ?? "default")/\(service[path: ["metadata", "name"]]?.stringValue ?? "")"
    }
}

/// An IPv4 CIDR's usable hosts (network and broadcast addresses excluded).
struct IPv4Range: Sendable {
    let first: UInt32
    let size: UInt32

    init?(_ cidr: String) {
        let parts = cidr.split(separator: "/")
        guard parts.count == 2, let base = Self.parse(String(parts[0])), let bits = Int(parts[1]), (8...30).contains(bits) else { return nil }
        let mask: UInt32 = bits == 0 ? 0 : ~UInt32(0) << (32 - bits)
        first = (base & mask) + 1
        size = (~mask) - 1
    }

    func contains(_ v: UInt32) -> Bool { v >= first && v < first + size }

    static func parse(_ s: String) -> UInt32? {
        let octets = s.split(separator: ".", omittingEmptySubsequences: false).compactMap { UInt8($0) }
        guard octets.count == 4, s.split(separator: ".", omittingEmptySubsequences: false).count == 4 else { return nil }
        return octets.reduce(0) { $0 << 8 | UInt32($1) }
    }

    static func format(_ v: UInt32) -> String { "\(v >> 24).\(v >> 16 & 255).\(v >> 8 & 255).\(v & 255)" }
}
