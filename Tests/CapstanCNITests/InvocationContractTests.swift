import Foundation
import Testing
@testable import CapstanCNI

/// The invocation contract (environment, stdin, order, prevResult, cache,
/// rollback) checked against *fake* plugins: shell scripts that record
/// what they were given. The real plugins are exercised in RealPluginTests.
@Suite struct InvocationContractTests {
    /// A recording plugin: saves its environment and stdin, prints a result
    /// naming itself, or fails when a `fail-TYPE` file exists.
    static let script = #"""
        #!/bin/sh
        dir=$(dirname "$0")
        type=$(basename "$0")
        n=$(cat "$dir/counter" 2>/dev/null || echo 0); n=$((n+1)); echo $n > "$dir/counter"
        cat > "$dir/call-$(printf %03d $n)-stdin"
        env | grep '^CNI_' | sort > "$dir/call-$(printf %03d $n)-env"
        echo "$CNI_COMMAND $type $CNI_IFNAME" >> "$dir/calls"
        if [ -e "$dir/fail-$type" ]; then
          echo '{"cniVersion":"1.0.0","code":11,"msg":"try again later","details":"'$type' says no"}'; exit 1
        fi
        if [ "$CNI_COMMAND" = ADD ]; then
          echo '{"cniVersion":"1.0.0","interfaces":[{"name":"'$type'"},{"name":"eth0","sandbox":"'$CNI_NETNS'"}],"ips":[{"interface":1,"address":"10.0.0.2/24","gateway":"10.0.0.1"}]}'
        fi
        """#

    struct Fixture: Sendable {
        let bin: TempDir, conf: TempDir, cache: TempDir
        let network: CNINetwork
        init() throws {
            bin = try TempDir(); conf = try TempDir(); cache = try TempDir()
            for type in ["fake-a", "fake-b", "loopback"] {
                try bin.write(type, InvocationContractTests.script)
                chmod(bin.path + "/" + type, 0o755)
            }
            try conf.write("00-fake.conflist", #"""
                {"cniVersion":"1.0.0","name":"fakenet","plugins":[{"type":"fake-a","x":1},
                 {"type":"fake-b","capabilities":{"portMappings":true}}]}
                """#)
            network = CNINetwork(configuration: .init(confDirectory: conf.path, binDirectories: ["/nonexistent", bin.path], cacheDirectory: cache.path))
        }
        var calls: [String] {
            (try? String(contentsOfFile: bin.path + "/calls", encoding: .utf8))?.split(separator: "\n").map(String.init) ?? []
        }
        func stdin(_ n: Int) throws -> CNIJSON {
            try CNIJSON.parse(Data(contentsOf: URL(fileURLWithPath: bin.path + "/call-" + String(format: "%03d", n) + "-stdin")), what: "stdin")
        }
        func env(_ n: Int) throws -> [String: String] {
            let text = try String(contentsOfFile: bin.path + "/call-" + String(format: "%03d", n) + "-env", encoding: .utf8)
            return Dictionary(text.split(separator: "\n").map { line in
                let kv = line.split(separator: "=", maxSplits: 1).map(String.init)
                return (kv[0], kv.count > 1 ? kv[1] : "")
            }, uniquingKeysWith: { a, _ in a })
        }
    }

    static let pod = PodNetworkRequest(
        namespace: "default", name: "web", uid: "uid-1", sandboxID: "sb1", netnsPath: "/run/netns/capstan-fake-not-there",
        portMappings: [PortMapping(hostPort: 8080, containerPort: 80, protocol: "TCP")])

    @Test func addRunsLoopbackThenTheChainInOrderWithTheStandardEnvironment() async throws {
        let f = try Fixture()
        let result = try await f.network.setUp(Self.pod)
        #expect(result.podIPs == ["10.0.0.2"])
        #expect(result.network == "fakenet")
        #expect(f.calls == ["ADD loopback lo", "ADD fake-a eth0", "ADD fake-b eth0"])
        let env = try f.env(2)
        #expect(env["CNI_COMMAND"] == "ADD")
        #expect(env["CNI_CONTAINERID"] == "sb1")
        #expect(env["CNI_NETNS"] == "/run/netns/capstan-fake-not-there")
        #expect(env["CNI_IFNAME"] == "eth0")
        #expect(env["CNI_PATH"] == "/nonexistent:" + f.bin.path)
        #expect(env["CNI_ARGS"] == "IgnoreUnknown=1;K8S_POD_NAMESPACE=default;K8S_POD_NAME=web;K8S_POD_INFRA_CONTAINER_ID=sb1;K8S_POD_UID=uid-1")
        #expect(try f.stdin(1) == ["cniVersion": "1.0.0", "name": "cni-loopback", "type": "loopback"])
        let a = try f.stdin(2)
        #expect(a == ["cniVersion": "1.0.0", "name": "fakenet", "type": "fake-a", "x": 1])
        let b = try f.stdin(3)
        #expect(b["prevResult"]?["interfaces"]?.arrayValue?.first?["name"] == "fake-a")
        #expect(b["runtimeConfig"] == ["portMappings": [["hostPort": 8080, "containerPort": 80, "protocol": "tcp"]]])
    }

    @Test func delRunsInReverseWithTheCachedResultEvenAfterARestartAndIsIdempotent() async throws {
        let f = try Fixture()
        _ = try await f.network.setUp(Self.pod)
        // The file changes and the agent restarts: DEL still runs the chain ADD ran.
        try f.conf.write("00-fake.conflist", #"{"cniVersion":"1.0.0","name":"other","plugins":[{"type":"fake-a"}]}"#)
        let restarted = CNINetwork(configuration: f.network.configuration)
        #expect(await restarted.cachedResult(sandboxID: "sb1")?.podIPs == ["10.0.0.2"])
        try await restarted.check(Self.pod)
        try await restarted.tearDown(Self.pod)
        #expect(Array(f.calls.dropFirst(3)) == [
            "CHECK fake-a eth0", "CHECK fake-b eth0", "DEL fake-b eth0", "DEL fake-a eth0", "DEL loopback lo",
        ])
        let checkA = try f.stdin(4)
        #expect(checkA["prevResult"]?["interfaces"]?.arrayValue?.first?["name"] == "fake-b")  // the final result
        let delB = try f.stdin(6)
        #expect(delB["name"] == "fakenet")
        #expect(delB["prevResult"]?["interfaces"]?.arrayValue?.first?["name"] == "fake-b")
        #expect(delB["runtimeConfig"]?["portMappings"] != nil)
        #expect(try f.env(6)["CNI_NETNS"] == "")  // the namespace does not exist: DEL is told so
        #expect(await restarted.cachedResult(sandboxID: "sb1") == nil)
        // Again: no cache, so DEL runs with the current configuration, without prevResult.
        try await restarted.tearDown(Self.pod)
        #expect(Array(f.calls.dropFirst(8)) == ["DEL fake-a eth0", "DEL loopback lo"])
        #expect(try f.stdin(9)["prevResult"] == nil)
        await #expect(throws: CNIError.self) { try await restarted.check(Self.pod) }
    }

    @Test func failedAddRollsBackAndReportsThePluginsError() async throws {
        let f = try Fixture()
        try f.bin.write("fail-fake-b", "")
        do {
            _ = try await f.network.setUp(Self.pod)
            Issue.record("ADD succeeded")
        } catch let e as CNIError {
            #expect(e.pluginError?.code == 11)
            #expect(e.message == "plugin fake-b ADD failed: try again later (fake-b says no) [CNI error code 11]")
        }
        #expect(f.calls == ["ADD loopback lo", "ADD fake-a eth0", "ADD fake-b eth0", "DEL fake-b eth0", "DEL fake-a eth0"])
        #expect(await f.network.cachedResult(sandboxID: "sb1") == nil)
    }

    @Test func setUpOfAnAttachedSandboxReturnsTheCachedResultAfterCheck() async throws {
        let f = try Fixture()
        let first = try await f.network.setUp(Self.pod)
        let again = try await f.network.setUp(Self.pod)
        #expect(first == again)
        #expect(Array(f.calls.dropFirst(3)) == ["CHECK fake-a eth0", "CHECK fake-b eth0"])
    }

    @Test func callsForOneSandboxDoNotInterleave() async throws {
        let f = try Fixture()
        async let a: PodNetworkResult = f.network.setUp(Self.pod)
        async let b: Void = f.network.tearDown(Self.pod)
        _ = try await (a, b)
        let calls = f.calls
        // Either order is fine, but each operation's calls are contiguous.
        let adds = calls.indices.filter { calls[$0].hasPrefix("ADD") }
        #expect(adds == Array(adds.first!...adds.last!))
    }
}
