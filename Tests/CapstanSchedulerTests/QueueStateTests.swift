import CapstanAPI
import Testing

@testable import CapstanScheduler

@Suite struct QueueStateTests {
    func pod(_ name: String, priority: Int32 = 0) -> Pod {
        var p = Pod(metadata: ObjectMeta(name: name, namespace: "default"))
        p.spec = PodSpec(containers: [])
        p.spec?.priority = priority
        return p
    }

    @Test func popsByPriorityThenAge() {
        var q = QueueState()
        q.add(pod("old-low"), now: .seconds(1))
        q.add(pod("new-high", priority: 10), now: .seconds(2))
        q.add(pod("newer-low"), now: .seconds(3))
        #expect(q.pop()?.pod.metadata.name == "new-high")
        #expect(q.pop()?.pod.metadata.name == "old-low")
        #expect(q.pop()?.pod.metadata.name == "newer-low")
        #expect(q.pop() == nil)
    }

    @Test func backoffDoublesToTenSeconds() {
        let q = QueueState()
        #expect(q.backoffDuration(attempts: 1) == .seconds(1))
        #expect(q.backoffDuration(attempts: 2) == .seconds(2))
        #expect(q.backoffDuration(attempts: 4) == .seconds(8))
        #expect(q.backoffDuration(attempts: 5) == .seconds(10))
        #expect(q.backoffDuration(attempts: 12) == .seconds(10))
    }

    @Test func failedPodsWaitOutTheirBackoff() {
        var q = QueueState()
        q.add(pod("p"), now: .zero)
        _ = q.pop()
        q.markFailed("default/p", now: .seconds(10))
        #expect(q.pop() == nil)
        #expect(q.tick(now: .milliseconds(10_500)) == .seconds(11))
        #expect(q.pop() == nil)
        _ = q.tick(now: .seconds(11))
        #expect(q.pop()?.attempts == 2)
    }

    @Test func unschedulablePodsMoveOnClusterEvents() {
        var q = QueueState()
        q.add(pod("p"), now: .zero)
        _ = q.pop()
        q.markUnschedulable("default/p", now: .seconds(1))
        _ = q.tick(now: .seconds(100))
        #expect(q.pop() == nil, "stays unschedulable without an event")
        q.moveAllToActiveOrBackoff(now: .seconds(100))
        #expect(q.pop()?.pod.metadata.name == "p")
    }

    @Test func anEventDuringTheAttemptMeansBackoffNotUnschedulable() {
        var q = QueueState()
        q.add(pod("p"), now: .zero)
        _ = q.pop()
        q.moveAllToActiveOrBackoff(now: .seconds(1))  // e.g. a node was added meanwhile
        q.markUnschedulable("default/p", now: .seconds(1))
        #expect(q.unschedulableCount == 0 && q.backoffCount == 1)
        _ = q.tick(now: .seconds(2))
        #expect(q.pop()?.pod.metadata.name == "p")
    }

    @Test func unschedulablePodsRetryAfterTheTimeout() {
        var q = QueueState()
        q.add(pod("p"), now: .zero)
        _ = q.pop()
        q.markUnschedulable("default/p", now: .zero)
        _ = q.tick(now: .seconds(299))
        #expect(q.pop() == nil)
        _ = q.tick(now: .seconds(300))
        #expect(q.pop() != nil)
    }

    @Test func removedPodsNeverPop() {
        var q = QueueState()
        q.add(pod("a"), now: .zero)
        q.add(pod("b"), now: .seconds(1))
        q.remove("default/a")
        #expect(q.pop()?.pod.metadata.name == "b")
        #expect(q.pop() == nil)
    }
}

@Suite struct QueueRequeueTests {
    @Test func aFailedBindingGoesToBackoffWithoutTouchingOthers() {
        var q = QueueState()
        var other = Pod(metadata: ObjectMeta(name: "other", namespace: "default"))
        other.spec = PodSpec(containers: [])
        var bound = Pod(metadata: ObjectMeta(name: "bound", namespace: "default"))
        bound.spec = PodSpec(containers: [])
        q.add(other, now: .zero)
        q.requeueAfterFailure(bound, now: .seconds(5))
        #expect(q.backoffCount == 1 && q.activeCount == 1)
        #expect(q.pop()?.pod.metadata.name == "other")
        _ = q.tick(now: .seconds(6))
        #expect(q.pop()?.pod.metadata.name == "bound")
    }
}
