import Foundation
import Testing

/// The Deployment and ReplicaSet controllers inside `capstan server`,
/// driven by kubectl's rollout commands. No Node objects: pods stay
/// unscheduled and a FakeKubelet marks them Running and Ready.
@Suite(.serialized) struct DeploymentTests {
    let c: TestCluster
    init() throws { c = try TestCluster() }



    /// `kubectl rollout status` must end in success within 30 s.
    func rolloutCompletes(_ target: String = "deployment/web", sourceLocation: SourceLocation = #_sourceLocation) throws {
        let r = try c.kubectl("rollout", "status", target, "--timeout=30s", timeout: 40)
        #expect(r.ok && r.stdout.contains("successfully rolled out"), "\(r.stdout)\(r.stderr)", sourceLocation: sourceLocation)
    }

    func image() throws -> String { try c.get("deployment", "web", "-o", "jsonpath={.spec.template.spec.containers[0].image}") }

    /// Images of the live (not terminating) pods, sorted.
    func podImages() throws -> String {
        let lines = try c.get("pods", "-l", "app=web", "-o",
                            #"jsonpath={range .items[*]}{.metadata.deletionTimestamp}|{.spec.containers[0].image}{"\n"}{end}"#)
        return lines.split(separator: "\n").filter { $0.hasPrefix("|") }.map { String($0.dropFirst()) }.sorted().joined(separator: " ")
    }

    @Test func rolloutStatusScaleAndRollingUpdate() throws {
        let kubelet = FakeKubelet(c, playsUnbound: true)
        defer { kubelet.stop() }
        try c.ok("create", "deployment", "web", "--image=nginx:1.25", "--replicas=3")
        try rolloutCompletes()
        #expect(try c.get("deployment", "web", "-o", "jsonpath={.status.availableReplicas}/{.status.updatedReplicas}") == "3/3")
        let rs = try c.get("rs", "-l", "app=web", "-o", "jsonpath={.items[*].metadata.name}")
        let hash = try c.get("rs", rs, "-o", "jsonpath={.metadata.labels.pod-template-hash}")
        #expect(!hash.isEmpty && rs == "web-\(hash)")
        #expect(try c.get("rs", rs, "-o", "jsonpath={.metadata.annotations.deployment\\.kubernetes\\.io/revision}") == "1")

        try c.ok("scale", "deployment", "web", "--replicas=5")
        try rolloutCompletes()
        #expect(try poll("5") { try c.get("deployment", "web", "-o", "jsonpath={.status.availableReplicas}") } == "5")

        try c.ok("set", "image", "deployment/web", "nginx=nginx:1.26")
        try rolloutCompletes()
        #expect(try poll(Array(repeating: "nginx:1.26", count: 5).joined(separator: " ")) { try podImages() }
                == Array(repeating: "nginx:1.26", count: 5).joined(separator: " "))
        let conditions = try c.get("deployment", "web", "-o",
                                 #"jsonpath={range .status.conditions[*]}{.type}={.status}/{.reason} {end}"#)
        #expect(conditions.contains("Available=True/MinimumReplicasAvailable"), "\(conditions)")
        #expect(conditions.contains("Progressing=True/NewReplicaSetAvailable"), "\(conditions)")
        // The old ReplicaSet is kept (history) at zero replicas.
        let sets = try c.get("rs", "-l", "app=web", "-o", #"jsonpath={range .items[*]}{.spec.replicas} {end}"#)
        #expect(sets.split(separator: " ").sorted() == ["0", "5"], "\(sets)")
    }

    @Test func historyAndUndo() throws {
        let kubelet = FakeKubelet(c, playsUnbound: true)
        defer { kubelet.stop() }
        try c.ok("create", "deployment", "web", "--image=nginx:1.25", "--replicas=2")
        try rolloutCompletes()
        try c.ok("set", "image", "deployment/web", "nginx=nginx:1.26")
        try c.ok("annotate", "deployment/web", "kubernetes.io/change-cause=move to 1.26")
        try rolloutCompletes()
        let history = try c.ok("rollout", "history", "deployment/web")
        #expect(history.contains("1 ") && history.contains("2 ") && history.contains("move to 1.26"), "\(history)")
        #expect(try c.ok("rollout", "history", "deployment/web", "--revision=1").contains("nginx:1.25"))

        try c.ok("rollout", "undo", "deployment/web")
        #expect(try image() == "nginx:1.25")
        try rolloutCompletes()
        #expect(try poll("nginx:1.25 nginx:1.25") { try podImages() } == "nginx:1.25 nginx:1.25")
        // Undo reuses revision 1's ReplicaSet under the next number.
        let after = try c.ok("rollout", "history", "deployment/web")
        #expect(after.contains("2 ") && after.contains("3 ") && !after.contains("\n1 "), "\(after)")

        try c.ok("rollout", "undo", "deployment/web", "--to-revision=2")
        #expect(try image() == "nginx:1.26")
        try rolloutCompletes()
        let bad = try c.fails("rollout", "undo", "deployment/web", "--to-revision=9")
        #expect(bad.contains("unable to find specified revision 9"), "\(bad)")
    }

    @Test func pauseResumeAndRestart() throws {
        let kubelet = FakeKubelet(c, playsUnbound: true)
        defer { kubelet.stop() }
        try c.ok("create", "deployment", "web", "--image=nginx:1.25", "--replicas=2")
        try rolloutCompletes()
        try c.ok("rollout", "pause", "deployment/web")
        try c.ok("set", "image", "deployment/web", "nginx=nginx:1.26")
        Thread.sleep(forTimeInterval: 1)
        // Paused: the template change makes no new ReplicaSet.
        #expect(try c.get("rs", "-l", "app=web", "-o", "name").split(separator: "\n").count == 1)
        try c.ok("rollout", "resume", "deployment/web")
        try rolloutCompletes()
        #expect(try poll("nginx:1.26 nginx:1.26") { try podImages() } == "nginx:1.26 nginx:1.26")

        try c.ok("rollout", "restart", "deployment/web")
        #expect(try c.get("deployment", "web", "-o", "jsonpath={.spec.template.metadata.annotations}").contains("kubectl.kubernetes.io/restartedAt"))
        try rolloutCompletes()
        #expect(try poll("3") { try c.get("rs", "-l", "app=web", "-o", "name").split(separator: "\n").count.description } == "3")
    }

    @Test func recreateReplacesAllPodsAtOnce() throws {
        let kubelet = FakeKubelet(c, playsUnbound: true)
        defer { kubelet.stop() }
        try c.ok("create", "-f", "-", stdin: """
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
             "spec":{"replicas":3,"strategy":{"type":"Recreate"},"selector":{"matchLabels":{"app":"web"}},
                     "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"nginx","image":"nginx:1.25"}]}}}}
            """)
        try rolloutCompletes()
        try c.ok("set", "image", "deployment/web", "nginx=nginx:1.26")
        try rolloutCompletes()
        #expect(try poll("nginx:1.26 nginx:1.26 nginx:1.26") { try podImages() } == "nginx:1.26 nginx:1.26 nginx:1.26")
    }

    @Test func progressDeadlineExceededEndsRolloutStatus() throws {
        // No kubelet: pods never become ready.
        try c.ok("create", "-f", "-", stdin: """
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
             "spec":{"replicas":1,"progressDeadlineSeconds":2,"selector":{"matchLabels":{"app":"web"}},
                     "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"nginx","image":"nginx:1.25"}]}}}}
            """)
        let r = try c.kubectl("rollout", "status", "deployment/web", "--timeout=30s", timeout: 40)
        #expect(!r.ok && r.stderr.contains("exceeded its progress deadline"), "\(r.stdout)\(r.stderr)")
        let reason = try c.get("deployment", "web", "-o", #"jsonpath={.status.conditions[?(@.type=="Progressing")].reason}"#)
        #expect(reason == "ProgressDeadlineExceeded")
    }

    @Test func jobRunsToCompletion() throws {
        try c.ok("create", "job", "once", "--image=busybox:1.36", "--", "true")
        let pod = try poll("1") { try c.get("pods", "-l", "job-name=once", "-o", "name").split(separator: "\n").count.description }
        #expect(pod == "1")
        let name = try c.get("pods", "-l", "job-name=once", "-o", "jsonpath={.items[0].metadata.name}")
        try c.ok("patch", "pod", name, "--subresource=status", "--type=merge", "-p", #"{"status":{"phase":"Succeeded"}}"#)
        let wait = try c.kubectl("wait", "--for=condition=complete", "job/once", "--timeout=20s", timeout: 30)
        #expect(wait.ok, "\(wait.stdout)\(wait.stderr)")
        #expect(try c.get("job", "once", "-o", "jsonpath={.status.succeeded}") == "1")
    }
}
