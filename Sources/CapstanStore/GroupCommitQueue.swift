import Synchronization

/// Group commit: writes that arrive while a commit is in flight wait, and
/// are then committed together in one transaction, so one fsync acknowledges
/// the whole batch. A write arriving when the queue is idle is committed at
/// once (no timer, no added latency).
///
/// At most one batch is in flight, so the `commit` function is the store's
/// single writer: it assigns revisions and checks guards against its own
/// state, and sees each batch in submission order.
///
/// Thread-safety: callable from any task; state sits behind one mutex and
/// continuations are resumed outside it.
final class GroupCommitQueue: Sendable {
    /// Commits a batch; returns one result per op, in order.
    typealias Commit = @Sendable ([WriteOp]) async -> [Result<KeyValue, StoreError>]

    private struct Pending {
        let op: WriteOp
        let continuation: CheckedContinuation<KeyValue, any Error>
    }

    private struct State {
        var pending: [Pending] = []
        var draining = false
        var closed = false
        var idleWaiters: [CheckedContinuation<Void, Never>] = []
    }

    private enum Admission { case rejected, queued, startDrain }

    private let state = Mutex(State())
    private let maxBatch: Int
    private let commit: Commit

    init(maxBatch: Int = 512, commit: @escaping Commit) {
        self.maxBatch = maxBatch
        self.commit = commit
    }

    /// Queues the write and returns once its batch has committed (or failed).
    /// Not cancellable: a write, once queued, is carried out.
    func submit(_ op: WriteOp) async throws -> KeyValue {
        try await withCheckedThrowingContinuation { continuation in
            let admission = state.withLock { s -> Admission in
                if s.closed { return .rejected }
                s.pending.append(Pending(op: op, continuation: continuation))
                if s.draining { return .queued }
                s.draining = true
                return .startDrain
            }
            switch admission {
            case .rejected: continuation.resume(throwing: StoreError.closed)
            case .queued: break
            case .startDrain: Task { await self.drain() }
            }
        }
    }

    /// Refuses new writes and waits until the ones already queued are done.
    func close() async {
        await withCheckedContinuation { (waiter: CheckedContinuation<Void, Never>) in
            let idle = state.withLock { s -> Bool in
                s.closed = true
                if !s.draining { return true }
                s.idleWaiters.append(waiter)
                return false
            }
            if idle { waiter.resume() }
        }
    }

    private func drain() async {
        while let batch = nextBatch() {
            let results = await commit(batch.map(\.op))
            for (pending, result) in zip(batch, results) {
                pending.continuation.resume(with: result)
            }
        }
    }

    /// Takes up to `maxBatch` queued writes, or marks the queue idle (and
    /// wakes `close`) when there are none.
    private func nextBatch() -> [Pending]? {
        let (batch, waiters) = state.withLock { s -> ([Pending]?, [CheckedContinuation<Void, Never>]) in
            if s.pending.isEmpty {
                s.draining = false
                defer { s.idleWaiters.removeAll() }
                return (nil, s.idleWaiters)
            }
            if s.pending.count <= maxBatch {
                defer { s.pending.removeAll(keepingCapacity: true) }
                return (s.pending, [])
            }
            defer { s.pending.removeFirst(maxBatch) }
            return (Array(s.pending.prefix(maxBatch)), [])
        }
        for waiter in waiters { waiter.resume() }
        return batch
    }
}
