import CapstanAPI
import CapstanClient
import Foundation

/// Runs a Job's pods to completion (Kubernetes' job controller): keeps
/// min(parallelism, remaining completions) pods running, Indexed or not;
/// replaces failed pods after an exponential backoff; fails the Job at
/// backoffLimit or activeDeadlineSeconds; suspends and resumes; and counts
/// finished pods exactly once through the `batch.kubernetes.io/job-tracking`
/// finalizer: a finished pod is first recorded in
/// status.uncountedTerminatedPods, then released, then moved into the
/// succeeded/failed counters — so counts survive the pods' deletion.
public final class JobController: Controller {
    public let name = "job-controller"
    let context: ControllerContext
    /// Pod creations and deletions not yet seen in the pod informer, per Job key.
    let expectations: Expectations
    let memory = JobMemory()

    public init(context: ControllerContext) {
        self.context = context
        self.expectations = Expectations(clock: context.clock)
    }

    public var sources: [EventSource] {
        let expectations = self.expectations
        return [.own(.jobs), EventSource(.pods) { Self.keys(for: $0, expectations) }]
    }

    public func object(forKey key: String) -> JSONValue? { jobs.get(key) }

    var jobs: ObjectCache { context.informers.cache(for: .jobs) }
    var podCache: ObjectCache { context.informers.cache(for: .pods) }

    /// A pod event concerns its controlling Job; it also lowers that Job's expectations.
    static func keys(for event: InformerEvent, _ expectations: Expectations) -> [String] {
        switch event {
        case .added(let pod):
            let keys = OwnerReferences.ownerKeys(pod, kind: "Job")
            for k in keys {
                expectations.creationObserved(k)
                if OwnerReferences.isBeingDeleted(pod) { expectations.deletionObserved(k, uid: OwnerReferences.uid(pod)) }
            }
            return keys
        case .updated(let old, let new):
            let keys = Array(Set(OwnerReferences.ownerKeys(old, kind: "Job") + OwnerReferences.ownerKeys(new, kind: "Job")))
            if OwnerReferences.isBeingDeleted(new) && !OwnerReferences.isBeingDeleted(old) {
                for k in keys { expectations.deletionObserved(k, uid: OwnerReferences.uid(new)) }
            }
            return keys
        case .deleted(let pod):
            let keys = OwnerReferences.ownerKeys(pod, kind: "Job")
            for k in keys { expectations.deletionObserved(k, uid: OwnerReferences.uid(pod)) }
            return keys
        case .synced:
            return []
        }
    }

    public func reconcile(_ key: String) async throws -> ReconcileResult {
        guard let job = jobs.get(key) else {
            // Gone: nothing will count its pods any more, so let them go.
            try await releaseOrphans(jobKey: key)
            expectations.forget(key)
            memory.forget(key)
            return .done
        }
        let pods = podCache.byIndex(OwnerReferences.controllerUIDIndex, OwnerReferences.uid(job))
        if JobConditions.finished(job) != nil || OwnerReferences.isBeingDeleted(job) {
            try await releaseAll(pods.filter(JobPods.hasFinalizer), key: key)
            return .done
        }
        let holding = Set(pods.filter(JobPods.hasFinalizer).map(OwnerReferences.uid))
        var sync = JobSync(
            job: job, pods: pods, now: context.clock.now(),
            pendingRemovals: memory.pendingFinalizerRemovals(key, stillHolding: holding), backoff: memory.backoff(key))
        let satisfied = expectations.satisfied(key)
        sync.decideFailure()

        var active = sync.active.count
        var requeue: TimeInterval? = nil
        var manageError: (any Error)? = nil
        if sync.target != nil {
            // Failing: stop what runs, keeping finalizers so those pods are counted as failed.
            let (deleted, error) = await deletePods(sync.active, job: job, key: key, releaseFirst: false)
            if deleted.count != active || !satisfied { sync.target = nil }
            sync.active.removeAll { deleted.contains(OwnerReferences.uid($0)) }
            active -= deleted.count
            sync.terminating += deleted.count
            manageError = error
        } else {
            var managed = false
            if satisfied {
                let outcome = await manage(&sync, key: key)
                (active, requeue, manageError) = (outcome.active, outcome.requeueAfter, outcome.error)
                managed = true
            }
            if sync.isComplete(active: active) {
                sync.target = .success
            } else if managed {
                await updateSuspendCondition(&sync)
            }
            if sync.target == nil, let left = sync.deadlineRemaining {
                requeue = min(requeue ?? left, left)
            }
        }
        let ready = sync.active.filter(Pods.isReady).count
        Self.setCount(&sync.job, "active", active)
        sync.job[path: ["status", "ready"]] = .int(Int64(ready))
        sync.job[path: ["status", "terminating"]] = .int(Int64(sync.terminating))
        try await trackStatus(&sync, stored: job, key: key)
        if let manageError { throw manageError }
        guard let requeue, requeue > 0 else { return .done }
        return .requeue(after: .milliseconds(Int64((requeue * 1000).rounded(.up))))
    }

    /// Suspended condition and its events; resuming restarts the
    /// activeDeadlineSeconds clock, which measures continuous activity.
    func updateSuspendCondition(_ sync: inout JobSync) async {
        if sync.spec.suspended {
            if JobConditions.ensure(&sync.job, "Suspended", status: "True", reason: "JobSuspended", message: "Job suspended", now: sync.now) {
                await context.recorder.record(sync.job, .normal, reason: "Suspended", message: "Job suspended")
            }
        } else if JobConditions.ensure(&sync.job, "Suspended", status: "False", reason: "JobResumed", message: "Job resumed", now: sync.now) {
            sync.job[path: ["status", "startTime"]] = .string(Time(sync.now).rfc3339)
            await context.recorder.record(sync.job, .normal, reason: "Resumed", message: "Job resumed")
        }
    }

    /// Pods of a deleted Job still holding the tracking finalizer.
    func releaseOrphans(jobKey: String) async throws {
        let (namespace, name) = OwnerReferences.split(jobKey)
        let orphans = podCache.list(namespace: namespace).filter { pod in
            guard let ref = OwnerReferences.controller(of: pod) else { return false }
            return ref.kind == "Job" && ref.name == name && JobPods.hasFinalizer(pod)
        }
        try await releaseAll(orphans, key: jobKey)
    }
}
