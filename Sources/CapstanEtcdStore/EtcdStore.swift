import CapstanAPI
import CapstanStore
import Logging
import NIOCore
import Synchronization

/// `Store` on a real etcd cluster, through etcd's v3 JSON gateway over
/// HTTP/1.1. Revisions are etcd's own: the first write to a fresh etcd is
/// revision 2, and every writer of the same etcd shares the counter.
///
/// Guarded writes are single etcd transactions (compare create_revision or
/// mod_revision, then put/delete; the failure branch reads the current
/// value), so two stores on one etcd see each other's conflicts exactly.
///
/// The compact revision: etcd does not report it, and writing it to a key
/// would take a revision of its own. So it is derived: a read at revision r
/// fails with "required revision has been compacted" exactly when r is below
/// it. The store remembers the highest revision known to be compacted (its
/// own compactions, and what it found before) and checks that one read still
/// succeeds there; only when someone else compacted further does it
/// binary-search up to the current revision.
///
/// Safe to call from any task; state sits behind one mutex.
public final class EtcdStore: Store {
    private struct State {
        var closed = false
        /// A revision at or below etcd's compact revision.
        var knownCompacted: Int64 = 0
        var watches: [UInt64: Task<Void, Never>] = [:]
        var nextWatchID: UInt64 = 0
    }

    let pool: ConnectionPool
    let keys: KeySpace
    let logger: Logger
    /// How long a dropped watch keeps trying to reconnect before it fails.
    let reconnectLimit: Duration
    private let state = Mutex(State())
    /// A key read only for the response header (the revision).
    private let probeKey: JSONValue

    /// - Parameters:
    ///   - endpoints: client URLs of the etcd members, `http://host:port`.
    ///   - keyPrefix: prepended to every key, so several clusters can share
    ///     one etcd; keys are returned without it.
    ///   - requestTimeout: how long one call waits for etcd's answer.
    /// Connects lazily: an unreachable etcd is reported by the first call.
    public init(endpoints: [String], keyPrefix: String = "", requestTimeout: Duration = .seconds(30), logger: Logger) throws(StoreError) {
        guard !endpoints.isEmpty else { throw .backend("no etcd endpoints given; pass at least one http://host:port client URL") }
        var parsed: [Endpoint] = []
        for url in endpoints { parsed.append(try Endpoint(parsing: url)) }
        let nanoseconds = requestTimeout.components.seconds * 1_000_000_000 + requestTimeout.components.attoseconds / 1_000_000_000
        pool = ConnectionPool(endpoints: parsed, requestTimeout: .nanoseconds(nanoseconds), logger: logger)
        keys = KeySpace(prefix: Array(keyPrefix.utf8))
        self.logger = logger
        reconnectLimit = requestTimeout
        probeKey = Wire.bytes(keys.prefix + [0])
    }

    public func currentRevision() async throws -> Int64 {
        Wire.revision(ofHeader: try await call("/v3/kv/range", ["key": probeKey, "count_only": true]))
    }

    public func compactRevision() async throws -> Int64 {
        let known = state.withLock { $0.knownCompacted }
        if try await isReadable(at: max(known, 1)) { return known }
        // Reads fail below the compact revision C and succeed from it on.
        var low = known + 1, high = try await currentRevision()
        while low < high {
            let mid = low + (high - low) / 2
            if try await isReadable(at: mid) { high = mid } else { low = mid + 1 }
        }
        learnCompacted(low)
        return low
    }

    public func get(_ key: String, revision: Int64?) async throws -> KeyValue? {
        if let revision, revision < 1 { return try await beforeFirstRevision(revision) { nil } }
        var request: [String: JSONValue] = ["key": Wire.bytes(keys.etcdKey(key))]
        if let revision { request["revision"] = Wire.int(revision) }
        let response = try await read(at: revision) { try await self.call("/v3/kv/range", .object(request)) }
        return try response["kvs"]?.arrayValue?.first.map(keys.keyValue)
    }

    public func list(_ options: ListOptions) async throws -> ListResult {
        if let revision = options.revision, revision < 1 {
            return try await beforeFirstRevision(revision) { ListResult(items: [], revision: revision, remaining: 0) }
        }
        var request = keys.range(prefix: options.prefix, startAfter: options.startAfter)
        // A limit of zero or less means no limit, as in Kubernetes' `limit=0`.
        if let limit = options.limit, limit > 0 { request["limit"] = Wire.int(Int64(limit)) }
        if let revision = options.revision { request["revision"] = Wire.int(revision) }
        let response = try await read(at: options.revision) { try await self.call("/v3/kv/range", .object(request)) }
        var items: [KeyValue] = []
        for kv in response["kvs"]?.arrayValue ?? [] { items.append(try keys.keyValue(kv)) }
        // etcd counts every key in the range, regardless of the limit.
        let count = Int(Wire.int(response["count"]))
        return ListResult(
            items: items, revision: options.revision ?? Wire.revision(ofHeader: response),
            remaining: max(0, count - items.count))
    }

    public func count(prefix: String) async throws -> Int {
        var request = keys.range(prefix: prefix)
        request["count_only"] = true
        return Int(Wire.int(try await call("/v3/kv/range", .object(request))["count"]))
    }

    public func create(_ key: String, value: [UInt8]) async throws -> KeyValue {
        let etcdKey = Wire.bytes(keys.etcdKey(key))
        let response = try await transaction(
            compare: [["key": etcdKey, "target": "CREATE", "result": "EQUAL", "create_revision": "0"]],
            success: ["request_put": ["key": etcdKey, "value": Wire.bytes(value)]],
            failure: ["request_range": ["key": etcdKey]])
        let revision = Wire.revision(ofHeader: response)
        if response["succeeded"]?.boolValue == true {
            return KeyValue(key: key, value: value, createRevision: revision, modRevision: revision)
        }
        guard let current = try currentValue(inFailure: response) else {
            throw StoreError.backend("etcd reported \(key) as existing but returned no value for it")
        }
        throw StoreError.keyExists(current)
    }

    public func update(_ key: String, value: [UInt8], expectedRevision: Int64?) async throws -> KeyValue {
        let etcdKey = Wire.bytes(keys.etcdKey(key))
        let response = try await guardedWrite(
            key, etcdKey, expectedRevision,
            operation: ["request_put": ["key": etcdKey, "value": Wire.bytes(value), "prev_kv": true]])
        let previous = response["responses"]?.arrayValue?.first?["response_put"]?["prev_kv"]
        return KeyValue(
            key: key, value: value, createRevision: Wire.int(previous?["create_revision"]),
            modRevision: Wire.revision(ofHeader: response))
    }

    public func delete(_ key: String, expectedRevision: Int64?) async throws -> KeyValue {
        let etcdKey = Wire.bytes(keys.etcdKey(key))
        let response = try await guardedWrite(
            key, etcdKey, expectedRevision,
            operation: ["request_delete_range": ["key": etcdKey, "prev_kv": true]])
        guard let previous = response["responses"]?.arrayValue?.first?["response_delete_range"]?["prev_kvs"]?.arrayValue?.first else {
            throw StoreError.backend("etcd deleted \(key) but did not return its last value")
        }
        var deleted = try keys.keyValue(previous)
        deleted.modRevision = Wire.revision(ofHeader: response)
        return deleted
    }

    public func compact(revision: Int64) async throws {
        // Nothing precedes etcd's first revision.
        guard revision >= 1 else { return }
        do {
            // Repeating a compaction is harmless, so it may be retried.
            _ = try await call("/v3/kv/compaction", ["revision": Wire.int(revision)])
        } catch RevisionError.compacted {
            return  // at or below the compact revision already
        } catch RevisionError.future {
            throw StoreError.futureRevision(requested: revision, current: try await currentRevision())
        }
        learnCompacted(revision)
    }

    public func close() async {
        let watches = state.withLock { state in
            state.closed = true
            defer { state.watches = [:] }
            return Array(state.watches.values)
        }
        for task in watches { task.cancel() }
        pool.close()
    }

    // MARK: - Calls

    /// etcd's answer for a read at a revision it cannot serve; mapped to
    /// `StoreError` by the caller, who knows the requested revision.
    enum RevisionError: Error { case compacted, future }

    /// POSTs `request` and returns the parsed response. Throws
    /// `RevisionError` for compacted/future revisions, `StoreError` otherwise.
    func call(_ path: String, _ request: JSONValue, retry: ConnectionPool.Retry = .always) async throws -> JSONValue {
        try checkOpen()
        let result = try await pool.post(path, ByteBuffer(bytes: request.serialized()), retry: retry)
        let json = try? JSONValue.parse(result.body.readableBytesView)
        guard result.status == .ok else {
            let error = GatewayError(status: result.status, json: json, endpoint: result.endpoint)
            if error.isCompacted { throw RevisionError.compacted }
            if error.isFutureRevision { throw RevisionError.future }
            throw error.storeError
        }
        guard let json else {
            throw StoreError.backend("etcd at \(result.endpoint) answered \(path) with invalid JSON; is that URL an etcd v3 client endpoint?")
        }
        return json
    }

    private func transaction(compare: [JSONValue], success: JSONValue, failure: JSONValue) async throws -> JSONValue {
        try await call(
            "/v3/kv/txn", ["compare": .array(compare), "success": [success], "failure": [failure]], retry: .ifNotSent)
    }

    /// Runs `operation` on `key` if it exists and, when `expected` is given,
    /// its mod_revision is `expected`; otherwise throws `.notFound` or
    /// `.conflict` with the value read in the same transaction.
    private func guardedWrite(_ key: String, _ etcdKey: JSONValue, _ expected: Int64?, operation: JSONValue) async throws -> JSONValue {
        var compare: [JSONValue] = [["key": etcdKey, "target": "CREATE", "result": "GREATER", "create_revision": "0"]]
        if let expected {
            compare.append(["key": etcdKey, "target": "MOD", "result": "EQUAL", "mod_revision": Wire.int(expected)])
        }
        let response = try await transaction(compare: compare, success: operation, failure: ["request_range": ["key": etcdKey]])
        if response["succeeded"]?.boolValue == true { return response }
        guard let current = try currentValue(inFailure: response) else { throw StoreError.notFound(key) }
        throw StoreError.conflict(current: current)
    }

    private func currentValue(inFailure response: JSONValue) throws(StoreError) -> KeyValue? {
        try response["responses"]?.arrayValue?.first?["response_range"]?["kvs"]?.arrayValue?.first.map(keys.keyValue)
    }

    /// Runs a read at `revision`, mapping etcd's revision errors to the
    /// protocol's (which carry the compact or current revision).
    private func read(at revision: Int64?, _ body: () async throws -> JSONValue) async throws -> JSONValue {
        do {
            return try await body()
        } catch RevisionError.compacted {
            throw StoreError.compacted(requested: revision ?? 0, compactRevision: try await compactRevision())
        } catch RevisionError.future {
            let current = try await currentRevision()
            guard let revision, current >= revision else {
                throw StoreError.futureRevision(requested: revision ?? 0, current: current)
            }
            // A write landed between the read and the check: read again.
            return try await self.read(at: revision, body)
        }
    }

    /// etcd reads revision 0 as "current", so reads before its first
    /// revision (where nothing exists yet) are answered here.
    private func beforeFirstRevision<T>(_ revision: Int64, _ empty: () -> T) async throws -> T {
        let compacted = try await compactRevision()
        if revision < compacted { throw StoreError.compacted(requested: revision, compactRevision: compacted) }
        return empty()
    }

    func isReadable(at revision: Int64) async throws -> Bool {
        do {
            _ = try await call("/v3/kv/range", ["key": probeKey, "revision": Wire.int(revision), "count_only": true])
            return true
        } catch RevisionError.compacted {
            return false
        } catch RevisionError.future {
            return true
        }
    }

    func learnCompacted(_ revision: Int64) {
        state.withLock { $0.knownCompacted = max($0.knownCompacted, revision) }
    }

    var knownCompacted: Int64 { state.withLock { $0.knownCompacted } }

    func checkOpen() throws(StoreError) {
        if state.withLock({ $0.closed }) { throw .closed }
    }

    /// Registers a watch's task so `close` can end it; false once closed.
    func register(_ makeTask: (UInt64) -> Task<Void, Never>) -> Bool {
        state.withLock { state in
            guard !state.closed else { return false }
            let id = state.nextWatchID
            state.nextWatchID += 1
            state.watches[id] = makeTask(id)
            return true
        }
    }

    func unregister(_ id: UInt64) {
        _ = state.withLock { $0.watches.removeValue(forKey: id) }
    }

    var isClosed: Bool { state.withLock { $0.closed } }
}
