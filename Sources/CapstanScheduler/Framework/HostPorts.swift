/// A host port a container asks for, defaulted as kube-scheduler does:
/// protocol TCP, IP 0.0.0.0 (all addresses).
public struct HostPort: Sendable, Hashable {
    public static let anyIP = "0.0.0.0"

    public var ip: String
    public var proto: String
    public var port: Int32

    public init(ip: String?, proto: String?, port: Int32) {
        self.ip = (ip ?? "").isEmpty ? HostPort.anyIP : ip!
        self.proto = (proto ?? "").isEmpty ? "TCP" : proto!
        self.port = port
    }
}

/// Host ports in use on one node, counted so that two pods holding the same
/// port (possible for assumed pods) release it only when both are gone.
public struct HostPortUsage: Sendable, Equatable {
    private var counts: [HostPort: Int] = [:]

    public init() {}

    public var isEmpty: Bool { counts.isEmpty }

    mutating func add(_ ports: [HostPort]) {
        for p in ports { counts[p, default: 0] += 1 }
    }

    mutating func remove(_ ports: [HostPort]) {
        for p in ports {
            guard let n = counts[p] else { continue }
            counts[p] = n > 1 ? n - 1 : nil
        }
    }

    /// kube-scheduler's `HostPortInfo.CheckConflict`: a wildcard IP conflicts
    /// with the same protocol/port on any IP; a specific IP conflicts with
    /// the same IP or the wildcard.
    public func conflicts(with p: HostPort) -> Bool {
        guard p.port > 0, !counts.isEmpty else { return false }
        if p.ip == HostPort.anyIP {
            return counts.keys.contains { $0.port == p.port && $0.proto == p.proto }
        }
        return counts[p] != nil || counts[HostPort(ip: HostPort.anyIP, proto: p.proto, port: p.port)] != nil
    }
}
