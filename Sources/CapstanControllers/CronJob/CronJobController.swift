import CapstanAPI
import CapstanClient
import Foundation

/// Starts Jobs on a cron schedule (Kubernetes' cronjob controller v2): one
/// Job per activation, named NAME-<scheduled minute since the epoch>;
/// concurrencyPolicy Allow/Forbid/Replace; startingDeadlineSeconds;
/// suspend; spec.timeZone; status.active, lastScheduleTime and
/// lastSuccessfulTime; finished Jobs beyond the history limits deleted.
/// Each reconcile asks to come back exactly at the next activation.
public struct CronJobController: Controller {
    public let name = "cronjob-controller"
    let context: ControllerContext
    /// The zone of schedules without spec.timeZone (Kubernetes uses the
    /// controller manager's local zone, UTC in its usual container).
    let defaultTimeZone: TimeZone

    public init(context: ControllerContext, defaultTimeZone: TimeZone = TimeZone(identifier: "UTC")!) {
        self.context = context
        self.defaultTimeZone = defaultTimeZone
    }

    public var sources: [EventSource] {
        [
            .own(.cronJobs),
            EventSource(.jobs) { event in
                switch event {
                case .added(let j), .deleted(let j): OwnerReferences.ownerKeys(j, kind: "CronJob")
                case .updated(let old, let new):
                    Array(Set(OwnerReferences.ownerKeys(old, kind: "CronJob") + OwnerReferences.ownerKeys(new, kind: "CronJob")))
                case .synced: []
                }
            },
        ]
    }

    public func object(forKey key: String) -> JSONValue? { context.informers.cache(for: .cronJobs).get(key) }

    public func reconcile(_ key: String) async throws -> ReconcileResult {
        guard let stored = context.informers.cache(for: .cronJobs).get(key) else { return .done }
        let jobs = context.informers.cache(for: .jobs).byIndex(OwnerReferences.controllerUIDIndex, OwnerReferences.uid(stored))
        var cronJob = stored
        var requeue: TimeInterval? = nil
        var syncError: (any Error)? = nil
        do {
            try await reconcileActive(&cronJob, jobs: jobs)
            requeue = try await schedule(&cronJob)
            await cleanUpFinished(&cronJob, jobs: jobs)
        } catch {
            syncError = error
        }
        if cronJob["status"] != stored["status"] {
            var object = stored
            object["status"] = cronJob["status"]
            _ = try await context.client.update(.cronJobs, object, subresource: "status")
        }
        if let syncError { throw syncError }
        guard let requeue else { return .done }
        return .requeue(after: .milliseconds(max(1, Int64((requeue * 1000).rounded(.up)))))
    }

    // MARK: status.active

    static func active(_ cronJob: JSONValue) -> [JSONValue] { cronJob[path: ["status", "active"]]?.arrayValue ?? [] }

    static func setActive(_ cronJob: inout JSONValue, _ refs: [JSONValue]) {
        if refs.isEmpty && cronJob[path: ["status", "active"]] == nil { return }
        cronJob[path: ["status", "active"]] = refs.isEmpty ? nil : .array(refs)
    }

    static func reference(to job: JSONValue) -> JSONValue {
        [
            "apiVersion": "batch/v1", "kind": "Job", "name": .string(OwnerReferences.name(job)),
            "namespace": .string(OwnerReferences.namespace(job)), "uid": .string(OwnerReferences.uid(job)),
            "resourceVersion": job[path: ["metadata", "resourceVersion"]] ?? "",
        ]
    }

    /// Brings status.active and lastSuccessfulTime in line with the Jobs
    /// that exist: finished ones leave the list, vanished ones too (after
    /// asking the API server, the cache may lag).
    func reconcileActive(_ cronJob: inout JSONValue, jobs: [JSONValue]) async throws {
        var active = Self.active(cronJob)
        for job in jobs {
            let uid = OwnerReferences.uid(job)
            let listed = active.contains { $0["uid"]?.stringValue == uid }
            let finished = JobConditions.finished(job)
            if !listed && finished == nil {
                await context.recorder.record(
                    cronJob, .warning, reason: "UnexpectedJob",
                    message: "Saw a job that the controller did not create or forgot: \(OwnerReferences.name(job))")
            } else if listed, let finished {
                active.removeAll { $0["uid"]?.stringValue == uid }
                await context.recorder.record(
                    cronJob, .normal, reason: "SawCompletedJob",
                    message: "Saw completed job: \(OwnerReferences.name(job)), condition: \(finished)")
            }
            if finished == "Complete", let done = job[path: ["status", "completionTime"]]?.stringValue.flatMap(Time.parse) {
                let last = cronJob[path: ["status", "lastSuccessfulTime"]]?.stringValue.flatMap(Time.parse)
                if last.map({ done > $0 }) ?? true {
                    cronJob[path: ["status", "lastSuccessfulTime"]] = .string(Time(done).rfc3339)
                }
            }
        }
        let known = Set(jobs.map(OwnerReferences.uid))
        for ref in active where !known.contains(ref["uid"]?.stringValue ?? "") {
            let name = ref["name"]?.stringValue ?? ""
            do {
                _ = try await context.client.get(.jobs, namespace: OwnerReferences.namespace(cronJob), name: name)
            } catch let error as APIStatusError where error.isNotFound {
                active.removeAll { $0["uid"] == ref["uid"] }
                await context.recorder.record(cronJob, .normal, reason: "MissingJob", message: "Active job went missing: \(name)")
            }
        }
        Self.setActive(&cronJob, active)
    }
}
