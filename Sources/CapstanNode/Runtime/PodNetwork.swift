import Foundation

/// How a sandbox gets its network: CNI on real nodes. Called by the OCI
/// runtime when it creates and removes sandboxes, as containerd's CRI calls CNI.
public protocol PodNetwork: Sendable {
    /// Creates the pod's network namespace and plugs it in; returns the
    /// namespace path and the pod's IPs.
    func setUp(sandboxID: String, config: SandboxConfig) async throws -> (netnsPath: String, ips: [String])
    /// Unplugs and removes the namespace; must succeed when parts are already gone.
    func tearDown(sandboxID: String, namespace: String, name: String, podUID: String, netnsPath: String?) async throws
}

/// A network namespace with only `lo` up: pods on a node without a pod CIDR
/// (or with networking turned off) still run, reachable only from themselves.
public struct LoopbackOnlyNetwork: PodNetwork {
    public init() {}

    public func setUp(sandboxID: String, config: SandboxConfig) async throws -> (netnsPath: String, ips: [String]) {
        let name = "capstan-\(sandboxID.prefix(12))"
        _ = try? await Command("/usr/sbin/ip", ["netns", "delete", name]).output()
        try await Command("/usr/sbin/ip", ["netns", "add", name]).run()
        try await Command("/usr/sbin/ip", ["-n", name, "link", "set", "lo", "up"]).run()
        return ("/run/netns/\(name)", [])
    }

    public func tearDown(sandboxID: String, namespace: String, name: String, podUID: String, netnsPath: String?) async throws {
        guard let netnsPath else { return }
        let ns = URL(fileURLWithPath: netnsPath).lastPathComponent
        if FileManager.default.fileExists(atPath: netnsPath) {
            try await Command("/usr/sbin/ip", ["netns", "delete", ns]).run()
        }
    }
}
