import CapstanAPI
import Foundation

/// Which pods a ReplicaSet deletes first when it has too many
/// (Kubernetes' ActivePodsWithRanks): the cheapest to lose go first.
///
/// 1. not yet scheduled before scheduled;
/// 2. Pending before Unknown before Running;
/// 3. not ready before ready;
/// 4. lower controller.kubernetes.io/pod-deletion-cost first;
/// 5. pods sharing a node with more of their siblings first (spreads what remains);
/// 6. ready for less time first;
/// 7. more container restarts first;
/// 8. newer before older.
///
/// Kubernetes' LogarithmicScaleDown buckets steps 6 and 8 by powers of two
/// and breaks ties randomly by uid; we compare the times exactly, which
/// gives the same order whenever the buckets differ.
struct ReplicaSetPodRanking {
    struct Ranked {
        var pod: JSONValue
        /// Active related pods on this pod's node.
        var rank: Int
        var nodeName: String
        var phaseOrdinal: Int
        var ready: Bool
        var deletionCost: Int
        var readySince: Date?
        var restarts: Int
        var created: Date?
    }

    static let deletionCostAnnotation = "controller.kubernetes.io/pod-deletion-cost"

    /// The first `count` of `pods` in deletion order. `related` are the
    /// pods of every ReplicaSet under the same controller (this one's included).
    static func podsToDelete(_ pods: [JSONValue], related: [JSONValue], count: Int) -> [JSONValue] {
        guard count < pods.count else { return pods }
        var onNode: [String: Int] = [:]
        for p in related where Pods.isActive(p) { onNode[nodeName(p), default: 0] += 1 }
        let ranked = pods.map { Self.ranked($0, rank: onNode[nodeName($0), default: 0]) }
        return ranked.sorted(by: deletesFirst).prefix(count).map(\.pod)
    }

    static func ranked(_ pod: JSONValue, rank: Int) -> Ranked {
        let readyCond = Pods.condition(pod, "Ready")
        let ready = readyCond?["status"]?.stringValue == "True"
        let statuses = (pod[path: ["status", "containerStatuses"]]?.arrayValue ?? [])
            + (pod[path: ["status", "initContainerStatuses"]]?.arrayValue ?? [])
        return Ranked(
            pod: pod, rank: rank, nodeName: nodeName(pod),
            phaseOrdinal: ["Pending": 0, "Unknown": 1, "Running": 2][Pods.phase(pod)] ?? 0,
            ready: ready,
            deletionCost: Int(pod[path: ["metadata", "annotations", deletionCostAnnotation]]?.stringValue ?? "") ?? 0,
            readySince: ready ? readyCond?["lastTransitionTime"]?.stringValue.flatMap(Time.parse) : nil,
            restarts: statuses.compactMap { $0["restartCount"]?.intValue }.map { Int($0) }.max() ?? 0,
            created: pod[path: ["metadata", "creationTimestamp"]]?.stringValue.flatMap(Time.parse))
    }

    /// The ordering itself: true when `a` should be deleted before `b`.
    static func deletesFirst(_ a: Ranked, _ b: Ranked) -> Bool {
        if a.nodeName != b.nodeName && (a.nodeName.isEmpty || b.nodeName.isEmpty) { return a.nodeName.isEmpty }
        if a.phaseOrdinal != b.phaseOrdinal { return a.phaseOrdinal < b.phaseOrdinal }
        if a.ready != b.ready { return !a.ready }
        if a.deletionCost != b.deletionCost { return a.deletionCost < b.deletionCost }
        if a.rank != b.rank { return a.rank > b.rank }
        if a.ready && b.ready && a.readySince != b.readySince { return afterOrMissing(a.readySince, b.readySince) }
        if a.restarts != b.restarts { return a.restarts > b.restarts }
        if a.created != b.created { return afterOrMissing(a.created, b.created) }
        return false
    }

    /// Kubernetes' afterOrZero: a missing time sorts first, then later before earlier.
    static func afterOrMissing(_ a: Date?, _ b: Date?) -> Bool {
        guard let a, let b else { return a == nil }
        return a > b
    }

    static func nodeName(_ pod: JSONValue) -> String { pod[path: ["spec", "nodeName"]]?.stringValue ?? "" }
}
