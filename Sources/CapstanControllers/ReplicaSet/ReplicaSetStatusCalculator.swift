import CapstanAPI
import Foundation

/// A ReplicaSet's status from the pods it controls (Kubernetes'
/// calculateStatus), and when to look again for pods still inside
/// minReadySeconds. Pure: the controller writes the result.
enum ReplicaSetStatusCalculator {
    static let replicaFailure = "ReplicaFailure"

    /// The status `rs` should have. `manageError` is the error of this sync's
    /// creates or deletes, if any: it sets the ReplicaFailure condition
    /// (kept until a sync succeeds), which quota and admission failures
    /// surface through.
    static func status(for rs: JSONValue, pods: [JSONValue], manageError: (any Error)?, now: Date) -> JSONValue {
        var status = rs["status"]?.objectValue ?? [:]
        let templateLabels = (rs[path: ["spec", "template", "metadata", "labels"]]?.objectValue ?? [:]).compactMapValues(\.stringValue)
        let minReady = rs[path: ["spec", "minReadySeconds"]]?.intValue ?? 0
        var fullyLabeled = 0, ready = 0, available = 0
        for pod in pods {
            let labels = OwnerReferences.labels(pod)
            if templateLabels.allSatisfy({ labels[$0.key] == $0.value }) { fullyLabeled += 1 }
            if Pods.isReady(pod) {
                ready += 1
                if Pods.isAvailable(pod, minReadySeconds: minReady, now: now) { available += 1 }
            }
        }
        var conditions = status["conditions"]?.arrayValue ?? []
        let hasFailure = conditions.contains { $0["type"]?.stringValue == replicaFailure }
        if let manageError, !hasFailure {
            let diff = pods.count - Int(rs[path: ["spec", "replicas"]]?.intValue ?? 1)
            let reason = diff < 0 ? "FailedCreate" : diff > 0 ? "FailedDelete" : ""
            conditions.append([
                "type": .string(replicaFailure), "status": "True", "lastTransitionTime": .string(Time(now).rfc3339),
                "reason": .string(reason), "message": .string(ReplicaSetReplicaManager.message(manageError)),
            ])
        } else if manageError == nil && hasFailure {
            conditions.removeAll { $0["type"]?.stringValue == replicaFailure }
        }
        status["conditions"] = conditions.isEmpty ? nil : .array(conditions)
        status["replicas"] = .int(Int64(pods.count))
        // Go's omitempty: zero counts are left out, as Kubernetes writes them.
        status["fullyLabeledReplicas"] = fullyLabeled == 0 ? nil : .int(Int64(fullyLabeled))
        status["readyReplicas"] = ready == 0 ? nil : .int(Int64(ready))
        status["availableReplicas"] = available == 0 ? nil : .int(Int64(available))
        if let generation = rs[path: ["metadata", "generation"]]?.intValue { status["observedGeneration"] = .int(generation) }
        return .object(status)
    }

    /// How long until the first pod that is ready but not yet available
    /// (inside minReadySeconds) becomes available; nil when none is waiting.
    static func nextAvailable(pods: [JSONValue], minReadySeconds: Int64, now: Date) -> Duration? {
        guard minReadySeconds > 0 else { return nil }
        let waits: [TimeInterval] = pods.compactMap { pod in
            guard Pods.isReady(pod), !Pods.isAvailable(pod, minReadySeconds: minReadySeconds, now: now) else { return nil }
            guard let since = Pods.condition(pod, "Ready")?["lastTransitionTime"]?.stringValue.flatMap(Time.parse) else {
                return TimeInterval(minReadySeconds)  // no transition time: look again after a full period
            }
            return since.addingTimeInterval(TimeInterval(minReadySeconds)).timeIntervalSince(now)
        }
        guard let wait = waits.min() else { return nil }
        return .milliseconds(Int64((max(wait, 0) * 1000).rounded(.up)))
    }
}
