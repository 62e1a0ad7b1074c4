import Foundation
import Testing

@testable import CapstanProxy

/// The commands for a change touch only what changed, and real nft accepts
/// them: a full table, then incremental changes, applied in a network
/// namespace of the test's own.
@Suite(.serialized) struct NFTRulesTests {
    typealias P = ServicePortRules
    static let id = P.ID(namespace: "default", name: "web", proto: "tcp", port: "http")
    static func port(_ ips: [String], affinity: Int? = nil, nodePort: Int? = 30080) -> P {
        P(id: id, frontends: [.address(ip: "10.43.0.20", port: 80)] + (nodePort.map { [.nodePort($0)] } ?? []),
          endpoints: ips.map { .init(ip: $0, port: 8080) }, affinitySeconds: affinity)
    }
    let rules = NFTRules(table: "capstan-test")

    @Test func addingOneEndpointAddsOneChainAndRewritesOnlyTheServiceChain() {
        let cmds = rules.commands(from: Self.port(["10.42.0.5"]), to: Self.port(["10.42.0.5", "10.42.0.6"]))
        #expect(cmds == [
            "add chain ip capstan-test ep-default/web/tcp/http/10.42.0.6/8080",
            "add rule ip capstan-test ep-default/web/tcp/http/10.42.0.6/8080 meta mark set meta mark | 0x4000 meta l4proto tcp dnat to 10.42.0.6:8080",
            "add chain ip capstan-test svc-default/web/tcp/http",
            "flush chain ip capstan-test svc-default/web/tcp/http",
            "add rule ip capstan-test svc-default/web/tcp/http numgen random mod 2 vmap { 0 : goto ep-default/web/tcp/http/10.42.0.5/8080, 1 : goto ep-default/web/tcp/http/10.42.0.6/8080 }",
        ])
        #expect(rules.commands(from: Self.port(["10.42.0.5"]), to: Self.port(["10.42.0.5"])).isEmpty)
    }

    @Test func losingTheLastEndpointMovesTheFrontendsToTheRejectSets() {
        let cmds = rules.commands(from: Self.port(["10.42.0.5"]), to: Self.port([]))
        #expect(cmds.contains("delete element ip capstan-test service-ips { 10.43.0.20 . tcp . 80 }"))
        #expect(cmds.contains("delete chain ip capstan-test svc-default/web/tcp/http"))
        #expect(cmds.contains("add element ip capstan-test no-endpoint-services { 10.43.0.20 . tcp . 80 }"))
        #expect(cmds.contains("add element ip capstan-test no-endpoint-nodeports { tcp . 30080 }"))
        #expect(cmds.firstIndex { $0.hasPrefix("delete element") }! < cmds.firstIndex { $0.hasPrefix("delete chain") }!)
    }

    /// Runs nft inside namespace `ns`.
    func nft(_ ns: String, _ text: String) throws -> (ok: Bool, out: String) {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("nft-\(UUID().uuidString)")
        try text.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        return try sh("/usr/sbin/ip", ["netns", "exec", ns, NFTables.find(), "-f", file.path])
    }

    func sh(_ exe: String, _ args: [String]) throws -> (ok: Bool, out: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = args
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus == 0, String(decoding: data, as: UTF8.self))
    }

    @Test func realNftAcceptsAFullTableAndEveryKindOfChange() throws {
        let ns = "capstan-nfttest-\(Int.random(in: 1000...9999))"
        #expect(try sh("/usr/sbin/ip", ["netns", "add", ns]).ok)
        defer { _ = try? sh("/usr/sbin/ip", ["netns", "del", ns]) }
        let other = P(id: .init(namespace: "kube-system", name: "dns", proto: "udp", port: "dns"),
                      frontends: [.address(ip: "10.43.0.30", port: 53)], endpoints: [])
        var r = try nft(ns, rules.fullSync([Self.port(["10.42.0.5", "10.42.0.6"]), other]))
        #expect(r.ok, "\(r.out)")
        var previous = Self.port(["10.42.0.5", "10.42.0.6"])
        for next in [
            Self.port(["10.42.0.6", "10.42.0.7"]),                 // one out, one in
            Self.port(["10.42.0.6", "10.42.0.7"], affinity: 60),   // affinity on: chains replaced
            Self.port(["10.42.0.7"], affinity: 60),                // one endpoint with affinity
            Self.port([], affinity: 60),                           // none: reject
            Self.port(["10.42.0.8"], affinity: 60, nodePort: 30081), // back, on another NodePort
            Self.port(["10.42.0.8"], nodePort: 30081),             // affinity off
        ] {
            r = try nft(ns, rules.commands(from: previous, to: next).joined(separator: "\n") + "\n")
            #expect(r.ok, "\(previous) -> \(next): \(r.out)")
            previous = next
        }
        let table = try sh("/usr/sbin/ip", ["netns", "exec", ns, NFTables.find(), "list", "table", "ip", "capstan-test"]).out
        #expect(table.contains("dnat to 10.42.0.8:8080"))
        #expect(!table.contains("10.42.0.5") && !table.contains("aff-"))
        #expect(table.contains("tcp . 30081 : goto svc-default/web/tcp/http"))
        #expect(!table.contains("30080"))
        #expect(table.contains("10.43.0.30 . udp . 53"))
        r = try nft(ns, rules.commands(from: previous, to: nil).joined(separator: "\n") + "\n")
        #expect(r.ok, "\(r.out)")
        let after = try sh("/usr/sbin/ip", ["netns", "exec", ns, NFTables.find(), "list", "table", "ip", "capstan-test"]).out
        #expect(!after.contains("svc-default/web") && !after.contains("ep-default/web"))
        #expect(try nft(ns, rules.deleteTable()).ok)
    }
}
