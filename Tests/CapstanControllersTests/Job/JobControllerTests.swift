import CapstanAPI
import CapstanClient
import Foundation
import Testing
@testable import CapstanControllers

@Suite struct JobControllerTests {
    let h = TestHarness()
    let c: JobController
    init() { c = JobController(context: h.context) }

    func start(_ job: JSONValue) async throws -> ReconcileResult {
        h.seed(.jobs, [job])
        let r = try await c.reconcile("default/pi")
        h.refresh(c)
        return r
    }

    @Test func createsMinOfParallelismAndCompletions() async throws {
        _ = try await start(JobFixtures.job(completions: 5, parallelism: 2))
        let pods = h.api.writes("create", "pods").compactMap(\.body)
        #expect(pods.count == 2)
        for pod in pods {
            #expect(pod[path: ["metadata", "generateName"]] == "pi-")
            #expect(pod[path: ["metadata", "finalizers"]] == ["batch.kubernetes.io/job-tracking"])
            #expect(OwnerReferences.controller(of: pod)?.uid == "uid-pi")
        }
        #expect(h.jobStatus["active"] == 2)
        #expect(h.jobStatus["startTime"] == "2027-01-15T08:00:00Z")
        #expect(h.eventReasons == ["SuccessfulCreate", "SuccessfulCreate"])
        // Nothing observed changes: a second pass creates nothing.
        h.api.clearActions()
        _ = try await c.reconcile("default/pi")
        #expect(h.api.writes("create", "pods").isEmpty)
    }

    @Test func countsSuccessesThroughTheFinalizerThenCompletes() async throws {
        _ = try await start(JobFixtures.job(completions: 2, parallelism: 2))
        let names = h.podNames
        h.setPhase("Succeeded", pods: [names[0]], controller: c)
        h.api.clearActions()
        _ = try await c.reconcile("default/pi")
        // First the uid is recorded as uncounted, then the finalizer goes, then it is counted.
        let writes = h.api.actions.filter { $0.verb != "create" }.map(\.description)
        #expect(writes == ["update jobs/status default/pi", "patch pods default/\(names[0])", "update jobs/status default/pi"])
        let first = h.api.writes("update", "jobs/status")[0].body?[path: ["status", "uncountedTerminatedPods", "succeeded"]]
        #expect(first == [.string("uid-\(names[0])")])
        #expect(h.jobStatus["succeeded"] == 1)
        #expect(h.jobStatus["uncountedTerminatedPods"] == .emptyObject)
        #expect(h.api.writes("create", "pods").isEmpty)  // one left to run, one running

        h.refresh(c)
        h.api.clearActions()
        h.api.seed("pods", [])  // the counted pod may now vanish without changing the count
        h.setPhase("Succeeded", pods: [names[1]], controller: c)
        _ = try await c.reconcile("default/pi")
        #expect(h.jobStatus["succeeded"] == 2)
        #expect(h.conditionTypes() == ["SuccessCriteriaMet", "Complete"])
        #expect(h.jobStatus["completionTime"] == "2027-01-15T08:00:00Z")
        #expect(h.eventReasons == ["Completed"])
    }

    @Test func indexedJobsGetDistinctIndexesAndCompletedIndexes() async throws {
        _ = try await start(JobFixtures.job(completions: 4, parallelism: 3, indexed: true))
        let pods = h.api.objects("pods")
        let indexes = pods.compactMap { $0[path: ["metadata", "annotations", "batch.kubernetes.io/job-completion-index"]]?.stringValue }
        #expect(Set(indexes) == ["0", "1", "2"])
        for pod in pods {
            let ix = JobPods.completionIndex(pod)!
            #expect(pod[path: ["metadata", "labels", "batch.kubernetes.io/job-completion-index"]] == .string("\(ix)"))
            #expect(pod[path: ["spec", "hostname"]] == .string("pi-\(ix)"))
            #expect(pod[path: ["metadata", "generateName"]] == .string("pi-\(ix)-"))
            let env = pod[path: ["spec", "containers"]]?.arrayValue?.first?["env"]?.arrayValue?.first
            #expect(env?["name"] == "JOB_COMPLETION_INDEX")
            #expect(env?[path: ["valueFrom", "fieldRef", "fieldPath"]] == "metadata.annotations['batch.kubernetes.io/job-completion-index']")
        }
        let byIndex = Dictionary(uniqueKeysWithValues: pods.map { (JobPods.completionIndex($0)!, OwnerReferences.name($0)) })
        h.setPhase("Succeeded", pods: [byIndex[0]!, byIndex[2]!], controller: c)
        h.api.clearActions()
        _ = try await c.reconcile("default/pi")
        #expect(h.jobStatus["completedIndexes"] == "0,2")
        #expect(h.jobStatus["succeeded"] == 2)
        // Index 3 is the only one without a pod or a success.
        let created = h.api.writes("create", "pods").compactMap { $0.body.flatMap(JobPods.completionIndex) }
        #expect(created == [3])
    }

    @Test func failedPodsAreReplacedAfterBackoffThenTheJobFails() async throws {
        _ = try await start(JobFixtures.job(backoffLimit: 1))
        h.setPhase("Failed", pods: h.podNames, controller: c)
        h.api.clearActions()
        // First failure: counted, and the replacement waits 10 s.
        #expect(try await c.reconcile("default/pi") == .requeue(after: .seconds(10)))
        #expect(h.jobStatus["failed"] == 1)
        #expect(h.api.writes("create", "pods").isEmpty)
        h.refresh(c)
        h.clock.advance(by: .seconds(10))
        _ = try await c.reconcile("default/pi")
        #expect(h.api.writes("create", "pods").count == 1)
        h.refresh(c)
        // Second failure exceeds backoffLimit 1.
        let running = h.api.objects("pods").filter { Pods.phase($0) == "Pending" }.map(OwnerReferences.name)
        h.setPhase("Failed", pods: running, controller: c)
        h.api.clearActions()
        #expect(try await c.reconcile("default/pi") == .done)
        #expect(h.jobStatus["failed"] == 2)
        #expect(h.conditionTypes() == ["FailureTarget", "Failed"])
        let failed = h.jobStatus["conditions"]?.arrayValue?.first { $0["type"] == "Failed" }
        #expect(failed?["reason"] == "BackoffLimitExceeded")
        #expect(h.eventReasons == ["BackoffLimitExceeded"])
        #expect(h.api.writes("create", "pods").isEmpty)
    }

    @Test func backoffDelayDoublesAndIsCapped() {
        let t0 = Date(timeIntervalSince1970: 0)
        var r = BackoffRecord().adding(succeeded: [], failed: [t0])
        #expect(r.remaining(now: t0) == 10)
        r = r.adding(succeeded: [], failed: [t0, t0])
        #expect(r.remaining(now: t0.addingTimeInterval(5)) == 35)
        r = r.adding(succeeded: [], failed: Array(repeating: t0, count: 10))
        #expect(r.remaining(now: t0) == 360)
        #expect(r.adding(succeeded: [t0.addingTimeInterval(1)], failed: []).remaining(now: t0) == 0)
    }

    @Test func activeDeadlineKillsPodsAndFailsTheJob() async throws {
        #expect(try await start(JobFixtures.job(spec: ["activeDeadlineSeconds": 60])) == .requeue(after: .seconds(60)))
        h.api.clearActions()
        h.clock.advance(by: .seconds(60))
        _ = try await c.reconcile("default/pi")
        #expect(h.api.writes("delete", "pods").count == 1)
        #expect(h.conditionTypes() == ["FailureTarget"])
        h.refresh(c)
        _ = try await c.reconcile("default/pi")
        #expect(h.conditionTypes() == ["FailureTarget", "Failed"])
        let failed = h.jobStatus["conditions"]?.arrayValue?.first { $0["type"] == "Failed" }
        #expect(failed?["reason"] == "DeadlineExceeded")
        #expect(h.eventReasons.last == "DeadlineExceeded")
    }

    @Test func suspendDeletesPodsAndResumeRestartsTheClock() async throws {
        _ = try await start(JobFixtures.job(completions: 2, parallelism: 2))
        var job = try #require(h.api.object("jobs", "default", "pi"))
        job[path: ["spec", "suspend"]] = true
        h.seed(.jobs, [job])
        h.api.clearActions()
        _ = try await c.reconcile("default/pi")
        // Finalizers released before the delete: suspension is not a failure.
        #expect(h.api.writes("patch", "pods").count == 2)
        #expect(h.api.writes("delete", "pods").count == 2)
        #expect(h.conditionTypes() == ["Suspended"])
        #expect(h.jobStatus["active"] == nil)
        #expect(h.eventReasons.filter { $0 == "Suspended" }.count == 1)
        h.refresh(c)
        #expect(h.jobStatus["failed"] == nil)

        h.clock.advance(by: .seconds(100))
        job = try #require(h.api.object("jobs", "default", "pi"))
        job[path: ["spec", "suspend"]] = false
        h.seed(.jobs, [job])
        h.api.clearActions()
        _ = try await c.reconcile("default/pi")
        #expect(h.api.writes("create", "pods").count == 2)
        let suspended = h.jobStatus["conditions"]?.arrayValue?.first { $0["type"] == "Suspended" }
        #expect(suspended?["status"] == "False" && suspended?["reason"] == "JobResumed")
        #expect(h.jobStatus["startTime"] == "2027-01-15T08:01:40Z")
        #expect(h.eventReasons.contains("Resumed"))
    }

    @Test func suspendedJobCreatesNothing() async throws {
        _ = try await start(JobFixtures.job(spec: ["suspend": true]))
        #expect(h.api.writes("create", "pods").isEmpty)
        #expect(h.jobStatus["startTime"] == nil)
        #expect(h.conditionTypes() == ["Suspended"])
    }

    @Test func completedIndexesFormat() {
        #expect(CompletedIndexes().inserting([4, 0, 2, 1]).description == "0-2,4")
        let parsed = CompletedIndexes(parsing: "0-2,4,9", completions: 5)
        #expect(parsed.description == "0-2,4" && parsed.total == 4 && parsed.contains(1) && !parsed.contains(3))
        #expect(parsed.inserting([3]).description == "0-4")
    }
}

@Suite struct TTLAfterFinishedTests {
    @Test func deletesTheJobOnceTheTTLHasPassed() async throws {
        let h = TestHarness()
        let c = TTLAfterFinishedController(context: h.context)
        let job = JobFixtures.job(
            spec: ["ttlSecondsAfterFinished": 100],
            status: ["conditions": [["type": "Complete", "status": "True", "lastTransitionTime": "2027-01-15T08:00:00Z"]]])
        h.seed(.jobs, [job])
        #expect(try await c.reconcile("default/pi") == .requeue(after: .seconds(100)))
        #expect(h.api.actions.isEmpty)
        h.clock.advance(by: .seconds(100))
        #expect(try await c.reconcile("default/pi") == .done)
        let delete = try #require(h.api.writes("delete", "jobs").first)
        #expect(delete.name == "pi")
        #expect(delete.body?["propagationPolicy"] == "Background")
        #expect(delete.body?[path: ["preconditions", "uid"]] == "uid-pi")
    }

    @Test func unfinishedOrTTLLessJobsAreLeftAlone() async throws {
        let h = TestHarness()
        h.seed(.jobs, [JobFixtures.job(spec: ["ttlSecondsAfterFinished": 0])])
        #expect(try await TTLAfterFinishedController(context: h.context).reconcile("default/pi") == .done)
        #expect(h.api.actions.isEmpty)
    }
}
