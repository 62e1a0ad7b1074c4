import CapstanAPI
import Foundation
@testable import CapstanControllers

/// Deployments and the ReplicaSets they own, as the API server would
/// return them (defaults applied), for one-call reconcile tests.
enum DeploymentFixtures {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static func stamp(_ offset: TimeInterval) -> JSONValue { .string(Time(now.addingTimeInterval(offset)).rfc3339) }

    static func template(_ image: String) -> JSONValue {
        ["metadata": ["labels": ["app": "web"]], "spec": ["containers": [["name": "c", "image": .string(image)]]]]
    }

    static func rolling(_ surge: JSONValue = "25%", _ unavailable: JSONValue = "25%") -> JSONValue {
        ["type": "RollingUpdate", "rollingUpdate": ["maxSurge": surge, "maxUnavailable": unavailable]]
    }

    static func deployment(
        replicas: Int64 = 3, image: String = "nginx:1", strategy: JSONValue = rolling(), generation: Int64 = 1,
        progressDeadlineSeconds: Int64 = 600, revisionHistoryLimit: Int64 = 10, paused: Bool = false,
        status: JSONValue = .emptyObject
    ) -> JSONValue {
        [
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": [
                "name": "web", "namespace": "default", "uid": "uid-deploy", "resourceVersion": "5", "generation": .int(generation),
                "creationTimestamp": stamp(-7200), "annotations": ["kubernetes.io/change-cause": "test"],
            ],
            "spec": [
                "replicas": .int(replicas), "selector": ["matchLabels": ["app": "web"]], "template": template(image),
                "strategy": strategy, "revisionHistoryLimit": .int(revisionHistoryLimit),
                "progressDeadlineSeconds": .int(progressDeadlineSeconds), "paused": .bool(paused),
            ],
            "status": status,
        ]
    }

    static func hash(_ image: String) -> String { DeploymentPodTemplateHash.compute(template(image), collisionCount: nil) }
    static func rsName(_ image: String) -> String { "web-\(hash(image))" }

    /// A ReplicaSet of `deployment` for `image`, with `available` of its
    /// replicas ready and available, sized for `desired` (the Deployment's
    /// replicas when it was last scaled) and `max` (desired + surge).
    static func replicaSet(
        of deployment: JSONValue, image: String, replicas: Int64, available: Int64? = nil, revision: Int,
        desired: Int64 = 3, max: Int64 = 4, created: TimeInterval = -3600
    ) -> JSONValue {
        let h = hash(image)
        var t = template(image)
        t[path: ["metadata", "labels", "pod-template-hash"]] = .string(h)
        let avail = available ?? replicas
        func count(_ n: Int64) -> JSONValue? { n == 0 ? nil : .int(n) }
        var status: JSONValue = ["replicas": .int(replicas), "observedGeneration": 1]
        status["readyReplicas"] = count(avail)
        status["availableReplicas"] = count(avail)
        return [
            "apiVersion": "apps/v1", "kind": "ReplicaSet",
            "metadata": [
                "name": .string("web-\(h)"), "namespace": "default", "uid": .string("uid-\(image)"), "resourceVersion": "7",
                "generation": 1, "creationTimestamp": stamp(created), "labels": ["app": "web", "pod-template-hash": .string(h)],
                "ownerReferences": [OwnerReferences.controllerRef(to: deployment, apiVersion: "apps/v1", kind: "Deployment")],
                "annotations": [
                    "kubernetes.io/change-cause": "test",
                    "deployment.kubernetes.io/revision": .string(String(revision)),
                    "deployment.kubernetes.io/desired-replicas": .string(String(desired)),
                    "deployment.kubernetes.io/max-replicas": .string(String(max)),
                ],
            ],
            "spec": [
                "replicas": .int(replicas), "selector": ["matchLabels": ["app": "web", "pod-template-hash": .string(h)]],
                "template": t,
            ],
            "status": status,
        ]
    }
}
