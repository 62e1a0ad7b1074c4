/// One row of the revision log, as kine stores it: the row's revision is its
/// identity, the newest row of a key is the key's value, and a `.delete` row
/// is a tombstone carrying the value it removed.
struct LogEntry: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        case create, update, delete
    }

    var revision: Int64
    var key: String
    var kind: Kind
    var createRevision: Int64
    /// Revision of the row this one supersedes (the key's modRevision before
    /// this write); 0 for a create.
    var prevRevision: Int64
    /// The new value, or for a tombstone the value it deleted.
    var value: [UInt8]

    /// The key's value as of this row (for a tombstone: the deleted value at
    /// the delete's revision, as `StoreEvent` reports it).
    var keyValue: KeyValue {
        KeyValue(key: key, value: value, createRevision: createRevision, modRevision: revision)
    }

    /// The watch event for this row, given the row it superseded.
    func event(previous: KeyValue?) -> StoreEvent {
        switch kind {
        case .create: StoreEvent(kind: .put, kv: keyValue, prevKV: nil)
        case .update: StoreEvent(kind: .put, kv: keyValue, prevKV: previous)
        case .delete: StoreEvent(kind: .delete, kv: keyValue, prevKV: previous)
        }
    }
}
