import CapstanAPI
import Foundation

/// How a Job is about to end, decided in one reconcile and recorded first
/// as the interim condition (SuccessCriteriaMet / FailureTarget), then as
/// Complete / Failed once every pod is accounted for.
enum FinishTarget: Sendable, Equatable {
    case success
    case failure(reason: String, message: String)

    var interimType: String {
        if case .success = self { return "SuccessCriteriaMet" }
        return "FailureTarget"
    }
    var terminalType: String {
        if case .success = self { return "Complete" }
        return "Failed"
    }
    var reason: String {
        switch self {
        case .success: "CompletionsReached"
        case .failure(let reason, _): reason
        }
    }
    var message: String {
        switch self {
        case .success: "Reached expected number of succeeded pods"
        case .failure(_, let message): message
        }
    }
}

/// One reconcile's reading of a Job and its pods (Kubernetes' syncJobCtx):
/// what is active, what finished since the status last counted it, and the
/// totals that follow. Pure: built from the cache, no API calls.
struct JobSync {
    let spec: JobSpecView
    let now: Date
    /// The Job with the status being built.
    var job: JSONValue
    let pods: [JSONValue]
    /// Not finished and not being deleted.
    var active: [JSONValue]
    var terminating: Int
    /// uids whose finalizer removal is in flight (already counted).
    let pendingRemovals: Set<String>
    var uncountedSucceeded: [String]
    var uncountedFailed: [String]
    /// Finished pods still holding the finalizer and not yet in the status.
    let newSucceeded: [JSONValue]
    let newFailed: [JSONValue]
    let succeeded: Int
    let failed: Int
    /// Indexed Jobs: indexes already in status.completedIndexes.
    let previousIndexes: CompletedIndexes
    let backoff: BackoffRecord
    var target: FinishTarget?

    init(job: JSONValue, pods: [JSONValue], now: Date, pendingRemovals: Set<String>, backoff: BackoffRecord) {
        let spec = JobSpecView(job)
        self.spec = spec
        self.now = now
        self.job = job
        self.pods = pods
        self.pendingRemovals = pendingRemovals
        active = pods.filter(Pods.isActive)
        terminating = pods.filter(JobPods.isTerminating).count
        let status = job["status"] ?? .emptyObject
        uncountedSucceeded = status[path: ["uncountedTerminatedPods", "succeeded"]]?.arrayValue?.compactMap(\.stringValue) ?? []
        uncountedFailed = status[path: ["uncountedTerminatedPods", "failed"]]?.arrayValue?.compactMap(\.stringValue) ?? []
        let counted = Set(uncountedSucceeded + uncountedFailed).union(pendingRemovals)
        let candidates = pods.filter { pod in
            JobPods.hasFinalizer(pod) && !counted.contains(OwnerReferences.uid(pod)) && (!spec.indexed || Self.validIndex(pod, spec) != nil)
        }
        newSucceeded = candidates.filter { Pods.phase($0) == "Succeeded" }
        newFailed = candidates.filter { JobPods.isFailed($0, onlyReplaceFailed: spec.onlyReplaceFailed) }
        if spec.indexed {
            previousIndexes = CompletedIndexes(parsing: status["completedIndexes"]?.stringValue ?? "", completions: spec.completions ?? 0)
            succeeded = previousIndexes.inserting(newSucceeded.compactMap { Self.validIndex($0, spec) }).total
        } else {
            previousIndexes = CompletedIndexes()
            succeeded = Int(status["succeeded"]?.intValue ?? 0) + uncountedSucceeded.count + newSucceeded.count
        }
        failed = Int(status["failed"]?.intValue ?? 0) + uncountedFailed.count + newFailed.count
        self.backoff = backoff.adding(
            succeeded: newSucceeded.map { JobPods.finishTime($0, now: now) }, failed: newFailed.map { JobPods.finishTime($0, now: now) })
        if job[path: ["status", "startTime"]] == nil && !spec.suspended {
            self.job[path: ["status", "startTime"]] = .string(Time(now).rfc3339)
        }
    }

    /// The pod's completion index when it is within [0, completions).
    static func validIndex(_ pod: JSONValue, _ spec: JobSpecView) -> Int? {
        guard let ix = JobPods.completionIndex(pod), ix < (spec.completions ?? 0) else { return nil }
        return ix
    }

    var startTime: Date? { job[path: ["status", "startTime"]]?.stringValue.flatMap(Time.parse) }

    /// A failure already recorded, or one the pods and the clock show now.
    mutating func decideFailure() {
        if let c = JobConditions.find(job, "FailureTarget"), c["status"]?.stringValue == "True" {
            target = .failure(reason: c["reason"]?.stringValue ?? "", message: c["message"]?.stringValue ?? "")
        } else if JobConditions.isTrue(job, "SuccessCriteriaMet") {
            target = .success
        } else if failed > spec.backoffLimit || pastBackoffLimitOnFailure {
            target = .failure(reason: "BackoffLimitExceeded", message: "Job has reached the specified backoff limit")
        } else if let left = deadlineRemaining, left <= 0 {
            target = .failure(reason: "DeadlineExceeded", message: "Job was active longer than specified deadline")
        }
    }

    /// restartPolicy OnFailure: container restarts of running pods count against backoffLimit.
    var pastBackoffLimitOnFailure: Bool {
        guard spec.restartOnFailure else { return false }
        let restarts = pods.filter { ["Running", "Pending"].contains(Pods.phase($0)) }.reduce(0) { $0 + JobPods.restarts($1) }
        return spec.backoffLimit == 0 ? restarts > 0 : restarts >= spec.backoffLimit
    }

    /// Time left before activeDeadlineSeconds; nil when there is no running deadline.
    var deadlineRemaining: TimeInterval? {
        guard let seconds = spec.activeDeadlineSeconds, !spec.suspended, let start = startTime else { return nil }
        return Double(seconds) - now.timeIntervalSince(start)
    }

    /// Kubernetes' completion rule: enough successes (any success when
    /// completions is unset) and nothing left running.
    func isComplete(active: Int) -> Bool {
        guard active == 0 else { return false }
        if let completions = spec.completions { return succeeded >= completions }
        return succeeded > 0
    }

    /// How many pods should run now.
    func wantActive(active: Int) -> Int {
        guard let completions = spec.completions else {
            // Work-queue Jobs: after the first success, let the rest finish but start no more.
            return succeeded > 0 ? active : spec.parallelism
        }
        return max(0, min(completions - succeeded, spec.parallelism))
    }

    /// Indexed Jobs: the lowest indexes with neither a success nor a running pod.
    func pendingIndexes(_ count: Int) -> [Int] {
        guard let completions = spec.indexed ? spec.completions : nil, count > 0 else { return [] }
        let done = previousIndexes.inserting(newSucceeded.compactMap { Self.validIndex($0, spec) })
        var busy = Set(active.compactMap { Self.validIndex($0, spec) })
        if spec.onlyReplaceFailed {
            busy.formUnion(pods.filter(JobPods.isTerminating).compactMap { Self.validIndex($0, spec) })
        }
        var result: [Int] = []
        for ix in 0..<completions where !done.contains(ix) && !busy.contains(ix) {
            result.append(ix)
            if result.count == count { break }
        }
        return result
    }

    /// Active pods to delete, worst first: for Indexed Jobs those with a
    /// missing, out-of-range or duplicate index, then by Kubernetes' order.
    func podsToDelete(atLeast: Int) -> [JSONValue] {
        var remove: [JSONValue] = []
        var keep = active
        if spec.indexed {
            keep = []
            var seen = Set<Int>()
            for pod in active.sorted(by: { JobPods.deleteBefore($1, $0) }) {
                guard let ix = Self.validIndex(pod, spec), !seen.contains(ix) else {
                    remove.append(pod)
                    continue
                }
                seen.insert(ix)
                keep.append(pod)
            }
        }
        if remove.count < atLeast {
            remove += keep.sorted(by: JobPods.deleteBefore).prefix(atLeast - remove.count)
        }
        return remove
    }
}
