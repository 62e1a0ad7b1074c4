import Foundation
@testable import CapstanCNI

/// Test helpers that touch the host's network: commands, polling, and the
/// clean-up of what the real plugins leave behind.
enum HostNetwork {
    static var canRunRealPlugins: Bool {
        getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/lib/cni/bridge")
            && FileManager.default.isExecutableFile(atPath: "/usr/sbin/iptables")
            && FileManager.default.isExecutableFile(atPath: "/usr/bin/busybox")
            && FileManager.default.isExecutableFile(atPath: "/usr/bin/curl")
    }

    @discardableResult
    static func sh(_ command: String) async throws -> (status: Int32, output: String) {
        let out = try await ProcessRunner.run("/bin/sh", ["-c", command + " 2>&1"])
        return (out.status, String(decoding: out.stdout, as: UTF8.self))
    }

    /// Retries `attempt` until it returns a value or `seconds` pass (servers take a moment to listen).
    static func poll<T>(seconds: Double = 5, _ attempt: () async throws -> T?) async throws -> T? {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            if let v = try await attempt() { return v }
            if Date() > deadline { return nil }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// GET over HTTP with curl, from the host or from inside `netns`; nil when it fails.
    /// (Not busybox wget: Debian 12's busybox-static wget segfaults.)
    static func get(_ url: String, from netns: NetworkNamespace? = nil, seconds: Double = 5) async throws -> String? {
        let prefix = netns.map { "ip netns exec \($0.name) " } ?? ""
        return try await poll(seconds: seconds) {
            let r = try await sh("\(prefix)curl -s -m 1 \(url)")
            return r.status == 0 ? r.output : nil
        }
    }

    static func natRules() async throws -> [String] {
        try await sh("iptables-save -t nat").output.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") }
    }

    /// Removes the portmap scaffolding (CNI-HOSTPORT-* chains and the jumps
    /// to them) that was not there before the test, if no pod anywhere
    /// still has a port mapping (no CNI-DN-* chain). portmap's DEL removes
    /// a pod's own chain but never this scaffolding.
    static func removePortmapScaffolding(notIn before: [String]) async throws {
        let now = try await natRules()
        guard !now.contains(where: { $0.hasPrefix(":CNI-DN-") }) else { return }
        let old = Set(before)
        for rule in now where !old.contains(rule) && rule.hasPrefix("-A ") && rule.contains("CNI-HOSTPORT") {
            try await sh("iptables -t nat -D " + rule.dropFirst(3))
        }
        for chain in now where !old.contains(chain) && chain.hasPrefix(":CNI-HOSTPORT") {
            let name = chain.dropFirst().split(separator: " ")[0]
            try await sh("iptables -t nat -F \(name); iptables -t nat -X \(name)")
        }
    }
}
