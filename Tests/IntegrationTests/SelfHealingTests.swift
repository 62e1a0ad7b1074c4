import Foundation
import Testing

/// The self-healing chain end to end, with two nodes played by a
/// FakeKubelet: node b goes silent → the node lifecycle controller marks it
/// Unknown and taints it unreachable → the taint eviction controller
/// evicts its pods after their (admission-defaulted) tolerationSeconds →
/// the ReplicaSet controller replaces them → the scheduler puts the
/// replacements on node a. Grace and toleration are shortened by flags so
/// the chain takes seconds, not minutes.
@Suite(.serialized) struct SelfHealingTests {
    let c: TestCluster
    init() throws {
        c = try TestCluster(extraArgs: [
            "--node-monitor-grace-period=3s",
            "--default-unreachable-toleration-seconds=2", "--default-not-ready-toleration-seconds=2",
        ])
    }



    func node(_ name: String) throws {
        try c.ok("create", "-f", "-", stdin: """
            {"apiVersion":"v1","kind":"Node","metadata":{"name":"\(name)","labels":{"kubernetes.io/hostname":"\(name)"}},
             "status":{"capacity":{"cpu":"4","memory":"8Gi","pods":"110"},"allocatable":{"cpu":"4","memory":"8Gi","pods":"110"},
                       "conditions":[{"type":"Ready","status":"True","reason":"KubeletReady"}]}}
            """)
    }

    /// Node of every live (not terminating) pod of the deployment, sorted.
    func liveNodes() throws -> [String] {
        try c.get("pods", "-l", "app=web", "-o",
                #"jsonpath={range .items[*]}{.metadata.deletionTimestamp}|{.spec.nodeName}{"\n"}{end}"#)
            .split(separator: "\n").filter { $0.hasPrefix("|") }.map { String($0.dropFirst()) }.sorted()
    }

    @Test func podsOnASilentNodeAreReplacedOnTheHealthyOne() throws {
        try node("a")
        try node("b")
        let kubelet = FakeKubelet(c, nodes: ["a", "b"])
        defer { kubelet.stop() }
        try c.ok("create", "-f", "-", stdin: """
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
             "spec":{"replicas":4,"selector":{"matchLabels":{"app":"web"}},
                     "template":{"metadata":{"labels":{"app":"web"}},"spec":{
                        "affinity":{"podAntiAffinity":{"preferredDuringSchedulingIgnoredDuringExecution":[
                          {"weight":100,"podAffinityTerm":{"topologyKey":"kubernetes.io/hostname","labelSelector":{"matchLabels":{"app":"web"}}}}]}},
                        "containers":[{"name":"nginx","image":"nginx:1.25","resources":{"requests":{"cpu":"100m"}}}]}}}}
            """)
        let rollout = try c.kubectl("rollout", "status", "deployment/web", "--timeout=30s", timeout: 40)
        #expect(rollout.ok, "\(rollout.stdout)\(rollout.stderr)")
        let before = try liveNodes()
        #expect(before.count == 4 && before.contains("a") && before.contains("b"), "initial placement: \(before)")
        // Admission gave every pod the unreachable toleration with the flag's seconds.
        let tolerations = try c.get("pods", "-l", "app=web", "-o", "jsonpath={.items[0].spec.tolerations}")
        #expect(tolerations.contains("node.kubernetes.io/unreachable") && tolerations.contains(#""tolerationSeconds":2"#), "\(tolerations)")

        let silencedAt = Date()
        kubelet.silence("b")
        #expect(try eventually(30) { try c.get("node", "b", "-o", #"jsonpath={.status.conditions[?(@.type=="Ready")].status}"#) == "Unknown" },
                "node b was not marked Unknown")
        let taints = try c.get("node", "b", "-o", #"jsonpath={range .spec.taints[*]}{.key}:{.effect} {end}"#)
        #expect(taints.contains("node.kubernetes.io/unreachable:NoExecute") && taints.contains("node.kubernetes.io/unreachable:NoSchedule"), "\(taints)")
        #expect(try c.get("node", "a", "-o", #"jsonpath={.status.conditions[?(@.type=="Ready")].status}"#) == "True")

        // Evicted from b, replaced on a; b's pods stay Terminating (nobody runs b to finish them).
        let replaced = try eventually(30) { try liveNodes() == ["a", "a", "a", "a"] }
        #expect(replaced, "live pods: \((try? liveNodes()) ?? [])")
        let healed = Date().timeIntervalSince(silencedAt)
        #expect(try eventually(30) { try c.get("deployment", "web", "-o", "jsonpath={.status.availableReplicas}") == "4" })
        let reasons = try c.get("pods", "-l", "app=web", "-o",
                              #"jsonpath={range .items[*]}{.status.conditions[?(@.type=="DisruptionTarget")].reason} {end}"#)
        #expect(reasons.contains("DeletionByTaintManager"), "\(reasons)")
        print("self-healing: node b silenced → 4 live pods on a after \(String(format: "%.1f", healed)) s (grace 3 s, toleration 2 s)")
    }
}
