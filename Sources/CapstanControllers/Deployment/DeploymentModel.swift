import CapstanAPI
import Foundation

/// The Deployment fields the controller reads, over the cached JSON (the
/// API server has applied the defaults: replicas, strategy, 25%/25%,
/// revisionHistoryLimit 10, progressDeadlineSeconds 600).
struct DeploymentObject: Sendable {
    enum Strategy: Sendable, Equatable {
        case recreate
        case rollingUpdate(maxSurge: IntOrString, maxUnavailable: IntOrString)
    }

    var object: JSONValue

    var name: String { OwnerReferences.name(object) }
    var namespace: String { OwnerReferences.namespace(object) }
    var uid: String { OwnerReferences.uid(object) }
    var generation: Int64 { object[path: ["metadata", "generation"]]?.intValue ?? 0 }
    var replicas: Int { Int(object[path: ["spec", "replicas"]]?.intValue ?? 1) }
    var minReadySeconds: Int64 { object[path: ["spec", "minReadySeconds"]]?.intValue ?? 0 }
    var paused: Bool { object[path: ["spec", "paused"]]?.boolValue ?? false }
    var template: JSONValue { object[path: ["spec", "template"]] ?? .emptyObject }
    var selector: JSONValue { object[path: ["spec", "selector"]] ?? .null }
    var annotations: [String: String] {
        (object[path: ["metadata", "annotations"]]?.objectValue ?? [:]).compactMapValues(\.stringValue)
    }
    var revisionHistoryLimit: Int? { object[path: ["spec", "revisionHistoryLimit"]]?.intValue.map { Int($0) } }
    /// nil, or MaxInt32 (Kubernetes' "no deadline"), means no deadline.
    var progressDeadlineSeconds: Int? {
        guard let s = object[path: ["spec", "progressDeadlineSeconds"]]?.intValue, s != Int64(Int32.max) else { return nil }
        return Int(s)
    }
    var collisionCount: Int64? { object[path: ["status", "collisionCount"]]?.intValue }

    var strategy: Strategy {
        guard object[path: ["spec", "strategy", "type"]]?.stringValue != "Recreate" else { return .recreate }
        let ru = object[path: ["spec", "strategy", "rollingUpdate"]]
        return .rollingUpdate(
            maxSurge: Self.intOrString(ru?["maxSurge"]) ?? .string("25%"),
            maxUnavailable: Self.intOrString(ru?["maxUnavailable"]) ?? .string("25%"))
    }

    var isRollingUpdate: Bool { strategy != .recreate }

    static func intOrString(_ v: JSONValue?) -> IntOrString? {
        switch v {
        case .int(let i)?: .int(Int32(clamping: i))
        case .string(let s)?: .string(s)
        default: nil
        }
    }

    /// Kubernetes' ResolveFenceposts: surge rounds up, unavailable rounds
    /// down, and when both come to 0 unavailable becomes 1 (surge may be
    /// blocked by quota; a rollout must be able to move).
    var fenceposts: (surge: Int, unavailable: Int) {
        guard case .rollingUpdate(let maxSurge, let maxUnavailable) = strategy else { return (0, 0) }
        let surge = maxSurge.scaled(total: replicas, roundUp: true) ?? 0
        var unavailable = maxUnavailable.scaled(total: replicas, roundUp: false) ?? 0
        if surge == 0 && unavailable == 0 { unavailable = 1 }
        return (surge, unavailable)
    }

    /// Kubernetes' MaxSurge: 0 for Recreate.
    var maxSurge: Int { isRollingUpdate ? fenceposts.surge : 0 }

    /// Kubernetes' MaxUnavailable: 0 for Recreate or zero replicas, never above replicas.
    var maxUnavailable: Int {
        guard isRollingUpdate, replicas > 0 else { return 0 }
        return min(fenceposts.unavailable, replicas)
    }
}

/// The ReplicaSet fields the Deployment controller reads.
struct DeploymentReplicaSet: Sendable {
    var object: JSONValue

    var name: String { OwnerReferences.name(object) }
    var uid: String { OwnerReferences.uid(object) }
    var replicas: Int { Int(object[path: ["spec", "replicas"]]?.intValue ?? 1) }
    var statusReplicas: Int { Int(object[path: ["status", "replicas"]]?.intValue ?? 0) }
    var readyReplicas: Int { Int(object[path: ["status", "readyReplicas"]]?.intValue ?? 0) }
    var availableReplicas: Int { Int(object[path: ["status", "availableReplicas"]]?.intValue ?? 0) }
    var generation: Int64 { object[path: ["metadata", "generation"]]?.intValue ?? 0 }
    var observedGeneration: Int64 { object[path: ["status", "observedGeneration"]]?.intValue ?? 0 }
    var template: JSONValue { object[path: ["spec", "template"]] ?? .emptyObject }
    var created: Date { object[path: ["metadata", "creationTimestamp"]]?.stringValue.flatMap(Time.parse) ?? .distantPast }
    var isBeingDeleted: Bool { OwnerReferences.isBeingDeleted(object) }
    var annotations: [String: String] {
        (object[path: ["metadata", "annotations"]]?.objectValue ?? [:]).compactMapValues(\.stringValue)
    }
    /// deployment.kubernetes.io/revision; nil when missing or not a number.
    var revision: Int64? { annotations[DeploymentAnnotations.revision].flatMap { Int64($0) } }
    var isActive: Bool { replicas > 0 }

    /// Kubernetes' ReplicaSetsByCreationTimestamp: older first, then by name.
    static func olderFirst(_ a: DeploymentReplicaSet, _ b: DeploymentReplicaSet) -> Bool {
        a.created != b.created ? a.created < b.created : a.name < b.name
    }
}

extension [DeploymentReplicaSet] {
    /// Sum of spec.replicas.
    var specReplicas: Int { reduce(0) { $0 + $1.replicas } }
    /// Sum of status.replicas (pods that exist).
    var actualReplicas: Int { reduce(0) { $0 + $1.statusReplicas } }
    var readyReplicas: Int { reduce(0) { $0 + $1.readyReplicas } }
    var availableReplicas: Int { reduce(0) { $0 + $1.availableReplicas } }
}
