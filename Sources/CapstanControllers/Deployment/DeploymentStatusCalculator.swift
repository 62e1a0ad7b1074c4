import CapstanAPI
import Foundation

/// Deployment status and conditions (Kubernetes' calculateStatus,
/// SetDeploymentCondition and the progress checks of syncRolloutStatus).
/// Pure: the controller passes `now` and writes the result.
enum DeploymentStatusCalculator {
    enum Reason {
        static let newReplicaSetCreated = "NewReplicaSetCreated"
        static let foundNewReplicaSet = "FoundNewReplicaSet"
        static let replicaSetUpdated = "ReplicaSetUpdated"
        static let newReplicaSetAvailable = "NewReplicaSetAvailable"
        static let progressDeadlineExceeded = "ProgressDeadlineExceeded"
        static let replicaSetCreateError = "ReplicaSetCreateError"
        static let paused = "DeploymentPaused"
        static let resumed = "DeploymentResumed"
        static let minimumReplicasAvailable = "MinimumReplicasAvailable"
        static let minimumReplicasUnavailable = "MinimumReplicasUnavailable"
    }
    static let progressing = "Progressing"
    static let available = "Available"
    static let replicaFailure = "ReplicaFailure"

    static func condition(_ type: String, _ status: String, reason: String, message: String, now: Date) -> JSONValue {
        let stamp = JSONValue.string(Time(now).rfc3339)
        return [
            "type": .string(type), "status": .string(status), "lastUpdateTime": stamp, "lastTransitionTime": stamp,
            "reason": .string(reason), "message": .string(message),
        ]
    }

    static func get(_ status: JSONValue, _ type: String) -> JSONValue? {
        status["conditions"]?.arrayValue?.first { $0["type"]?.stringValue == type }
    }

    /// Kubernetes' SetDeploymentCondition: same status and reason is no
    /// change at all; same status keeps the old lastTransitionTime; the
    /// condition moves to the end of the list.
    static func set(_ status: inout JSONValue, _ new: JSONValue) {
        var new = new
        let type = new["type"]?.stringValue ?? ""
        if let current = get(status, type), current["status"] == new["status"] {
            if current["reason"] == new["reason"] { return }
            new["lastTransitionTime"] = current["lastTransitionTime"]
        }
        var conditions = (status["conditions"]?.arrayValue ?? []).filter { $0["type"]?.stringValue != type }
        conditions.append(new)
        status["conditions"] = .array(conditions)
    }

    static func remove(_ status: inout JSONValue, _ type: String) {
        let conditions = (status["conditions"]?.arrayValue ?? []).filter { $0["type"]?.stringValue != type }
        status["conditions"] = conditions.isEmpty ? nil : .array(conditions)
    }

    /// Counts from the ReplicaSets, the Available condition, and what is
    /// carried over from `current` (conditions, collisionCount).
    static func status(
        _ d: DeploymentObject, current: JSONValue, all: [DeploymentReplicaSet], new: DeploymentReplicaSet?, now: Date
    ) -> JSONValue {
        let availableCount = all.availableReplicas
        var status: JSONValue = .emptyObject
        func put(_ key: String, _ v: Int) { if v != 0 { status[key] = .int(Int64(v)) } }  // Go's omitempty
        if d.generation != 0 { status["observedGeneration"] = .int(d.generation) }
        put("replicas", all.actualReplicas)
        put("updatedReplicas", new?.statusReplicas ?? 0)
        put("readyReplicas", all.readyReplicas)
        put("availableReplicas", availableCount)
        // Surplus available pods while scaling down do not make the count negative.
        put("unavailableReplicas", max(0, all.specReplicas - availableCount))
        status["collisionCount"] = current["collisionCount"]
        status["conditions"] = current["conditions"]
        if availableCount >= d.replicas - d.maxUnavailable {
            set(&status, condition(available, "True", reason: Reason.minimumReplicasAvailable,
                                   message: "Deployment has minimum availability.", now: now))
        } else {
            set(&status, condition(available, "False", reason: Reason.minimumReplicasUnavailable,
                                   message: "Deployment does not have minimum availability.", now: now))
        }
        return status
    }

    static func int(_ status: JSONValue, _ key: String) -> Int { Int(status[key]?.intValue ?? 0) }

    /// Kubernetes' DeploymentComplete: every replica updated and available, and the spec observed.
    static func isComplete(_ d: DeploymentObject, _ status: JSONValue) -> Bool {
        int(status, "updatedReplicas") == d.replicas && int(status, "replicas") == d.replicas
            && int(status, "availableReplicas") == d.replicas
            && (status["observedGeneration"]?.intValue ?? 0) >= d.generation
    }

    /// Kubernetes' DeploymentProgressing: more updated, ready or available
    /// pods than the last status, or fewer old ones.
    static func isProgressing(old: JSONValue, new: JSONValue) -> Bool {
        let oldOld = int(old, "replicas") - int(old, "updatedReplicas")
        let newOld = int(new, "replicas") - int(new, "updatedReplicas")
        return int(new, "updatedReplicas") > int(old, "updatedReplicas") || newOld < oldOld
            || int(new, "readyReplicas") > int(old, "readyReplicas")
            || int(new, "availableReplicas") > int(old, "availableReplicas")
    }

    /// Kubernetes' DeploymentTimedOut: no progress reported for progressDeadlineSeconds.
    static func isTimedOut(_ d: DeploymentObject, _ status: JSONValue, now: Date) -> Bool {
        guard let deadline = d.progressDeadlineSeconds, let cond = get(status, progressing) else { return false }
        switch cond["reason"]?.stringValue {
        case Reason.newReplicaSetAvailable: return false
        case Reason.progressDeadlineExceeded: return true
        default: break
        }
        guard let from = cond["lastUpdateTime"]?.stringValue.flatMap(Time.parse) else { return false }
        return from.addingTimeInterval(TimeInterval(deadline)) < now
    }
}
