// TEMPORARY in-memory store until SQLiteStore lands; not durable. Delete me.
import CapstanStore
typealias SQLiteStore = StubStore
actor StubStore: Store {
    var rev: Int64 = 0
    var live: [String: KeyValue] = [:]
    var log: [StoreEvent] = []
    var subs: [(String, AsyncThrowingStream<StoreEvent, any Error>.Continuation)] = []
    init(path: String) async throws {}
    func currentRevision() async throws -> Int64 { rev }
    func compactRevision() async throws -> Int64 { 0 }
    func get(_ key: String, revision: Int64?) async throws -> KeyValue? { live[key] }
    func list(_ o: ListOptions) async throws -> ListResult {
        let keys = live.keys.filter { $0.hasPrefix(o.prefix) && (o.startAfter == nil || $0 > o.startAfter!) }.sorted()
        let n = min(o.limit ?? keys.count, keys.count)
        return ListResult(items: keys.prefix(n).map { live[$0]! }, revision: rev, remaining: keys.count - n)
    }
    func count(prefix: String) async throws -> Int { live.keys.filter { $0.hasPrefix(prefix) }.count }
    func emit(_ e: StoreEvent) { log.append(e); for (p, c) in subs where e.kv.key.hasPrefix(p) { c.yield(e) } }
    func create(_ key: String, value: [UInt8]) async throws -> KeyValue {
        if let e = live[key] { throw StoreError.keyExists(e) }
        rev += 1
        let kv = KeyValue(key: key, value: value, createRevision: rev, modRevision: rev)
        live[key] = kv
        emit(StoreEvent(kind: .put, kv: kv, prevKV: nil))
        return kv
    }
    func update(_ key: String, value: [UInt8], expectedRevision: Int64?) async throws -> KeyValue {
        guard let old = live[key] else { throw StoreError.notFound(key) }
        if let e = expectedRevision, e != old.modRevision { throw StoreError.conflict(current: old) }
        rev += 1
        let kv = KeyValue(key: key, value: value, createRevision: old.createRevision, modRevision: rev)
        live[key] = kv
        emit(StoreEvent(kind: .put, kv: kv, prevKV: old))
        return kv
    }
    func delete(_ key: String, expectedRevision: Int64?) async throws -> KeyValue {
        guard let old = live[key] else { throw StoreError.notFound(key) }
        if let e = expectedRevision, e != old.modRevision { throw StoreError.conflict(current: old) }
        rev += 1
        live[key] = nil
        var kv = old
        kv.modRevision = rev
        emit(StoreEvent(kind: .delete, kv: kv, prevKV: old))
        return kv
    }
    func watch(prefix: String, afterRevision: Int64) async throws -> AsyncThrowingStream<StoreEvent, any Error> {
        let (s, c) = AsyncThrowingStream<StoreEvent, any Error>.makeStream()
        for e in log where e.revision > afterRevision && e.kv.key.hasPrefix(prefix) { c.yield(e) }
        subs.append((prefix, c))
        return s
    }
    func compact(revision: Int64) async throws {}
    func close() async { for (_, c) in subs { c.finish() } }
}
