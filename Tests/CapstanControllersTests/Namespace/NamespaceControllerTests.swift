import CapstanAPI
import CapstanClient
import Foundation
import Testing
@testable import CapstanControllers

@Suite struct NamespaceControllerTests {
    static func namespace(_ name: String, terminating: Bool = true) -> JSONValue {
        var ns: JSONValue = [
            "apiVersion": "v1", "kind": "Namespace",
            "metadata": ["name": .string(name), "uid": .string("u-\(name)"), "resourceVersion": "5"],
            "spec": ["finalizers": ["kubernetes"]], "status": ["phase": "Active"],
        ]
        if terminating {
            ns[path: ["metadata", "deletionTimestamp"]] = "2027-01-15T08:00:00Z"
            ns[path: ["status", "phase"]] = "Terminating"
        }
        return ns
    }

    static func object(_ kind: String, _ name: String, ns: String, finalizers: [String]? = nil) -> JSONValue {
        var meta: JSONValue = ["name": .string(name), "namespace": .string(ns), "uid": .string("u-\(name)")]
        if let finalizers {
            meta["deletionTimestamp"] = "2027-01-15T08:00:00Z"
            meta["finalizers"] = .array(finalizers.map { .string($0) })
        }
        return ["apiVersion": "v1", "kind": .string(kind), "metadata": meta]
    }

    static func condition(_ ns: JSONValue?, _ type: String) -> JSONValue? {
        ns?[path: ["status", "conditions"]]?.arrayValue?.first { $0["type"]?.stringValue == type }
    }

    @Test func contentIsDeletedThenTheNamespaceIsFinalized() async throws {
        let h = DiscoveryHarness()
        h.seed(.namespaces, [Self.namespace("doomed")])
        h.api.seed("pods", [Self.object("Pod", "p1", ns: "doomed"), Self.object("Pod", "p2", ns: "doomed")])
        h.api.seed("configmaps", [Self.object("ConfigMap", "c1", ns: "doomed")])
        h.api.seed("pods", [Self.object("Pod", "bystander", ns: "default")])
        let c = NamespaceController(context: h.context)

        #expect(try await c.reconcile("doomed") == .done)
        let writes = h.api.actions.map(\.description)
        #expect(Set(writes.prefix(3)) == ["delete pods doomed/p1", "delete pods doomed/p2", "delete configmaps doomed/c1"])
        #expect(Array(writes.dropFirst(3)) == ["update namespaces/status doomed", "update namespaces/finalize doomed"])
        #expect(h.api.writes("delete", "pods").first?.body?["propagationPolicy"] == "Background")
        // The status said everything is gone; finalize emptied spec.finalizers and the server removed it.
        let status = h.api.writes("update", "namespaces/status").first?.body
        #expect(Self.condition(status, "NamespaceContentRemaining")?["reason"] == "ContentRemoved")
        #expect(Self.condition(status, "NamespaceContentRemaining")?["status"] == "False")
        #expect(status?[path: ["status", "conditions"]]?.arrayValue?.count == 5)
        #expect(h.api.writes("update", "namespaces/finalize").first?.body?[path: ["spec", "finalizers"]] == .array([]))
        #expect(h.api.object("namespaces", "", "doomed") == nil)
        #expect(h.api.object("pods", "default", "bystander") != nil)
    }

    @Test func remainingContentIsReportedInConditionsAndRetriedWithGrowingDelay() async throws {
        let h = DiscoveryHarness()
        h.seed(.namespaces, [Self.namespace("slow")])
        // Pods already terminating and held by a finalizer: they stay.
        h.api.seed("pods", [
            Self.object("Pod", "p1", ns: "slow", finalizers: ["example.com/hold"]),
            Self.object("Pod", "p2", ns: "slow", finalizers: ["example.com/hold"]),
        ])
        let c = NamespaceController(context: h.context)

        #expect(try await c.reconcile("slow") == .requeue(after: .seconds(1)))
        #expect(h.api.writes("delete", "pods").isEmpty)
        #expect(h.api.writes("update", "namespaces/finalize").isEmpty)
        let status = h.api.object("namespaces", "", "slow")
        let remaining = Self.condition(status, "NamespaceContentRemaining")
        #expect(remaining?["status"] == "True")
        #expect(remaining?["reason"] == "SomeResourcesRemain")
        #expect(remaining?["message"] == "Some resources are remaining: pods. has 2 resource instances")
        let finalizers = Self.condition(status, "NamespaceFinalizersRemaining")
        #expect(finalizers?["reason"] == "SomeFinalizersRemain")
        #expect(finalizers?["message"] == "Some content in the namespace has finalizers remaining: example.com/hold in 2 resource instances")
        #expect(Self.condition(status, "NamespaceDeletionDiscoveryFailure")?["reason"] == "ResourcesDiscovered")
        #expect(Self.condition(status, "NamespaceDeletionContentFailure")?["reason"] == "ContentDeleted")

        // Unchanged conditions are not written again; the delay grows.
        h.cache(.namespaces).put(status!)
        h.api.clearActions()
        #expect(try await c.reconcile("slow") == .requeue(after: .seconds(2)))
        #expect(h.api.writes("update", "namespaces/status").isEmpty)
    }

    @Test func activeNamespaceIsLeftAlone() async throws {
        let h = DiscoveryHarness()
        h.seed(.namespaces, [Self.namespace("live", terminating: false)])
        h.api.seed("pods", [Self.object("Pod", "p1", ns: "live")])
        #expect(try await NamespaceController(context: h.context).reconcile("live") == .done)
        #expect(h.api.actions.isEmpty)
    }

    @Test func conditionsFollowKubernetesWording() {
        var report = NamespaceDeletionReport()
        report.discoveryFailures = ["metrics.k8s.io/v1beta1": "503 ServiceUnavailable: down"]
        report.deleteFailures = ["widgets.example.com": "403 Forbidden: no"]
        let cs = NamespaceConditions.conditions(for: report)
        #expect(cs.map(\.reason) == ["DiscoveryFailed", "ParsedGroupVersions", "ContentDeletionFailed", "ContentRemoved", "ContentHasNoFinalizers"])
        #expect(cs[2].message == "Failed to delete all resource types, 1 remaining: widgets.example.com: 403 Forbidden: no")
    }
}
