import CapstanAPI
import Foundation

/// What one StatefulSet sync does to its pods, decided from the cache
/// before any API call (Kubernetes' updateStatefulSet), so the ordering
/// rules can be read and tested apart from the writes:
/// 1. every ordinal in range gets a pod, lowest first; a finished pod is
///    deleted to be replaced. OrderedReady stops at the first step taken
///    and at the first pod not yet Running and Ready;
/// 2. pods beyond the range go, highest ordinal first (OrderedReady: one
///    at a time, after every pod in range is healthy);
/// 3. RollingUpdate deletes outdated pods from the highest ordinal down to
///    the partition, never leaving more than maxUnavailable unhealthy;
///    the replacement is made by step 1 of a later sync.
struct StatefulSetPlan: Sendable {
    enum Step: Equatable, Sendable {
        /// Create ordinal's claims and pod; `current` picks the current
        /// revision's template (ordinals below the partition), else the update revision's.
        case create(ordinal: Int, current: Bool)
        case delete(name: String, uid: String, reason: DeleteReason)
    }

    enum DeleteReason: Equatable, Sendable { case finished, scaledDown, update }

    var settings: StatefulSetSettings
    var updateRevision: String
    var now: Date

    func steps(pods: [JSONValue]) -> [Step] {
        var inRange: [Int: JSONValue] = [:]
        var condemned: [(ordinal: Int, pod: JSONValue)] = []
        for pod in pods {
            if let o = StatefulPods.ordinal(of: pod, set: settings.name), settings.ordinals.contains(o) {
                inRange[o] = pod
            } else {
                condemned.append((StatefulPods.ordinal(of: pod, set: settings.name) ?? -1, pod))
            }
        }
        condemned.sort { $0.ordinal > $1.ordinal }
        let monotonic = settings.monotonic
        var steps: [Step] = []

        for (index, ordinal) in settings.ordinals.enumerated() {
            guard let pod = inRange[ordinal] else {
                steps.append(.create(ordinal: ordinal, current: settings.rollingUpdate && index < settings.partition))
                if monotonic { return steps }
                continue
            }
            if StatefulPods.isFinished(pod) && !StatefulPods.isTerminating(pod) {
                steps.append(delete(pod, .finished))
                if monotonic { return steps }
                continue
            }
            if monotonic && !healthy(pod) { return steps }
        }

        for (_, pod) in condemned {
            if StatefulPods.isTerminating(pod) {
                if monotonic { return steps }
                continue
            }
            steps.append(delete(pod, .scaledDown))
            if monotonic { return steps }
        }

        guard settings.rollingUpdate else { return steps }
        // Unhealthy pods in range (missing ones included) count against maxUnavailable.
        var unavailable = settings.ordinals.filter { inRange[$0].map { !healthy($0) } ?? true }.count
        let partitionOrdinal = settings.start + max(0, settings.partition)
        for ordinal in settings.ordinals.reversed() where ordinal >= partitionOrdinal {
            if unavailable >= settings.maxUnavailableCount { break }
            guard let pod = inRange[ordinal], !StatefulPods.isTerminating(pod),
                  StatefulPods.revision(of: pod) != updateRevision else { continue }
            steps.append(delete(pod, .update))
            if healthy(pod) { unavailable += 1 }
        }
        return steps
    }

    func healthy(_ pod: JSONValue) -> Bool {
        StatefulPods.isHealthy(pod, minReadySeconds: settings.minReadySeconds, now: now)
    }

    func delete(_ pod: JSONValue, _ reason: DeleteReason) -> Step {
        .delete(name: OwnerReferences.name(pod), uid: OwnerReferences.uid(pod), reason: reason)
    }
}

/// StatefulSet status as Kubernetes counts it, from the observed pods.
enum StatefulSetStatusCalculator {
    static func status(
        set: JSONValue, settings: StatefulSetSettings, pods: [JSONValue], currentRevision: String, updateRevision: String,
        collisionCount: Int64, now: Date
    ) -> JSONValue {
        var replicas: Int64 = 0, ready: Int64 = 0, available: Int64 = 0, current: Int64 = 0, updated: Int64 = 0
        for pod in pods {
            replicas += 1
            if StatefulPods.isRunningAndReady(pod) {
                ready += 1
                if Pods.isAvailable(pod, minReadySeconds: settings.minReadySeconds, now: now) { available += 1 }
            }
            guard !StatefulPods.isTerminating(pod) else { continue }
            let revision = StatefulPods.revision(of: pod)
            if revision == currentRevision { current += 1 }
            if revision == updateRevision { updated += 1 }
        }
        var currentRevision = currentRevision
        // A finished rolling update: the update revision becomes current.
        if settings.rollingUpdate && updated == replicas && ready == replicas {
            currentRevision = updateRevision
            current = updated
        }
        var status = set["status"]?.objectValue ?? [:]
        status["observedGeneration"] = set[path: ["metadata", "generation"]] ?? 0
        status["replicas"] = .int(replicas)
        status["readyReplicas"] = .int(ready)
        status["availableReplicas"] = .int(available)
        status["currentReplicas"] = .int(current)
        status["updatedReplicas"] = .int(updated)
        status["currentRevision"] = .string(currentRevision)
        status["updateRevision"] = .string(updateRevision)
        status["collisionCount"] = .int(collisionCount)
        return .object(status)
    }
}
