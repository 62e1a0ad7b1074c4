import CapstanAPI
import CapstanClient
import Foundation
import Testing
@testable import CapstanControllers

@Suite struct DaemonSetControllerTests {
    typealias F = StatefulDaemonFixtures

    static func node(_ name: String, taint: String? = nil, labels: [String: JSONValue] = [:]) -> JSONValue {
        var n: JSONValue = [
            "apiVersion": "v1", "kind": "Node", "metadata": ["name": .string(name), "uid": .string("uid-\(name)"), "labels": .object(labels)],
            "status": ["conditions": [["type": "Ready", "status": "True"]]],
        ]
        if let taint { n[path: ["spec", "taints"]] = [["key": .string(taint), "effect": "NoSchedule"]] }
        return n
    }

    static func daemonSet(image: String = "agent:1", tolerations: [JSONValue] = [], maxUnavailable: JSONValue = 1) -> JSONValue {
        var template = F.template(app: "agent", image: image)
        if !tolerations.isEmpty { template[path: ["spec", "tolerations"]] = .array(tolerations) }
        return [
            "apiVersion": "apps/v1", "kind": "DaemonSet",
            "metadata": ["name": "agent", "namespace": "default", "uid": "uid-agent", "generation": 1],
            "spec": [
                "selector": ["matchLabels": ["app": "agent"]], "template": template,
                "updateStrategy": ["type": "RollingUpdate", "rollingUpdate": ["maxUnavailable": maxUnavailable, "maxSurge": 0]],
                "revisionHistoryLimit": 10,
            ],
        ]
    }

    /// One sync, then the caches catch up, and the pod events the informer
    /// would deliver lower the controller's expectations.
    func sync(_ h: StatefulDaemonHarness, _ c: DaemonSetController) async throws {
        let before = Set(h.cache(.pods).items.map(OwnerReferences.uid))
        _ = try await c.reconcile("default/agent")
        let removed = h.cache(.pods).items.filter { h.api.object("pods", "default", OwnerReferences.name($0)) == nil }
        h.mirror(.daemonSets, .pods, .controllerRevisions)
        let podSource = c.sources[1]
        for p in h.cache(.pods).items where !before.contains(OwnerReferences.uid(p)) { _ = podSource.keys(.added(p)) }
        for p in removed { _ = podSource.keys(.deleted(p)) }
    }

    func podNodes(_ h: StatefulDaemonHarness) -> [String] {
        h.api.objects("pods").compactMap(DaemonPods.targetNode).sorted()
    }

    @Test func onePodPerEligibleNodePinnedByNodeAffinity() async throws {
        let h = StatefulDaemonHarness()
        h.seed(.nodes, [Self.node("n1"), Self.node("n2"), Self.node("tainted", taint: "dedicated")])
        h.seed(.daemonSets, [Self.daemonSet()])
        let c = DaemonSetController(context: h.context)
        try await sync(h, c)
        #expect(podNodes(h) == ["n1", "n2"])
        let pod = try #require(h.api.objects("pods").first)
        #expect(pod[path: ["spec", "affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms"]]?
            .arrayValue?.first?["matchFields"]?.arrayValue?.first?["key"] == "metadata.name")
        let tolerated = Set((pod[path: ["spec", "tolerations"]]?.arrayValue ?? []).compactMap { $0["key"]?.stringValue })
        #expect(tolerated.isSuperset(of: ["node.kubernetes.io/not-ready", "node.kubernetes.io/unschedulable", "node.kubernetes.io/disk-pressure"]))
        #expect(!tolerated.contains("node.kubernetes.io/network-unavailable"))
        #expect(pod[path: ["metadata", "labels", "controller-revision-hash"]]?.stringValue?.isEmpty == false)

        // Synced again with the pods seen: nothing more to do; status counts two desired nodes.
        h.api.clearActions()
        try await sync(h, c)
        #expect(h.names("create", "pods").isEmpty)
        let status = try #require(h.api.object("daemonsets", "default", "agent")?["status"])
        #expect(status["desiredNumberScheduled"] == 2 && status["currentNumberScheduled"] == 2 && status["updatedNumberScheduled"] == 2)
        #expect(status["numberReady"] == 0 && status["numberUnavailable"] == 2)
    }

    @Test func toleratedTaintAndNodeSelectorDecideEligibility() async throws {
        let h = StatefulDaemonHarness()
        h.seed(.nodes, [Self.node("n1", labels: ["role": "edge"]), Self.node("n2"), Self.node("tainted", taint: "dedicated", labels: ["role": "edge"])])
        var ds = Self.daemonSet(tolerations: [["key": "dedicated", "operator": "Exists", "effect": "NoSchedule"]])
        ds[path: ["spec", "template", "spec", "nodeSelector"]] = ["role": "edge"]
        h.seed(.daemonSets, [ds])
        try await sync(h, DaemonSetController(context: h.context))
        #expect(podNodes(h) == ["n1", "tainted"])
    }

    @Test func removedNodeLosesItsPodAndANewNodeGetsOne() async throws {
        let h = StatefulDaemonHarness()
        h.seed(.nodes, [Self.node("n1"), Self.node("n2")])
        h.seed(.daemonSets, [Self.daemonSet()])
        let c = DaemonSetController(context: h.context)
        try await sync(h, c)
        h.api.clearActions()
        h.vanish(.nodes, "n2")
        h.seed(.nodes, [Self.node("n3")])
        try await sync(h, c)
        #expect(h.names("delete", "pods").count == 1)
        #expect(podNodes(h) == ["n1", "n3"])
    }

    @Test func nodeNoLongerEligibleLosesItsPod() async throws {
        let h = StatefulDaemonHarness()
        h.seed(.nodes, [Self.node("n1"), Self.node("n2")])
        h.seed(.daemonSets, [Self.daemonSet()])
        let c = DaemonSetController(context: h.context)
        try await sync(h, c)
        // A NoSchedule taint keeps a running daemon; NoExecute evicts it.
        h.edit(.nodes, "n2") { $0[path: ["spec", "taints"]] = [["key": "k", "effect": "NoSchedule"]] }
        try await sync(h, c)
        #expect(podNodes(h) == ["n1", "n2"])
        h.edit(.nodes, "n2") { $0[path: ["spec", "taints"]] = [["key": "k", "effect": "NoExecute"]] }
        try await sync(h, c)
        #expect(podNodes(h) == ["n1"])
    }

    @Test func duplicatePodsOnANodeKeepTheOldest() async throws {
        let h = StatefulDaemonHarness()
        h.seed(.nodes, [Self.node("n1")])
        h.seed(.daemonSets, [Self.daemonSet()])
        let c = DaemonSetController(context: h.context)
        try await sync(h, c)
        var copy = try #require(h.api.objects("pods").first)
        copy[path: ["metadata", "name"]] = "agent-zzz"
        copy[path: ["metadata", "uid"]] = "uid-zzz"
        copy[path: ["metadata", "creationTimestamp"]] = "2027-01-15T09:00:00Z"
        h.seed(.pods, [copy])
        try await sync(h, c)
        #expect(h.names("delete", "pods") == ["agent-zzz"])
    }

    @Test func rollingUpdateWithMaxUnavailableOneReplacesOnePodAtATime() async throws {
        let h = StatefulDaemonHarness()
        h.seed(.nodes, [Self.node("n1"), Self.node("n2"), Self.node("n3")])
        h.seed(.daemonSets, [Self.daemonSet()])
        let c = DaemonSetController(context: h.context)
        try await sync(h, c)
        for p in h.api.objects("pods") { h.markRunning(OwnerReferences.name(p)) }
        h.api.clearActions()

        h.edit(.daemonSets, "agent") { $0[path: ["spec", "template", "spec", "containers"]] = [["name": "c", "image": "agent:2"]] }
        try await sync(h, c)
        #expect(h.names("delete", "pods").count == 1)
        #expect(h.names("create", "pods").isEmpty)
        // The node without a pod gets a new one; no other old pod goes while it is unavailable.
        try await sync(h, c)
        #expect(h.names("create", "pods").count == 1)
        try await sync(h, c)
        #expect(h.names("delete", "pods").count == 1)
        // Once the new pod is Ready the next old pod goes.
        for p in h.api.objects("pods") where Pods.phase(p) != "Running" { h.markRunning(OwnerReferences.name(p)) }
        try await sync(h, c)
        #expect(h.names("delete", "pods").count == 2)
    }

    @Test func expectationsHoldBackASecondCreateUntilThePodIsSeen() async throws {
        let h = StatefulDaemonHarness()
        h.seed(.nodes, [Self.node("n1")])
        h.seed(.daemonSets, [Self.daemonSet()])
        let c = DaemonSetController(context: h.context)
        _ = try await c.reconcile("default/agent")
        _ = try await c.reconcile("default/agent")  // the cache has not seen the pod yet
        #expect(h.names("create", "pods").count == 1)
    }

    @Test func eligibilityRules() {
        let spec: JSONValue = [
            "affinity": ["nodeAffinity": ["requiredDuringSchedulingIgnoredDuringExecution": ["nodeSelectorTerms": [
                ["matchExpressions": [["key": "zone", "operator": "In", "values": ["a", "b"]]]],
                ["matchFields": [["key": "metadata.name", "operator": "In", "values": ["special"]]]],
            ]]]],
            "tolerations": .array(DaemonPods.defaultTolerations(hostNetwork: false)),
        ]
        #expect(NodeEligibility.evaluate(node: Self.node("x", labels: ["zone": "a"]), podSpec: spec).shouldRun)
        #expect(!NodeEligibility.evaluate(node: Self.node("x", labels: ["zone": "c"]), podSpec: spec).shouldRun)
        #expect(NodeEligibility.evaluate(node: Self.node("special"), podSpec: spec).shouldRun)
        var cordoned = Self.node("x", labels: ["zone": "a"])
        cordoned[path: ["spec", "taints"]] = [["key": "node.kubernetes.io/unschedulable", "effect": "NoSchedule"]]
        #expect(NodeEligibility.evaluate(node: cordoned, podSpec: spec).shouldRun)  // daemons tolerate cordons
    }

    @Test func nodeHeartbeatsDoNotWakeDaemonSets() {
        let h = StatefulDaemonHarness()
        h.seed(.daemonSets, [Self.daemonSet()])
        let nodes = DaemonSetController(context: h.context).sources[2]
        let n = Self.node("n1")
        var heartbeat = n
        heartbeat[path: ["status", "conditions"]] = [["type": "Ready", "status": "True", "lastHeartbeatTime": "2027-01-15T08:00:10Z"]]
        #expect(nodes.keys(.updated(old: n, new: heartbeat)).isEmpty)
        var relabelled = n
        relabelled[path: ["metadata", "labels", "role"]] = "edge"
        #expect(nodes.keys(.updated(old: n, new: relabelled)) == ["default/agent"])
        #expect(nodes.keys(.added(n)) == ["default/agent"])
    }
}
