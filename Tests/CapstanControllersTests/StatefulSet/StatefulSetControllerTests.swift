import CapstanAPI
import CapstanClient
import Foundation
import Testing
@testable import CapstanControllers

@Suite struct StatefulSetControllerTests {
    typealias F = StatefulDaemonFixtures

    /// Runs one sync, then lets the caches catch up with what it wrote.
    func sync(_ h: StatefulDaemonHarness, _ c: StatefulSetController, key: String = "default/web") async throws {
        _ = try await c.reconcile(key)
        h.mirror(.statefulSets, .pods, .controllerRevisions, .persistentVolumeClaims)
    }

    @Test func orderedReadyCreatesTheNextOrdinalOnlyWhenThePreviousIsReady() async throws {
        let h = StatefulDaemonHarness()
        h.seed(.statefulSets, [F.statefulSet(replicas: 2)])
        let c = StatefulSetController(context: h.context)
        try await sync(h, c)
        #expect(h.names("create", "pods") == ["web-0"])
        #expect(h.names("create", "controllerrevisions").count == 1)
        let pod = try #require(h.api.object("pods", "default", "web-0"))
        let revision = try #require(h.api.objects("controllerrevisions").first)
        #expect(pod[path: ["metadata", "labels", "controller-revision-hash"]]?.stringValue == OwnerReferences.name(revision))
        #expect(pod[path: ["metadata", "labels", "statefulset.kubernetes.io/pod-name"]] == "web-0")
        #expect(pod[path: ["metadata", "labels", "apps.kubernetes.io/pod-index"]] == "0")
        #expect(pod[path: ["spec", "hostname"]] == "web-0" && pod[path: ["spec", "subdomain"]] == "svc")
        #expect(OwnerReferences.controller(of: pod)?.uid == "uid-web")

        h.api.clearActions()
        h.markRunning("web-0", ready: false)
        try await sync(h, c)
        #expect(h.names("create", "pods").isEmpty)  // web-0 not Ready yet

        h.markRunning("web-0")
        try await sync(h, c)
        #expect(h.names("create", "pods") == ["web-1"])
        let status = try #require(h.api.object("statefulsets", "default", "web")?["status"])
        #expect(status["readyReplicas"] == 1 && status["replicas"] == 2 && status["observedGeneration"] == 1)
        #expect(status["updateRevision"]?.stringValue == OwnerReferences.name(revision))
    }

    @Test func parallelCreatesEveryOrdinalAtOnce() async throws {
        let h = StatefulDaemonHarness()
        h.seed(.statefulSets, [F.statefulSet(replicas: 3, policy: "Parallel")])
        try await sync(h, StatefulSetController(context: h.context))
        #expect(h.names("create", "pods") == ["web-0", "web-1", "web-2"])
    }

    @Test func ordinalsStartWhereSpecSays() async throws {
        let h = StatefulDaemonHarness()
        var set = F.statefulSet(replicas: 2, policy: "Parallel")
        set[path: ["spec", "ordinals", "start"]] = 5
        h.seed(.statefulSets, [set])
        try await sync(h, StatefulSetController(context: h.context))
        #expect(h.names("create", "pods") == ["web-5", "web-6"])
    }

    /// Three ready pods made by the controller itself (Parallel, then the policy restored).
    func threeReadyPods(_ h: StatefulDaemonHarness, _ set: JSONValue) async throws -> StatefulSetController {
        var parallel = set
        parallel[path: ["spec", "podManagementPolicy"]] = "Parallel"
        h.seed(.statefulSets, [parallel])
        let c = StatefulSetController(context: h.context)
        try await sync(h, c)
        for i in 0..<3 { h.markRunning("web-\(i)") }
        h.edit(.statefulSets, "web") { $0[path: ["spec", "podManagementPolicy"]] = set[path: ["spec", "podManagementPolicy"]] }
        try await sync(h, c)
        h.api.clearActions()
        return c
    }

    @Test func scaleDownRemovesTheHighestOrdinalFirstOneAtATime() async throws {
        let h = StatefulDaemonHarness()
        let c = try await threeReadyPods(h, F.statefulSet(replicas: 3))
        h.edit(.statefulSets, "web") { $0[path: ["spec", "replicas"]] = 1 }
        try await sync(h, c)
        #expect(h.names("delete", "pods") == ["web-2"])
        try await sync(h, c)
        #expect(h.names("delete", "pods") == ["web-2", "web-1"])
    }

    @Test func scaleDownWaitsWhileALowerOrdinalIsUnhealthy() async throws {
        let h = StatefulDaemonHarness()
        let c = try await threeReadyPods(h, F.statefulSet(replicas: 3))
        h.edit(.statefulSets, "web") { $0[path: ["spec", "replicas"]] = 1 }
        h.markRunning("web-0", ready: false)
        try await sync(h, c)
        #expect(h.names("delete", "pods").isEmpty)
    }

    @Test func claimsAreCreatedBeforeTheirPodAndOutliveIt() async throws {
        let h = StatefulDaemonHarness()
        h.seed(.statefulSets, [F.statefulSet(replicas: 1, claims: ["data"])])
        let c = StatefulSetController(context: h.context)
        try await sync(h, c)
        let creates = h.api.actions.filter { $0.verb == "create" && $0.resource != "events" }.map(\.description)
        #expect(creates == ["create controllerrevisions default/web-\(revisionHash(h))", "create persistentvolumeclaims default/data-web-0", "create pods default/web-0"])
        let pod = try #require(h.api.object("pods", "default", "web-0"))
        #expect(pod[path: ["spec", "volumes"]]?.arrayValue?.first == ["name": "data", "persistentVolumeClaim": ["claimName": "data-web-0"]])
        let claim = try #require(h.api.object("persistentvolumeclaims", "default", "data-web-0"))
        #expect(claim[path: ["metadata", "labels", "app"]] == "web")
        #expect(claim[path: ["metadata", "ownerReferences"]] == nil)  // Retain

        // The pod goes; its claim stays and is reused by the new pod.
        h.api.clearActions()
        h.vanish(.pods, "web-0")
        try await sync(h, c)
        #expect(h.names("create", "pods") == ["web-0"])
        #expect(h.names("create", "persistentvolumeclaims").isEmpty)
    }

    func revisionHash(_ h: StatefulDaemonHarness) -> String {
        let name = h.api.objects("controllerrevisions").first.map(OwnerReferences.name) ?? ""
        return String(name.dropFirst("web-".count))
    }

    @Test func whenDeletedDeleteMakesTheSetOwnTheClaim() async throws {
        let h = StatefulDaemonHarness()
        h.seed(.statefulSets, [F.statefulSet(replicas: 1, claims: ["data"], whenDeleted: "Delete")])
        try await sync(h, StatefulSetController(context: h.context))
        let claim = try #require(h.api.object("persistentvolumeclaims", "default", "data-web-0"))
        let refs = OwnerReferences.all(of: claim)
        #expect(refs.map(\.kind) == ["StatefulSet"] && refs.first?.uid == "uid-web" && refs.first?.controller == false)
    }

    @Test func whenScaledDeleteGivesTheScaledDownPodsClaimToThePodBeforeDeletingIt() async throws {
        let h = StatefulDaemonHarness()
        let c = try await threeReadyPods(h, F.statefulSet(replicas: 3, claims: ["data"], whenScaled: "Delete"))
        h.edit(.statefulSets, "web") { $0[path: ["spec", "replicas"]] = 2 }
        try await sync(h, c)
        let writes = h.api.actions.filter { $0.resource != "events" }.map(\.description)
        #expect(writes.contains("update persistentvolumeclaims default/data-web-2"))
        #expect(writes.last == "delete pods default/web-2" || writes.dropLast().last == "delete pods default/web-2")
        let claim = try #require(h.api.object("persistentvolumeclaims", "default", "data-web-2"))
        #expect(OwnerReferences.all(of: claim).map(\.name) == ["web-2"])
        #expect(h.api.object("persistentvolumeclaims", "default", "data-web-1")?[path: ["metadata", "ownerReferences"]] == nil)
    }

    @Test func partitionedRollingUpdateReplacesFromTheTopDownToThePartition() async throws {
        let h = StatefulDaemonHarness()
        let c = try await threeReadyPods(h, F.statefulSet(replicas: 3))
        let oldRevision = try #require(h.api.objects("controllerrevisions").first.map(OwnerReferences.name))
        h.edit(.statefulSets, "web") { s in
            s[path: ["spec", "template", "spec", "containers"]] = [["name": "c", "image": "nginx:1.26"]]
            s[path: ["spec", "updateStrategy", "rollingUpdate", "partition"]] = 1
            s[path: ["metadata", "generation"]] = 2
        }
        try await sync(h, c)
        #expect(h.names("delete", "pods") == ["web-2"])
        // The replacement comes from the new revision.
        try await sync(h, c)
        let web2 = try #require(h.api.object("pods", "default", "web-2"))
        #expect(web2[path: ["spec", "containers"]]?.arrayValue?.first?["image"] == "nginx:1.26")
        h.markRunning("web-2")
        try await sync(h, c)
        #expect(h.names("delete", "pods") == ["web-2", "web-1"])
        try await sync(h, c)
        h.markRunning("web-1")
        try await sync(h, c)
        #expect(h.names("delete", "pods") == ["web-2", "web-1"])  // web-0 is below the partition
        let status = try #require(h.api.object("statefulsets", "default", "web")?["status"])
        #expect(status["updatedReplicas"] == 2 && status["currentReplicas"] == 1)
        #expect(status["currentRevision"]?.stringValue == oldRevision)
        #expect(status["updateRevision"]?.stringValue != oldRevision)
        // A pod below the partition is recreated at the current revision.
        h.vanish(.pods, "web-0")
        try await sync(h, c)
        #expect(h.api.object("pods", "default", "web-0")?[path: ["metadata", "labels", "controller-revision-hash"]]?.stringValue == oldRevision)
    }

    @Test func failedPodIsDeletedToBeReplaced() async throws {
        let h = StatefulDaemonHarness()
        let c = try await threeReadyPods(h, F.statefulSet(replicas: 3))
        h.markFailed("web-1")
        try await sync(h, c)
        #expect(h.names("delete", "pods") == ["web-1"])
        try await sync(h, c)
        #expect(h.names("create", "pods") == ["web-1"])
    }

    @Test func rollingUpdateCompletesAndStatusReportsIt() async throws {
        let h = StatefulDaemonHarness()
        let c = try await threeReadyPods(h, F.statefulSet(replicas: 3))
        h.edit(.statefulSets, "web") { $0[path: ["spec", "template", "metadata", "annotations"]] = ["v": "2"] }
        for _ in 0..<12 {
            try await sync(h, c)
            for p in h.api.objects("pods") where Pods.phase(p) != "Running" { h.markRunning(OwnerReferences.name(p)) }
        }
        try await sync(h, c)
        #expect(h.names("delete", "pods") == ["web-2", "web-1", "web-0"])
        let status = try #require(h.api.object("statefulsets", "default", "web")?["status"])
        #expect(status["currentRevision"] == status["updateRevision"] && status["updatedReplicas"] == 3 && status["readyReplicas"] == 3)
    }
}
