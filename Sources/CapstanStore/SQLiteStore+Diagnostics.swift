import GRDB

/// Introspection for tests and health checks, so callers need not import GRDB.
extension SQLiteStore {
    struct Durability: Sendable, Equatable {
        /// `PRAGMA journal_mode`, e.g. "wal".
        var journalMode: String
        /// `PRAGMA synchronous` of the writer connection: 1 NORMAL, 2 FULL.
        var synchronous: Int
    }

    /// The settings in force on the connection that commits.
    func durability() async throws -> Durability {
        try await pool.writeWithoutTransaction { db in
            Durability(
                journalMode: try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "",
                synchronous: try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1)
        }
    }

    /// Rows in the revision log (history plus tombstones not yet compacted).
    func logRowCount() async throws -> Int {
        try await pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM kv") ?? 0 }
    }
}
