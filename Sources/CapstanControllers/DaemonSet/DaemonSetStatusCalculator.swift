import CapstanAPI
import Foundation

/// DaemonSet status as Kubernetes counts it (updateDaemonSetStatus): per
/// node that should run the daemon, its oldest pod decides ready,
/// available and updated; pods on nodes that should not run it are
/// misscheduled.
enum DaemonSetStatusCalculator {
    static func status(ds: JSONValue, plan: DaemonSetPlan, collisionCount: Int64) -> JSONValue {
        var desired: Int64 = 0, current: Int64 = 0, misscheduled: Int64 = 0
        var ready: Int64 = 0, available: Int64 = 0, updated: Int64 = 0
        for node in plan.nodes {
            let name = OwnerReferences.name(node)
            let pods = plan.podsByNode[name] ?? []
            guard plan.verdicts[name]?.shouldRun == true else {
                if !pods.isEmpty { misscheduled += 1 }
                continue
            }
            desired += 1
            guard let pod = DaemonPods.oldestFirst(pods).first else { continue }
            current += 1
            if Pods.isReady(pod) {
                ready += 1
                if plan.available(pod) { available += 1 }
            }
            if DaemonPods.hash(of: pod) == plan.hash { updated += 1 }
        }
        var status = ds["status"]?.objectValue ?? [:]
        status["observedGeneration"] = ds[path: ["metadata", "generation"]] ?? 0
        status["desiredNumberScheduled"] = .int(desired)
        status["currentNumberScheduled"] = .int(current)
        status["numberMisscheduled"] = .int(misscheduled)
        status["numberReady"] = .int(ready)
        status["numberAvailable"] = .int(available)
        status["numberUnavailable"] = .int(desired - available)
        status["updatedNumberScheduled"] = .int(updated)
        status["collisionCount"] = .int(collisionCount)
        return .object(status)
    }
}
