import Foundation
import GRDB

/// The SQL for reading and writing the revision log (`SQLiteSchema`). Each
/// function runs inside the caller's transaction; reads that depend on
/// history first check the compact revision in that same transaction, so a
/// concurrent compaction cannot hand back a partial answer.
enum SQLiteLog {
    // MARK: Writes

    static func append(_ entries: [LogEntry], _ db: Database) throws {
        let insert = try db.cachedStatement(sql: """
            INSERT INTO kv (id, name, created, deleted, create_revision, prev_revision, value)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        for entry in entries {
            try insert.execute(arguments: [
                entry.revision, entry.key,
                entry.kind == .create ? 1 : 0, entry.kind == .delete ? 1 : 0,
                entry.createRevision, entry.prevRevision, Data(entry.value),
            ])
        }
    }

    /// One bounded step of compaction towards `target`: handles the revisions
    /// (compacted, min(compacted + span, target)] and records the new compact
    /// revision. Returns it, or nil when the database is already compacted at
    /// or above `target`.
    ///
    /// A row at or below the new compact revision goes if a later row at or
    /// below it superseded it (that row's `prev_revision` names it), or if it
    /// is a tombstone. Rows kept below the old compact revision are each
    /// key's latest, so only rows superseded from inside the step's range can
    /// newly go: the step costs O(span), not O(table).
    static func compactStep(towards target: Int64, span: Int64, _ db: Database) throws -> Int64? {
        let low = try compactRevision(db)
        guard low < target else { return nil }
        let high = min(target, low + span)
        try db.execute(sql: """
            DELETE FROM kv WHERE id IN
                (SELECT prev_revision FROM kv WHERE id > ? AND id <= ? AND prev_revision > 0)
            """, arguments: [low, high])
        try db.execute(sql: "DELETE FROM kv WHERE id > ? AND id <= ? AND deleted = 1", arguments: [low, high])
        try db.execute(sql: "UPDATE meta SET value = ? WHERE key = 'compact_revision'", arguments: [high])
        return high
    }

    // MARK: Reads

    static func compactRevision(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'compact_revision'") ?? 0
    }

    /// Throws `.compacted` if history at `revision` is gone.
    static func checkNotCompacted(_ revision: Int64, _ db: Database) throws {
        let compacted = try compactRevision(db)
        if revision < compacted {
            throw StoreError.compacted(requested: revision, compactRevision: compacted)
        }
    }

    /// The key's value as of `revision` (nil if absent then).
    static func get(_ key: String, at revision: Int64, _ db: Database) throws -> KeyValue? {
        try checkNotCompacted(revision, db)
        let row = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT id, deleted, create_revision, value FROM kv
            WHERE name = ? AND id <= ? ORDER BY id DESC LIMIT 1
            """), arguments: [key, revision])
        guard let row, row[1] as Int64 == 0 else { return nil }
        return KeyValue(key: key, value: bytes(row[3]), createRevision: row[2], modRevision: row[0])
    }

    /// Up to `limit` (positive, or nil for all) live keys matching `filter`
    /// as of `revision`, in key order, and how many more match after them.
    static func list(
        _ filter: KeyFilter, at revision: Int64, limit: Int?, _ db: Database
    ) throws -> (items: [KeyValue], remaining: Int) {
        try checkNotCompacted(revision, db)
        // Walks the (name, id) index in key order and keeps a row if it is
        // its key's newest at the revision: no sort, and LIMIT stops the
        // walk, so the page costs O(page), not O(prefix). `remaining` is then
        // a covering-index count of the rest.
        let (keyCondition, keyArguments) = keyRange(column: "kv.name", filter)
        var items: [KeyValue] = []
        let rows = try Row.fetchCursor(db, sql: """
            SELECT kv.id, kv.name, kv.create_revision, kv.value FROM kv
            WHERE kv.id <= ? AND kv.deleted = 0 \(keyCondition)
              AND kv.id = (SELECT MAX(newer.id) FROM kv AS newer WHERE newer.name = kv.name AND newer.id <= ?)
            ORDER BY kv.name
            LIMIT ?
            """, arguments: [revision] + keyArguments + [revision, limit ?? -1])
        while let row = try rows.next() {
            items.append(KeyValue(key: row[1], value: bytes(row[3]), createRevision: row[2], modRevision: row[0]))
        }
        guard let limit, let last = items.last, items.count == limit else { return (items, 0) }
        let rest = KeyFilter(prefix: filter.prefix, startAfter: last.key)
        return (items, try count(rest, at: revision, db))
    }

    /// Number of live keys matching `filter` as of `revision`.
    static func count(_ filter: KeyFilter, at revision: Int64, _ db: Database) throws -> Int {
        let (latest, arguments) = latestRows(filter, at: revision)
        return try Int.fetchOne(db, sql: """
            SELECT COUNT(*) FROM (\(latest)) WHERE deleted = 0
            """, arguments: arguments) ?? 0
    }

    /// Events after `after` up to `through` for keys under `prefix`, oldest
    /// first, at most `limit`.
    static func history(
        prefix: String, after: Int64, through: Int64, limit: Int, _ db: Database
    ) throws -> [StoreEvent] {
        try checkNotCompacted(after, db)
        let (keyCondition, keyArguments) = keyRange(column: "kv.name", KeyFilter(prefix: prefix))
        let rows = try Row.fetchCursor(db, sql: """
            SELECT kv.id, kv.name, kv.created, kv.deleted, kv.create_revision, kv.prev_revision, kv.value,
                   prev.id, prev.create_revision, prev.value
            FROM kv LEFT JOIN kv AS prev ON prev.id = kv.prev_revision
            WHERE kv.id > ? AND kv.id <= ? \(keyCondition)
            ORDER BY kv.id
            LIMIT ?
            """, arguments: [after, through] + keyArguments + [limit])
        var events: [StoreEvent] = []
        while let row = try rows.next() {
            let kind: LogEntry.Kind =
                row[3] as Int64 != 0 ? .delete : row[2] as Int64 != 0 ? .create : .update
            let entry = LogEntry(
                revision: row[0], key: row[1], kind: kind,
                createRevision: row[4], prevRevision: row[5], value: bytes(row[6]))
            let previous: KeyValue? = (row[7] as Int64?).map { prevID in
                KeyValue(key: entry.key, value: bytes(row[9]), createRevision: row[8], modRevision: prevID)
            }
            events.append(entry.event(previous: previous))
        }
        return events
    }

    // MARK: Helpers

    static func bytes(_ data: Data?) -> [UInt8] {
        data.map { [UInt8]($0) } ?? []
    }

    /// A subquery yielding, per key matching `filter`, its newest row at or
    /// below `revision`: (name, id, deleted). SQLite takes the bare columns
    /// `name` and `deleted` from the row holding MAX(id), and the
    /// (name, id, deleted) index covers it. Faster than `list`'s correlated
    /// form when every key is visited anyway (counting).
    private static func latestRows(_ filter: KeyFilter, at revision: Int64) -> (String, StatementArguments) {
        let (keyCondition, keyArguments) = keyRange(column: "name", filter)
        let sql = """
            SELECT name, MAX(id) AS id, deleted FROM kv
            WHERE id <= ? \(keyCondition)
            GROUP BY name
            """
        return (sql, [revision] + keyArguments)
    }

    /// `AND ...` conditions restricting `column` to the keys of `filter`, as
    /// an index range: [prefix, upper bound of prefix), above startAfter.
    private static func keyRange(column: String, _ filter: KeyFilter) -> (String, StatementArguments) {
        var sql = ""
        var arguments: StatementArguments = []
        if !filter.prefix.isEmpty {
            sql += " AND \(column) >= ?"
            arguments += [filter.prefix]
        }
        if let upper = KeyOrder.upperBound(ofPrefix: filter.prefix) {
            // The bound may not be valid UTF-8: bind bytes, compare as TEXT.
            sql += " AND \(column) < CAST(? AS TEXT)"
            arguments += [Data(upper)]
        }
        if let startAfter = filter.startAfter {
            sql += " AND \(column) > ?"
            arguments += [startAfter]
        }
        return (sql, arguments)
    }
}
