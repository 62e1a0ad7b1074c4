import Foundation
import GRDB
import Logging

/// The embedded `Store`: etcd's MVCC model on one SQLite file, after kine,
/// but push-based: one writer assigns revisions, commits writes in groups
/// (`GroupCommitQueue`), and hands committed events straight to watchers
/// (`WatchHub`) instead of polling the table.
///
/// - Writes are acknowledged after their transaction commits with
///   `synchronous = FULL` in WAL mode (see `SQLiteSchema.open`).
/// - Gets at the current revision and write guards use the writer's
///   in-memory index; lists, counts, reads at past revisions and watch replay
///   read SQL, bounded by a revision so they are consistent.
/// - Only one store may have a file open (`FileLock`).
///
/// Thread-safety: a final class of immutable references to thread-safe
/// parts; callable from any task.
public final class SQLiteStore: Store {
    /// Events per watch-replay query.
    static let replayPage = 1_000

    private let writer: SQLiteWriter
    private let queue: GroupCommitQueue
    private let lock: FileLock
    private let logger: Logger

    /// Opens the database at `path`, creating its directory, the file and the
    /// schema if needed. A reopened store continues from the recovered
    /// current and compact revisions. Throws `.backend` if another store
    /// holds the file.
    public convenience init(path: String) async throws {
        try await self.init(path: path, logger: Logger(label: "capstan.store"))
    }

    public convenience init(path: String, logger: Logger) async throws {
        try await self.init(path: path, compactionSpan: SQLiteWriter.defaultCompactionSpan, logger: logger)
    }

    /// `compactionSpan`: revisions per compaction transaction (small in tests
    /// to exercise multi-step compaction).
    init(path: String, compactionSpan: Int64, logger: Logger = Logger(label: "capstan.store")) async throws {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        let lock = try FileLock(path: path + ".lock")
        do {
            let (pool, recovered) = try await SQLiteSchema.open(path: path)
            let writer = SQLiteWriter(
                pool: pool, recovered: recovered, compactionSpan: compactionSpan, logger: logger)
            self.writer = writer
            self.queue = GroupCommitQueue { ops in await writer.commit(ops) }
            self.lock = lock
            self.logger = logger
            logger.info("opened store", metadata: [
                "path": "\(path)", "revision": "\(recovered.bounds.current)",
                "compactRevision": "\(recovered.bounds.compacted)", "keys": "\(recovered.index.count)",
            ])
        } catch {
            lock.release()
            throw Self.storeError(error)
        }
    }

    var pool: DatabasePool { writer.pool }

    public func currentRevision() async throws -> Int64 {
        try writer.bounds().current
    }

    public func compactRevision() async throws -> Int64 {
        try writer.bounds().compacted
    }

    public func get(_ key: String, revision: Int64?) async throws -> KeyValue? {
        let (bounds, latest) = try writer.latest(key)
        let revision = try bounds.readRevision(revision)
        if revision == bounds.current { return latest }
        return try await read { db in try SQLiteLog.get(key, at: revision, db) }
    }

    public func list(_ options: ListOptions) async throws -> ListResult {
        let revision = try writer.bounds().readRevision(options.revision)
        let (filter, limit) = (options.filter, options.pageLimit)
        let page = try await read { db in
            try SQLiteLog.list(filter, at: revision, limit: limit, db)
        }
        return ListResult(items: page.items, revision: revision, remaining: page.remaining)
    }

    public func count(prefix: String) async throws -> Int {
        let revision = try writer.bounds().current
        return try await read { db in try SQLiteLog.count(KeyFilter(prefix: prefix), at: revision, db) }
    }

    public func create(_ key: String, value: [UInt8]) async throws -> KeyValue {
        try await queue.submit(.create(key: key, value: value))
    }

    public func update(_ key: String, value: [UInt8], expectedRevision: Int64?) async throws -> KeyValue {
        try await queue.submit(.update(key: key, value: value, expectedRevision: expectedRevision))
    }

    public func delete(_ key: String, expectedRevision: Int64?) async throws -> KeyValue {
        try await queue.submit(.delete(key: key, expectedRevision: expectedRevision))
    }

    /// Subscribes first, then replays (afterRevision, R] from SQL where R is
    /// the last revision published at subscription, then streams live events
    /// above R (see `WatchHub`). The first replay page is read before
    /// returning, so a compacted start throws here; a compaction that
    /// overtakes a long replay ends the stream with `.compacted`.
    public func watch(prefix: String, afterRevision: Int64) async throws -> AsyncThrowingStream<StoreEvent, any Error> {
        try writer.bounds().checkWatch(afterRevision: afterRevision)
        let hub = writer.hub
        let registration = try hub.register(prefix: prefix, afterRevision: afterRevision)
        guard registration.needsReplay else { return registration.stream }

        let first: ReplayProgress
        do {
            first = try await replayPage(registration, after: afterRevision)
        } catch {
            hub.fail(registration.id, with: Self.storeError(error))
            throw translate(error)
        }
        guard !first.complete else {
            hub.goLive(registration.id)
            return registration.stream
        }
        // The rest of the history streams while the caller consumes it.
        Task {
            do {
                var progress = first
                while !progress.complete && hub.isActive(registration.id) {
                    progress = try await self.replayPage(registration, after: progress.position)
                }
                hub.goLive(registration.id)
            } catch {
                hub.fail(registration.id, with: Self.storeError(error))
            }
        }
        return registration.stream
    }

    public func compact(revision: Int64) async throws {
        do {
            try await writer.compact(to: revision)
        } catch {
            throw translate(error)
        }
    }

    /// Refuses new calls, lets queued writes finish, ends every watch, and
    /// closes the database. Idempotent.
    public func close() async {
        await queue.close()
        guard writer.markClosed() else { return }
        writer.hub.closeAll()
        // Waits for in-flight reads (replays stop once their watch is gone).
        do {
            try writer.pool.close()
        } catch {
            logger.warning("closing the database failed", metadata: ["error": "\(error)"])
        }
        lock.release()
    }

    // MARK: - Internals

    private struct ReplayProgress {
        /// The last revision replayed (or skipped as outside the prefix).
        var position: Int64
        /// Whether the replay has reached `replayThrough`.
        var complete: Bool
    }

    /// Yields one page of history after `after`.
    private func replayPage(_ registration: WatchHub.Registration, after: Int64) async throws -> ReplayProgress {
        let (prefix, through, limit) = (registration.prefix, registration.replayThrough, Self.replayPage)
        let events = try await read { db in
            try SQLiteLog.history(prefix: prefix, after: after, through: through, limit: limit, db)
        }
        for event in events { registration.continuation.yield(event) }
        guard events.count == limit, let last = events.last?.revision, last < through else {
            return ReplayProgress(position: through, complete: true)
        }
        return ReplayProgress(position: last, complete: false)
    }

    private func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await writer.pool.read(body)
        } catch {
            throw translate(error)
        }
    }

    /// Store errors and cancellation pass through; a database failure after
    /// `close` (the pool is gone) is `.closed`; anything else is `.backend`.
    private func translate(_ error: any Error) -> any Error {
        if error is StoreError || error is CancellationError { return error }
        if (try? writer.bounds()) == nil { return StoreError.closed }
        return Self.storeError(error)
    }

    /// Passes `StoreError` through; wraps anything else as `.backend`.
    static func storeError(_ error: any Error) -> StoreError {
        if let error = error as? StoreError { return error }
        return .backend(String(describing: error))
    }
}
