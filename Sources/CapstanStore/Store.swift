/// One key's value at one revision, as etcd's mvccpb.KeyValue.
public struct KeyValue: Sendable, Equatable {
    public var key: String
    public var value: [UInt8]
    /// Revision that created this key (unchanged by updates).
    public var createRevision: Int64
    /// Revision of the last write to this key; this is the object's resourceVersion.
    public var modRevision: Int64

    public init(key: String, value: [UInt8], createRevision: Int64, modRevision: Int64) {
        self.key = key
        self.value = value
        self.createRevision = createRevision
        self.modRevision = modRevision
    }
}

public struct StoreEvent: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case put, delete }
    public var kind: Kind
    /// For `.put`, the new value. For `.delete`, the last value before the delete,
    /// with `modRevision` set to the delete's revision.
    public var kv: KeyValue
    /// The value before this event; nil for a create.
    public var prevKV: KeyValue?
    public var revision: Int64 { kv.modRevision }
    public var isCreate: Bool { kind == .put && prevKV == nil }

    public init(kind: Kind, kv: KeyValue, prevKV: KeyValue?) {
        self.kind = kind
        self.kv = kv
        self.prevKV = prevKV
    }
}

public struct ListOptions: Sendable, Equatable {
    /// Keys returned are those starting with this prefix.
    public var prefix: String
    /// Only keys strictly greater than this (for paging).
    public var startAfter: String?
    /// At most this many items; nil for all.
    public var limit: Int?
    /// Read as of this revision; nil for the current one.
    public var revision: Int64?

    public init(prefix: String, startAfter: String? = nil, limit: Int? = nil, revision: Int64? = nil) {
        self.prefix = prefix
        self.startAfter = startAfter
        self.limit = limit
        self.revision = revision
    }
}

public struct ListResult: Sendable, Equatable {
    /// Items in ascending key order.
    public var items: [KeyValue]
    /// Revision the list was read at.
    public var revision: Int64
    /// Number of further keys after the last returned one (0 when complete).
    public var remaining: Int

    public init(items: [KeyValue], revision: Int64, remaining: Int) {
        self.items = items
        self.revision = revision
        self.remaining = remaining
    }
}

public enum StoreError: Error, Sendable, Equatable {
    /// create of a key that exists.
    case keyExists(KeyValue)
    /// update/delete of a key that does not exist.
    case notFound(String)
    /// update/delete whose expected revision is not the key's current one.
    case conflict(current: KeyValue)
    /// a read or watch at a revision older than the compacted one.
    case compacted(requested: Int64, compactRevision: Int64)
    /// a read at a revision newer than the store has.
    case futureRevision(requested: Int64, current: Int64)
    /// the backend failed (I/O, corruption); the message says what.
    case backend(String)
    case closed
}

/// MVCC key/value store with etcd's semantics: one global revision, bumped
/// by every write; each key remembers the revision that created it and the
/// one that last wrote it; reads can ask for a past revision until it is
/// compacted away. Writes are acknowledged only once durable.
///
/// Implementations are safe to call from any task.
public protocol Store: Sendable {
    /// The newest revision (of the last acknowledged write).
    func currentRevision() async throws -> Int64
    /// Revision below which history is gone.
    func compactRevision() async throws -> Int64

    func get(_ key: String, revision: Int64?) async throws -> KeyValue?
    func list(_ options: ListOptions) async throws -> ListResult
    /// Number of live keys under a prefix at the current revision.
    func count(prefix: String) async throws -> Int

    /// Creates the key; `StoreError.keyExists` if present.
    func create(_ key: String, value: [UInt8]) async throws -> KeyValue
    /// Replaces the value if the key's modRevision equals `expectedRevision`
    /// (any revision when nil). `.notFound` / `.conflict(current:)` otherwise.
    func update(_ key: String, value: [UInt8], expectedRevision: Int64?) async throws -> KeyValue
    /// Deletes under the same guard; returns the deleted value with the
    /// delete's revision as modRevision.
    func delete(_ key: String, expectedRevision: Int64?) async throws -> KeyValue

    /// Events for keys under `prefix` with revision > `afterRevision`, in
    /// revision order: first the history, then live writes, with no gap and no
    /// duplicate. Throws `.compacted` if history after that revision is gone.
    /// The stream ends when the consumer stops iterating or the store closes.
    /// Slow consumers: events are buffered without bound in the store; the
    /// API server's watch cache is the one consumer per resource and keeps up.
    func watch(prefix: String, afterRevision: Int64) async throws -> AsyncThrowingStream<StoreEvent, any Error>

    /// Drops history at and below `revision` (latest values stay).
    func compact(revision: Int64) async throws
    func close() async
}
