import Foundation
import Testing

/// `kubectl port-forward` to pods the embedded agent really runs: SPDY/3.1
/// inside a WebSocket (kubectl 1.31+), relayed to localhost in the pod's
/// network namespace.
@Suite(.serialized, .enabled(if: AgentHost.canRunContainers, "needs root, runc or crun, conmon, umoci and busybox-static"))
struct PortForwardTests {
    /// httpd on 8080 (all addresses) and 8081 (the pod's loopback only), and
    /// on 9000 a service that answers with the md5 of what it received.
    static let script = """
        mkdir -p /www && echo hello > /www/index.html && head -c 1048576 /dev/urandom > /www/big \
        && httpd -p 127.0.0.1:8081 -h /www && (nc -ll -p 9000 -e md5sum &) && exec httpd -f -p 8080 -h /www
        """

    @Test func forwardsHTTPBothWaysAndReportsRefusedPorts() throws {
        let c = try TestCluster(agent: true)
        try c.runPod("web", command: ["sh", "-c", Self.script])
        defer { c.deletePod("web") }

        let local = LocalPort.free(), loopbackOnly = LocalPort.free(), echo = LocalPort.free()
        let pf = try BackgroundCommand.kubectl(c, ["port-forward", "pod/web", "\(local):8080", "\(loopbackOnly):8081", "\(echo):9000"])
        defer { pf.stop() }
        let page = try poll("hello\n", seconds: 30) { try c.curl("--max-time", "5", "http://127.0.0.1:\(local)/index.html") }
        #expect(page == "hello\n", "\(pf.output())")
        // Bound to 127.0.0.1 inside the pod: reachable only from within its namespace.
        #expect(try c.curl("--max-time", "5", "http://127.0.0.1:\(loopbackOnly)/index.html") == "hello\n")

        // 1 MiB from the pod arrives intact (more than kubectl's 64 KiB SPDY window).
        let out = c.home.appendingPathComponent("big")
        _ = try c.curl("--max-time", "30", "-o", out.path, "http://127.0.0.1:\(local)/big")
        let received = (try? Data(contentsOf: out)) ?? Data()
        #expect(received.count == 1 << 20)
        let podSum = try c.ok("exec", "web", "--", "md5sum", "/www/big").split(separator: " ").first.map(String.init)
        #expect(LocalPort.md5(out.path) == podSum)

        // 1 MiB to the pod, then a half-close; the answer comes back on the same connection.
        var upload = [UInt8](repeating: 0, count: 1 << 20)
        for i in upload.indices { upload[i] = UInt8(truncatingIfNeeded: i &* 31 &+ i >> 8) }
        let answer = try LocalPort.exchange(port: echo, send: upload)
        let file = c.home.appendingPathComponent("upload")
        try Data(upload).write(to: file)
        #expect(String(decoding: answer, as: UTF8.self).hasPrefix(LocalPort.md5(file.path) ?? "?"), "\(pf.output())")

        // Several connections at once.
        let results = (0..<4).map { _ in (try? c.curl("--max-time", "10", "http://127.0.0.1:\(local)/index.html")) ?? "" }
        #expect(results.allSatisfy { $0 == "hello\n" })

        try Self.expectRefusedForward(c, pod: "web")
    }

    /// Nothing listens on 9999: kubectl reports the kubelet's error and gives up.
    static func expectRefusedForward(_ c: TestCluster, pod: String, context: @autoclosure () -> String = "",
                                     sourceLocation: SourceLocation = #_sourceLocation) throws {
        let refused = LocalPort.free()
        let bad = try BackgroundCommand.kubectl(c, ["port-forward", "pod/\(pod)", "\(refused):9999"])
        defer { bad.stop() }
        #expect(eventually(20) { bad.output().contains("Forwarding from") }, "\(bad.output())", sourceLocation: sourceLocation)
        _ = try? c.curl("--max-time", "5", "http://127.0.0.1:\(refused)/")
        #expect(bad.waitForExit(seconds: 20), "kubectl still running: \(bad.output())", sourceLocation: sourceLocation)
        let text = bad.output()
        #expect(text.contains("error forwarding port 9999 to pod \(pod)"), "\(text) \(context())", sourceLocation: sourceLocation)
        #expect(text.contains("connection refused"), "\(text)", sourceLocation: sourceLocation)
    }

    @Test(arguments: ["1.31", "1.32", "1.33"])
    func portForwardWithKubectlVersion(_ version: String) throws {
        let binary = "/usr/lib/google-cloud-sdk/bin/kubectl.\(version)"
        try #require(FileManager.default.isExecutableFile(atPath: binary))
        let c = try TestCluster(agent: true)
        try c.runPod("v", command: ["sh", "-c", "mkdir -p /www && echo \(version) > /www/v && exec httpd -f -p 8080 -h /www"])
        defer { c.deletePod("v") }
        let local = LocalPort.free()
        let pf = try BackgroundCommand(binary, ["port-forward", "pod/v", "\(local):8080"], cluster: c)
        defer { pf.stop() }
        let got = try poll("\(version)\n", seconds: 30) { try c.curl("--max-time", "5", "http://127.0.0.1:\(local)/v") }
        #expect(got == "\(version)\n", "kubectl \(version): \(pf.output())")
    }

    /// kubectl 1.30 speaks SPDY only: it is told what to use instead.
    @Test func spdyOnlyKubectlIsToldToUpgrade() throws {
        let binary = "/usr/lib/google-cloud-sdk/bin/kubectl.1.30"
        try #require(FileManager.default.isExecutableFile(atPath: binary))
        let c = try TestCluster(agent: true)
        try c.runPod("old", command: ["sleep", "3600"])
        defer { c.deletePod("old") }
        let r = try TestCluster.runProgram(
            binary, ["port-forward", "pod/old", "\(LocalPort.free()):8080"],
            env: ["KUBECONFIG": c.kubeconfig.path, "HOME": c.home.path])
        #expect(r.status != 0)
        #expect(r.output.contains("use kubectl 1.31 or newer"), "\(r.output)")
    }
}
