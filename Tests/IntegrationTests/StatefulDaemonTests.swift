import Foundation
import Testing

/// The StatefulSet and DaemonSet controllers inside `capstan server`, with
/// the scheduler and no node agent: the test plays the node by patching pod
/// status, and creates the Node objects the scheduler binds to.
@Suite(.serialized) struct StatefulDaemonTests {
    let c: TestCluster
    init() throws { c = try TestCluster() }



    /// Plays the node agent: the pod's containers run and pass readiness.
    func markReady(_ pod: String) throws {
        try c.ok("patch", "pod", pod, "--subresource=status", "--type=merge",
                 "-p", #"{"status":{"phase":"Running","conditions":[{"type":"Ready","status":"True"}]}}"#)
    }

    func node(_ name: String, taint: Bool) throws {
        let taints = taint ? #","spec":{"taints":[{"key":"dedicated","value":"db","effect":"NoSchedule"}]}"# : ""
        try c.ok("create", "-f", "-", stdin: """
            {"apiVersion":"v1","kind":"Node","metadata":{"name":"\(name)","labels":{"kubernetes.io/hostname":"\(name)"}}\(taints),
             "status":{"capacity":{"cpu":"4","memory":"8Gi","pods":"110"},"allocatable":{"cpu":"4","memory":"8Gi","pods":"110"},
                       "conditions":[{"type":"Ready","status":"True"}]}}
            """)
    }

    static let statefulSet = """
        {"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"web"},
         "spec":{"replicas":2,"serviceName":"web","selector":{"matchLabels":{"app":"web"}},
                 "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"c","image":"nginx:1.25",
                             "volumeMounts":[{"name":"data","mountPath":"/data"}]}]}},
                 "volumeClaimTemplates":[{"metadata":{"name":"data"},
                     "spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}}}]}}
        """

    @Test func daemonSetRunsOnlyOnTheUntaintedNode() throws {
        try node("plain", taint: false)
        try node("reserved", taint: true)
        try c.ok("create", "-f", "-", stdin: """
            {"apiVersion":"apps/v1","kind":"DaemonSet","metadata":{"name":"agent"},
             "spec":{"selector":{"matchLabels":{"app":"agent"}},
                     "template":{"metadata":{"labels":{"app":"agent"}},"spec":{"containers":[{"name":"c","image":"busybox:1.36"}]}}}}
            """)
        // The controller pins the pod to "plain"; the scheduler binds it there.
        let bound = try poll("plain") { try c.get("pods", "-l", "app=agent", "-o", "jsonpath={.items[*].spec.nodeName}") }
        #expect(bound == "plain")
        #expect(try poll("1") { try c.get("ds", "agent", "-o", "jsonpath={.status.desiredNumberScheduled}") } == "1")
        #expect(try c.get("pods", "-l", "app=agent", "-o", "name").split(separator: "\n").count == 1)
        let pod = try c.get("pods", "-l", "app=agent", "-o", "jsonpath={.items[0].metadata.name}")
        #expect(try c.get("pod", pod, "-o", "jsonpath={.metadata.labels.controller-revision-hash}").isEmpty == false)
        try markReady(pod)
        let rollout = try c.kubectl("rollout", "status", "ds/agent", "--timeout=20s", timeout: 25)
        #expect(rollout.ok && rollout.stdout.contains("successfully rolled out"), "\(rollout.stdout)\(rollout.stderr)")
        #expect(try c.ok("rollout", "history", "ds/agent").contains("1"))
    }

    @Test func statefulSetCreatesInOrderAndKeepsClaimsOnScaleDown() throws {
        try c.ok("create", "-f", "-", stdin: Self.statefulSet)
        #expect(try poll("web-0") { try c.get("pods", "-l", "app=web", "-o", "jsonpath={.items[*].metadata.name}") } == "web-0")
        #expect(try poll("data-web-0") { try c.get("pvc", "-o", "jsonpath={.items[*].metadata.name}") } == "data-web-0")
        #expect(try c.get("pod", "web-0", "-o", "jsonpath={.spec.volumes[0].persistentVolumeClaim.claimName}") == "data-web-0")
        #expect(try c.get("pod", "web-0", "-o", "jsonpath={.spec.hostname}/{.spec.subdomain}") == "web-0/web")
        // OrderedReady: web-1 waits for web-0 to be Running and Ready.
        #expect(try c.get("pod", "web-1", "--ignore-not-found", "-o", "name").isEmpty)
        try markReady("web-0")
        #expect(try poll("web-0 web-1") { try c.get("pods", "-l", "app=web", "-o", "jsonpath={.items[*].metadata.name}") } == "web-0 web-1")
        #expect(try poll("data-web-0 data-web-1") { try c.get("pvc", "-o", "jsonpath={.items[*].metadata.name}") } == "data-web-0 data-web-1")
        try markReady("web-1")
        let rollout = try c.kubectl("rollout", "status", "sts/web", "--timeout=20s", timeout: 25)
        #expect(rollout.ok, "\(rollout.stdout)\(rollout.stderr)")

        try c.ok("scale", "sts", "web", "--replicas=1")
        #expect(try poll("") { try c.get("pod", "web-1", "--ignore-not-found", "-o", "name") } == "")
        #expect(try c.get("pod", "web-0", "-o", "name") == "pod/web-0")
        #expect(try c.get("pvc", "data-web-1", "-o", "name") == "persistentvolumeclaim/data-web-1")
        #expect(try poll("1") { try c.get("sts", "web", "-o", "jsonpath={.status.replicas}") } == "1")
    }

    @Test func statefulSetRolloutHistoryAndUndo() throws {
        try c.ok("create", "-f", "-", stdin: Self.statefulSet.replacingOccurrences(of: #""replicas":2"#, with: #""replicas":1"#))
        #expect(try poll("web-0") { try c.get("pods", "-l", "app=web", "-o", "jsonpath={.items[*].metadata.name}") } == "web-0")
        try markReady("web-0")
        try c.ok("set", "image", "sts/web", "c=nginx:1.26")
        #expect(try poll("2") { try c.get("controllerrevisions", "-l", "app=web", "-o", "name").split(separator: "\n").count.description } == "2")
        // The update deletes web-0 (no agent here: unbound, it goes at once) and recreates it from the new revision.
        #expect(try poll("nginx:1.26") { try c.get("pod", "web-0", "--ignore-not-found", "-o", "jsonpath={.spec.containers[0].image}") } == "nginx:1.26")
        let history = try c.ok("rollout", "history", "sts/web")
        #expect(history.contains("1") && history.contains("2"), "\(history)")
        try c.ok("rollout", "undo", "sts/web")
        #expect(try c.get("sts", "web", "-o", "jsonpath={.spec.template.spec.containers[0].image}") == "nginx:1.25")
        // The old revision is reused with the next number, not copied.
        #expect(try poll("3") { try c.get("controllerrevisions", "-l", "app=web", "-o", "jsonpath={.items[*].revision}").split(separator: " ").map(String.init).max() ?? "" } == "3")
        #expect(try c.get("controllerrevisions", "-l", "app=web", "-o", "name").split(separator: "\n").count == 2)
    }
}
