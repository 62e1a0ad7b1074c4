import CapstanAPI
import CapstanClient
import Foundation

/// Counting finished pods exactly once, and finishing the Job
/// (Kubernetes' trackJobStatusAndRemoveFinalizers).
extension JobController {
    /// 1. Finished pods still holding the finalizer go into
    ///    status.uncountedTerminatedPods (Indexed successes straight into
    ///    completedIndexes), written before any finalizer is removed, so a
    ///    crash in between cannot lose or double a count.
    /// 2. Their finalizers are removed.
    /// 3. Uncounted uids whose pods no longer hold the finalizer move into
    ///    status.succeeded / status.failed.
    /// 4. With nothing uncounted and nothing terminating, the interim
    ///    condition becomes Complete or Failed.
    /// Status is written only when it changed.
    func trackStatus(_ sync: inout JobSync, stored: JSONValue, key: String) async throws {
        let spec = sync.spec
        let failing = if case .failure = sync.target { true } else { false }
        let countedBefore = sync.uncountedSucceeded.count + sync.uncountedFailed.count
        var toRelease: [JSONValue] = []
        var newIndexes: [Int] = []
        for pod in sync.pods where JobPods.hasFinalizer(pod) {
            let uid = OwnerReferences.uid(pod)
            if sync.pendingRemovals.contains(uid) { continue }
            let failed = JobPods.isFailed(pod, onlyReplaceFailed: spec.onlyReplaceFailed)
            // Pods still running are held, unless the Job is ending.
            guard failed || sync.target != nil || JobPods.isFinished(pod) else { continue }
            toRelease.append(pod)
            if Pods.phase(pod) == "Succeeded" && !sync.uncountedFailed.contains(uid) {
                if spec.indexed {
                    if let ix = JobSync.validIndex(pod, spec), !sync.previousIndexes.contains(ix) { newIndexes.append(ix) }
                } else if !sync.uncountedSucceeded.contains(uid) {
                    sync.uncountedSucceeded.append(uid)
                }
            } else if failed || failing {
                // When the Job fails, whatever did not succeed counts as failed.
                if !sync.uncountedFailed.contains(uid) && (!spec.indexed || JobSync.validIndex(pod, spec) != nil) {
                    sync.uncountedFailed.append(uid)
                }
            }
        }
        var mustPersist = sync.uncountedSucceeded.count + sync.uncountedFailed.count > countedBefore || !newIndexes.isEmpty
        if spec.indexed {
            let indexes = sync.previousIndexes.inserting(newIndexes)
            sync.job[path: ["status", "completedIndexes"]] = .string(indexes.description)
            Self.setCount(&sync.job, "succeeded", indexes.total)
        }
        if let target = sync.target {
            // Recorded before pods are released, so the reason survives a restart.
            mustPersist = JobConditions.ensure(
                &sync.job, target.interimType, status: "True", reason: target.reason, message: target.message, now: sync.now)
                || mustPersist
        }
        setUncounted(&sync)
        var current = stored
        if mustPersist { current = try await writeStatus(sync.job, over: current) }
        memory.setBackoff(key, sync.backoff)

        let (released, releaseError) = await release(toRelease, key: key)
        let holding = Set(sync.pods.filter(JobPods.hasFinalizer).map(OwnerReferences.uid))
            .subtracting(released).subtracting(sync.pendingRemovals)
        let movedSucceeded = sync.uncountedSucceeded.filter { !holding.contains($0) }.count
        let movedFailed = sync.uncountedFailed.filter { !holding.contains($0) }.count
        sync.uncountedSucceeded.removeAll { !holding.contains($0) }
        sync.uncountedFailed.removeAll { !holding.contains($0) }
        if !spec.indexed { add(&sync.job, "succeeded", movedSucceeded) }
        add(&sync.job, "failed", movedFailed)
        setUncounted(&sync)

        var finished: FinishTarget? = nil
        if let target = sync.target, sync.uncountedSucceeded.isEmpty, sync.uncountedFailed.isEmpty, sync.terminating == 0 {
            JobConditions.ensure(&sync.job, target.terminalType, status: "True", reason: target.reason, message: target.message, now: sync.now)
            if target == .success { sync.job[path: ["status", "completionTime"]] = .string(Time(sync.now).rfc3339) }
            finished = target
        }
        if sync.job["status"] != current["status"] { current = try await writeStatus(sync.job, over: current) }
        switch finished {
        case .success: await context.recorder.record(current, .normal, reason: "Completed", message: "Job completed")
        case .failure(let reason, let message): await context.recorder.record(current, .warning, reason: reason, message: message)
        case nil: break
        }
        if let releaseError { throw releaseError }
    }

    func add(_ job: inout JSONValue, _ field: String, _ n: Int) {
        Self.setCount(&job, field, Int(job[path: ["status", field]]?.intValue ?? 0) + n)
    }

    /// active, succeeded and failed are omitted when zero, as Kubernetes serializes them.
    static func setCount(_ job: inout JSONValue, _ field: String, _ n: Int) {
        job[path: ["status", field]] = n == 0 ? nil : .int(Int64(n))
    }

    func setUncounted(_ sync: inout JobSync) {
        var uncounted: [String: JSONValue] = [:]
        if !sync.uncountedSucceeded.isEmpty { uncounted["succeeded"] = .array(sync.uncountedSucceeded.map { .string($0) }) }
        if !sync.uncountedFailed.isEmpty { uncounted["failed"] = .array(sync.uncountedFailed.map { .string($0) }) }
        sync.job[path: ["status", "uncountedTerminatedPods"]] = .object(uncounted)
    }

    /// PUT of `job`'s status over the latest stored object (its
    /// resourceVersion guards the write: a 409 retries the whole reconcile).
    func writeStatus(_ job: JSONValue, over current: JSONValue) async throws -> JSONValue {
        var object = current
        object["status"] = job["status"]
        return try await context.client.update(.jobs, object, subresource: "status")
    }
}
