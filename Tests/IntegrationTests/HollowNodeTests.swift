import Foundation
import Testing

/// `capstan server --hollow-nodes N`: N simulated nodes register, stay
/// Ready and "run" pods, so workloads can be exercised without containers.
@Suite(.serialized) struct HollowNodeTests {
    @Test func hollowNodesBecomeReadyAndRunADeployment() throws {
        let c = try TestCluster(extraArgs: ["--hollow-nodes", "3"])
        let ready = #"jsonpath={range .items[*]}{.metadata.name}={.status.conditions[?(@.type=="Ready")].status} {end}"#
        #expect(try poll("hollow-0=True hollow-1=True hollow-2=True") { try c.get("nodes", "-o", ready) }
            == "hollow-0=True hollow-1=True hollow-2=True", "\(c.serverLog())")
        #expect(try c.get("node", "hollow-1", "-o", "jsonpath={.status.nodeInfo.containerRuntimeVersion}") == "simulated://0.1")
        #expect(try c.get("node", "hollow-1", "-o", #"jsonpath={.status.addresses[?(@.type=="InternalIP")].address}"#) == "10.41.1.1")

        // A readiness probe over HTTP: hollow pods pass it without a listener.
        try c.ok("apply", "-f", "-", stdin: #"""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"replicas":6,
              "selector":{"matchLabels":{"app":"web"}},
              "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"nginx","image":"nginx:1.27",
                "readinessProbe":{"httpGet":{"path":"/","port":80},"periodSeconds":1}}]}}}}
            """#)
        let rollout = try c.kubectl("rollout", "status", "deployment/web", "--timeout=90s", timeout: 100)
        #expect(rollout.ok, "\(rollout.stdout)\(rollout.stderr)")
        #expect(try c.get("deployment", "web", "-o", "jsonpath={.status.availableReplicas}") == "6")

        let placed = try c.get("pods", "-l", "app=web", "-o", "jsonpath={range .items[*]}{.spec.nodeName} {.status.podIP} {.status.phase}{\"\\n\"}{end}")
            .split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        #expect(placed.count == 6)
        for p in placed {
            #expect(p.count == 3 && p[0].hasPrefix("hollow-") && p[2] == "Running", "\(p)")
            // Each node hands out addresses from its own 10.41.<index>.0/24.
            if p.count == 3, let index = p[0].split(separator: "-").last {
                #expect(p[1].hasPrefix("10.41.\(index)."), "\(p)")
            }
        }
        #expect(Set(placed.map { $0.first ?? "" }).count > 1, "the scheduler spreads the replicas: \(placed)")

        try c.ok("delete", "deployment", "web")
        #expect(try poll("") { try c.get("pods", "-l", "app=web", "-o", "name") } == "")
    }

    @Test func theEmbeddedAgentCanBeSimulatedToo() throws {
        let c = try TestCluster(extraArgs: ["--container-runtime", "simulated", "--node-name", "sim"], agent: true)
        #expect(try poll("True") { try c.get("node", "sim", "-o", #"jsonpath={.status.conditions[?(@.type=="Ready")].status}"#) } == "True")
        #expect(try c.get("node", "sim", "-o", "jsonpath={.status.nodeInfo.containerRuntimeVersion}") == "simulated://0.1")
        try c.ok("run", "p", "--image=busybox", "--restart=Never", "--", "sleep", "3600")
        #expect(try poll("Running") { try c.get("pod", "p", "-o", "jsonpath={.status.phase}") } == "Running")
        #expect(try c.get("pod", "p", "-o", "jsonpath={.status.podIP}").hasPrefix("10.40.0."))
        try c.ok("delete", "pod", "p")
    }

    @Test func tooManyHollowNodesAreRefused() throws {
        #expect(throws: (any Error).self) { try TestCluster(extraArgs: ["--hollow-nodes", "300"]) }
    }
}
