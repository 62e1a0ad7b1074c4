import CapstanAPI
import CapstanClient
import Foundation

/// Starting the Job for the due activation, and history cleanup.
extension CronJobController {
    /// Starts the Job for the most recent unmet activation if the policies
    /// allow it; returns how long until the next activation (nil: do not
    /// come back on the clock — suspended, invalid, being deleted).
    func schedule(_ cronJob: inout JSONValue) async throws -> TimeInterval? {
        if OwnerReferences.isBeingDeleted(cronJob) { return nil }
        let spec = cronJob["spec"] ?? .emptyObject
        var zone = defaultTimeZone
        if let name = spec["timeZone"]?.stringValue {
            guard let z = Self.timeZone(named: name) else {
                await context.recorder.record(
                    cronJob, .warning, reason: "UnknownTimeZone", message: "invalid timeZone: \"\(name)\": unknown time zone \(name)")
                return nil
            }
            zone = z
        }
        if spec["suspend"]?.boolValue == true { return nil }
        let text = spec["schedule"]?.stringValue ?? ""
        if text.contains("TZ") {
            // Kubernetes refuses TZ= / CRON_TZ= in new schedules; spec.timeZone is the supported way.
            await context.recorder.record(
                cronJob, .warning, reason: "UnsupportedSchedule",
                message: "CRON_TZ or TZ used in schedule \"\(text)\" is not officially supported, see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ for more details")
            return nil
        }
        let rule: CronSchedule
        do {
            rule = try CronSchedule(parsing: text)
        } catch {
            await context.recorder.record(cronJob, .warning, reason: "UnparseableSchedule", message: "unparseable schedule: \"\(text)\" : \(error)")
            return nil
        }
        let schedule = CronJobTimes.Schedule(rule: rule, zone: zone)
        let now = context.clock.now()
        let recent: CronJobTimes.Recent
        do {
            recent = try CronJobTimes.mostRecent(cronJob, now: now, schedule: schedule, includeStartingDeadline: true)
        } catch {
            await context.recorder.record(cronJob, .warning, reason: "InvalidSchedule", message: "invalid schedule: \(text) : \(error)")
            return nil
        }
        let snapshot = cronJob
        let next = { CronJobTimes.untilNext(snapshot, now: now, schedule: schedule) }
        guard let scheduled = recent.mostRecent else { return next() }
        if recent.missed == .many {
            await context.recorder.record(
                cronJob, .warning, reason: "TooManyMissedTimes",
                message: "too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew")
        }
        if let deadline = spec["startingDeadlineSeconds"]?.intValue, scheduled.addingTimeInterval(Double(deadline)) < now {
            await context.recorder.record(
                cronJob, .warning, reason: "MissSchedule",
                message: "Missed scheduled time to start a job: \(CronJobTimes.rfc1123Z(scheduled))")
            return next()
        }
        let jobName = CronJobTimes.jobName(cronJob, scheduled: scheduled)
        let lastSchedule = cronJob[path: ["status", "lastScheduleTime"]]?.stringValue.flatMap(Time.parse)
        if Self.active(cronJob).contains(where: { $0["name"]?.stringValue == jobName }) || lastSchedule == scheduled {
            return next()
        }
        let policy = spec["concurrencyPolicy"]?.stringValue ?? "Allow"
        if policy == "Forbid" && !Self.active(cronJob).isEmpty {
            await context.recorder.record(
                cronJob, .normal, reason: "JobAlreadyActive",
                message: "Not starting job because prior execution is running and concurrency policy is Forbid")
            return next()
        }
        if policy == "Replace" {
            for ref in Self.active(cronJob) {
                try await deleteJob(named: ref["name"]?.stringValue ?? "", uid: ref["uid"]?.stringValue, from: &cronJob)
            }
        }
        let job = try await createJob(Self.job(for: cronJob, name: jobName, scheduled: scheduled, zone: zone), for: cronJob)
        Self.setActive(&cronJob, Self.active(cronJob) + [Self.reference(to: job)])
        cronJob[path: ["status", "lastScheduleTime"]] = .string(Time(scheduled).rfc3339)
        // The status now carries the new lastScheduleTime.
        return CronJobTimes.untilNext(cronJob, now: now, schedule: schedule)
    }

    /// Creates the Job; one already there from an earlier attempt at the same
    /// activation is taken over if this CronJob controls it.
    func createJob(_ job: JSONValue, for cronJob: JSONValue) async throws -> JSONValue {
        let namespace = OwnerReferences.namespace(cronJob)
        do {
            let created = try await context.client.create(.jobs, namespace: namespace, job)
            await context.recorder.record(cronJob, .normal, reason: "SuccessfulCreate", message: "Created job \(OwnerReferences.name(created))")
            return created
        } catch let error as APIStatusError where error.code == 409 {
            let existing = try await context.client.get(.jobs, namespace: namespace, name: OwnerReferences.name(job))
            guard OwnerReferences.controller(of: existing)?.uid == OwnerReferences.uid(cronJob) else {
                throw APIStatusError(
                    code: 409, reason: "AlreadyExists",
                    message: "job \(namespace)/\(OwnerReferences.name(job)) already exists but is not owned by cronjob \(namespace)/\(OwnerReferences.name(cronJob))")
            }
            return existing
        } catch {
            await context.recorder.record(cronJob, .warning, reason: "FailedCreate", message: "Error creating job: \(error)")
            throw error
        }
    }

    /// The Job for one activation: the template's metadata and spec, the
    /// scheduled time in the CronJob's zone, a controller reference.
    static func job(for cronJob: JSONValue, name: String, scheduled: Date, zone: TimeZone) -> JSONValue {
        let template = cronJob[path: ["spec", "jobTemplate"]] ?? .emptyObject
        var annotations = template[path: ["metadata", "annotations"]]?.objectValue ?? [:]
        annotations["batch.kubernetes.io/cronjob-scheduled-timestamp"] = .string(CronJobTimes.rfc3339(scheduled, in: zone))
        var meta: [String: JSONValue] = [
            "name": .string(name), "namespace": .string(OwnerReferences.namespace(cronJob)),
            "annotations": .object(annotations),
            "ownerReferences": [OwnerReferences.controllerRef(to: cronJob, apiVersion: "batch/v1", kind: "CronJob")],
        ]
        if let labels = template[path: ["metadata", "labels"]] { meta["labels"] = labels }
        return ["apiVersion": "batch/v1", "kind": "Job", "metadata": .object(meta), "spec": template["spec"] ?? .emptyObject]
    }

    /// Deletes a Job with its pods (Background) and drops it from status.active.
    func deleteJob(named name: String, uid: String?, from cronJob: inout JSONValue) async throws {
        do {
            try await context.client.delete(
                .jobs, namespace: OwnerReferences.namespace(cronJob), name: name, preconditionUID: uid, propagationPolicy: "Background")
        } catch let error as APIStatusError where error.isNotFound {
        } catch {
            await context.recorder.record(cronJob, .warning, reason: "FailedDelete", message: "Deleted job: \(error)")
            throw error
        }
        Self.setActive(&cronJob, Self.active(cronJob).filter { $0["name"]?.stringValue != name })
        await context.recorder.record(cronJob, .normal, reason: "SuccessfulDelete", message: "Deleted job \(name)")
    }

    /// Keeps the newest successfulJobsHistoryLimit Complete and
    /// failedJobsHistoryLimit Failed Jobs, oldest (by start time) deleted first.
    func cleanUpFinished(_ cronJob: inout JSONValue, jobs: [JSONValue]) async {
        let spec = cronJob["spec"] ?? .emptyObject
        let live = jobs.filter { !OwnerReferences.isBeingDeleted($0) }
        for (type, limitField) in [("Complete", "successfulJobsHistoryLimit"), ("Failed", "failedJobsHistoryLimit")] {
            guard let limit = spec[limitField]?.intValue else { continue }
            let finished = live.filter { JobConditions.finished($0) == type }.sorted(by: Self.startedBefore)
            for job in finished.prefix(max(0, finished.count - Int(limit))) {
                try? await deleteJob(named: OwnerReferences.name(job), uid: OwnerReferences.uid(job), from: &cronJob)
            }
        }
    }

    /// Kubernetes' byJobStartTime: by status.startTime, unstarted last, then by name.
    static func startedBefore(_ a: JSONValue, _ b: JSONValue) -> Bool {
        let sa = a[path: ["status", "startTime"]]?.stringValue.flatMap(Time.parse)
        let sb = b[path: ["status", "startTime"]]?.stringValue.flatMap(Time.parse)
        switch (sa, sb) {
        case (nil, .some): return false
        case (.some, nil): return true
        case (.some(let x), .some(let y)) where x != y: return x < y
        default: return OwnerReferences.name(a) < OwnerReferences.name(b)
        }
    }

    /// IANA names through Foundation, with Go's LoadLocation special cases.
    static func timeZone(named name: String) -> TimeZone? {
        switch name {
        case "", "UTC": return TimeZone(identifier: "UTC")
        case "Local": return .current
        default: return TimeZone(identifier: name)
        }
    }
}
