import CapstanAPI
import Foundation

/// Pod facts and pod construction for Jobs (Kubernetes' job pod helpers).
enum JobPods {
    /// Holds a finished pod until the controller has counted it in the Job's status.
    static let trackingFinalizer = "batch.kubernetes.io/job-tracking"
    static let completionIndexKey = "batch.kubernetes.io/job-completion-index"
    static let completionIndexEnv = "JOB_COMPLETION_INDEX"
    /// Kubernetes' names.MaxGeneratedNameLength.
    static let maxGeneratedNameLength = 58

    static func hasFinalizer(_ pod: JSONValue) -> Bool {
        (pod[path: ["metadata", "finalizers"]]?.arrayValue ?? []).contains { $0.stringValue == trackingFinalizer }
    }

    /// The index from the pod's annotation; nil when absent or malformed.
    static func completionIndex(_ pod: JSONValue) -> Int? {
        guard let s = pod[path: ["metadata", "annotations", completionIndexKey]]?.stringValue, let i = Int(s), i >= 0 else { return nil }
        return i
    }

    static func isFinished(_ pod: JSONValue) -> Bool {
        let p = Pods.phase(pod)
        return p == "Succeeded" || p == "Failed"
    }

    /// Being deleted but not finished: its containers may still run.
    static func isTerminating(_ pod: JSONValue) -> Bool {
        pod[path: ["metadata", "deletionTimestamp"]] != nil && !isFinished(pod)
    }

    /// Kubernetes' isPodFailed: Failed, or deleted before it succeeded (an
    /// orphaned pod never reaches Failed) unless only failed pods count.
    static func isFailed(_ pod: JSONValue, onlyReplaceFailed: Bool) -> Bool {
        if Pods.phase(pod) == "Failed" { return true }
        if onlyReplaceFailed { return false }
        return pod[path: ["metadata", "deletionTimestamp"]] != nil && Pods.phase(pod) != "Succeeded"
    }

    /// When the pod finished: its containers' last finishedAt, else its Ready
    /// condition's last transition, else its deletion, else `now`.
    static func finishTime(_ pod: JSONValue, now: Date) -> Date {
        let terminated = (pod[path: ["status", "containerStatuses"]]?.arrayValue ?? []).compactMap {
            $0[path: ["state", "terminated", "finishedAt"]]?.stringValue.flatMap(Time.parse)
        }
        if let last = terminated.max() { return last }
        if let ready = Pods.condition(pod, "Ready"), ready["status"]?.stringValue != "True",
            let t = ready["lastTransitionTime"]?.stringValue.flatMap(Time.parse)
        {
            return t
        }
        if let t = pod[path: ["metadata", "deletionTimestamp"]]?.stringValue.flatMap(Time.parse) { return t }
        return now
    }

    static func restarts(_ pod: JSONValue) -> Int64 {
        let statuses = (pod[path: ["status", "initContainerStatuses"]]?.arrayValue ?? [])
            + (pod[path: ["status", "containerStatuses"]]?.arrayValue ?? [])
        return statuses.reduce(0) { $0 + ($1["restartCount"]?.intValue ?? 0) }
    }

    /// Which of two active pods to delete first (Kubernetes' ActivePods
    /// order, shortened): unscheduled, then pending, then not ready, then
    /// more restarts, then the newer.
    static func deleteBefore(_ a: JSONValue, _ b: JSONValue) -> Bool {
        func rank(_ p: JSONValue) -> [Int] {
            let scheduled = (p[path: ["spec", "nodeName"]]?.stringValue ?? "").isEmpty ? 0 : 1
            let running = Pods.phase(p) == "Running" ? 1 : 0
            return [scheduled, running, Pods.isReady(p) ? 1 : 0]
        }
        let (ra, rb) = (rank(a), rank(b))
        if ra != rb { return ra.lexicographicallyPrecedes(rb) }
        if restarts(a) != restarts(b) { return restarts(a) > restarts(b) }
        let ca = a[path: ["metadata", "creationTimestamp"]]?.stringValue ?? ""
        let cb = b[path: ["metadata", "creationTimestamp"]]?.stringValue ?? ""
        return ca > cb
    }

    /// A pod for `job` from its template: controller reference, tracking
    /// finalizer and, for Indexed Jobs, the index as annotation, label,
    /// JOB_COMPLETION_INDEX env var and hostname NAME-INDEX.
    static func make(for job: JSONValue, index: Int?) -> JSONValue {
        let name = job[path: ["metadata", "name"]]?.stringValue ?? ""
        var template = job[path: ["spec", "template"]] ?? .emptyObject
        var prefix = name + "-"
        if let index {
            let suffix = "-\(index)-"
            prefix = name + suffix
            if prefix.count > maxGeneratedNameLength { prefix = String(prefix.prefix(maxGeneratedNameLength - suffix.count)) + suffix }
            template[path: ["metadata", "annotations", completionIndexKey]] = .string(String(index))
            template[path: ["metadata", "labels", completionIndexKey]] = .string(String(index))
            template[path: ["spec", "hostname"]] = .string("\(name)-\(index)")
            for kind in ["initContainers", "containers"] {
                guard let containers = template[path: ["spec", kind]]?.arrayValue else { continue }
                template[path: ["spec", kind]] = .array(containers.map(withIndexEnv))
            }
        }
        var pod = Pods.fromTemplate(template, owner: job, ownerAPIVersion: "batch/v1", ownerKind: "Job", generateName: prefix)
        pod[path: ["metadata", "finalizers"]] = [.string(trackingFinalizer)]
        return pod
    }

    /// JOB_COMPLETION_INDEX read from the pod's own annotation (downward API), unless the container sets it.
    static func withIndexEnv(_ container: JSONValue) -> JSONValue {
        var env = container["env"]?.arrayValue ?? []
        if env.contains(where: { $0["name"]?.stringValue == completionIndexEnv }) { return container }
        env.append([
            "name": .string(completionIndexEnv),
            "valueFrom": ["fieldRef": ["fieldPath": .string("metadata.annotations['\(completionIndexKey)']")]],
        ])
        var c = container
        c["env"] = .array(env)
        return c
    }

    /// JSON patch removing the tracking finalizer; the test op makes it fail
    /// (422) rather than remove another finalizer if the list changed.
    static func removeFinalizerPatch(_ pod: JSONValue) -> JSONValue? {
        let finalizers = pod[path: ["metadata", "finalizers"]]?.arrayValue ?? []
        guard let i = finalizers.firstIndex(where: { $0.stringValue == trackingFinalizer }) else { return nil }
        let path = JSONValue.string("/metadata/finalizers/\(i)")
        return [
            ["op": "test", "path": path, "value": .string(trackingFinalizer)],
            ["op": "remove", "path": path],
        ]
    }
}
