import Foundation
import Testing

/// `kubectl attach` to containers the embedded agent runs: the container's
/// own stdio through conmon's attach socket, over the v5.channel.k8s.io
/// WebSocket stream as exec.
@Suite(.serialized, .enabled(if: AgentHost.canRunContainers, "needs root, runc or crun, conmon, umoci and busybox-static"))
struct AttachTests {
    static func pod(_ name: String, script: String, stdin: Bool = false, stdinOnce: Bool = false, tty: Bool = false) -> String {
        """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"\(name)"},
         "spec":{"terminationGracePeriodSeconds":1,
                 "containers":[{"name":"main","image":"busybox","imagePullPolicy":"IfNotPresent",
                                "stdin":\(stdin),"stdinOnce":\(stdinOnce),"tty":\(tty),
                                "command":["sh","-c","\(script)"]}]}}
        """
    }

    func start(_ c: TestCluster, _ name: String, _ json: String) throws {
        try c.ok("create", "-f", "-", stdin: json)
        let ready = try c.kubectl("wait", "--for=condition=Ready", "pod/\(name)", "--timeout=90s", timeout: 100)
        try #require(ready.ok, "pod \(name) not Ready: \(ready.stderr)")
    }

    @Test func attachStreamsOutputAndStdin() throws {
        let c = try TestCluster(agent: true)
        try start(c, "ticker", Self.pod("ticker", script: "i=0; while true; do echo tick $i; echo tock $i >&2; i=$((i+1)); sleep 0.3; done"))
        defer { c.deletePod("ticker") }
        let watch = try BackgroundCommand.kubectl(c, ["attach", "ticker"])
        #expect(eventually(20) { watch.output().contains("tick") && watch.output().contains("tock") }, "\(watch.output())")
        watch.stop()
        // Detaching left the container running.
        Thread.sleep(forTimeInterval: 1)
        #expect(try c.get("pod", "ticker", "-o", "jsonpath={.status.containerStatuses[0].restartCount}") == "0")
        #expect(try c.get("pod", "ticker", "-o", "jsonpath={.status.phase}") == "Running")

        try start(c, "echo", Self.pod("echo", script: "while read line; do echo got:$line; done", stdin: true))
        defer { c.deletePod("echo") }
        let chat = try BackgroundCommand.kubectl(c, ["attach", "-i", "echo"])
        defer { chat.stop() }
        // The attach may not be up yet when the first line is written: repeat until an answer comes.
        let answered = eventually(30) {
            chat.write("hello\n")
            return chat.output().contains("got:hello")
        }
        #expect(answered, "\(chat.output())")
        chat.write("second\n")
        #expect(eventually(10) { chat.output().contains("got:second") }, "\(chat.output())")
    }

    @Test func attachToTerminal() throws {
        let c = try TestCluster(agent: true)
        try start(c, "term", Self.pod("term", script: "exec sh", stdin: true, tty: true))
        defer { c.deletePod("term") }
        // `script` gives kubectl a terminal, so -t is kept.
        let t = try BackgroundCommand("/usr/bin/script", ["-qec", "kubectl attach -it term", "/dev/null"], cluster: c)
        defer { t.stop() }
        let answered = eventually(30) {
            t.write("echo hi-$((40+2))\n")
            return t.output().contains("hi-42")
        }
        #expect(answered, "\(t.output())")
        let tty = eventually(10) {
            t.write("tty\n")
            return t.output().contains("/dev/pts/")
        }
        #expect(tty, "\(t.output())")
    }

    /// `kubectl run -i --tty --rm`: a stdin+stdinOnce+tty container, attached
    /// as soon as it runs; exiting the shell ends the session and the pod.
    @Test func runInteractive() throws {
        let c = try TestCluster(agent: true)
        let run = try BackgroundCommand(
            "/usr/bin/script",
            ["-qec", "kubectl run once --image=busybox --image-pull-policy=IfNotPresent --restart=Never -i --tty --rm -- sh", "/dev/null"],
            cluster: c)
        defer { run.stop() }
        let answered = eventually(90) {
            run.write("echo run-$((1+1))\n")
            return run.output().contains("run-2")
        }
        #expect(answered, "\(run.output())")
        run.write("exit\n")
        #expect(run.waitForExit(seconds: 60), "\(run.output())")
        #expect(run.output().contains("pod \"once\" deleted"), "\(run.output())")
        c.deletePod("once")
    }
}
