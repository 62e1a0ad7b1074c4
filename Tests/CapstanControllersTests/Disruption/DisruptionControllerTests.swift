import CapstanAPI
import CapstanClient
import Foundation
import Testing
@testable import CapstanControllers

@Suite struct DisruptionControllerTests {
    static func pdb(_ spec: JSONValue, status: JSONValue? = nil) -> JSONValue {
        var spec = spec
        spec["selector"] = ["matchLabels": ["app": "web"]]
        var o: JSONValue = [
            "apiVersion": "policy/v1", "kind": "PodDisruptionBudget",
            "metadata": ["name": "budget", "namespace": "default", "uid": "u-budget", "generation": 3, "resourceVersion": "7"],
            "spec": spec,
        ]
        if let status { o["status"] = status }
        return o
    }

    static func pod(_ name: String, ready: Bool = true, owner: JSONValue? = nil, deleting: Bool = false) -> JSONValue {
        var meta: JSONValue = ["name": .string(name), "namespace": "default", "uid": .string("u-\(name)"), "labels": ["app": "web"]]
        if let owner { meta["ownerReferences"] = [owner] }
        if deleting { meta["deletionTimestamp"] = "2027-01-15T08:00:00Z" }
        return [
            "apiVersion": "v1", "kind": "Pod", "metadata": meta,
            "status": ["phase": "Running", "conditions": [["type": "Ready", "status": ready ? "True" : "False"]]],
        ]
    }

    static func workload(_ kind: String, _ name: String, replicas: Int64, owner: JSONValue? = nil) -> JSONValue {
        var meta: JSONValue = ["name": .string(name), "namespace": "default", "uid": .string("u-\(name)")]
        if let owner { meta["ownerReferences"] = [owner] }
        return ["apiVersion": "apps/v1", "kind": .string(kind), "metadata": meta, "spec": ["replicas": .int(replicas)]]
    }

    static func controllerRef(_ kind: String, _ name: String) -> JSONValue {
        ["apiVersion": "apps/v1", "kind": .string(kind), "name": .string(name), "uid": .string("u-\(name)"), "controller": true]
    }

    /// Runs one reconcile and returns the status written (nil when none).
    static func sync(_ h: TestHarness, _ pdb: JSONValue) async throws -> (ReconcileResult, JSONValue?) {
        h.seed(.podDisruptionBudgets, [pdb])
        let result = try await DisruptionController(context: h.context).reconcile("default/budget")
        return (result, h.api.writes("update", "poddisruptionbudgets/status").last?.body?["status"])
    }

    static func numbers(_ s: JSONValue?) -> [Int64] {
        ["expectedPods", "desiredHealthy", "currentHealthy", "disruptionsAllowed"].map { s?[$0]?.intValue ?? -1 }
    }

    static func allowedCondition(_ s: JSONValue?) -> JSONValue? {
        s?["conditions"]?.arrayValue?.first { $0["type"]?.stringValue == "DisruptionAllowed" }
    }

    @Test func integerMinAvailableCountsThePods() async throws {
        let h = TestHarness()
        h.seed(.pods, [Self.pod("a"), Self.pod("b"), Self.pod("c"), Self.pod("d", ready: false)])
        let (result, status) = try await Self.sync(h, Self.pdb(["minAvailable": 2]))
        #expect(result == .done)
        #expect(Self.numbers(status) == [4, 2, 3, 1])
        #expect(status?["observedGeneration"] == 3)
        #expect(Self.allowedCondition(status)?["status"] == "True")
        #expect(Self.allowedCondition(status)?["reason"] == "SufficientPods")
    }

    @Test func percentMinAvailableScalesTheControllersReplicasRoundingUp() async throws {
        let h = TestHarness()
        h.seed(.replicaSets, [Self.workload("ReplicaSet", "rs", replicas: 5)])
        let owner = Self.controllerRef("ReplicaSet", "rs")
        h.seed(.pods, [Self.pod("a", owner: owner), Self.pod("b", owner: owner), Self.pod("c", owner: owner), Self.pod("d", ready: false, owner: owner)])
        let (_, status) = try await Self.sync(h, Self.pdb(["minAvailable": "50%"]))
        // expected 5 (the ReplicaSet's replicas), desired ceil(2.5) = 3, healthy 3.
        #expect(Self.numbers(status) == [5, 3, 3, 0])
        #expect(Self.allowedCondition(status)?["status"] == "False")
        #expect(Self.allowedCondition(status)?["reason"] == "InsufficientPods")
    }

    @Test func maxUnavailableCountsADeploymentOnceAcrossItsReplicaSets() async throws {
        let h = TestHarness()
        let dep = Self.controllerRef("Deployment", "web")
        h.seed(.deployments, [Self.workload("Deployment", "web", replicas: 3)])
        h.seed(.replicaSets, [Self.workload("ReplicaSet", "web-1", replicas: 1, owner: dep), Self.workload("ReplicaSet", "web-2", replicas: 2, owner: dep)])
        h.seed(.pods, [
            Self.pod("a", owner: Self.controllerRef("ReplicaSet", "web-1")), Self.pod("b", owner: Self.controllerRef("ReplicaSet", "web-2")),
            Self.pod("c", owner: Self.controllerRef("ReplicaSet", "web-2")), Self.pod("gone", owner: Self.controllerRef("ReplicaSet", "web-2"), deleting: true),
        ])
        let (_, status) = try await Self.sync(h, Self.pdb(["maxUnavailable": 1]))
        // expected 3 (the Deployment), desired 3 − 1, healthy 3 (the terminating pod does not count).
        #expect(Self.numbers(status) == [3, 2, 3, 1])
    }

    @Test func disruptedPodsAreNotHealthyUntilTheirRecordExpires() async throws {
        let h = TestHarness()
        let now = h.clock.now()
        h.seed(.pods, [Self.pod("a"), Self.pod("b"), Self.pod("c")])
        let recorded: JSONValue = [
            "disruptedPods": [
                "a": .string(Time(now.addingTimeInterval(-30)).rfc3339),  // evicted 30 s ago: still pending
                "b": .string(Time(now.addingTimeInterval(-180)).rfc3339),  // 3 min: was not deleted after all
                "zz": .string(Time(now.addingTimeInterval(-10)).rfc3339),  // no such pod any more
            ],
            "disruptionsAllowed": 0, "currentHealthy": 0, "desiredHealthy": 0, "expectedPods": 0,
        ]
        let (result, status) = try await Self.sync(h, Self.pdb(["minAvailable": 1], status: recorded))
        #expect(status?["disruptedPods"]?.objectValue?.keys.sorted() == ["a"])
        #expect(Self.numbers(status) == [3, 1, 2, 1])
        #expect(result == .requeue(after: .milliseconds(90_001)))
        let events = h.api.writes("create", "events").compactMap { $0.body?["reason"]?.stringValue }
        #expect(events == ["NotDeleted"])
    }

    @Test func unchangedStatusIsNotWrittenAgain() async throws {
        let h = TestHarness()
        h.seed(.pods, [Self.pod("a"), Self.pod("b")])
        let (_, first) = try await Self.sync(h, Self.pdb(["minAvailable": 1]))
        h.api.clearActions()
        let (_, second) = try await Self.sync(h, Self.pdb(["minAvailable": 1], status: first))
        #expect(second == nil)
        #expect(h.api.actions.isEmpty)
    }

    @Test func budgetThatCannotBeComputedAllowsNoDisruption() async throws {
        let h = TestHarness()
        // The pods' ReplicaSet is not in the cache: their scale is unknown.
        h.seed(.pods, [Self.pod("a", owner: Self.controllerRef("ReplicaSet", "missing"))])
        let (result, status) = try await Self.sync(h, Self.pdb(["maxUnavailable": "25%"]))
        #expect(result == .done)
        #expect(status?["disruptionsAllowed"] == 0)
        #expect(Self.allowedCondition(status)?["reason"] == "SyncFailed")
        #expect(Self.allowedCondition(status)?["message"] == "found no controllers for pod \"a\"")
    }

    @Test func podEventsMapToTheBudgetsSelectingThem() {
        let h = TestHarness()
        h.cache(.podDisruptionBudgets).put(Self.pdb(["minAvailable": 1]))
        let c = DisruptionController(context: h.context)
        let podSource = c.sources.first { $0.resource == .pods }!
        #expect(podSource.keys(.added(Self.pod("a"))) == ["default/budget"])
        var other = Self.pod("x")
        other[path: ["metadata", "labels"]] = ["app": "db"]
        #expect(podSource.keys(.added(other)).isEmpty)
        #expect(podSource.keys(.updated(old: Self.pod("x"), new: other)) == ["default/budget"])
    }
}
