import Synchronization

/// Fans committed events out to watchers, and hands each new watcher over
/// from history replay to live events with no gap and no duplicate.
///
/// Protocol:
/// - The store's single writer calls `publish` once per committed batch, in
///   revision order, after the commit.
/// - A watcher calls `register`, which atomically joins the fan-out and
///   returns the last published revision R. Live events above
///   max(afterRevision, R) are held back while the watcher replays
///   (afterRevision, R] from history into `continuation`; `goLive` then
///   flushes the held events and streams directly.
///
/// Thread-safety: all state sits behind one mutex; continuations are yielded
/// under it so that replay hand-off and publishing stay ordered, and are
/// finished outside it (finishing runs `onTermination`, which takes the lock).
final class WatchHub: Sendable {
    typealias Stream = AsyncThrowingStream<StoreEvent, any Error>

    struct Registration: Sendable {
        let id: UInt64
        let prefix: String
        let stream: Stream
        let continuation: Stream.Continuation
        /// History to replay is (afterRevision, replayThrough].
        let afterRevision: Int64
        let replayThrough: Int64

        var needsReplay: Bool { afterRevision < replayThrough }
    }

    private struct Watcher {
        let prefix: String
        let continuation: Stream.Continuation
        /// Live events at or below this revision are covered by the replay.
        let floor: Int64
        /// Live events held back during replay; nil once live.
        var held: [StoreEvent]?

        func matching(_ events: [StoreEvent]) -> [StoreEvent] {
            events.filter { $0.revision > floor && KeyOrder.hasPrefix($0.kv.key, prefix) }
        }
    }

    private struct State {
        var published: Int64
        var watchers: [UInt64: Watcher] = [:]
        var nextID: UInt64 = 0
        var closed = false
    }

    private let state: Mutex<State>

    init(publishedRevision: Int64) {
        state = Mutex(State(published: publishedRevision))
    }

    /// Number of open watches (for tests and metrics).
    var count: Int { state.withLock { $0.watchers.count } }

    /// Joins the fan-out. Throws `.closed` after `closeAll`.
    func register(prefix: String, afterRevision: Int64) throws(StoreError) -> Registration {
        let (stream, continuation) = Stream.makeStream()
        let registration = try state.withLock { s throws(StoreError) -> Registration in
            guard !s.closed else { throw .closed }
            let id = s.nextID
            s.nextID += 1
            let through = s.published
            let replaying = afterRevision < through
            s.watchers[id] = Watcher(
                prefix: prefix, continuation: continuation,
                floor: max(afterRevision, through), held: replaying ? [] : nil)
            return Registration(
                id: id, prefix: prefix, stream: stream, continuation: continuation,
                afterRevision: afterRevision, replayThrough: through)
        }
        let id = registration.id
        continuation.onTermination = { [weak self] _ in self?.remove(id) }
        return registration
    }

    /// Whether the watcher is still subscribed (its consumer may have gone).
    func isActive(_ id: UInt64) -> Bool {
        state.withLock { $0.watchers[id] != nil }
    }

    /// Ends replay: delivers the held live events, then streams directly.
    func goLive(_ id: UInt64) {
        state.withLock { s in
            guard let watcher = s.watchers[id], let held = watcher.held else { return }
            for event in held { watcher.continuation.yield(event) }
            s.watchers[id]!.held = nil
        }
    }

    /// Ends one watch with an error (e.g. history compacted during replay).
    func fail(_ id: UInt64, with error: StoreError) {
        let watcher = state.withLock { $0.watchers.removeValue(forKey: id) }
        watcher?.continuation.finish(throwing: error)
    }

    /// Delivers one committed batch, in revision order.
    func publish(_ events: [StoreEvent]) {
        guard let last = events.last else { return }
        state.withLock { s in
            s.published = last.revision
            // Iterate over a copy of the ids, and keep no copy of a watcher
            // across the append, so `held` grows in place (no COW copies).
            for id in Array(s.watchers.keys) {
                let matching = s.watchers[id]!.matching(events)
                if matching.isEmpty { continue }
                if s.watchers[id]!.held != nil {
                    s.watchers[id]!.held!.append(contentsOf: matching)
                } else {
                    let continuation = s.watchers[id]!.continuation
                    for event in matching { continuation.yield(event) }
                }
            }
        }
    }

    /// Ends every watch normally and refuses new ones.
    func closeAll() {
        let watchers = state.withLock { s in
            s.closed = true
            defer { s.watchers.removeAll() }
            return Array(s.watchers.values)
        }
        for watcher in watchers { watcher.continuation.finish() }
    }

    private func remove(_ id: UInt64) {
        _ = state.withLock { $0.watchers.removeValue(forKey: id) }
    }
}
