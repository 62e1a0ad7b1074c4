import CapstanAPI
import CapstanClient
import Foundation
@testable import CapstanControllers

/// Objects and moves shared by the StatefulSet and DaemonSet tests.
enum StatefulDaemonFixtures {
    static func template(app: String, image: String = "nginx:1.25") -> JSONValue {
        ["metadata": ["labels": ["app": .string(app)]], "spec": ["containers": [["name": "c", "image": .string(image)]]]]
    }

    static func statefulSet(
        _ name: String = "web", replicas: Int64 = 2, policy: String = "OrderedReady", claims: [String] = [],
        partition: Int64 = 0, whenDeleted: String = "Retain", whenScaled: String = "Retain", image: String = "nginx:1.25"
    ) -> JSONValue {
        [
            "apiVersion": "apps/v1", "kind": "StatefulSet",
            "metadata": ["name": .string(name), "namespace": "default", "uid": .string("uid-\(name)"), "generation": 1],
            "spec": [
                "replicas": .int(replicas), "serviceName": "svc", "podManagementPolicy": .string(policy),
                "selector": ["matchLabels": ["app": .string(name)]],
                "template": template(app: name, image: image),
                "updateStrategy": ["type": "RollingUpdate", "rollingUpdate": ["partition": .int(partition)]],
                "revisionHistoryLimit": 10,
                "persistentVolumeClaimRetentionPolicy": ["whenDeleted": .string(whenDeleted), "whenScaled": .string(whenScaled)],
                "volumeClaimTemplates": .array(claims.map { c in
                    ["metadata": ["name": .string(c)], "spec": ["accessModes": ["ReadWriteOnce"], "resources": ["requests": ["storage": "1Gi"]]]]
                }),
            ],
        ]
    }

    static func running(_ pod: JSONValue, ready: Bool = true) -> JSONValue {
        var p = pod
        p[path: ["status", "phase"]] = "Running"
        p[path: ["status", "conditions"]] = [["type": "Ready", "status": .string(ready ? "True" : "False")]]
        return p
    }
}

/// A `TestHarness` with the moves these tests repeat (a wrapper, not an
/// extension, so its names cannot clash with other suites' helpers).
struct StatefulDaemonHarness {
    let base = TestHarness()
    var api: FakeAPI { base.api }
    var clock: ManualClock { base.clock }
    var context: ControllerContext { base.context }
    func cache(_ r: APIResource) -> ObjectCache { base.cache(r) }
    func seed(_ r: APIResource, _ objects: [JSONValue]) { base.seed(r, objects) }

    /// Plays the informers: the caches take what the fake server holds.
    func mirror(_ resources: APIResource...) {
        for r in resources { cache(r).replace(api.objects(r.plural)) }
    }

    /// Plays the node agent: the pod is Running (and Ready).
    func markRunning(_ name: String, ready: Bool = true) {
        guard let pod = api.object("pods", "default", name) else { return }
        seed(.pods, [StatefulDaemonFixtures.running(pod, ready: ready)])
    }

    func markFailed(_ name: String) {
        guard var pod = api.object("pods", "default", name) else { return }
        pod[path: ["status", "phase"]] = "Failed"
        seed(.pods, [pod])
    }

    /// Names written by `verb` on `resource`, in order.
    func names(_ verb: String, _ resource: String) -> [String] { api.writes(verb, resource).map(\.name) }

    /// Replaces the object in both the fake server and the cache.
    func edit(_ r: APIResource, _ name: String, _ change: (inout JSONValue) -> Void) {
        guard var o = api.object(r.plural, r.namespaced ? "default" : "", name) else { return }
        change(&o)
        seed(r, [o])
    }

    /// Someone else (a user, the garbage collector) removed the object.
    func vanish(_ r: APIResource, _ name: String) {
        let ns = r.namespaced ? "default" : ""
        api.state.withLock { _ = $0.objects.removeValue(forKey: "\(r.plural)/\(ns)/\(name)") }
        cache(r).remove(r.namespaced ? "default/\(name)" : name)
    }
}
