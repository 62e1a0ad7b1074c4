import CapstanAPI
import Foundation

/// A PodDisruptionBudget's numbers, computed the way Kubernetes' disruption
/// controller does. Pure: the controller feeds it pods, scale and time.
struct DisruptionBudget: Equatable {
    var expectedPods: Int
    var desiredHealthy: Int
    var currentHealthy: Int
    /// pod name → when the eviction subresource disrupted it (RFC 3339).
    var disruptedPods: [String: String]

    /// max(0, currentHealthy − desiredHealthy); none when no pod is expected.
    var disruptionsAllowed: Int {
        expectedPods <= 0 ? 0 : max(0, currentHealthy - desiredHealthy)
    }

    /// How long an eviction may take before its pod counts as healthy again.
    static let deletionTimeout: TimeInterval = 120

    static func intOrString(_ v: JSONValue?) -> IntOrString? {
        v.flatMap { try? JSONValueDecoder().decode(IntOrString.self, from: $0) }
    }

    /// expectedPods and desiredHealthy. `scale` counts the pods' controllers'
    /// replicas; it is only asked when the spec needs it (an integer
    /// minAvailable just counts the pods, so it works for unmanaged pods).
    static func targets(spec: JSONValue?, podCount: Int, scale: () throws -> Int) throws -> (expected: Int, desired: Int) {
        if let maxUnavailable = intOrString(spec?["maxUnavailable"]) {
            let expected = try scale()
            let unavailable = maxUnavailable.scaled(total: expected, roundUp: true) ?? 0
            return (expected, max(0, expected - unavailable))
        }
        if let minAvailable = intOrString(spec?["minAvailable"]) {
            if case .int(let n) = minAvailable { return (podCount, Int(n)) }
            let expected = try scale()
            return (expected, minAvailable.scaled(total: expected, roundUp: true) ?? 0)
        }
        return (0, 0)
    }

    /// The budget's record of disrupted pods, minus pods that are gone or
    /// being deleted, and minus entries older than `deletionTimeout` (those
    /// pods were not deleted after all: `expired` names them). `recheck` is
    /// when the next entry expires.
    static func disruptedPods(recorded: [String: String], pods: [JSONValue], now: Date)
        -> (kept: [String: String], expired: [String], recheck: Date?)
    {
        var kept: [String: String] = [:]
        var expired: [String] = []
        var recheck: Date?
        for pod in pods where pod[path: ["metadata", "deletionTimestamp"]] == nil {
            let name = pod[path: ["metadata", "name"]]?.stringValue ?? ""
            guard let stamp = recorded[name], let at = Time.parse(stamp) else { continue }
            let due = at.addingTimeInterval(deletionTimeout)
            if due < now {
                expired.append(name)
            } else {
                kept[name] = stamp
                recheck = min(recheck ?? due, due)
            }
        }
        return (kept, expired.sorted(), recheck)
    }

    /// Ready, not being deleted, and not just disrupted.
    static func healthyCount(_ pods: [JSONValue], disrupted: [String: String]) -> Int {
        pods.filter { pod in
            pod[path: ["metadata", "deletionTimestamp"]] == nil
                && disrupted[pod[path: ["metadata", "name"]]?.stringValue ?? ""] == nil
                && Pods.isReady(pod)
        }.count
    }

    /// `old` status with these numbers, observedGeneration and the
    /// DisruptionAllowed condition (lastTransitionTime kept unless its status moves).
    func status(replacing old: JSONValue?, generation: Int64, now: Date) -> JSONValue {
        let allowed = disruptionsAllowed
        return Self.status(
            replacing: old, generation: generation, now: now,
            numbers: (expectedPods, desiredHealthy, currentHealthy, allowed), disruptedPods: disruptedPods,
            condition: allowed > 0 ? ("True", "SufficientPods", "") : ("False", "InsufficientPods", ""))
    }

    /// The status written when the budget cannot be computed: no disruption
    /// allowed, condition SyncFailed with the error (Kubernetes' failSafe).
    static func failSafeStatus(replacing old: JSONValue?, generation: Int64, now: Date, error: String) -> JSONValue {
        let o = old ?? .emptyObject
        return status(
            replacing: old, generation: generation, now: now,
            numbers: (
                Int(o["expectedPods"]?.intValue ?? 0), Int(o["desiredHealthy"]?.intValue ?? 0),
                Int(o["currentHealthy"]?.intValue ?? 0), 0
            ),
            disruptedPods: (o["disruptedPods"]?.objectValue ?? [:]).compactMapValues(\.stringValue),
            condition: ("False", "SyncFailed", error))
    }

    private static func status(
        replacing old: JSONValue?, generation: Int64, now: Date, numbers: (Int, Int, Int, Int), disruptedPods: [String: String],
        condition: (status: String, reason: String, message: String)
    ) -> JSONValue {
        var s = old ?? .emptyObject
        s["expectedPods"] = .int(Int64(numbers.0))
        s["desiredHealthy"] = .int(Int64(numbers.1))
        s["currentHealthy"] = .int(Int64(numbers.2))
        s["disruptionsAllowed"] = .int(Int64(numbers.3))
        s["observedGeneration"] = .int(generation)
        s["disruptedPods"] = disruptedPods.isEmpty ? nil : .object(disruptedPods.mapValues { .string($0) })
        var conditions = s["conditions"]?.arrayValue ?? []
        let index = conditions.firstIndex { $0["type"]?.stringValue == "DisruptionAllowed" }
        let previous = index.map { conditions[$0] }
        let since = previous?["status"]?.stringValue == condition.status ? previous?["lastTransitionTime"] : nil
        let c: JSONValue = [
            "type": "DisruptionAllowed", "status": .string(condition.status), "reason": .string(condition.reason),
            "message": .string(condition.message), "observedGeneration": .int(generation),
            "lastTransitionTime": since ?? .string(Time(now).rfc3339),
        ]
        if let index { conditions[index] = c } else { conditions.append(c) }
        s["conditions"] = .array(conditions)
        return s
    }
}
