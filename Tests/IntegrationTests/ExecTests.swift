import Foundation
import Testing

/// `kubectl exec` against pods the embedded agent really runs (runc/crun
/// under conmon, busybox image): the v5.channel.k8s.io WebSocket stream,
/// exit codes, stdin, a terminal, and the refusals.
@Suite(.serialized, .enabled(if: AgentHost.canRunContainers, "needs root, runc or crun, conmon, umoci and busybox-static"))
struct ExecTests {
    @Test func execStreamsOutputStdinAndExitCode() throws {
        let c = try TestCluster(agent: true)
        try c.runPod("sleeper", command: ["sleep", "3600"])
        defer { c.deletePod("sleeper") }

        let r = try c.kubectl("exec", "sleeper", "--", "sh", "-c", "echo out; echo err >&2; exit 3")
        #expect(r.status == 3, "\(r.stderr)")
        #expect(r.stdout == "out\n")
        #expect(r.stderr.hasPrefix("err\n"), "\(r.stderr)")
        #expect(r.stderr.contains("command terminated with exit code 3"), "\(r.stderr)")

        #expect(try c.ok("exec", "sleeper", "--", "echo", "hi", "there") == "hi there\n")
        // Arguments with spaces and quotes survive the query string.
        #expect(try c.ok("exec", "sleeper", "-c", "main", "--", "sh", "-c", "printf '%s|' \"$0\" \"$1\"", "a b", "c&d=e") == "a b|c&d=e|")

        let cat = try c.kubectl("exec", "-i", "sleeper", "--", "cat", stdin: "hello")
        #expect(cat.ok, "\(cat.stderr)")
        #expect(cat.stdout == "hello")

        // More output than one WebSocket frame or pipe buffer.
        let big = try c.ok("exec", "sleeper", "--", "sh", "-c", "seq 1 20000")
        #expect(big.split(separator: "\n").count == 20000)
        #expect(big.hasSuffix("19999\n20000\n"))

        let missing = try c.kubectl("exec", "sleeper", "-c", "nope", "--", "true")
        #expect(!missing.ok)
        #expect(missing.stderr.contains("container nope is not valid for pod sleeper"), "\(missing.stderr)")

        let noSuchCommand = try c.kubectl("exec", "sleeper", "--", "no-such-command")
        #expect(!noSuchCommand.ok)
        #expect(noSuchCommand.stderr.contains("no-such-command"), "\(noSuchCommand.stderr)")

        // A terminal: `script` gives kubectl one, so -t is kept (kubectl drops it without -i).
        let tty = try TestCluster.runProgram(
            "/usr/bin/script", ["-qec", "kubectl exec -it sleeper -- tty", "/dev/null"],
            env: ["KUBECONFIG": c.kubeconfig.path, "HOME": c.home.path])
        #expect(tty.status == 0, "\(tty.output)")
        #expect(tty.output.contains("/dev/pts/0"), "\(tty.output)")
    }

    @Test func execIntoCompletedPodFails() throws {
        let c = try TestCluster(agent: true)
        try c.ok("create", "-f", "-", stdin: BusyboxImage.pod("done", command: ["true"], restartPolicy: "Never"))
        defer { c.deletePod("done") }
        #expect(try poll("Succeeded", seconds: 60) { try c.get("pod", "done", "-o", "jsonpath={.status.phase}") } == "Succeeded")
        let r = try c.kubectl("exec", "done", "--", "true")
        #expect(!r.ok)
        #expect(r.stderr.contains("cannot exec into a container in a completed pod; current phase is Succeeded"), "\(r.stderr)")
        // The server refuses too, for clients that do not check first.
        let raw = try c.curl(
            "-k", "--cert", c.dataDir.appendingPathComponent("tls/admin.crt").path,
            "--key", c.dataDir.appendingPathComponent("tls/admin.key").path,
            "\(c.serverURL)/api/v1/namespaces/default/pods/done/exec?command=true&stdout=true")
        #expect(raw.contains("cannot exec into a container in a completed pod"), "\(raw)")
    }

    @Test(arguments: ["1.30", "1.31", "1.32", "1.33"])
    func execWithKubectlVersion(_ version: String) throws {
        let binary = "/usr/lib/google-cloud-sdk/bin/kubectl.\(version)"
        try #require(FileManager.default.isExecutableFile(atPath: binary))
        let c = try TestCluster(agent: true)
        try c.runPod("v", command: ["sleep", "3600"])
        defer { c.deletePod("v") }
        let r = try TestCluster.runProgram(
            binary, ["exec", "-i", "v", "--", "sh", "-c", "cat; exit 7"], stdin: "in",
            env: ["KUBECONFIG": c.kubeconfig.path, "HOME": c.home.path])
        #expect(r.status == 7, "kubectl \(version): \(r.output)")
        #expect(r.output.hasPrefix("in"), "kubectl \(version): \(r.output)")
    }
}

extension TestCluster {
    /// Deletes a pod and waits until the agent has removed its containers
    /// (they would outlive the server, which conmon keeps them from).
    func deletePod(_ name: String) {
        _ = try? kubectl("delete", "pod", name, "--grace-period=1", "--wait=true", "--timeout=60s", timeout: 70)
    }

    /// Creates a busybox pod running `command` and waits until it is Ready.
    func runPod(_ name: String, command: [String]) throws {
        try ok("create", "-f", "-", stdin: BusyboxImage.pod(name, command: command))
        let ready = try kubectl("wait", "--for=condition=Ready", "pod/\(name)", "--timeout=90s", timeout: 100)
        let yaml = ready.ok ? "" : try get("pod", name, "-o", "yaml")
        try #require(ready.ok, "pod \(name) not Ready: \(ready.stderr) \(yaml)\n\(serverLog().suffix(3000))")
    }
}

/// Busybox pods for the exec tests (TestCluster(agent: true) imports the image).
enum BusyboxImage {
    static func pod(_ name: String, command: [String], restartPolicy: String = "Always") -> String {
        let cmd = command.map { "\"\($0)\"" }.joined(separator: ",")
        return """
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"\(name)"},
             "spec":{"restartPolicy":"\(restartPolicy)","terminationGracePeriodSeconds":1,
                     "containers":[{"name":"main","image":"busybox","imagePullPolicy":"IfNotPresent","command":[\(cmd)]}]}}
            """
    }
}
