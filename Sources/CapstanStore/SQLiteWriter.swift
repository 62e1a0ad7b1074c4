import GRDB
import Logging
import Synchronization

/// The SQLite store's single writer and the live state it owns: each live
/// key's latest value and the revision bounds.
///
/// `commit` is only ever called by `GroupCommitQueue`, one batch at a time,
/// so revisions are assigned here without contention. The live state changes
/// only after the batch's transaction commits, and the batch's events are
/// published right after; readers therefore never see an unacknowledged write.
///
/// Thread-safety: the live state sits behind one mutex, held only for
/// in-memory work (never across SQL).
final class SQLiteWriter: Sendable {
    struct Live {
        var index: [String: KeyValue]
        var bounds: RevisionBounds
        var closed = false
    }

    /// Revisions per compaction transaction, so that a large compaction does
    /// not stall group commits behind one long write.
    static let defaultCompactionSpan: Int64 = 5_000

    let pool: DatabasePool
    let hub: WatchHub
    private let live: Mutex<Live>
    private let compactionSpan: Int64
    private let logger: Logger

    init(pool: DatabasePool, recovered: SQLiteSchema.Recovered, compactionSpan: Int64, logger: Logger) {
        self.pool = pool
        self.compactionSpan = compactionSpan
        self.logger = logger
        self.hub = WatchHub(publishedRevision: recovered.bounds.current)
        self.live = Mutex(Live(index: recovered.index, bounds: recovered.bounds))
    }

    // MARK: Live state reads

    func bounds() throws(StoreError) -> RevisionBounds {
        try live.withLock { l throws(StoreError) in
            if l.closed { throw .closed }
            return l.bounds
        }
    }

    /// The bounds and the key's latest value, read together.
    func latest(_ key: String) throws(StoreError) -> (RevisionBounds, KeyValue?) {
        try live.withLock { l throws(StoreError) in
            if l.closed { throw .closed }
            return (l.bounds, l.index[key])
        }
    }

    /// Marks the store closed; returns false if it already was.
    func markClosed() -> Bool {
        live.withLock { l in
            defer { l.closed = true }
            return !l.closed
        }
    }

    // MARK: Group commit

    /// A batch checked against the live state: the accepted mutations in
    /// order, each with its position in the batch.
    private struct Plan {
        var accepted: [(position: Int, mutation: Mutation)] = []
        var staged: [String: KeyValue?] = [:]
        var revision: Int64
    }

    /// Checks, persists and publishes one batch. Guards are checked against
    /// the live state plus the batch's own earlier writes, exactly as if the
    /// writes had run one by one.
    func commit(_ ops: [WriteOp]) async -> [Result<KeyValue, StoreError>] {
        var results = [Result<KeyValue, StoreError>](repeating: .failure(.closed), count: ops.count)
        guard let plan = self.plan(ops, into: &results), !plan.accepted.isEmpty else { return results }

        let entries = plan.accepted.map(\.mutation.entry)
        do {
            try await pool.write { db in try SQLiteLog.append(entries, db) }
        } catch {
            logger.error("commit failed", metadata: ["writes": "\(entries.count)", "error": "\(error)"])
            let failure = StoreError.backend("commit failed: \(error)")
            for (position, _) in plan.accepted { results[position] = .failure(failure) }
            return results
        }

        live.withLock { l in
            for (key, value) in plan.staged { l.index[key] = value }
            l.bounds.current = plan.revision
        }
        hub.publish(plan.accepted.map(\.mutation.event))
        for (position, mutation) in plan.accepted { results[position] = .success(mutation.result) }
        return results
    }

    /// Assigns revisions and checks guards; fills `results` for rejected ops.
    /// Nil when the store is closed.
    private func plan(_ ops: [WriteOp], into results: inout [Result<KeyValue, StoreError>]) -> Plan? {
        live.withLock { l -> Plan? in
            if l.closed { return nil }
            var plan = Plan(revision: l.bounds.current)
            for (position, op) in ops.enumerated() {
                let current: KeyValue? =
                    if let staged = plan.staged[op.key] { staged } else { l.index[op.key] }
                do throws(StoreError) {
                    let mutation = try op.plan(current: current, revision: plan.revision + 1)
                    plan.revision += 1
                    plan.staged[op.key] = .some(mutation.newValue)
                    plan.accepted.append((position, mutation))
                } catch {
                    results[position] = .failure(error)
                }
            }
            return plan
        }
    }

    // MARK: Compaction

    /// Compacts history at and below `target` in bounded steps, each its own
    /// transaction. Concurrent calls cooperate: each step starts from the
    /// compact revision recorded in the database.
    func compact(to target: Int64) async throws {
        guard try bounds().needsCompaction(at: target) else { return }
        let span = compactionSpan
        while let reached = try await pool.write({ db in
            try SQLiteLog.compactStep(towards: target, span: span, db)
        }) {
            live.withLock { $0.bounds.compacted = max($0.bounds.compacted, reached) }
            if reached >= target { break }
        }
        logger.debug("compacted", metadata: ["revision": "\(target)"])
    }
}
