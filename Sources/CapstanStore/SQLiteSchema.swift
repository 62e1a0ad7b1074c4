import Foundation
import GRDB

/// The on-disk layout, after kine: one append-only table of revisions and a
/// one-row table for the compact revision.
///
/// `kv`: the row id is the revision (assigned by the store's single writer,
/// not by SQLite). The newest row of a name is the key's value; a row with
/// `deleted = 1` is a tombstone holding the value it removed. `prev_revision`
/// points at the row a write superseded (0 for a create), which is how watch
/// replay finds `prevKV` and how compaction finds superseded rows without a
/// scan. `value` is NULL for an empty value (SQLite binds empty blobs as NULL).
///
/// kine's unique (name, prev_revision) index is left out: conflicts are
/// decided by the single writer against its in-memory index, and `FileLock`
/// keeps a second writer out.
enum SQLiteSchema {
    static let version = 1

    static let statements = [
        """
        CREATE TABLE IF NOT EXISTS kv (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            created INTEGER NOT NULL,
            deleted INTEGER NOT NULL,
            create_revision INTEGER NOT NULL,
            prev_revision INTEGER NOT NULL,
            value BLOB
        )
        """,
        // Latest row of a key at a revision (get, list, count); covering for
        // list's and count's per-key max(id) with its tombstone flag.
        "CREATE INDEX IF NOT EXISTS kv_name_id ON kv (name, id, deleted)",
        """
        CREATE TABLE IF NOT EXISTS meta (
            key TEXT PRIMARY KEY,
            value INTEGER NOT NULL
        ) WITHOUT ROWID
        """,
        "INSERT OR IGNORE INTO meta (key, value) VALUES ('compact_revision', 0)",
        "INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', \(version))",
    ]

    /// What a reopened database holds.
    struct Recovered: Sendable {
        var bounds: RevisionBounds
        var index: [String: KeyValue]
    }

    /// Opens (creating if needed) the database at `path` in WAL mode with
    /// `synchronous = FULL` on the writer connection.
    ///
    /// Durability: in WAL mode, NORMAL already survives a process crash
    /// (kill -9), because a commit's WAL frames are in the OS page cache before
    /// the commit returns; it does not survive power loss or a kernel crash,
    /// which can roll back the last commits. An acknowledged write in
    /// Kubernetes must not vanish (etcd fsyncs its WAL before acknowledging),
    /// so FULL: each commit fsyncs the WAL. Group commit spreads one fsync over
    /// a whole batch, which is what keeps FULL affordable.
    static func open(path: String) async throws -> (DatabasePool, Recovered) {
        var configuration = Configuration()
        configuration.label = "CapstanStore"
        configuration.maximumReaderCount = 4
        let pool = try DatabasePool(path: path, configuration: configuration)
        // GRDB sets synchronous = NORMAL when it enables WAL; override it on
        // the writer, the only connection that commits.
        try await pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.inTransaction {
                for sql in statements { try db.execute(sql: sql) }
                return .commit
            }
        }
        let version = try await pool.read { db in
            try Int.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'schema_version'")
        }
        guard version == Self.version else {
            throw StoreError.backend("unsupported schema version \(version.map(String.init) ?? "none") in \(path)")
        }
        let recovered = try await pool.read { db in try recover(db) }
        return (pool, recovered)
    }

    /// Current revision, compact revision, and every live key's latest value.
    static func recover(_ db: Database) throws -> Recovered {
        let compacted = try SQLiteLog.compactRevision(db)
        let maxID = try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM kv") ?? 0
        // A compaction at the current revision can delete the newest row (a
        // tombstone); every revision above the compact one keeps its row.
        let current = max(maxID, compacted)
        var index: [String: KeyValue] = [:]
        let rows = try Row.fetchCursor(db, sql: """
            SELECT kv.id, kv.name, kv.create_revision, kv.value
            FROM (SELECT MAX(id) AS id, deleted FROM kv GROUP BY name) AS latest
            JOIN kv ON kv.id = latest.id
            WHERE latest.deleted = 0
            """)
        while let row = try rows.next() {
            let kv = KeyValue(
                key: row[1], value: SQLiteLog.bytes(row[3]),
                createRevision: row[2], modRevision: row[0])
            index[kv.key] = kv
        }
        return Recovered(bounds: RevisionBounds(current: current, compacted: compacted), index: index)
    }
}
