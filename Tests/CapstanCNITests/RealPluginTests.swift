import Foundation
import Testing
@testable import CapstanCNI

/// The default network with Debian's real plugins (bridge, host-local,
/// portmap, loopback), as root: two pods in their own namespaces on a test
/// bridge and range that no cluster uses, reaching each other and a
/// hostPort. Everything made is removed, also when an expectation fails.
@Suite(.serialized, .enabled(if: HostNetwork.canRunRealPlugins, "needs root, /usr/lib/cni, iptables and busybox"))
struct RealPluginTests {
    static let bridge = "cnitest0"
    static let cidr = "10.199.7.0/24"
    static let gateway = "10.199.7.1"

    final class Env {
        let conf: TempDir, cache: TempDir, ipam: TempDir, web: TempDir
        let network: CNINetwork
        let a = NetworkNamespace(name: "cnitest-a"), b = NetworkNamespace(name: "cnitest-b")
        var podA: PodNetworkRequest, podB: PodNetworkRequest
        var servers: [Process] = []
        var natBefore: [String] = []
        var forwardingBefore = ""

        init() throws {
            conf = try TempDir(); cache = try TempDir(); ipam = try TempDir(); web = try TempDir()
            try web.write("index.html", "hello from pod a\n")
            network = CNINetwork(configuration: .init(confDirectory: conf.path, cacheDirectory: cache.path))
            podA = PodNetworkRequest(
                namespace: "default", name: "a", uid: "uid-a", sandboxID: "cnitest-sandbox-a", netnsPath: a.path,
                portMappings: [PortMapping(hostPort: 18080, containerPort: 8080, protocol: "TCP")])
            podB = PodNetworkRequest(namespace: "default", name: "b", uid: "uid-b", sandboxID: "cnitest-sandbox-b", netnsPath: b.path)
        }

        /// busybox httpd serving `web` on :8080 inside pod a.
        func startServer() throws {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/sbin/ip")
            p.arguments = ["netns", "exec", a.name, "busybox", "httpd", "-f", "-p", "8080", "-h", web.path]
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            servers.append(p)
        }

        func cleanUp() async throws {
            // SIGKILL: children of the test process inherit its blocked SIGTERM.
            for p in servers where p.isRunning { kill(p.processIdentifier, SIGKILL); p.waitUntilExit() }
            try? await network.tearDown(podA)
            try? await network.tearDown(podB)
            try await a.delete()
            try await b.delete()
            try await HostNetwork.sh("ip link del \(RealPluginTests.bridge)")
            try await HostNetwork.removePortmapScaffolding(notIn: natBefore)
            // The bridge plugin turns forwarding on (isGateway); turn it back off if nothing else needs it.
            let bridges = try await HostNetwork.sh("ip -o link show type bridge").output
            if forwardingBefore == "0", bridges.isEmpty { try await HostNetwork.sh("sysctl -qw net.ipv4.ip_forward=0") }
        }
    }

    /// Runs `body`, then cleans up whatever happened.
    func withEnv(_ body: (Env) async throws -> Void) async throws {
        let env = try Env()
        env.natBefore = try await HostNetwork.natRules()
        env.forwardingBefore = try await HostNetwork.sh("sysctl -n net.ipv4.ip_forward").output.trimmingCharacters(in: .whitespacesAndNewlines)
        try DefaultNetworkConfig.write(
            confDirectory: env.conf.path,
            .init(podCIDR: Self.cidr, bridge: Self.bridge, ipamDataDir: env.ipam.path, networkName: "capstan-test"))
        do {
            try await NetworkNamespace.create(name: env.a.name)
            try await NetworkNamespace.create(name: env.b.name)
            try await body(env)
        } catch {
            try await env.cleanUp()
            throw error
        }
        try await env.cleanUp()
        #expect(!env.a.exists && !env.b.exists)
        let leftovers = try await HostNetwork.natRules().filter { $0.contains("cnitest-sandbox") || $0.contains("10.199.7.") }
        #expect(leftovers.isEmpty, "iptables rules left: \(leftovers)")
        #expect(try await HostNetwork.sh("ip link show \(Self.bridge)").status != 0)
    }

    @Test func podsGetAddressesReachEachOtherAndTheHostPort() async throws {
        try await withEnv { env in
            let ra = try await env.network.setUp(env.podA)
            let rb = try await env.network.setUp(env.podB)
            let cidr = try #require(IPv4Range(Self.cidr))
            let ipA = try #require(ra.podIP), ipB = try #require(rb.podIP)
            #expect(cidr.contains(ipA) && cidr.contains(ipB) && ipA != ipB, "\(ipA) \(ipB)")
            #expect(ra.result.ips.first?.gateway == Self.gateway)
            #expect(FileManager.default.fileExists(atPath: env.ipam.path + "/capstan-test/" + ipA))  // host-local's lease

            // lo is up inside the pod (the loopback plugin).
            #expect(try await env.a.run(["ip", "-o", "link", "show", "lo"]).output.contains("UP"))
            // Pod to pod over the bridge: ICMP and TCP.
            #expect(try await env.b.run(["busybox", "ping", "-c", "1", "-W", "2", ipA]).status == 0)
            try env.startServer()
            #expect(try await HostNetwork.get("http://\(ipA):8080/", from: env.b) == "hello from pod a\n")
            // The host reaches the pod directly.
            #expect(try await HostNetwork.get("http://\(ipA):8080/") == "hello from pod a\n")
            // hostPort 18080 → a:8080 through portmap: from another pod to the node's bridge address,
            // from the host to that address, from the pod to itself (hairpin), and from the host to 127.0.0.1.
            #expect(try await HostNetwork.get("http://\(Self.gateway):18080/", from: env.b) == "hello from pod a\n")
            #expect(try await HostNetwork.get("http://\(Self.gateway):18080/") == "hello from pod a\n")
            #expect(try await HostNetwork.get("http://\(Self.gateway):18080/", from: env.a) == "hello from pod a\n")
            #expect(try await HostNetwork.get("http://127.0.0.1:18080/", seconds: 3) == "hello from pod a\n")

            try await env.network.check(env.podA)
            try await env.network.check(env.podB)
            // Set up again: same address (CHECK passes, the cached result is returned).
            #expect(try await env.network.setUp(env.podA).podIPs == ra.podIPs)

            // DEL frees the lease and the hostPort; again is fine; and after the namespace is gone too.
            try await env.network.tearDown(env.podA)
            #expect(!FileManager.default.fileExists(atPath: env.ipam.path + "/capstan-test/" + ipA))
            #expect(try await HostNetwork.get("http://\(Self.gateway):18080/", seconds: 0.5) == nil)
            try await env.network.tearDown(env.podA)
            try await env.a.delete()
            try await env.network.tearDown(env.podA)
            await #expect(throws: CNIError.self) { try await env.network.check(env.podA) }

            // A restarted agent (a new instance, same cache) tears pod b down from the cache.
            let restarted = CNINetwork(configuration: env.network.configuration)
            #expect(await restarted.cachedResult(sandboxID: env.podB.sandboxID)?.podIPs == rb.podIPs)
            try await restarted.tearDown(env.podB)
            #expect(!FileManager.default.fileExists(atPath: env.ipam.path + "/capstan-test/" + ipB))
        }
    }

    @Test func checkNoticesAMissingRoute() async throws {
        try await withEnv { env in
            _ = try await env.network.setUp(env.podB)
            try await env.network.check(env.podB)
            // (Not a deleted eth0: bridge v1.1.1's DEL then cannot find the
            // pod's address and leaves its masquerade rule behind.)
            #expect(try await env.b.run(["ip", "route", "del", "default"]).status == 0)
            do {
                try await env.network.check(env.podB)
                Issue.record("CHECK passed without the default route")
            } catch let e as CNIError {
                #expect(e.code == .pluginFailed)
                #expect(e.message.contains("bridge CHECK failed"), "\(e.message)")
            }
            try await env.network.tearDown(env.podB)
        }
    }

    @Test func namespacesAreCreatedIdempotentlyAndDeletedTwice() async throws {
        let ns = try await NetworkNamespace.create(name: "cnitest-ns")
        #expect(ns.exists)
        #expect(ns.path == "/run/netns/cnitest-ns")
        #expect(try await NetworkNamespace.create(name: "cnitest-ns") == ns)
        #expect(NetworkNamespace.list(prefix: "cnitest-ns").contains(ns))
        try await ns.delete()
        #expect(!ns.exists)
        try await ns.delete()
        #expect(NetworkNamespace.forSandbox("0123456789abcdef0123456789abcdef0123456789abcdef").name == "capstan-0123456789abcdef0123456789abcdef01234567")
    }
}

/// An IPv4 range for membership checks in tests.
struct IPv4Range {
    let base: UInt32, mask: UInt32
    init?(_ cidr: String) {
        let p = cidr.split(separator: "/")
        guard p.count == 2, let a = Self.parse(String(p[0])), let n = UInt32(p[1]) else { return nil }
        mask = n == 0 ? 0 : ~UInt32(0) << (32 - n)
        base = a & mask
    }
    func contains(_ ip: String) -> Bool { Self.parse(ip).map { $0 & mask == base } ?? false }
    static func parse(_ s: String) -> UInt32? {
        let o = s.split(separator: ".").compactMap { UInt32($0) }
        return o.count == 4 ? o.reduce(0) { $0 << 8 | $1 } : nil
    }
}
