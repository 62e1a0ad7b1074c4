import CapstanAPI
import CapstanClient
import Foundation
import Testing
@testable import CapstanControllers

/// Objects for the collector's tests: uid "u-NAME", resourceVersion "1".
enum GCFixtures {
    static func ref(_ kind: String, _ name: String, apiVersion: String = "v1", block: Bool = true, controller: Bool = true) -> JSONValue {
        [
            "apiVersion": .string(apiVersion), "kind": .string(kind), "name": .string(name), "uid": .string("u-\(name)"),
            "controller": .bool(controller), "blockOwnerDeletion": .bool(block),
        ]
    }

    static func object(
        _ kind: String, _ name: String, ns: String? = "default", apiVersion: String = "v1", owners: [JSONValue] = [],
        deleting finalizers: [String]? = nil
    ) -> JSONValue {
        var meta: JSONValue = ["name": .string(name), "uid": .string("u-\(name)"), "resourceVersion": "1"]
        if let ns { meta["namespace"] = .string(ns) }
        if !owners.isEmpty { meta["ownerReferences"] = .array(owners) }
        if let finalizers {
            meta["deletionTimestamp"] = "2027-01-15T08:00:00Z"
            meta["finalizers"] = .array(finalizers.map { .string($0) })
        }
        return ["apiVersion": .string(apiVersion), "kind": .string(kind), "metadata": meta]
    }

    static let rsResource = DiscoveredResource(
        resource: .replicaSets, kind: "ReplicaSet", verbs: ["list", "watch", "delete"])
    static let podResource = DiscoveredResource(resource: .pods, kind: "Pod", verbs: ["list", "watch", "delete"])
    static let cmResource = DiscoveredResource(resource: .configMaps, kind: "ConfigMap", verbs: ["list", "watch", "delete"])
    static let clusterRoleResource = DiscoveredResource(
        resource: APIResource(group: "rbac.authorization.k8s.io", version: "v1", plural: "clusterroles", namespaced: false),
        kind: "ClusterRole", verbs: ["list", "watch", "delete"])
}

/// One collector over the fake server, driven by hand: `observe` plays the
/// informers, `drain` runs the queued attempts once each.
struct GCHarness {
    let h = DiscoveryHarness()
    let gc: GarbageCollector

    init() async throws {
        gc = GarbageCollector(context: h.context)
        let found = try await ResourceDiscovery(client: h.context.client).discover()
        gc.mapper.withLock { $0 = found }
    }

    func seed(_ r: DiscoveredResource, _ objects: [JSONValue]) { h.api.seed(r.resource.plural, objects) }

    func observe(_ r: DiscoveredResource, _ obj: JSONValue, old: JSONValue? = nil) async {
        await gc.observe(obj, old: old, resource: r)
    }

    func observeDeletion(_ obj: JSONValue) async {
        await gc.perform(gc.graph.withLock { $0.observeDeletion(uid: OwnerReferences.uid(obj)) })
    }

    /// Runs queued attempts until both queues are empty (each uid once per queueing).
    @discardableResult
    func drain() async throws -> [String] {
        var processed: [String] = []
        for _ in 0..<50 {
            if await gc.orphanQueue.length > 0, let uid = await gc.orphanQueue.get() {
                processed.append("orphan \(uid)")
                _ = try await gc.attemptToOrphan(uid)
                await gc.orphanQueue.done(uid)
            } else if await gc.deleteQueue.length > 0, let uid = await gc.deleteQueue.get() {
                processed.append("delete \(uid)")
                _ = try await gc.attemptToDelete(uid)
                await gc.deleteQueue.done(uid)
            } else {
                return processed
            }
        }
        return processed
    }

    var writes: [String] { h.api.actions.filter { $0.resource != "events" }.map(\.description) }
}

@Suite struct GarbageCollectorTests {
    typealias F = GCFixtures

    @Test func danglingDependentIsCollectedInTheBackground() async throws {
        let t = try await GCHarness()
        let child = F.object("ConfigMap", "child", owners: [F.ref("ConfigMap", "ghost", block: false, controller: false)])
        t.seed(F.cmResource, [child])
        await t.observe(F.cmResource, child)
        try await t.drain()
        // The owner was looked up (404), so the child was deleted, by uid and resourceVersion.
        #expect(t.writes == ["delete configmaps default/child"])
        let options = t.h.api.writes("delete", "configmaps").first?.body
        #expect(options?["propagationPolicy"] == "Background")
        #expect(options?[path: ["preconditions", "uid"]] == "u-child")
        #expect(options?[path: ["preconditions", "resourceVersion"]] == "1")
    }

    @Test func dependentWithAnExistingOwnerStays() async throws {
        let t = try await GCHarness()
        let owner = F.object("ConfigMap", "owner")
        let child = F.object("ConfigMap", "child", owners: [F.ref("ConfigMap", "owner")])
        t.seed(F.cmResource, [owner, child])
        await t.observe(F.cmResource, child)  // owner not observed yet: virtual, looked up live
        try await t.drain()
        await t.observe(F.cmResource, owner)
        try await t.drain()
        #expect(t.writes.isEmpty)
    }

    @Test func backgroundDeletionOfOwnerCollectsDependentsWithoutLookingTheOwnerUp() async throws {
        let t = try await GCHarness()
        let rs = F.object("ReplicaSet", "rs", apiVersion: "apps/v1")
        let pod = F.object("Pod", "p1", owners: [F.ref("ReplicaSet", "rs", apiVersion: "apps/v1")])
        t.seed(F.podResource, [pod])
        await t.observe(F.rsResource, rs)
        await t.observe(F.podResource, pod)
        try await t.drain()
        #expect(t.writes.isEmpty)
        await t.observeDeletion(rs)  // the server removed it at once (Background)
        #expect(try await t.drain() == ["delete u-p1"])
        #expect(t.writes == ["delete pods default/p1"])
    }

    @Test func foregroundDeletionDeletesDependentsThenRemovesTheFinalizerOnceNoBlockingDependentRemains() async throws {
        let t = try await GCHarness()
        let rsRef = { (block: Bool) in F.ref("ReplicaSet", "rs", apiVersion: "apps/v1", block: block) }
        let rs = F.object("ReplicaSet", "rs", apiVersion: "apps/v1")
        let deleting = F.object("ReplicaSet", "rs", apiVersion: "apps/v1", deleting: ["foregroundDeletion"])
        // p1 blocks and is already terminating (its node agent has not removed it yet).
        let blocking = F.object("Pod", "p1", owners: [rsRef(true)], deleting: [])
        let nonBlocking = F.object("Pod", "p2", owners: [rsRef(false)])
        t.seed(F.rsResource, [deleting])
        t.seed(F.podResource, [blocking, nonBlocking])
        await t.observe(F.rsResource, rs)
        await t.observe(F.podResource, blocking)
        await t.observe(F.podResource, nonBlocking)
        try await t.drain()
        #expect(t.writes.isEmpty)

        // kubectl delete rs rs --cascade=foreground: the server marks it.
        await t.observe(F.rsResource, deleting, old: rs)
        try await t.drain()
        #expect(t.writes == ["delete pods default/p2"])
        #expect(t.h.api.writes("delete", "pods").first?.body?["propagationPolicy"] == "Background")

        // Only the blocking dependent's disappearance releases the owner.
        t.h.api.clearActions()
        await t.observeDeletion(blocking)
        try await t.drain()
        #expect(t.writes == ["patch replicasets default/rs"])
        let patch = t.h.api.writes("patch", "replicasets").first?.body
        #expect(patch?[path: ["metadata", "finalizers"]] == .array([]))
        #expect(patch?[path: ["metadata", "resourceVersion"]] == "1")
        #expect(patch?[path: ["metadata", "uid"]] == "u-rs")
    }

    @Test func foregroundDeletionCascadesInTheForegroundThroughDependentsThatOwnOthers() async throws {
        let t = try await GCHarness()
        let deploy = F.object("Deployment", "d", apiVersion: "apps/v1", deleting: ["foregroundDeletion"])
        let rs = F.object("ReplicaSet", "rs", apiVersion: "apps/v1", owners: [F.ref("Deployment", "d", apiVersion: "apps/v1")])
        let pod = F.object("Pod", "p1", owners: [F.ref("ReplicaSet", "rs", apiVersion: "apps/v1")])
        t.seed(F.rsResource, [rs])
        t.seed(F.podResource, [pod])
        let deployResource = DiscoveredResource(resource: .deployments, kind: "Deployment", verbs: ["list", "watch", "delete"])
        t.seed(deployResource, [deploy])
        await t.observe(F.podResource, pod)
        await t.observe(F.rsResource, rs)
        await t.observe(deployResource, deploy)
        try await t.drain()
        // The ReplicaSet owns pods of its own: it goes in the foreground as well.
        #expect(t.writes.first == "delete replicasets default/rs")
        #expect(t.h.api.writes("delete", "replicasets").first?.body?["propagationPolicy"] == "Foreground")
    }

    @Test func orphanStripsTheOwnerFromDependentsThenRemovesTheFinalizer() async throws {
        let t = try await GCHarness()
        let rs = F.object("ReplicaSet", "rs", apiVersion: "apps/v1", deleting: ["orphan"])
        let other = F.ref("ConfigMap", "keeper", block: false, controller: false)
        let p1 = F.object("Pod", "p1", owners: [F.ref("ReplicaSet", "rs", apiVersion: "apps/v1")])
        let p2 = F.object("Pod", "p2", owners: [F.ref("ReplicaSet", "rs", apiVersion: "apps/v1"), other])
        t.seed(F.rsResource, [rs])
        t.seed(F.cmResource, [F.object("ConfigMap", "keeper")])
        t.seed(F.podResource, [p1, p2])
        await t.observe(F.podResource, p1)
        await t.observe(F.podResource, p2)
        await t.observe(F.rsResource, rs)
        let processed = try await t.drain()
        #expect(processed.first == "orphan u-rs")
        #expect(Array(t.writes.prefix(2)).sorted() == ["patch pods default/p1", "patch pods default/p2"])
        #expect(t.writes.last == "patch replicasets default/rs")
        #expect(t.h.api.object("pods", "default", "p1")?[path: ["metadata", "ownerReferences"]] == nil)
        #expect(t.h.api.object("pods", "default", "p2")?[path: ["metadata", "ownerReferences"]] == [other])
        #expect(t.h.api.object("replicasets", "default", "rs")?[path: ["metadata", "finalizers"]] == .array([]))
        #expect(t.h.api.writes("delete", "pods").isEmpty)
    }

    @Test func crossNamespaceReferenceIsReportedAndStrippedWhileASolidOwnerRemains() async throws {
        let t = try await GCHarness()
        let foreign = F.object("ConfigMap", "owner", ns: "a")
        let local = F.object("ConfigMap", "local", ns: "b")
        let dep = F.object("ConfigMap", "dep", ns: "b", owners: [F.ref("ConfigMap", "owner"), F.ref("ConfigMap", "local", controller: false)])
        t.seed(F.cmResource, [foreign, local, dep])
        await t.observe(F.cmResource, foreign)
        await t.observe(F.cmResource, local)
        await t.observe(F.cmResource, dep)
        try await t.drain()
        #expect(t.h.events == ["OwnerRefInvalidNamespace: ownerRef [v1/ConfigMap, namespace: b, name: owner, uid: u-owner] does not exist in namespace \"b\""])
        #expect(t.writes == ["patch configmaps b/dep"])
        #expect(t.h.api.object("configmaps", "b", "dep")?[path: ["metadata", "ownerReferences"]] == [F.ref("ConfigMap", "local", controller: false)])
    }

    /// Kubernetes looks a namespaced owner up in the dependent's namespace, so
    /// a reference to another namespace's object is absent there: with no
    /// other owner the dependent is collected (after the warning Event).
    @Test func crossNamespaceReferenceAloneIsTreatedAsAbsentAsKubernetesDoes() async throws {
        let t = try await GCHarness()
        let foreign = F.object("ConfigMap", "owner", ns: "a")
        let dep = F.object("ConfigMap", "dep", ns: "b", owners: [F.ref("ConfigMap", "owner")])
        t.seed(F.cmResource, [foreign, dep])
        await t.observe(F.cmResource, foreign)
        await t.observe(F.cmResource, dep)
        try await t.drain()
        #expect(t.h.events.first?.hasPrefix("OwnerRefInvalidNamespace") == true)
        #expect(t.writes == ["delete configmaps b/dep"])
    }

    @Test func clusterScopedDependentOfANamespacedKindIsReportedAndNeverCollected() async throws {
        let t = try await GCHarness()
        let role = F.object("ClusterRole", "cr", ns: nil, apiVersion: "rbac.authorization.k8s.io/v1", owners: [F.ref("ConfigMap", "cm")])
        t.seed(F.clusterRoleResource, [role])
        await t.observe(F.clusterRoleResource, role)
        try await t.drain()
        // The virtual owner (looked for in no namespace) is dropped; the role is kept and reported.
        _ = try await t.gc.attemptToDelete("u-cr")
        #expect(t.writes.isEmpty)
        #expect(t.h.events.contains { $0.hasPrefix("OwnerRefInvalidNamespace: ownerRef [v1/ConfigMap") })
    }
}

@Suite struct ObjectGraphTests {
    typealias F = GCFixtures

    @Test func virtualOwnerIsQueuedOnceAndReplacedWhenObserved() {
        var g = ObjectGraph()
        let child = F.object("ConfigMap", "child", owners: [F.ref("ConfigMap", "owner")])
        #expect(g.observe(child, old: nil, resource: .configMaps, kind: "ConfigMap") == [.attemptToDelete("u-owner")])
        #expect(g["u-owner"]?.observed == false)
        #expect(g.observe(F.object("ConfigMap", "owner"), old: nil, resource: .configMaps, kind: "ConfigMap").isEmpty)
        #expect(g["u-owner"]?.observed == true)
        #expect(g["u-owner"]?.dependents == ["u-child"])
        #expect(g.observeDeletion(uid: "u-owner") == [.attemptToDelete("u-child")])
        #expect(g.isAbsent(uid: "u-owner", namespace: "default"))
    }

    @Test func removingABlockingReferenceWakesAnOwnerDeletingInTheForeground() {
        var g = ObjectGraph()
        let owner = F.object("ConfigMap", "owner", deleting: ["foregroundDeletion"])
        let child = F.object("ConfigMap", "child", owners: [F.ref("ConfigMap", "owner")])
        _ = g.observe(owner, old: nil, resource: .configMaps, kind: "ConfigMap")
        _ = g.observe(child, old: nil, resource: .configMaps, kind: "ConfigMap")
        let released = F.object("ConfigMap", "child")
        #expect(g.observe(released, old: child, resource: .configMaps, kind: "ConfigMap") == [.attemptToDelete("u-owner")])
        #expect(g["u-owner"]?.dependents.isEmpty == true)
    }
}

@Suite struct ResourceDiscoveryTests {
    @Test func preferredVersionsWithoutSubresourcesAndTheCollectorSkipsEvents() async throws {
        let h = DiscoveryHarness()
        let found = try await ResourceDiscovery(client: h.context.client).discover()
        #expect(!found.resources.contains { $0.resource.plural.contains("/") })
        #expect(found.resource(apiVersion: "apps/v1", kind: "ReplicaSet")?.resource == .replicaSets)
        #expect(found.resource(apiVersion: "apps/v1beta2", kind: "ReplicaSet")?.resource == .replicaSets)
        #expect(found.resource(apiVersion: "v1", kind: "Widget") == nil)
        let followed = GarbageCollector.collectable(found).map(\.resource.description)
        #expect(followed.contains("pods") && followed.contains("replicasets.apps") && !followed.contains("events"))
    }
}
