import DequeModule
import Foundation

/// client-go's rate-limited work queue for one controller:
/// - a key waiting in the queue is there once, however often it is added;
/// - a key being processed is not handed to a second worker; if it is added
///   meanwhile it is queued again when `done` is called;
/// - `addRateLimited` delays a key by a per-key exponential backoff (base
///   doubling to max) and by a global token bucket, whichever is longer;
///   `forget` resets the key's backoff after a success.
public actor WorkQueue {
    public struct RateLimits: Sendable {
        public var baseDelay: Duration = .milliseconds(5)
        public var maxDelay: Duration = .seconds(1000)
        /// Global bucket: sustained rate and burst for rate-limited adds.
        public var qps: Double = 10
        public var burst: Int = 100
        public init() {}
    }

    let clock: any ControllerClock
    let limits: RateLimits
    private var queue = Deque<String>()
    private var dirty = Set<String>()
    private var processing = Set<String>()
    private var failures: [String: Int] = [:]
    /// Earliest pending delayed add per key (later ones are dropped).
    private var delayed: [String: Date] = [:]
    private var waiters: [CheckedContinuation<String?, Never>] = []
    private var shuttingDown = false
    // token bucket
    private var tokens: Double
    private var lastRefill: Date

    public init(clock: any ControllerClock = SystemClock(), limits: RateLimits = RateLimits()) {
        self.clock = clock
        self.limits = limits
        self.tokens = Double(limits.burst)
        self.lastRefill = clock.now()
    }

    public func add(_ key: String) {
        guard !shuttingDown, !dirty.contains(key) else { return }
        dirty.insert(key)
        if processing.contains(key) { return }
        if !waiters.isEmpty {
            // Hand straight to a waiting worker.
            dirty.remove(key)
            processing.insert(key)
            waiters.removeFirst().resume(returning: key)
        } else {
            queue.append(key)
        }
    }

    /// Adds `key` once `delay` has passed (at once when it is not positive).
    public func add(_ key: String, after delay: Duration) {
        guard !shuttingDown else { return }
        guard delay > .zero else { return add(key) }
        let due = clock.now().addingTimeInterval(Self.seconds(delay))
        if let pending = delayed[key], pending <= due { return }
        delayed[key] = due
        let clock = self.clock
        Task {
            try? await clock.sleep(for: delay)
            self.fireDelayed(key, due: due)
        }
    }

    private func fireDelayed(_ key: String, due: Date) {
        guard delayed[key] == due else { return }  // superseded by an earlier one
        delayed[key] = nil
        add(key)
    }

    /// Re-adds after the key's backoff, which doubles with each call until `forget`.
    public func addRateLimited(_ key: String) {
        add(key, after: nextDelay(key))
    }

    func nextDelay(_ key: String) -> Duration {
        let n = failures[key, default: 0]
        failures[key] = n + 1
        let base = Self.seconds(limits.baseDelay) * pow(2, Double(min(n, 40)))
        let perItem = min(base, Self.seconds(limits.maxDelay))
        // token bucket: take one token, waiting for it if none is left
        let now = clock.now()
        tokens = min(Double(limits.burst), tokens + now.timeIntervalSince(lastRefill) * limits.qps)
        lastRefill = now
        tokens -= 1
        let bucket = tokens >= 0 ? 0 : -tokens / limits.qps
        return .milliseconds(Int64((max(perItem, bucket) * 1000).rounded(.up)))
    }

    public func forget(_ key: String) { failures[key] = nil }
    public func numRequeues(_ key: String) -> Int { failures[key, default: 0] }

    /// The next key to process, waiting for one; nil once shut down.
    public func get() async -> String? {
        if let key = queue.popFirst() {
            dirty.remove(key)
            processing.insert(key)
            return key
        }
        if shuttingDown { return nil }
        return await withCheckedContinuation { waiters.append($0) }
    }

    /// Marks `key` finished; it is queued again if added while processed.
    public func done(_ key: String) {
        processing.remove(key)
        if dirty.contains(key) {
            if !waiters.isEmpty {
                dirty.remove(key)
                processing.insert(key)
                waiters.removeFirst().resume(returning: key)
            } else {
                queue.append(key)
            }
        }
    }

    public var length: Int { queue.count }
    public var isIdle: Bool { queue.isEmpty && processing.isEmpty }
    /// Keys waiting (not those being processed), in order.
    public var pending: [String] { Array(queue) }

    public func shutDown() {
        shuttingDown = true
        for w in waiters { w.resume(returning: nil) }
        waiters.removeAll()
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}
