import Foundation
import Testing

/// `capstan agent --server URL --token TOKEN`: a second process joins the
/// server over HTTPS with the join token, registers its Node and runs the
/// pods scheduled to it as real containers; the API server reaches the
/// agent's own HTTPS endpoint for logs and stats.
@Suite(.serialized, .enabled(if: AgentHost.canRunContainers, "needs root, crun or runc, conmon, umoci and /bin/busybox"))
struct AgentJoinTests {
    /// A `capstan agent` process with its own data dir, bridge and endpoint port on this machine.
    final class JoinedAgent {
        let process: Process
        let dataDir: URL
        let bridge = "csj\(Int.random(in: 10000...99999))"
        let log: URL

        init(server: String, tokenFile: String, nodeName: String, extraArgs: [String] = []) throws {
            dataDir = FileManager.default.temporaryDirectory.appendingPathComponent("capstan-agent-\(UUID().uuidString.prefix(8))")
            try FileManager.default.createDirectory(at: dataDir, withIntermediateDirectories: true)
            try TestCluster.importBusybox(into: dataDir)
            log = dataDir.appendingPathComponent("agent.log")
            FileManager.default.createFile(atPath: log.path, contents: nil)
            let out = try FileHandle(forWritingTo: log)
            process = Process()
            process.executableURL = TestCluster.binary()
            process.arguments = [
                "agent", "--server", server, "--token-file", tokenFile, "--data-dir", dataDir.path, "--node-name", nodeName,
                "--node-ip", "127.0.0.1", "--kubelet-port", String(try freePort()), "--cni-bridge", bridge, "--log-level", "info",
                "--disable-service-proxy",
                // Agents of tests running at once must not serve DNS on the same address.
                "--disable-cluster-dns",
            ] + extraArgs
            process.standardOutput = out
            process.standardError = out
            process.standardInput = FileHandle.nullDevice
            try process.run()
            try Watchdog.start(killing: process.processIdentifier)
        }

        var output: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

        func stop() {
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
            }
            _ = try? TestCluster.runProgram("/usr/sbin/ip", ["link", "delete", bridge])
            try? FileManager.default.removeItem(at: dataDir)
        }
    }

    @Test func agentJoinsWithTheTokenAndRunsPods() throws {
        let c = try TestCluster(extraArgs: ["--cluster-cidr", "10.\(Int.random(in: 60...250)).0.0/16"])
        let tokenFile = c.dataDir.appendingPathComponent("node-token").path
        let token = try String(contentsOfFile: tokenFile, encoding: .utf8)
        #expect(token.hasPrefix("K10") && token.contains("::node:"), "\(token)")
        #expect(c.serverLog().contains("--token K10"), "the server prints how to join")

        let agent = try JoinedAgent(server: c.serverURL, tokenFile: tokenFile, nodeName: "remote-a")
        defer { agent.stop() }
        let ready = try poll("True", seconds: 30) {
            try c.get("node", "remote-a", "-o", #"jsonpath={.status.conditions[?(@.type=="Ready")].status}"#)
        }
        #expect(ready == "True", "agent log: \(agent.output)")
        #expect(try c.get("lease", "-n", "kube-node-lease", "remote-a", "-o", "jsonpath={.spec.holderIdentity}") == "remote-a")

        defer { _ = try? c.kubectl("delete", "pod", "web", "ticker", "--grace-period=1", "--wait=true", "--timeout=60s", timeout: 70) }
        let started = try c.runPod("""
            apiVersion: v1
            kind: Pod
            metadata: {name: web}
            spec:
              terminationGracePeriodSeconds: 1
              containers:
              - name: httpd
                image: busybox
                imagePullPolicy: IfNotPresent
                command: ["sh", "-c", "echo serving; exec httpd -f -p 8080 -h /etc"]
                readinessProbe: {tcpSocket: {port: 8080}, periodSeconds: 1}
            """, name: "web")
        #expect(started, "\((try? c.get("pod", "web", "-o", "yaml")) ?? "") agent log: \(agent.output)")
        #expect(try c.runPod(AttachTests.pod("ticker", script: "i=0; while true; do echo tick $i; i=$((i+1)); sleep 0.3; done"), name: "ticker"))
        #expect(try c.get("pod", "web", "-o", "jsonpath={.spec.nodeName}") == "remote-a")
        let ip = try c.get("pod", "web", "-o", "jsonpath={.status.podIP}")
        #expect(try NodeAgentTests.curl("http://\(ip):8080/hostname").trimmingCharacters(in: .whitespacesAndNewlines) == "web")

        // Node-served requests travel from the API server to the agent's HTTPS endpoint.
        #expect(try poll("serving", seconds: 10) { try c.ok("logs", "web").trimmingCharacters(in: .whitespacesAndNewlines) } == "serving")
        let summary = try c.ok("get", "--raw", "/api/v1/nodes/remote-a/proxy/stats/summary")
        #expect(summary.contains(#""nodeName" : "remote-a""#) && summary.contains(#""name" : "web""#), "\(summary)")
        // exec: a WebSocket from the API server to the agent, relayed to kubectl's.
        #expect(try c.ok("exec", "web", "--", "cat", "/etc/hostname").trimmingCharacters(in: .whitespacesAndNewlines) == "web")
        #expect(try c.ok("exec", "-i", "web", "--", "tr", "a-z", "A-Z", stdin: "shout\n").trimmingCharacters(in: .whitespacesAndNewlines) == "SHOUT")
        let failing = try c.kubectl("exec", "web", "--", "sh", "-c", "echo oops >&2; exit 3")
        #expect(failing.status == 3 && failing.stderr.contains("oops"), "\(failing)")

        // port-forward: kubectl's SPDY session ends in the API server, each connection goes on to the agent.
        let local = LocalPort.free()
        let pf = try BackgroundCommand.kubectl(c, ["port-forward", "pod/web", "\(local):8080"])
        defer { pf.stop() }
        #expect(try poll("web", seconds: 30) { try c.curl("--max-time", "5", "http://127.0.0.1:\(local)/hostname").trimmingCharacters(in: .whitespacesAndNewlines) } == "web", "\(pf.output())")
        // Nothing listens on 9999: the agent's refusal reaches kubectl in the kubelet's words.
        try PortForwardTests.expectRefusedForward(c, pod: "web", context: "agent: \(agent.output.suffix(3000)) server: \(c.serverLog().suffix(3000))")

        // attach: the container's own output, live.
        let attach = try BackgroundCommand.kubectl(c, ["attach", "ticker"])
        defer { attach.stop() }
        #expect(eventually(20) { attach.output().contains("tick") }, "\(attach.output())")
    }

    @Test func wrongTokenIsRefusedWithAClearError() throws {
        let c = try TestCluster()
        let bad = c.home.appendingPathComponent("bad-token")
        let real = try String(contentsOfFile: c.dataDir.appendingPathComponent("node-token").path, encoding: .utf8)
        // The right CA hash with a wrong secret: the server refuses to issue certificates.
        let wrongSecret = real.components(separatedBy: "::node:")[0] + "::node:0123456789abcdef0123456789abcdef"
        try wrongSecret.write(to: bad, atomically: true, encoding: .utf8)
        let agent = try JoinedAgent(server: c.serverURL, tokenFile: bad.path, nodeName: "intruder")
        defer { agent.stop() }
        agent.process.waitUntilExit()
        #expect(agent.process.terminationStatus != 0)
        #expect(agent.output.contains("invalid node join token"), "\(agent.output)")
        #expect(try c.kubectl("get", "node", "intruder").ok == false)

        // A token for another cluster's CA: the agent refuses to trust this server.
        try ("K10" + String(repeating: "ab", count: 32) + "::node:" + String(repeating: "0", count: 32)).write(to: bad, atomically: true, encoding: .utf8)
        let other = try JoinedAgent(server: c.serverURL, tokenFile: bad.path, nodeName: "intruder")
        defer { other.stop() }
        other.process.waitUntilExit()
        #expect(other.output.contains("does not match the join token"), "\(other.output)")
    }
}
