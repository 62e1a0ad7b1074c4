import CapstanAPI
import CapstanClient
import Foundation
import Synchronization
import Testing
@testable import CapstanControllers

@Suite struct ReplicaSetControllerTests {
    typealias F = ReplicaSetFixtures

    @Test func createsMissingPodsWithControllerReferences() async throws {
        let h = TestHarness()
        let rs = F.replicaSet(replicas: 3)
        h.seed(.replicaSets, [rs])
        let c = ReplicaSetController(context: h.context)
        #expect(try await c.reconcile("default/web") == .done)

        let creates = h.api.writes("create", "pods")
        #expect(creates.count == 3)
        for create in creates {
            let pod = try #require(create.body)
            let ref = try #require(OwnerReferences.controller(of: pod))
            #expect(ref.uid == "uid-web" && ref.kind == "ReplicaSet" && ref.apiVersion == "apps/v1" && ref.blockOwnerDeletion)
            #expect(OwnerReferences.labels(pod) == ["app": "web"])
            #expect(pod[path: ["metadata", "generateName"]] == "web-")
        }
        let status = try #require(h.api.writes("update", "replicasets/status").first?.body?["status"])
        #expect(status["replicas"] == 0 && status["observedGeneration"] == 1)
        let events = h.api.writes("create", "events").compactMap { $0.body?["reason"]?.stringValue }
        #expect(events == ["SuccessfulCreate", "SuccessfulCreate", "SuccessfulCreate"])
    }

    @Test func pendingExpectationsStopOverCreationUntilTheInformerCatchesUp() async throws {
        let h = TestHarness()
        let rs = F.replicaSet(replicas: 3)
        h.seed(.replicaSets, [rs])
        let c = ReplicaSetController(context: h.context)
        _ = try await c.reconcile("default/web")
        #expect(h.api.writes("create", "pods").count == 3)

        // The watch has not delivered the pods: the cache still shows none.
        _ = try await c.reconcile("default/web")
        #expect(h.api.writes("create", "pods").count == 3)

        // Two of three arrive: still waiting.
        let created = h.api.objects("pods")
        let podEvents = c.sources[1]
        for pod in created.prefix(2) {
            h.cache(.pods).put(pod)
            #expect(podEvents.keys(.added(pod)) == ["default/web"])
        }
        _ = try await c.reconcile("default/web")
        #expect(h.api.writes("create", "pods").count == 3)

        // The last one arrives; the sync now sees 3 and creates nothing.
        h.cache(.pods).put(created[2])
        _ = podEvents.keys(.added(created[2]))
        #expect(c.expectations.satisfied("default/web"))
        _ = try await c.reconcile("default/web")
        #expect(h.api.writes("create", "pods").count == 3)

        // A pod deleted by someone else is replaced once its deletion is seen.
        h.cache(.pods).remove(ObjectCache.key(created[0]))
        _ = podEvents.keys(.deleted(created[0]))
        _ = try await c.reconcile("default/web")
        #expect(h.api.writes("create", "pods").count == 4)
    }

    @Test func slowStartStopsAfterTheFirstFailingBatch() async {
        let calls = Mutex(0)
        struct Boom: Error {}
        let outcome = await ReplicaSetSlowStart.run(count: 10) {
            let n = calls.withLock { c in
                c += 1
                return c
            }
            if n == 4 { throw Boom() }
        }
        // Batches of 1, 2, 4: the failure is in the third, which still completes; no fourth.
        #expect(calls.withLock { $0 } == 7)
        #expect(outcome.successes == 6)
        #expect(outcome.error != nil)
    }

    @Test func failedCreateSetsReplicaFailureAndLowersExpectations() async throws {
        let h = TestHarness()
        h.seed(.replicaSets, [F.replicaSet(replicas: 5)])
        h.api.fail("create", "pods", code: 403)
        let c = ReplicaSetController(context: h.context)
        await #expect(throws: APIStatusError.self) { try await c.reconcile("default/web") }

        // One attempt (the first batch), not five.
        #expect(h.api.writes("create", "pods").isEmpty)
        let status = try #require(h.api.writes("update", "replicasets/status").first?.body?["status"])
        let cond = try #require(status["conditions"]?.arrayValue?.first)
        #expect(cond["type"] == "ReplicaFailure" && cond["reason"] == "FailedCreate" && cond["message"] == "injected failure")
        #expect(h.api.writes("create", "events").first?.body?["reason"] == "FailedCreate")
        // Nothing will be observed, so the retry is not blocked.
        #expect(c.expectations.satisfied("default/web"))
    }

    @Test func deletesTheCheapestPodsFirst() async throws {
        let h = TestHarness()
        let rs = F.replicaSet(replicas: 4)
        let pods = [
            F.pod("ready-old", owner: rs, node: "n1", readySince: -600),
            F.pod("not-ready", owner: rs, node: "n2", readySince: nil),
            F.pod("ready-recent", owner: rs, node: "n3", readySince: -10),
            F.pod("unassigned", owner: rs, phase: "Pending", node: nil, readySince: nil),
            F.pod("pending", owner: rs, phase: "Pending", node: "n4", readySince: nil),
            F.pod("restarts", owner: rs, node: "n5", readySince: -600, restarts: 5),
            F.pod("ready-old-newer", owner: rs, node: "n6", readySince: -600, created: -500),
        ]
        h.seed(.replicaSets, [rs])
        h.seed(.pods, pods)
        let c = ReplicaSetController(context: h.context)
        _ = try await c.reconcile("default/web")
        #expect(Set(h.api.writes("delete", "pods").map(\.name)) == ["unassigned", "pending", "not-ready"])

        let order = ReplicaSetPodRanking.podsToDelete(pods, related: pods, count: 6).map(OwnerReferences.name)
        #expect(order == ["unassigned", "pending", "not-ready", "ready-recent", "restarts", "ready-old-newer"])
    }

    @Test func doubledUpPodsGoBeforeLonelyOnes() {
        let rs = F.replicaSet()
        let a = F.pod("alone", owner: rs, node: "n1")
        let b = F.pod("crowded", owner: rs, node: "n2")
        let sibling = F.pod("sibling", owner: rs, node: "n2")
        let order = ReplicaSetPodRanking.podsToDelete([a, b], related: [a, b, sibling], count: 1).map(OwnerReferences.name)
        #expect(order == ["crowded"])
    }

    @Test func adoptsMatchingOrphansAndReleasesPodsThatStoppedMatching() async throws {
        let h = TestHarness()
        let rs = F.replicaSet(replicas: 1)
        var other = F.replicaSet("other")
        other[path: ["metadata", "uid"]] = "uid-other"
        h.seed(.replicaSets, [rs])
        h.seed(.pods, [
            F.pod("orphan", owner: nil),
            F.pod("relabelled", labels: ["app": "db"], owner: rs),
            F.pod("someone-elses", owner: other),
        ])
        let c = ReplicaSetController(context: h.context)
        _ = try await c.reconcile("default/web")

        let patches = Dictionary(uniqueKeysWithValues: h.api.writes("patch", "pods").map { ($0.name, $0.body) })
        #expect(patches.keys.sorted() == ["orphan", "relabelled"])
        let adopted = try #require(patches["orphan"] ?? nil)
        #expect(adopted[path: ["metadata", "ownerReferences"]]?.arrayValue?.first?["uid"] == "uid-web")
        #expect(adopted[path: ["metadata", "resourceVersion"]] == "20")  // optimistic lock
        let released = try #require(patches["relabelled"] ?? nil)
        #expect(released[path: ["metadata", "ownerReferences"]] == .null)
        // The adopted orphan is the one replica: nothing created or deleted.
        #expect(h.api.writes("create", "pods").isEmpty && h.api.writes("delete", "pods").isEmpty)
    }

    @Test func noAdoptionByAReplicaSetBeingDeleted() async throws {
        let h = TestHarness()
        var rs = F.replicaSet(replicas: 1)
        rs[path: ["metadata", "deletionTimestamp"]] = F.stamp(0)
        h.seed(.replicaSets, [rs])
        h.seed(.pods, [F.pod("orphan", owner: nil)])
        _ = try await ReplicaSetController(context: h.context).reconcile("default/web")
        #expect(h.api.writes("patch", "pods").isEmpty && h.api.writes("create", "pods").isEmpty)
    }

    @Test func statusCountsReadyAvailableAndFullyLabelledPods() async throws {
        let h = TestHarness()
        let rs = F.replicaSet(replicas: 3, minReadySeconds: 10, templateLabels: ["app": "web", "tier": "fe"], generation: 4)
        h.seed(.replicaSets, [rs])
        h.seed(.pods, [
            F.pod("available", labels: ["app": "web", "tier": "fe"], owner: rs, readySince: -20),
            F.pod("warming-up", labels: ["app": "web", "tier": "fe"], owner: rs, readySince: -4),
            F.pod("not-ready", labels: ["app": "web"], owner: rs, readySince: nil),
            F.pod("finished", labels: ["app": "web", "tier": "fe"], owner: rs, phase: "Succeeded"),
        ])
        let result = try await ReplicaSetController(context: h.context).reconcile("default/web")
        let status = try #require(h.api.writes("update", "replicasets/status").first?.body?["status"])
        #expect(status == ["replicas": 3, "fullyLabeledReplicas": 2, "readyReplicas": 2, "availableReplicas": 1, "observedGeneration": 4])
        // The warming-up pod becomes available 6 s from now.
        #expect(result == .requeue(after: .seconds(6)))
        #expect(h.api.writes("create", "pods").isEmpty)
    }

    @Test func unchangedStatusIsNotWritten() async throws {
        let h = TestHarness()
        var rs = F.replicaSet(replicas: 1)
        rs["status"] = ["replicas": 1, "fullyLabeledReplicas": 1, "readyReplicas": 1, "availableReplicas": 1, "observedGeneration": 1]
        h.seed(.replicaSets, [rs])
        h.seed(.pods, [F.pod("p", owner: rs)])
        _ = try await ReplicaSetController(context: h.context).reconcile("default/web")
        #expect(h.api.actions.isEmpty)
    }

    @Test func podEventsMapToTheOwnerOrToMatchingReplicaSets() {
        let h = TestHarness()
        let rs = F.replicaSet()
        h.cache(.replicaSets).put(rs)
        let c = ReplicaSetController(context: h.context)
        let events = c.sources[1]
        #expect(events.keys(.added(F.pod("a", owner: rs))) == ["default/web"])
        #expect(events.keys(.added(F.pod("b", owner: nil))) == ["default/web"])
        #expect(events.keys(.added(F.pod("c", labels: ["app": "db"], owner: nil))) == [])
        var stale = F.replicaSet()
        stale[path: ["metadata", "uid"]] = "uid-previous-incarnation"
        #expect(events.keys(.added(F.pod("d", owner: stale))) == [])
    }
}
