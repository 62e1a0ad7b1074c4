import CapstanAPI
import Foundation

/// The Progressing condition: whether a rollout moves, finished, or missed
/// its progressDeadlineSeconds (Kubernetes' syncRolloutStatus,
/// checkPausedConditions and requeueStuckDeployment).
extension DeploymentSync {
    private typealias Calc = DeploymentStatusCalculator

    /// Pausing and resuming show as Progressing Unknown, unless the
    /// deadline was already missed.
    mutating func checkPausedConditions() {
        guard d.progressDeadlineSeconds != nil else { return }
        let cond = Calc.get(status, Calc.progressing)
        let reason = cond?["reason"]?.stringValue
        if reason == Calc.Reason.progressDeadlineExceeded { return }
        if d.paused && reason != Calc.Reason.paused {
            Calc.set(&status, Calc.condition(Calc.progressing, "Unknown", reason: Calc.Reason.paused, message: "Deployment is paused", now: now))
        } else if !d.paused && reason == Calc.Reason.paused {
            Calc.set(&status, Calc.condition(Calc.progressing, "Unknown", reason: Calc.Reason.resumed, message: "Deployment is resumed", now: now))
        }
    }

    /// Computes and writes status after a rollout step; asks to be looked
    /// at again when the progress deadline would pass with no event.
    mutating func syncRolloutStatus(new: DeploymentReplicaSet?) async throws -> ReconcileResult {
        let all = sets
        var newStatus = Calc.status(d, current: status, all: all, new: new.map(current), now: now)
        if d.progressDeadlineSeconds == nil { Calc.remove(&newStatus, Calc.progressing) }
        let currentCond = Calc.get(status, Calc.progressing)
        let alreadyComplete = Calc.int(newStatus, "replicas") == Calc.int(newStatus, "updatedReplicas")
            && currentCond?["reason"]?.stringValue == Calc.Reason.newReplicaSetAvailable
        if d.progressDeadlineSeconds != nil && !alreadyComplete {
            let setName = new.map { "ReplicaSet \"\($0.name)\"" } ?? "Deployment \"\(d.name)\""
            if Calc.isComplete(d, newStatus) {
                Calc.set(&newStatus, Calc.condition(
                    Calc.progressing, "True", reason: Calc.Reason.newReplicaSetAvailable,
                    message: "\(setName) has successfully progressed.", now: now))
            } else if Calc.isProgressing(old: status, new: newStatus) {
                // Progress refreshes lastUpdateTime even when the reason is
                // the same: that time is what the deadline counts from.
                var cond = Calc.condition(
                    Calc.progressing, "True", reason: Calc.Reason.replicaSetUpdated, message: "\(setName) is progressing.", now: now)
                if let currentCond {
                    if currentCond["status"]?.stringValue == "True" { cond["lastTransitionTime"] = currentCond["lastTransitionTime"] }
                    Calc.remove(&newStatus, Calc.progressing)
                }
                Calc.set(&newStatus, cond)
            } else if Calc.isTimedOut(d, newStatus, now: now) {
                Calc.set(&newStatus, Calc.condition(
                    Calc.progressing, "False", reason: Calc.Reason.progressDeadlineExceeded,
                    message: "\(setName) has timed out progressing.", now: now))
            }
        }
        // ReplicaSets' failures (quota, admission) surface on the Deployment.
        if let failure = replicaFailure(all: all, new: new) {
            Calc.set(&newStatus, failure)
        } else {
            Calc.remove(&newStatus, Calc.replicaFailure)
        }
        let requeue = stuckRequeue(newStatus)
        status = newStatus
        try await finish()
        return requeue
    }

    /// Kubernetes' getReplicaFailures: the new set's ReplicaFailure first,
    /// else any old set's.
    private func replicaFailure(all: [DeploymentReplicaSet], new: DeploymentReplicaSet?) -> JSONValue? {
        func failure(_ rs: DeploymentReplicaSet) -> JSONValue? {
            guard let c = rs.object[path: ["status", "conditions"]]?.arrayValue?.first(where: {
                $0["type"]?.stringValue == Calc.replicaFailure && $0["status"]?.stringValue == "True"
            }) else { return nil }
            let stamp = c["lastTransitionTime"] ?? .string(Time(now).rfc3339)
            return [
                "type": .string(Calc.replicaFailure), "status": "True", "lastUpdateTime": stamp, "lastTransitionTime": stamp,
                "reason": c["reason"] ?? "", "message": c["message"] ?? "",
            ]
        }
        if let new = new.map(current), let f = failure(new) { return f }
        return all.filter { $0.uid != new?.uid }.lazy.compactMap(failure).first
    }

    /// Kubernetes' requeueStuckDeployment: a rollout with no progress is
    /// looked at again when its deadline passes, since nothing else would
    /// wake it.
    private func stuckRequeue(_ newStatus: JSONValue) -> ReconcileResult {
        guard let deadline = d.progressDeadlineSeconds, let cond = Calc.get(newStatus, Calc.progressing) else { return .done }
        if Calc.isComplete(d, newStatus) || cond["reason"]?.stringValue == Calc.Reason.progressDeadlineExceeded { return .done }
        guard let from = cond["lastUpdateTime"]?.stringValue.flatMap(Time.parse) else { return .done }
        let after = from.addingTimeInterval(TimeInterval(deadline)).timeIntervalSince(now)
        return .requeue(after: .milliseconds(Int64(max(after, 1) * 1000)))
    }
}
