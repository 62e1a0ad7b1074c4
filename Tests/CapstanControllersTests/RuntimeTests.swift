import CapstanAPI
import CapstanClient
import Foundation
import Logging
import Synchronization
import Testing
@testable import CapstanControllers

@Suite struct WorkQueueTests {
    @Test func deduplicatesWaitingKeys() async {
        let q = WorkQueue(clock: ManualClock())
        await q.add("a")
        await q.add("b")
        await q.add("a")
        #expect(await q.pending == ["a", "b"])
    }

    @Test func keyBeingProcessedIsNotHandedOutTwiceAndComesBackAfterDone() async {
        let q = WorkQueue(clock: ManualClock())
        await q.add("a")
        let first = await q.get()
        #expect(first == "a")
        await q.add("a")  // changed while processed
        #expect(await q.length == 0)  // held back, not queued for a second worker
        await q.done("a")
        #expect(await q.pending == ["a"])
    }

    @Test func perKeyBackoffDoublesUntilForget() async {
        let q = WorkQueue(clock: ManualClock())
        #expect(await q.nextDelay("k") == .milliseconds(5))
        #expect(await q.nextDelay("k") == .milliseconds(10))
        #expect(await q.nextDelay("k") == .milliseconds(20))
        #expect(await q.numRequeues("k") == 3)
        await q.forget("k")
        #expect(await q.nextDelay("k") == .milliseconds(5))
    }

    @Test func globalBucketLimitsBurstsOfFailures() async {
        var limits = WorkQueue.RateLimits()
        limits.burst = 2
        limits.qps = 10
        let q = WorkQueue(clock: ManualClock(), limits: limits)
        #expect(await q.nextDelay("a") == .milliseconds(5))
        #expect(await q.nextDelay("b") == .milliseconds(5))
        // bucket empty: the third distinct key waits for a token (1/10 s)
        #expect(await q.nextDelay("c") == .milliseconds(100))
    }

    @Test func delayedAddFiresWhenTheClockPassesIt() async throws {
        let clock = ManualClock()
        let q = WorkQueue(clock: clock)
        await q.add("x", after: .seconds(30))
        try await waitUntil { clock.sleeperCount == 1 }
        clock.advance(by: .seconds(29))
        #expect(await q.length == 0)
        clock.advance(by: .seconds(1))
        try await waitUntil { await q.length == 1 }
        #expect(await q.get() == "x")
    }

    @Test func shutDownReleasesWaitingWorkers() async {
        let q = WorkQueue(clock: ManualClock())
        async let got = q.get()
        try? await Task.sleep(for: .milliseconds(10))
        await q.shutDown()
        #expect(await got == nil)
    }
}

@Suite struct ObjectCacheTests {
    static func pod(_ name: String, ns: String = "default", owner: String? = nil) -> JSONValue {
        var meta: [String: JSONValue] = ["name": .string(name), "namespace": .string(ns), "uid": .string("u-\(name)")]
        if let owner { meta["ownerReferences"] = [["kind": "ReplicaSet", "name": .string(owner), "uid": .string("u-\(owner)"), "controller": true]] }
        return ["metadata": .object(meta)]
    }

    @Test func indexesFollowUpdatesAndDeletes() {
        let c = ObjectCache(indexers: [OwnerReferences.controllerUIDIndex: { OwnerReferences.controller(of: $0).map { [$0.uid] } ?? [] }])
        c.put(Self.pod("a", owner: "rs1"))
        c.put(Self.pod("b", owner: "rs1"))
        c.put(Self.pod("c", ns: "other"))
        #expect(c.byIndex(OwnerReferences.controllerUIDIndex, "u-rs1").count == 2)
        c.put(Self.pod("b", owner: "rs2"))  // re-owned
        #expect(c.byIndex(OwnerReferences.controllerUIDIndex, "u-rs1").map(OwnerReferences.name) == ["a"])
        c.remove("default/a")
        #expect(c.byIndex(OwnerReferences.controllerUIDIndex, "u-rs1").isEmpty)
        #expect(c.list(namespace: "other").count == 1)
        #expect(c.get(namespace: "default", name: "b") != nil)
    }
}

@Suite struct ExpectationsTests {
    @Test func satisfiedOnceObservedOrExpired() {
        let clock = ManualClock()
        let e = Expectations(clock: clock)
        #expect(e.satisfied("rs"))
        e.expect("rs", adds: 2)
        #expect(!e.satisfied("rs"))
        e.creationObserved("rs")
        #expect(!e.satisfied("rs"))
        e.creationObserved("rs")
        #expect(e.satisfied("rs"))
        e.expect("rs", deletingUIDs: ["u1"])
        e.deletionObserved("rs", uid: "u1")
        e.deletionObserved("rs", uid: "u1")  // counted once
        #expect(e.satisfied("rs"))
        e.expect("rs", adds: 1)
        clock.advance(by: .seconds(301))
        #expect(e.satisfied("rs"))
    }
}

/// Polls `condition` (no fixed sleeps in assertions: a bounded wait for
/// another task to reach a state).
func waitUntil(timeout: Duration = .seconds(5), _ condition: @Sendable () async -> Bool) async throws {
    let deadline = ContinuousClock.now + timeout
    while await !condition() {
        if ContinuousClock.now > deadline { throw CancellationError() }
        await Task.yield()
        try await Task.sleep(for: .milliseconds(1))
    }
}

@Suite struct InformerCacheShapeTests {
    static func pod(_ name: String) -> JSONValue {
        [
            "metadata": [
                "name": .string(name), "namespace": "default", "uid": .string("u-\(name)"), "resourceVersion": "7",
                "labels": ["app": "web"],
                "managedFields": [["manager": "kubectl", "operation": "Update", "fieldsV1": ["f:metadata": [:]]]],
            ],
            "spec": ["nodeName": "n1"],
        ]
    }

    /// Lists once, then stops the informer (the fake's watches end at once).
    static func firstList(_ informer: Informer) async {
        let run = Task { await informer.run() }
        await informer.waitForSync()
        run.cancel()
        await run.value
    }

    @Test func cachedObjectsAndEventsHaveNoManagedFields() async {
        let api = FakeAPI()
        api.seed("pods", [Self.pod("a")])
        let informer = Informer(client: KubeClient(transport: api), resource: .pods)
        let events = await informer.events()
        await Self.firstList(informer)
        let cached = informer.cache.get("default/a")
        #expect(cached?[path: ["metadata", "managedFields"]] == nil)
        #expect(cached?[path: ["metadata", "labels", "app"]] == "web")
        var added: JSONValue?
        for await e in events {
            if case .added(let o) = e { added = o; break }
        }
        #expect(added?[path: ["metadata", "managedFields"]] == nil)
        #expect(added?[path: ["spec", "nodeName"]] == "n1")

        let keeping = Informer(client: KubeClient(transport: api), resource: .pods, keepManagedFields: true)
        await Self.firstList(keeping)
        #expect(keeping.cache.get("default/a")?[path: ["metadata", "managedFields"]] != nil)
    }

    @Test func identityOnlyCacheStillDeliversWholeObjects() async {
        let api = FakeAPI()
        api.seed("pods", [Self.pod("a")])
        let informer = Informer(client: KubeClient(transport: api), resource: .pods, cachesIdentityOnly: true)
        let events = await informer.events()
        await Self.firstList(informer)
        #expect(informer.cache.get("default/a") == ["metadata": ["name": "a", "namespace": "default", "uid": "u-a", "resourceVersion": "7"]])
        var added: JSONValue?
        for await e in events {
            if case .added(let o) = e { added = o; break }
        }
        #expect(added?[path: ["spec", "nodeName"]] == "n1")
        #expect(added?[path: ["metadata", "labels", "app"]] == "web")
    }
}

@Suite struct EventCorrelationTests {
    static let rs: JSONValue = [
        "kind": "ReplicaSet", "apiVersion": "apps/v1", "metadata": ["name": "web", "namespace": "default", "uid": "u-web"],
    ]

    @Test func similarMessagesCombineAndASpamFilterCapsTheBurst() async {
        let api = FakeAPI()
        let clock = Mutex(Date(timeIntervalSince1970: 1_800_000_000))
        let recorder = EventRecorder(client: KubeClient(transport: api), component: "test", logger: Logger(label: "t"),
                                     now: { clock.withLock { $0 } })
        for i in 0..<100 { await recorder.record(Self.rs, .normal, reason: "SuccessfulCreate", message: "Created pod: web-\(i)") }
        let creates = api.writes("create", "events")
        // Nine distinct Events, then one combined Event whose count grows.
        #expect(creates.count == 10)
        #expect(creates.prefix(9).map { $0.body?["message"]?.stringValue } == (0..<9).map { "Created pod: web-\($0)" })
        #expect(creates.last?.body?["message"]?.stringValue == "(combined from similar events): Created pod: web-9")
        // 25 tokens: 10 creates and 15 count bumps; the other 75 are dropped.
        let bumps = api.writes("patch", "events")
        #expect(bumps.count == 15)
        #expect(bumps.last?.body?["count"] == 16)
        #expect(bumps.last?.body?["message"]?.stringValue == "(combined from similar events): Created pod: web-24")
        // Five minutes refill one token.
        clock.withLock { $0 += 301 }
        await recorder.record(Self.rs, .normal, reason: "SuccessfulCreate", message: "Created pod: web-100")
        #expect(api.writes("patch", "events").count == 16)
        // Another object has its own bucket and its own messages.
        var other = Self.rs
        other[path: ["metadata", "uid"]] = "u-api"
        other[path: ["metadata", "name"]] = "api"
        await recorder.record(other, .normal, reason: "SuccessfulCreate", message: "Created pod: api-0")
        #expect(api.writes("create", "events").last?.body?["message"]?.stringValue == "Created pod: api-0")
    }
}
