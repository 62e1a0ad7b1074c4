import CapstanAPI


/// The scheduling queue's bookkeeping as a value type (no clocks, no
/// waiting): kube-scheduler's three sub-queues.
///
/// - active: ready to schedule, highest priority first, then oldest;
/// - backoff: failed recently, waiting `initialBackoff × 2^(attempts-1)`
///   (capped at `maxBackoff`) before going back to active;
/// - unschedulable: fit nowhere; moved back (to backoff or active) by a
///   cluster event that could make them fit, or after `unschedulableTimeout`.
///
/// Each pod is in at most one sub-queue, or "in flight" (popped and being
/// scheduled). Times are `Duration`s since an arbitrary origin, injected by
/// the caller so tests drive them directly.
public struct QueueState: Sendable {
    public struct Entry: Sendable {
        public var pod: Pod
        public var priority: Int32
        /// When the pod first entered the queue (FIFO among equal priorities).
        public var enqueued: Duration
        public var attempts: Int
        /// Last failure, for backoff.
        public var failedAt: Duration?
        public var unschedulableSince: Duration?
    }

    public var initialBackoff: Duration = .seconds(1)
    public var maxBackoff: Duration = .seconds(10)
    public var unschedulableTimeout: Duration = .seconds(300)

    private(set) var entries: [String: Entry] = [:]
    private var active = ActiveHeap()
    private var backoff = Set<String>()
    private var unschedulable = Set<String>()
    private var inFlight = Set<String>()
    /// An event arrived while the pod was in flight: a failure goes to backoff, not unschedulable.
    private var movedWhileInFlight = Set<String>()

    public init() {}

    /// `namespace/name`.
    public static func key(_ meta: ObjectMeta) -> String { (meta.namespace ?? "") + "/" + (meta.name ?? "") }
    public static func key(_ pod: Pod) -> String { key(pod.metadata) }

    public var activeCount: Int { active.count }
    public var backoffCount: Int { backoff.count }
    public var unschedulableCount: Int { unschedulable.count }
    public func contains(_ key: String) -> Bool { entries[key] != nil }

    /// A new pending pod, or a changed one: goes (back) to active unless in flight.
    public mutating func add(_ pod: Pod, now: Duration) {
        let key = Self.key(pod)
        if var e = entries[key] {
            e.pod = pod
            e.priority = pod.spec?.priority ?? 0
            entries[key] = e
            if inFlight.contains(key) { return }
            backoff.remove(key)
            unschedulable.remove(key)
            active.insert(key, entries[key]!)
            return
        }
        entries[key] = Entry(pod: pod, priority: pod.spec?.priority ?? 0, enqueued: now, attempts: 0)
        active.insert(key, entries[key]!)
    }

    /// The pod is gone or no longer pending (bound elsewhere, deleted).
    public mutating func remove(_ key: String) {
        entries[key] = nil
        active.remove(key)
        backoff.remove(key)
        unschedulable.remove(key)
        inFlight.remove(key)
        movedWhileInFlight.remove(key)
    }

    /// The next pod to schedule: highest priority, then earliest enqueued.
    public mutating func pop() -> Entry? {
        guard let key = active.popFirst() else { return nil }
        inFlight.insert(key)
        entries[key]?.attempts += 1
        return entries[key]
    }

    /// Scheduling succeeded (or the pod was handed off): forget it.
    public mutating func done(_ key: String) { remove(key) }

    /// The pod fit nowhere. If a cluster event arrived meanwhile it backs off
    /// instead (the event might have made it fit).
    public mutating func markUnschedulable(_ key: String, now: Duration) {
        guard inFlight.remove(key) != nil, entries[key] != nil else { return }
        entries[key]?.failedAt = now
        if movedWhileInFlight.remove(key) != nil {
            backoff.insert(key)
        } else {
            entries[key]?.unschedulableSince = now
            unschedulable.insert(key)
        }
    }

    /// A pod that had left the queue (assumed and being bound) failed after
    /// all: back into the queue, in backoff.
    public mutating func requeueAfterFailure(_ pod: Pod, now: Duration) {
        let key = Self.key(pod)
        let attempts = max(entries[key]?.attempts ?? 0, 1)
        remove(key)
        entries[key] = Entry(pod: pod, priority: pod.spec?.priority ?? 0, enqueued: now, attempts: attempts, failedAt: now)
        backoff.insert(key)
    }

    /// A transient failure (binding error): retry after backoff.
    public mutating func markFailed(_ key: String, now: Duration) {
        guard inFlight.remove(key) != nil, entries[key] != nil else { return }
        movedWhileInFlight.remove(key)
        entries[key]?.failedAt = now
        backoff.insert(key)
    }

    public func backoffDuration(attempts: Int) -> Duration {
        var d = initialBackoff
        var n = 1
        while n < attempts && d < maxBackoff {
            d = d * 2
            n += 1
        }
        return min(d, maxBackoff)
    }

    func backoffExpiry(_ e: Entry) -> Duration {
        (e.failedAt ?? .zero) + backoffDuration(attempts: e.attempts)
    }

    /// A cluster event that could make unschedulable pods fit (node added or
    /// changed, pod deleted): they move to backoff, or straight to active if
    /// their backoff has already expired.
    public mutating func moveAllToActiveOrBackoff(now: Duration) {
        for k in unschedulable {
            guard let e = entries[k] else { continue }
            entries[k]?.unschedulableSince = nil
            if backoffExpiry(e) <= now { active.insert(k, e) } else { backoff.insert(k) }
        }
        unschedulable.removeAll()
        movedWhileInFlight.formUnion(inFlight)
    }

    /// Moves expired backoffs to active and long-unschedulable pods back;
    /// returns when the next backoff expires (nil: none pending).
    public mutating func tick(now: Duration) -> Duration? {
        var next: Duration? = nil
        for k in backoff {
            guard let e = entries[k] else { continue }
            let due = backoffExpiry(e)
            if due <= now {
                backoff.remove(k)
                active.insert(k, e)
            } else {
                next = min(next ?? due, due)
            }
        }
        for k in unschedulable {
            guard let since = entries[k]?.unschedulableSince else { continue }
            if now - since >= unschedulableTimeout {
                unschedulable.remove(k)
                active.insert(k, entries[k]!)
            } else {
                next = min(next ?? since + unschedulableTimeout, since + unschedulableTimeout)
            }
        }
        return next
    }
}

/// Active pods ordered by priority (high first), then enqueue time, then key;
/// a binary heap with lazy deletion (a removed or re-inserted key leaves a
/// stale item that `popFirst` skips), so every operation is O(log n).
struct ActiveHeap: Sendable {
    struct Item: Sendable {
        var priority: Int32
        var enqueued: Duration
        var key: String
        var seq: Int
        func before(_ o: Item) -> Bool {
            if priority != o.priority { return priority > o.priority }
            if enqueued != o.enqueued { return enqueued < o.enqueued }
            return key < o.key
        }
    }
    private var heap: [Item] = []
    private var live: [String: Int] = [:]
    private var nextSeq = 0

    var count: Int { live.count }
    func contains(_ key: String) -> Bool { live[key] != nil }

    mutating func insert(_ key: String, _ e: QueueState.Entry) {
        nextSeq += 1
        live[key] = nextSeq
        heap.append(Item(priority: e.priority, enqueued: e.enqueued, key: key, seq: nextSeq))
        var i = heap.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard heap[i].before(heap[parent]) else { break }
            heap.swapAt(i, parent)
            i = parent
        }
    }

    @discardableResult
    mutating func remove(_ key: String) -> Bool { live.removeValue(forKey: key) != nil }

    mutating func popFirst() -> String? {
        while let top = heap.first {
            let last = heap.removeLast()
            if !heap.isEmpty {
                heap[0] = last
                var i = 0
                while true {
                    let l = 2 * i + 1
                    let r = l + 1
                    var m = i
                    if l < heap.count && heap[l].before(heap[m]) { m = l }
                    if r < heap.count && heap[r].before(heap[m]) { m = r }
                    if m == i { break }
                    heap.swapAt(i, m)
                    i = m
                }
            }
            if live[top.key] == top.seq {
                live[top.key] = nil
                return top.key
            }
        }
        return nil
    }
}
