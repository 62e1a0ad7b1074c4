import CapstanAPI
import Foundation
@testable import CapstanControllers

/// ReplicaSets and pods for one-call reconcile tests, timed against the
/// harness's ManualClock start.
enum ReplicaSetFixtures {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func stamp(_ offset: TimeInterval) -> JSONValue { .string(Time(now.addingTimeInterval(offset)).rfc3339) }

    static func labels(_ l: [String: String]) -> JSONValue { .object(l.mapValues { .string($0) }) }

    static func replicaSet(
        _ name: String = "web", replicas: Int64 = 3, minReadySeconds: Int64 = 0, selector: [String: String] = ["app": "web"],
        templateLabels: [String: String] = ["app": "web"], generation: Int64 = 1
    ) -> JSONValue {
        var rs: JSONValue = [
            "apiVersion": "apps/v1", "kind": "ReplicaSet",
            "metadata": [
                "name": .string(name), "namespace": "default", "uid": .string("uid-\(name)"), "resourceVersion": "10",
                "generation": .int(generation), "creationTimestamp": stamp(-3600),
            ],
            "spec": [
                "replicas": .int(replicas), "selector": ["matchLabels": labels(selector)],
                "template": [
                    "metadata": ["labels": labels(templateLabels)],
                    "spec": ["containers": [["name": "c", "image": "nginx"]]],
                ],
            ],
        ]
        if minReadySeconds > 0 { rs[path: ["spec", "minReadySeconds"]] = .int(minReadySeconds) }
        return rs
    }

    /// A pod; `owner` nil makes an orphan. `readySince` is an offset from
    /// now (nil: not ready).
    static func pod(
        _ name: String, labels l: [String: String] = ["app": "web"], owner: JSONValue?, phase: String = "Running",
        node: String? = "node-1", readySince: TimeInterval? = -600, restarts: Int64 = 0, created: TimeInterval = -1000
    ) -> JSONValue {
        var meta: [String: JSONValue] = [
            "name": .string(name), "namespace": "default", "uid": .string("uid-\(name)"), "resourceVersion": "20",
            "labels": labels(l), "creationTimestamp": stamp(created),
        ]
        if let owner {
            meta["ownerReferences"] = [OwnerReferences.controllerRef(to: owner, apiVersion: "apps/v1", kind: owner["kind"]?.stringValue ?? "ReplicaSet")]
        }
        var pod: JSONValue = [
            "apiVersion": "v1", "kind": "Pod", "metadata": .object(meta),
            "spec": ["containers": [["name": "c", "image": "nginx"]]],
            "status": ["phase": .string(phase), "containerStatuses": [["name": "c", "restartCount": .int(restarts)]]],
        ]
        if let node { pod[path: ["spec", "nodeName"]] = .string(node) }
        let ready: JSONValue = readySince == nil ? "False" : "True"
        pod[path: ["status", "conditions"]] = [
            ["type": "Ready", "status": ready, "lastTransitionTime": stamp(readySince ?? -1000)]
        ]
        return pod
    }
}
