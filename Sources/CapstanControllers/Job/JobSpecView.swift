import CapstanAPI
import Foundation

/// The parts of a Job's spec the controllers reason about, read once per
/// reconcile. The API server has applied the defaults (parallelism,
/// backoffLimit, completionMode, suspend, podReplacementPolicy); the
/// fallbacks here are the same values, for objects that skipped defaulting.
struct JobSpecView: Sendable {
    var parallelism: Int
    /// nil: the Job is done when any pod succeeds (work-queue Jobs).
    var completions: Int?
    var backoffLimit: Int
    var activeDeadlineSeconds: Int64?
    var ttlSecondsAfterFinished: Int64?
    var indexed: Bool
    var suspended: Bool
    /// podReplacementPolicy Failed (or a podFailurePolicy): a terminating
    /// pod is replaced only once it has failed, and is not counted as failed
    /// before that.
    var onlyReplaceFailed: Bool
    var restartOnFailure: Bool

    init(_ job: JSONValue) {
        let spec = job["spec"] ?? .emptyObject
        parallelism = Int(spec["parallelism"]?.intValue ?? 1)
        completions = spec["completions"]?.intValue.map { Int($0) }
        backoffLimit = Int(spec["backoffLimit"]?.intValue ?? 6)
        activeDeadlineSeconds = spec["activeDeadlineSeconds"]?.intValue
        ttlSecondsAfterFinished = spec["ttlSecondsAfterFinished"]?.intValue
        indexed = spec["completionMode"]?.stringValue == "Indexed" && completions != nil
        suspended = spec["suspend"]?.boolValue ?? false
        onlyReplaceFailed = spec["podReplacementPolicy"]?.stringValue == "Failed" || spec["podFailurePolicy"] != nil
        restartOnFailure = spec[path: ["template", "spec", "restartPolicy"]]?.stringValue == "OnFailure"
    }
}

/// Job conditions (Kubernetes' job condition helpers).
enum JobConditions {
    static func list(_ job: JSONValue) -> [JSONValue] { job[path: ["status", "conditions"]]?.arrayValue ?? [] }

    static func find(_ job: JSONValue, _ type: String) -> JSONValue? {
        list(job).first { $0["type"]?.stringValue == type }
    }

    static func isTrue(_ job: JSONValue, _ type: String) -> Bool {
        find(job, type)?["status"]?.stringValue == "True"
    }

    /// "Complete" or "Failed" once the Job has finished.
    static func finished(_ job: JSONValue) -> String? {
        if isTrue(job, "Complete") { return "Complete" }
        if isTrue(job, "Failed") { return "Failed" }
        return nil
    }

    /// When the terminal condition was set.
    static func finishTime(_ job: JSONValue) -> Date? {
        guard let type = finished(job) else { return nil }
        return find(job, type)?["lastTransitionTime"]?.stringValue.flatMap(Time.parse)
    }

    static func make(_ type: String, status: String = "True", reason: String, message: String, now: Date) -> JSONValue {
        let stamp = JSONValue.string(Time(now).rfc3339)
        return [
            "type": .string(type), "status": .string(status), "reason": .string(reason), "message": .string(message),
            "lastProbeTime": stamp, "lastTransitionTime": stamp,
        ]
    }

    /// Kubernetes' ensureJobConditionStatus: sets the condition's status,
    /// reason and message, stamping times when anything changed; a False
    /// condition that is absent is not added. Returns whether it changed.
    @discardableResult
    static func ensure(
        _ job: inout JSONValue, _ type: String, status: String, reason: String, message: String, now: Date
    ) -> Bool {
        var conditions = list(job)
        if let i = conditions.firstIndex(where: { $0["type"]?.stringValue == type }) {
            let c = conditions[i]
            if c["status"]?.stringValue == status && c["reason"]?.stringValue == reason && c["message"]?.stringValue == message {
                return false
            }
            conditions[i] = make(type, status: status, reason: reason, message: message, now: now)
        } else {
            guard status == "True" else { return false }
            conditions.append(make(type, status: status, reason: reason, message: message, now: now))
        }
        job[path: ["status", "conditions"]] = .array(conditions)
        return true
    }
}
