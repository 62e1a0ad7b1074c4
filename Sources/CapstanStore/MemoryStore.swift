/// In-memory `Store` with the same semantics as `SQLiteStore`: the reference
/// model for the conformance tests, and a fast fake for other modules' unit
/// tests. Nothing is persisted.
///
/// Reads at the current revision use the live index; reads at a past
/// revision fold the log (linear; fine at test sizes).
public actor MemoryStore: Store {
    /// Each live key's latest value.
    private var index: [String: KeyValue] = [:]
    /// The revision log in ascending order, as the SQL table would hold it.
    private var log: [LogEntry] = []
    private var bounds = RevisionBounds(current: 0, compacted: 0)
    private var closed = false
    private let hub = WatchHub(publishedRevision: 0)

    public init() {}

    public func currentRevision() async throws -> Int64 {
        try checkOpen()
        return bounds.current
    }

    public func compactRevision() async throws -> Int64 {
        try checkOpen()
        return bounds.compacted
    }

    public func get(_ key: String, revision: Int64?) async throws -> KeyValue? {
        try checkOpen()
        let revision = try bounds.readRevision(revision)
        if revision == bounds.current { return index[key] }
        guard let entry = log.last(where: { $0.key == key && $0.revision <= revision }) else { return nil }
        return entry.kind == .delete ? nil : entry.keyValue
    }

    public func list(_ options: ListOptions) async throws -> ListResult {
        try checkOpen()
        let revision = try bounds.readRevision(options.revision)
        let filter = options.filter
        let live = revision == bounds.current
            ? index.values.filter { filter.matches($0.key) }
            : Array(snapshot(at: revision, filter: filter).values)
        let sorted = live.sorted { KeyOrder.less($0.key, $1.key) }
        let page = Array(sorted.prefix(options.pageLimit ?? sorted.count))
        return ListResult(items: page, revision: revision, remaining: sorted.count - page.count)
    }

    public func count(prefix: String) async throws -> Int {
        try checkOpen()
        return index.keys.reduce(0) { $0 + (KeyOrder.hasPrefix($1, prefix) ? 1 : 0) }
    }

    public func create(_ key: String, value: [UInt8]) async throws -> KeyValue {
        try apply(.create(key: key, value: value))
    }

    public func update(_ key: String, value: [UInt8], expectedRevision: Int64?) async throws -> KeyValue {
        try apply(.update(key: key, value: value, expectedRevision: expectedRevision))
    }

    public func delete(_ key: String, expectedRevision: Int64?) async throws -> KeyValue {
        try apply(.delete(key: key, expectedRevision: expectedRevision))
    }

    public func watch(prefix: String, afterRevision: Int64) async throws -> AsyncThrowingStream<StoreEvent, any Error> {
        try checkOpen()
        try bounds.checkWatch(afterRevision: afterRevision)
        // Actor isolation makes register + replay + goLive atomic with
        // respect to writes; the hub's hand-off is still used so both
        // backends share it.
        let registration = try hub.register(prefix: prefix, afterRevision: afterRevision)
        if registration.needsReplay {
            let start = firstIndex(after: registration.afterRevision)
            for entry in log[start...]
            where entry.revision <= registration.replayThrough && KeyOrder.hasPrefix(entry.key, prefix) {
                let previous = entry.prevRevision == 0 ? nil : self.entry(at: entry.prevRevision)?.keyValue
                registration.continuation.yield(entry.event(previous: previous))
            }
        }
        hub.goLive(registration.id)
        return registration.stream
    }

    public func compact(revision: Int64) async throws {
        try checkOpen()
        guard try bounds.needsCompaction(at: revision) else { return }
        let end = firstIndex(after: revision)
        var latest: [String: Int] = [:]
        for i in 0..<end { latest[log[i].key] = i }
        var kept: [LogEntry] = []
        kept.reserveCapacity(log.count)
        for i in 0..<end where latest[log[i].key] == i && log[i].kind != .delete {
            kept.append(log[i])
        }
        kept.append(contentsOf: log[end...])
        log = kept
        bounds.compacted = revision
    }

    public func close() async {
        closed = true
        hub.closeAll()
    }

    // MARK: - Internals

    private func checkOpen() throws(StoreError) {
        if closed { throw .closed }
    }

    private func apply(_ op: WriteOp) throws(StoreError) -> KeyValue {
        try checkOpen()
        let mutation = try op.plan(current: index[op.key], revision: bounds.current + 1)
        bounds.current += 1
        log.append(mutation.entry)
        index[op.key] = mutation.newValue
        hub.publish([mutation.event])
        return mutation.result
    }

    /// Live keys matching `filter` as of `revision`, by folding the log.
    private func snapshot(at revision: Int64, filter: KeyFilter) -> [String: KeyValue] {
        var state: [String: KeyValue] = [:]
        for entry in log[..<firstIndex(after: revision)] where filter.matches(entry.key) {
            state[entry.key] = entry.kind == .delete ? nil : entry.keyValue
        }
        return state
    }

    /// Index of the first log entry with a revision above `revision`.
    private func firstIndex(after revision: Int64) -> Int {
        var low = 0, high = log.count
        while low < high {
            let mid = (low + high) / 2
            if log[mid].revision <= revision { low = mid + 1 } else { high = mid }
        }
        return low
    }

    private func entry(at revision: Int64) -> LogEntry? {
        let i = firstIndex(after: revision) - 1
        return i >= 0 && log[i].revision == revision ? log[i] : nil
    }
}
