/// A write request, checked against a key's current value by `plan`. Both
/// backends use this one function, so their guard semantics cannot drift.
enum WriteOp: Sendable, Equatable {
    case create(key: String, value: [UInt8])
    case update(key: String, value: [UInt8], expectedRevision: Int64?)
    case delete(key: String, expectedRevision: Int64?)

    var key: String {
        switch self {
        case .create(let key, _), .update(let key, _, _), .delete(let key, _): key
        }
    }

    /// The outcome of applying the write at `revision` to a key whose current
    /// value is `current` (nil when absent). Pure: no state is touched.
    func plan(current: KeyValue?, revision: Int64) throws(StoreError) -> Mutation {
        switch self {
        case .create(let key, let value):
            if let current { throw .keyExists(current) }
            let entry = LogEntry(
                revision: revision, key: key, kind: .create,
                createRevision: revision, prevRevision: 0, value: value)
            return Mutation(entry: entry, previous: nil)

        case .update(let key, let value, let expected):
            let current = try Self.guarded(key, current, expected)
            let entry = LogEntry(
                revision: revision, key: key, kind: .update,
                createRevision: current.createRevision, prevRevision: current.modRevision, value: value)
            return Mutation(entry: entry, previous: current)

        case .delete(let key, let expected):
            let current = try Self.guarded(key, current, expected)
            let entry = LogEntry(
                revision: revision, key: key, kind: .delete,
                createRevision: current.createRevision, prevRevision: current.modRevision, value: current.value)
            return Mutation(entry: entry, previous: current)
        }
    }

    private static func guarded(_ key: String, _ current: KeyValue?, _ expected: Int64?) throws(StoreError) -> KeyValue {
        guard let current else { throw .notFound(key) }
        if let expected, expected != current.modRevision { throw .conflict(current: current) }
        return current
    }
}

/// An accepted write: the log row to append and what it replaced.
struct Mutation: Sendable, Equatable {
    var entry: LogEntry
    var previous: KeyValue?

    /// The key's live value after the write; nil once deleted.
    var newValue: KeyValue? { entry.kind == .delete ? nil : entry.keyValue }
    /// What the caller gets back: the new value, or for a delete the deleted
    /// value at the delete's revision.
    var result: KeyValue { entry.keyValue }
    var event: StoreEvent { entry.event(previous: previous) }
}
