import CapstanAPI
import CapstanClient
import Foundation
import Testing
@testable import CapstanControllers

/// One-call reconciles of the CronJob controller against FakeAPI, with the
/// manual clock at 2027-01-15T08:00:00Z (a Friday).
@Suite struct CronJobControllerTests {
    static func cronJob(
        schedule: String = "*/5 * * * *", policy: String = "Allow", status: JSONValue = .emptyObject, spec extra: [String: JSONValue] = [:]
    ) -> JSONValue {
        var spec: [String: JSONValue] = [
            "schedule": .string(schedule), "concurrencyPolicy": .string(policy), "suspend": false,
            "successfulJobsHistoryLimit": 3, "failedJobsHistoryLimit": 1,
            "jobTemplate": [
                "metadata": ["labels": ["team": "a"]],
                "spec": ["template": ["spec": ["restartPolicy": "Never", "containers": [["name": "c", "image": "busybox"]]]]],
            ],
        ]
        for (k, v) in extra { spec[k] = v }
        return [
            "apiVersion": "batch/v1", "kind": "CronJob",
            "metadata": [
                "name": "tick", "namespace": "default", "uid": "uid-tick", "resourceVersion": "5",
                "creationTimestamp": "2027-01-15T07:58:00Z",
            ],
            "spec": .object(spec), "status": status,
        ]
    }

    static func job(_ name: String, finished: String? = nil, started: String = "2027-01-15T07:00:00Z", completed: String? = nil) -> JSONValue {
        var j: JSONValue = [
            "apiVersion": "batch/v1", "kind": "Job",
            "metadata": [
                "name": .string(name), "namespace": "default", "uid": .string("uid-\(name)"), "resourceVersion": "7",
                "ownerReferences": [["apiVersion": "batch/v1", "kind": "CronJob", "name": "tick", "uid": "uid-tick", "controller": true]],
            ],
            "spec": .emptyObject,
            "status": ["startTime": .string(started)],
        ]
        if let finished {
            j[path: ["status", "conditions"]] = [["type": .string(finished), "status": "True", "lastTransitionTime": .string(completed ?? started)]]
        }
        if let completed { j[path: ["status", "completionTime"]] = .string(completed) }
        return j
    }

    static func ref(_ name: String) -> JSONValue {
        ["apiVersion": "batch/v1", "kind": "Job", "name": .string(name), "namespace": "default", "uid": .string("uid-\(name)")]
    }

    func reasons(_ h: TestHarness) -> [String] {
        h.api.writes("create", "events").compactMap { $0.body?["reason"]?.stringValue }
    }

    @Test func createsTheJobAtTheScheduledTime() async throws {
        let h = TestHarness()
        let c = CronJobController(context: h.context)
        // Created at 08:00: the first activation is 08:05.
        var cj = Self.cronJob()
        cj[path: ["metadata", "creationTimestamp"]] = "2027-01-15T08:00:00Z"
        h.seed(.cronJobs, [cj])
        #expect(try await c.reconcile("default/tick") == .requeue(after: .seconds(300)))
        #expect(h.api.actions.isEmpty)

        h.clock.advance(by: .seconds(300))
        #expect(try await c.reconcile("default/tick") == .requeue(after: .seconds(300)))
        let created = h.api.writes("create", "jobs")
        #expect(created.map(\.name) == ["tick-30000005"])
        let job = try #require(created.first?.body)
        #expect(job[path: ["metadata", "annotations", "batch.kubernetes.io/cronjob-scheduled-timestamp"]] == "2027-01-15T08:05:00Z")
        #expect(job[path: ["metadata", "labels", "team"]] == "a")
        #expect(OwnerReferences.controller(of: job)?.uid == "uid-tick")
        let status = try #require(h.api.writes("update", "cronjobs/status").first?.body?["status"])
        #expect(status["lastScheduleTime"] == "2027-01-15T08:05:00Z")
        #expect(status["active"]?.arrayValue?.first?["name"] == "tick-30000005")
        #expect(reasons(h) == ["SuccessfulCreate"])
    }

    @Test func forbidSkipsWhileAJobIsActive() async throws {
        let h = TestHarness()
        let c = CronJobController(context: h.context)
        h.seed(.jobs, [Self.job("tick-29999995")])
        h.seed(.cronJobs, [Self.cronJob(policy: "Forbid", status: ["active": [Self.ref("tick-29999995")], "lastScheduleTime": "2027-01-15T07:55:00Z"])])
        #expect(try await c.reconcile("default/tick") == .requeue(after: .seconds(300)))
        #expect(h.api.writes("create", "jobs").isEmpty)
        #expect(reasons(h) == ["JobAlreadyActive"])
    }

    @Test func replaceDeletesTheActiveJob() async throws {
        let h = TestHarness()
        let c = CronJobController(context: h.context)
        h.seed(.jobs, [Self.job("tick-29999995")])
        h.seed(.cronJobs, [Self.cronJob(policy: "Replace", status: ["active": [Self.ref("tick-29999995")], "lastScheduleTime": "2027-01-15T07:55:00Z"])])
        _ = try await c.reconcile("default/tick")
        #expect(h.api.actions.filter { $0.resource == "jobs" }.map(\.description) == ["delete jobs default/tick-29999995", "create jobs default/tick-30000000"])
        #expect(h.api.writes("delete", "jobs").first?.body?["propagationPolicy"] == "Background")
        let active = h.api.writes("update", "cronjobs/status").first?.body?[path: ["status", "active"]]?.arrayValue ?? []
        #expect(active.map { $0["name"]?.stringValue } == ["tick-30000000"])
    }

    @Test func startingDeadlineSkipsMissedActivations() async throws {
        let h = TestHarness()
        let c = CronJobController(context: h.context)
        // Last run 07:40; 07:45 … 08:00 were missed; with a 60 s deadline at 08:00:30 only 08:00 is still startable.
        h.clock.advance(by: .seconds(30))
        let cj = Self.cronJob(status: ["lastScheduleTime": "2027-01-15T07:40:00Z"], spec: ["startingDeadlineSeconds": 60])
        h.seed(.cronJobs, [cj])
        _ = try await c.reconcile("default/tick")
        #expect(h.api.writes("create", "jobs").map(\.name) == ["tick-30000000"])
        // At 08:03 with a 60 s deadline, 08:00 is too old to start: nothing, come back at 08:05.
        let h2 = TestHarness()
        h2.clock.advance(by: .seconds(180))
        h2.seed(.cronJobs, [Self.cronJob(status: ["lastScheduleTime": "2027-01-15T07:55:00Z"], spec: ["startingDeadlineSeconds": 60])])
        #expect(try await CronJobController(context: h2.context).reconcile("default/tick") == .requeue(after: .seconds(120)))
        #expect(h2.api.writes("create", "jobs").isEmpty)
    }

    @Test func finishedJobsLeaveActiveAndHistoryIsTrimmed() async throws {
        let h = TestHarness()
        let c = CronJobController(context: h.context)
        let jobs = [
            Self.job("tick-1", finished: "Complete", started: "2027-01-15T06:00:00Z", completed: "2027-01-15T06:01:00Z"),
            Self.job("tick-2", finished: "Complete", started: "2027-01-15T06:10:00Z", completed: "2027-01-15T06:11:00Z"),
            Self.job("tick-3", finished: "Complete", started: "2027-01-15T06:20:00Z", completed: "2027-01-15T06:21:00Z"),
            Self.job("tick-4", finished: "Complete", started: "2027-01-15T06:30:00Z", completed: "2027-01-15T06:31:00Z"),
            Self.job("tick-5", finished: "Failed", started: "2027-01-15T06:40:00Z"),
            Self.job("tick-6", finished: "Failed", started: "2027-01-15T06:50:00Z"),
        ]
        h.seed(.jobs, jobs)
        h.seed(.cronJobs, [Self.cronJob(status: ["active": [Self.ref("tick-4")], "lastScheduleTime": "2027-01-15T08:00:00Z"])])
        _ = try await c.reconcile("default/tick")
        #expect(Set(h.api.writes("delete", "jobs").map(\.name)) == ["tick-1", "tick-5"])
        let status = try #require(h.api.writes("update", "cronjobs/status").first?.body?["status"])
        #expect(status["active"] == nil)
        #expect(status["lastSuccessfulTime"] == "2027-01-15T06:31:00Z")
        #expect(reasons(h).contains("SawCompletedJob"))
    }

    @Test func timeZonesAndSuspend() async throws {
        let h = TestHarness()
        let c = CronJobController(context: h.context)
        // 09:00 in Berlin is 08:00Z in January.
        h.seed(.cronJobs, [Self.cronJob(schedule: "0 9 * * *", status: ["lastScheduleTime": "2027-01-14T08:00:00Z"], spec: ["timeZone": "Europe/Berlin"])])
        _ = try await c.reconcile("default/tick")
        let job = try #require(h.api.writes("create", "jobs").first?.body)
        #expect(job[path: ["metadata", "annotations", "batch.kubernetes.io/cronjob-scheduled-timestamp"]] == "2027-01-15T09:00:00+01:00")

        let bad = TestHarness()
        bad.seed(.cronJobs, [Self.cronJob(spec: ["timeZone": "Mars/Olympus"])])
        #expect(try await CronJobController(context: bad.context).reconcile("default/tick") == .done)
        #expect(bad.api.writes("create", "jobs").isEmpty)
        #expect(reasons(bad) == ["UnknownTimeZone"])

        let suspended = TestHarness()
        suspended.seed(.cronJobs, [Self.cronJob(spec: ["suspend": true])])
        #expect(try await CronJobController(context: suspended.context).reconcile("default/tick") == .done)
        #expect(suspended.api.actions.isEmpty)
    }

    @Test func tooManyMissedStartsWarnsAndRunsTheLatest() async throws {
        let h = TestHarness()
        let c = CronJobController(context: h.context)
        h.seed(.cronJobs, [Self.cronJob(schedule: "* * * * *", status: ["lastScheduleTime": "2027-01-14T08:00:00Z"])])
        _ = try await c.reconcile("default/tick")
        #expect(h.api.writes("create", "jobs").map(\.name) == ["tick-30000000"])
        #expect(reasons(h) == ["TooManyMissedTimes", "SuccessfulCreate"])
    }
}
