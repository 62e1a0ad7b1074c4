import CapstanAPI
import CapstanClient
import Foundation
import Testing
@testable import CapstanControllers

@Suite struct NodeLifecycleTests {
    static func node(_ name: String, heartbeat: Date, ready: String = "True", taints: [JSONValue] = []) -> JSONValue {
        var n: JSONValue = [
            "apiVersion": "v1", "kind": "Node",
            "metadata": ["name": .string(name), "uid": .string("u-\(name)"), "creationTimestamp": "2020-01-01T00:00:00Z"],
            "spec": .emptyObject,
            "status": ["conditions": [[
                "type": "Ready", "status": .string(ready), "lastHeartbeatTime": .string(Time.format(heartbeat, fractional: false)),
                "lastTransitionTime": "2020-01-01T00:00:00Z",
            ]]],
        ]
        if !taints.isEmpty { n[path: ["spec", "taints"]] = .array(taints) }
        return n
    }

    static func lease(_ node: String, renewed: Date) -> JSONValue {
        ["metadata": ["name": .string(node), "namespace": "kube-node-lease"], "spec": ["renewTime": .string(Time.format(renewed, fractional: true))]]
    }

    static func pod(_ name: String, node: String, tolerations: [JSONValue] = [], ready: Bool = true) -> JSONValue {
        [
            "metadata": ["name": .string(name), "namespace": "default", "uid": .string("u-\(name)")],
            "spec": ["nodeName": .string(node), "tolerations": .array(tolerations)],
            "status": ["phase": "Running", "conditions": [["type": "Ready", "status": ready ? "True" : "False"]]],
        ]
    }

    @Test func freshLeaseKeepsNodeReadyAndRequeuesBeforeTheDeadline() async throws {
        let h = TestHarness()
        let now = h.clock.now()
        h.seed(.nodes, [Self.node("n1", heartbeat: now.addingTimeInterval(-600))])
        h.seed(.leases, [Self.lease("n1", renewed: now.addingTimeInterval(-48))])
        let c = NodeLifecycleController(context: h.context)
        let result = try await c.reconcile("n1")
        #expect(h.api.actions.isEmpty)
        #expect(result == .requeue(after: .seconds(2)))  // lease expires in 2 s (< monitor period 5 s)
    }

    @Test func silentNodeTurnsUnknownTaintedAndItsPodsNotReady() async throws {
        let h = TestHarness()
        let now = h.clock.now()
        h.seed(.nodes, [Self.node("n1", heartbeat: now.addingTimeInterval(-600))])
        h.seed(.leases, [Self.lease("n1", renewed: now.addingTimeInterval(-51))])
        h.seed(.pods, [Self.pod("p1", node: "n1"), Self.pod("p2", node: "n2")])
        let c = NodeLifecycleController(context: h.context)
        _ = try await c.reconcile("n1")
        let status = h.api.writes("update", "nodes/status")
        #expect(status.count == 1)
        let ready = status[0].body?[path: ["status", "conditions"]]?.arrayValue?.first { $0["type"] == "Ready" }
        #expect(ready?["status"] == "Unknown")
        #expect(ready?["reason"] == "NodeStatusUnknown")
        let podPatches = h.api.writes("patch", "pods/status")
        #expect(podPatches.map(\.name) == ["p1"])
        let taints = h.api.writes("update", "nodes").last?.body?[path: ["spec", "taints"]]?.arrayValue ?? []
        #expect(Set(taints.compactMap { t in t["key"]?.stringValue.map { $0 + ":" + (t["effect"]?.stringValue ?? "") } }) == [
            "node.kubernetes.io/unreachable:NoSchedule", "node.kubernetes.io/unreachable:NoExecute",
        ])
        #expect(taints.first { $0["effect"] == "NoExecute" }?["timeAdded"] != nil)
    }

    @Test func recoveredNodeLosesItsTaintsButKeepsOthers() async throws {
        let h = TestHarness()
        let now = h.clock.now()
        let foreign: JSONValue = ["key": "dedicated", "value": "gpu", "effect": "NoSchedule"]
        h.seed(.nodes, [Self.node("n1", heartbeat: now, taints: [
            ["key": "node.kubernetes.io/unreachable", "effect": "NoExecute", "timeAdded": "2020-01-01T00:00:00Z"], foreign,
        ])])
        let c = NodeLifecycleController(context: h.context)
        _ = try await c.reconcile("n1")
        #expect(h.api.writes("update", "nodes").last?.body?[path: ["spec", "taints"]] == [foreign])
    }

    @Test func notReadyNodeGetsNotReadyTaints() {
        let n = Self.node("n1", heartbeat: Date(), ready: "False")
        let keys = NodeLifecycleController.desiredTaints(n, now: Date()).compactMap { $0["key"]?.stringValue }
        #expect(keys == ["node.kubernetes.io/not-ready", "node.kubernetes.io/not-ready"])
    }
}

@Suite struct TaintEvictionTests {
    static let unreachable: JSONValue = [
        "key": "node.kubernetes.io/unreachable", "effect": "NoExecute", "timeAdded": "2027-01-15T08:00:00Z",
    ]

    @Test func untoleratedPodGoesAtOnceTolerationSecondsWaitForeverStays() async throws {
        let h = TestHarness()
        let added = Time.parse("2027-01-15T08:00:00Z")!
        h.clock.advance(by: .seconds(Int64(added.timeIntervalSince(h.clock.now())) + 10))  // 10 s after the taint
        var node = NodeLifecycleTests.node("n1", heartbeat: added, ready: "Unknown", taints: [Self.unreachable])
        node[path: ["metadata", "creationTimestamp"]] = "2020-01-01T00:00:00Z"
        h.seed(.nodes, [node])
        let t300: JSONValue = ["key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300]
        let t5: JSONValue = ["key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 5]
        let forever: JSONValue = ["operator": "Exists"]
        h.seed(.pods, [
            NodeLifecycleTests.pod("none", node: "n1"), NodeLifecycleTests.pod("t300", node: "n1", tolerations: [t300]),
            NodeLifecycleTests.pod("t5", node: "n1", tolerations: [t5]), NodeLifecycleTests.pod("forever", node: "n1", tolerations: [forever]),
        ])
        let c = TaintEvictionController(context: h.context)
        #expect(try await c.reconcile("default/none") == .done)
        #expect(try await c.reconcile("default/t300") == .requeue(after: .seconds(290)))
        #expect(try await c.reconcile("default/t5") == .done)
        #expect(try await c.reconcile("default/forever") == .done)
        #expect(Set(h.api.writes("delete", "pods").map(\.name)) == ["none", "t5"])
        #expect(h.api.writes("patch", "pods/status").allSatisfy {
            $0.body?[path: ["status", "conditions"]]?.arrayValue?.last?["reason"] == "DeletionByTaintManager"
        })
    }

    @Test func toleranceMatching() {
        let taint: JSONValue = ["key": "k", "value": "v", "effect": "NoSchedule"]
        #expect(Taints.tolerates(["key": "k", "operator": "Equal", "value": "v"], taint))
        #expect(!Taints.tolerates(["key": "k", "operator": "Equal", "value": "w"], taint))
        #expect(Taints.tolerates(["key": "k", "operator": "Exists", "effect": "NoSchedule"], taint))
        #expect(!Taints.tolerates(["key": "k", "operator": "Exists", "effect": "NoExecute"], taint))
        #expect(Taints.tolerates(["operator": "Exists"], taint))
    }
}

@Suite struct PodGarbageCollectorTests {
    @Test func podOnMissingNodeIsForceDeletedButNotWhenTheNodeExists() async throws {
        let h = TestHarness()
        h.seed(.pods, [NodeLifecycleTests.pod("gone", node: "ghost"), NodeLifecycleTests.pod("late", node: "new")])
        h.api.seed("nodes", [["metadata": ["name": "new"]]])  // exists in the API, not yet in the cache
        let c = PodGarbageCollector(context: h.context)
        // Quarantine first: nothing is deleted until the node has been missing for 40 s.
        #expect(try await c.reconcile("default/gone") == .requeue(after: .seconds(40)))
        #expect(try await c.reconcile("default/late") == .requeue(after: .seconds(40)))
        #expect(h.api.actions.isEmpty)
        h.clock.advance(by: .seconds(40))
        _ = try await c.reconcile("default/gone")
        _ = try await c.reconcile("default/late")
        let deletes = h.api.writes("delete", "pods")
        #expect(deletes.map(\.name) == ["gone"])
        #expect(deletes.first?.body?["gracePeriodSeconds"] == 0)
    }
}
