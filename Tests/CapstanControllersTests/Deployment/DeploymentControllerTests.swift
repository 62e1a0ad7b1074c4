import CapstanAPI
import CapstanClient
import Foundation
import Testing
@testable import CapstanControllers

@Suite struct DeploymentControllerTests {
    typealias F = DeploymentFixtures

    func events(_ h: TestHarness) -> [String] { h.api.writes("create", "events").compactMap { $0.body?["message"]?.stringValue } }
    func rsUpdates(_ h: TestHarness) -> [String: Int64] {
        var sizes: [String: Int64] = [:]
        for a in h.api.writes("update", "replicasets") { sizes[a.name] = a.body?[path: ["spec", "replicas"]]?.intValue }
        return sizes
    }
    /// What the fake server now holds for `name`, with `available` of its
    /// replicas ready (the ReplicaSet controller's and kubelet's part), put
    /// back into the cache for the next sync.
    func settle(_ h: TestHarness, _ name: String, available: Int64? = nil) throws {
        var rs = try #require(h.api.object("replicasets", "default", name))
        let replicas = rs[path: ["spec", "replicas"]]?.intValue ?? 0
        rs["status"] = [
            "replicas": .int(replicas), "readyReplicas": .int(available ?? replicas), "availableReplicas": .int(available ?? replicas),
            "observedGeneration": 1,
        ]
        h.seed(.replicaSets, [rs])
    }

    /// kubectl 1.32's rollout status verdict for a Deployment.
    func rolloutStatusDone(_ d: JSONValue) -> Bool {
        let s = d["status"] ?? .emptyObject
        func n(_ k: String) -> Int64 { s[k]?.intValue ?? 0 }
        guard (d[path: ["metadata", "generation"]]?.intValue ?? 0) <= n("observedGeneration") else { return false }
        return n("updatedReplicas") >= (d[path: ["spec", "replicas"]]?.intValue ?? 1) && n("replicas") <= n("updatedReplicas")
            && n("availableReplicas") >= n("updatedReplicas")
    }

    @Test func firstReplicaSetIsNamedByTheTemplateHashAtRevisionOne() async throws {
        let h = TestHarness()
        h.seed(.deployments, [F.deployment(replicas: 3)])
        let result = try await DeploymentController(context: h.context).reconcile("default/web")

        let rs = try #require(h.api.writes("create", "replicasets").first?.body)
        let hash = F.hash("nginx:1")
        #expect(OwnerReferences.name(rs) == "web-\(hash)")
        #expect(hash.allSatisfy { "bcdfghjklmnpqrstvwxz2456789".contains($0) })
        #expect(rs[path: ["metadata", "labels", "pod-template-hash"]] == .string(hash))
        #expect(rs[path: ["spec", "selector", "matchLabels"]] == ["app": "web", "pod-template-hash": .string(hash)])
        #expect(rs[path: ["spec", "template", "metadata", "labels", "pod-template-hash"]] == .string(hash))
        #expect(rs[path: ["spec", "replicas"]] == 3)
        let annotations = rs[path: ["metadata", "annotations"]]
        #expect(annotations?["deployment.kubernetes.io/revision"] == "1")
        #expect(annotations?["deployment.kubernetes.io/desired-replicas"] == "3")
        #expect(annotations?["deployment.kubernetes.io/max-replicas"] == "4")
        #expect(annotations?["kubernetes.io/change-cause"] == "test")
        #expect(OwnerReferences.controller(of: rs)?.uid == "uid-deploy")
        #expect(events(h) == ["Scaled up replica set web-\(hash) from 0 to 3"])

        let status = try #require(h.api.writes("update", "deployments/status").first?.body?["status"])
        #expect(DeploymentStatusCalculator.get(status, "Progressing")?["reason"] == "NewReplicaSetCreated")
        #expect(DeploymentStatusCalculator.get(status, "Available")?["reason"] == "MinimumReplicasUnavailable")
        let revision = try #require(h.api.writes("patch", "deployments").first?.body)
        #expect(revision == ["metadata": ["annotations": ["deployment.kubernetes.io/revision": "1"]]])
        #expect(result == .requeue(after: .seconds(600)))
    }

    @Test func rollingUpdateRespectsMaxSurgeAndMaxUnavailableAtEveryStep() async throws {
        let h = TestHarness()
        let d = F.deployment(replicas: 4, image: "nginx:2", strategy: F.rolling(1, 1))
        h.seed(.deployments, [d])
        h.seed(.replicaSets, [F.replicaSet(of: d, image: "nginx:1", replicas: 4, revision: 1, desired: 4, max: 5)])
        let c = DeploymentController(context: h.context)
        let old = F.rsName("nginx:1"), new = F.rsName("nginx:2")

        // 1: the new set gets the one surge pod; one old pod may go (4 available, 3 needed).
        _ = try await c.reconcile("default/web")
        #expect(h.api.writes("create", "replicasets").first?.body?[path: ["spec", "replicas"]] == 1)
        #expect(rsUpdates(h) == [old: 3])
        try settle(h, old)
        try settle(h, new, available: 0)

        // 2: room under the surge again (3 + 1 < 5): the new set grows.
        h.api.clearActions()
        _ = try await c.reconcile("default/web")
        #expect(rsUpdates(h) == [new: 2])
        try settle(h, new, available: 0)

        // 3: 5 pods, 2 of them unavailable: nothing may move until new pods are available.
        h.api.clearActions()
        _ = try await c.reconcile("default/web")
        #expect(rsUpdates(h).isEmpty)

        // 4: the new pods are available: old ones can go down to keep 3 available.
        try settle(h, new)
        h.api.clearActions()
        _ = try await c.reconcile("default/web")
        #expect(rsUpdates(h) == [old: 1])
        #expect(events(h) == ["Scaled down replica set \(old) from 3 to 1"])
    }

    @Test func recreateScalesOldSetsToZeroBeforeCreatingTheNewOne() async throws {
        let h = TestHarness()
        let d = F.deployment(replicas: 3, image: "nginx:2", strategy: ["type": "Recreate"])
        h.seed(.deployments, [d])
        h.seed(.replicaSets, [F.replicaSet(of: d, image: "nginx:1", replicas: 3, revision: 1, max: 3)])
        let c = DeploymentController(context: h.context)
        _ = try await c.reconcile("default/web")
        #expect(rsUpdates(h) == [F.rsName("nginx:1"): 0])
        #expect(h.api.writes("create", "replicasets").isEmpty)

        // Old pods still reported: keep waiting.
        try settle(h, F.rsName("nginx:1"), available: 0)
        var stillRunning = try #require(h.cache(.replicaSets).get("default/\(F.rsName("nginx:1"))"))
        stillRunning[path: ["status", "replicas"]] = 2
        h.seed(.replicaSets, [stillRunning])
        h.api.clearActions()
        _ = try await c.reconcile("default/web")
        #expect(h.api.writes("create", "replicasets").isEmpty)

        try settle(h, F.rsName("nginx:1"))
        h.api.clearActions()
        _ = try await c.reconcile("default/web")
        let created = try #require(h.api.writes("create", "replicasets").first?.body)
        #expect(OwnerReferences.name(created) == F.rsName("nginx:2") && created[path: ["spec", "replicas"]] == 3)
        #expect(created[path: ["metadata", "annotations", "deployment.kubernetes.io/revision"]] == "2")
    }

    @Test func pausedDeploymentDoesNotRollOutButStillScales() async throws {
        let h = TestHarness()
        let d = F.deployment(replicas: 3, image: "nginx:2", paused: true)
        h.seed(.deployments, [d])
        h.seed(.replicaSets, [F.replicaSet(of: d, image: "nginx:1", replicas: 3, revision: 1)])
        let c = DeploymentController(context: h.context)
        _ = try await c.reconcile("default/web")
        #expect(h.api.writes("create", "replicasets").isEmpty && rsUpdates(h).isEmpty)
        let status = try #require(h.api.writes("update", "deployments/status").first?.body?["status"])
        #expect(DeploymentStatusCalculator.get(status, "Progressing")?["reason"] == "DeploymentPaused")
        #expect(DeploymentStatusCalculator.get(status, "Progressing")?["status"] == "Unknown")

        let h2 = TestHarness()
        let scaled = F.deployment(replicas: 5, image: "nginx:2", paused: true)
        h2.seed(.deployments, [scaled])
        h2.seed(.replicaSets, [F.replicaSet(of: scaled, image: "nginx:1", replicas: 3, revision: 1)])
        _ = try await DeploymentController(context: h2.context).reconcile("default/web")
        #expect(h2.api.writes("create", "replicasets").isEmpty)
        let update = try #require(h2.api.writes("update", "replicasets").first?.body)
        #expect(update[path: ["spec", "replicas"]] == 5)
        #expect(update[path: ["metadata", "annotations", "deployment.kubernetes.io/desired-replicas"]] == "5")
        #expect(update[path: ["metadata", "annotations", "deployment.kubernetes.io/max-replicas"]] == "7")
        #expect(events(h2) == ["Scaled up replica set \(F.rsName("nginx:1")) from 3 to 5"])
    }

    @Test func replicasChangeMidRolloutIsSpreadProportionally() async throws {
        // Kubernetes' documented example: 10 replicas, maxSurge 3, mid-rollout
        // at 8 old + 5 new, scaled to 15: 3 more old, 2 more new.
        let h = TestHarness()
        let d = F.deployment(replicas: 15, image: "nginx:2", strategy: F.rolling(3, 2))
        h.seed(.deployments, [d])
        h.seed(.replicaSets, [
            F.replicaSet(of: d, image: "nginx:1", replicas: 8, revision: 1, desired: 10, max: 13, created: -7200),
            F.replicaSet(of: d, image: "nginx:2", replicas: 5, available: 0, revision: 2, desired: 10, max: 13),
        ])
        _ = try await DeploymentController(context: h.context).reconcile("default/web")
        #expect(rsUpdates(h) == [F.rsName("nginx:1"): 11, F.rsName("nginx:2"): 7])
        for update in h.api.writes("update", "replicasets") {
            #expect(update.body?[path: ["metadata", "annotations", "deployment.kubernetes.io/desired-replicas"]] == "15")
            #expect(update.body?[path: ["metadata", "annotations", "deployment.kubernetes.io/max-replicas"]] == "18")
        }
    }

    @Test func proportionalScalingMatchesKubernetesArithmetic() {
        let d = F.deployment()
        func rs(_ image: String, _ n: Int64, max: Int64, created: TimeInterval) -> DeploymentReplicaSet {
            DeploymentReplicaSet(object: F.replicaSet(of: d, image: image, replicas: n, revision: 1, max: max, created: created))
        }
        func sizes(_ sets: [DeploymentReplicaSet], replicas: Int, surge: Int) -> [String: Int] {
            Dictionary(uniqueKeysWithValues: DeploymentProportionalScaling.newSizes(
                sets, replicas: replicas, maxSurge: surge, statusReplicas: 0).map { ($0.set.name, $0.size) })
        }
        let old = rs("nginx:1", 8, max: 13, created: -200), new = rs("nginx:2", 5, max: 13, created: -100)
        // Down from 10 to 5 (surge 3): 13 → 8, old loses 3, new 2.
        #expect(sizes([old, new], replicas: 5, surge: 3) == [old.name: 5, new.name: 3])
        // To zero: everything goes.
        #expect(sizes([old, new], replicas: 0, surge: 3) == [old.name: 0, new.name: 0])
        // Equal sizes, one to add: rounding gives nobody a share; the leftover goes to the newest.
        let a = rs("a", 2, max: 6, created: -300), b = rs("b", 2, max: 6, created: -200), c = rs("c", 2, max: 6, created: -100)
        #expect(sizes([a, b, c], replicas: 7, surge: 0) == [a.name: 2, b.name: 2, c.name: 3])
        // Equal sizes, one to remove: the oldest gives it up.
        #expect(sizes([a, b, c], replicas: 5, surge: 0) == [a.name: 1, b.name: 2, c.name: 2])
    }

    @Test func oldRevisionsBeyondTheHistoryLimitAreDeleted() async throws {
        let h = TestHarness()
        let complete: JSONValue = ["observedGeneration": 1, "replicas": 3, "updatedReplicas": 3, "readyReplicas": 3, "availableReplicas": 3]
        let d = F.deployment(replicas: 3, image: "nginx:4", revisionHistoryLimit: 1, status: complete)
        h.seed(.deployments, [d])
        h.seed(.replicaSets, [
            F.replicaSet(of: d, image: "nginx:1", replicas: 0, revision: 1, created: -4000),
            F.replicaSet(of: d, image: "nginx:2", replicas: 0, revision: 2, created: -3000),
            F.replicaSet(of: d, image: "nginx:3", replicas: 0, revision: 3, created: -2000),
            F.replicaSet(of: d, image: "nginx:4", replicas: 3, revision: 4, created: -1000),
        ])
        _ = try await DeploymentController(context: h.context).reconcile("default/web")
        #expect(Set(h.api.writes("delete", "replicasets").map(\.name)) == [F.rsName("nginx:1"), F.rsName("nginx:2")])
    }

    @Test func rollingBackReusesTheOldReplicaSetUnderANewRevision() async throws {
        // What `kubectl rollout undo` leaves: the template of revision 1 back on the Deployment.
        let h = TestHarness()
        let d = F.deployment(replicas: 3, image: "nginx:1")
        h.seed(.deployments, [d])
        h.seed(.replicaSets, [
            F.replicaSet(of: d, image: "nginx:1", replicas: 0, revision: 1, created: -7000),
            F.replicaSet(of: d, image: "nginx:2", replicas: 3, revision: 2),
        ])
        _ = try await DeploymentController(context: h.context).reconcile("default/web")
        #expect(h.api.writes("create", "replicasets").isEmpty)
        let first = try #require(h.api.writes("update", "replicasets").first { $0.name == F.rsName("nginx:1") }?.body)
        #expect(first[path: ["metadata", "annotations", "deployment.kubernetes.io/revision"]] == "3")
        #expect(first[path: ["metadata", "annotations", "deployment.kubernetes.io/revision-history"]] == "1")
        #expect(rsUpdates(h)[F.rsName("nginx:1")] == 1)  // and the rollout back starts
        let patch = try #require(h.api.writes("patch", "deployments").first?.body)
        #expect(patch[path: ["metadata", "annotations", "deployment.kubernetes.io/revision"]] == "3")
    }

    @Test func completedRolloutSatisfiesKubectlRolloutStatus() async throws {
        let h = TestHarness()
        let d = F.deployment(replicas: 3, image: "nginx:1", generation: 2)
        h.seed(.deployments, [d])
        h.seed(.replicaSets, [F.replicaSet(of: d, image: "nginx:1", replicas: 3, revision: 1)])
        let result = try await DeploymentController(context: h.context).reconcile("default/web")
        let written = try #require(h.api.writes("update", "deployments/status").first?.body)
        let status = try #require(written["status"])
        #expect(status["observedGeneration"] == 2 && status["updatedReplicas"] == 3 && status["availableReplicas"] == 3)
        #expect(status["unavailableReplicas"] == nil)
        #expect(DeploymentStatusCalculator.get(status, "Progressing")?["reason"] == "NewReplicaSetAvailable")
        #expect(DeploymentStatusCalculator.get(status, "Available")?["status"] == "True")
        #expect(rolloutStatusDone(written))
        #expect(result == .done)
    }

    @Test func progressDeadlineExceededOnceTheClockPassesIt() async throws {
        let h = TestHarness()
        let now = F.stamp(0)
        let stuck: JSONValue = [
            "observedGeneration": 1, "replicas": 3, "updatedReplicas": 3, "unavailableReplicas": 3,
            "conditions": [
                ["type": "Available", "status": "False", "reason": "MinimumReplicasUnavailable",
                 "message": "Deployment does not have minimum availability.", "lastUpdateTime": now, "lastTransitionTime": now],
                ["type": "Progressing", "status": "True", "reason": "ReplicaSetUpdated",
                 "message": "ReplicaSet is progressing.", "lastUpdateTime": now, "lastTransitionTime": now],
            ],
        ]
        var d = F.deployment(replicas: 3, image: "nginx:1", progressDeadlineSeconds: 60, status: stuck)
        d[path: ["metadata", "annotations", "deployment.kubernetes.io/revision"]] = "1"
        h.seed(.deployments, [d])
        h.seed(.replicaSets, [F.replicaSet(of: d, image: "nginx:1", replicas: 3, available: 0, revision: 1)])
        let c = DeploymentController(context: h.context)
        #expect(try await c.reconcile("default/web") == .requeue(after: .seconds(60)))
        #expect(h.api.actions.isEmpty)

        h.clock.advance(by: .seconds(61))
        #expect(try await c.reconcile("default/web") == .done)
        let status = try #require(h.api.writes("update", "deployments/status").first?.body?["status"])
        let progressing = try #require(DeploymentStatusCalculator.get(status, "Progressing"))
        #expect(progressing["status"] == "False" && progressing["reason"] == "ProgressDeadlineExceeded")
        #expect(progressing["message"] == .string("ReplicaSet \"\(F.rsName("nginx:1"))\" has timed out progressing."))
    }

    @Test func hashIsStableIgnoresGoRoundTripNoiseAndMovesWithCollisions() {
        let t = F.template("nginx:1")
        #expect(DeploymentPodTemplateHash.compute(t, collisionCount: nil) == DeploymentPodTemplateHash.compute(t, collisionCount: nil))
        #expect(DeploymentPodTemplateHash.compute(t, collisionCount: nil) != DeploymentPodTemplateHash.compute(t, collisionCount: 1))
        #expect(DeploymentPodTemplateHash.compute(t, collisionCount: 1) != DeploymentPodTemplateHash.compute(t, collisionCount: 2))
        // SafeEncodeString maps each character c to alphanums[c % 27] ("3" is 51 → "7").
        #expect(DeploymentPodTemplateHash.safeEncode("3826002220") == "7d6b446664")
        var roundTripped = t
        roundTripped[path: ["metadata", "creationTimestamp"]] = .null
        roundTripped[path: ["metadata", "labels", "pod-template-hash"]] = "abc"
        roundTripped[path: ["spec", "containers"]] = [["name": "c", "image": "nginx:1", "resources": .emptyObject]]
        #expect(DeploymentPodTemplateHash.equalIgnoringHash(t, roundTripped))
        #expect(!DeploymentPodTemplateHash.equalIgnoringHash(t, F.template("nginx:2")))
    }

    @Test func hashCollisionBumpsCollisionCount() async throws {
        let h = TestHarness()
        let d = F.deployment(replicas: 3, image: "nginx:2")
        h.seed(.deployments, [d])
        // Someone else's set already has the name the new template hashes to.
        var squatter = F.replicaSet(of: d, image: "nginx:1", replicas: 1, revision: 1)
        squatter[path: ["metadata", "name"]] = .string(F.rsName("nginx:2"))
        squatter[path: ["metadata", "ownerReferences"]] = nil
        squatter[path: ["metadata", "labels"]] = ["app": "other"]
        h.api.seed("replicasets", [squatter])
        await #expect(throws: APIStatusError.self) { try await DeploymentController(context: h.context).reconcile("default/web") }
        let status = try #require(h.api.writes("update", "deployments/status").first?.body?["status"])
        #expect(status["collisionCount"] == 1)
    }
}
