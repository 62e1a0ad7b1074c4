import CapstanAPI
import CapstanClient
import Foundation
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
