import CapstanAPI
import CapstanStore
import DequeModule

/// The current objects of one resource and its recent changes, kept from
/// the store's watch, so lists and watches are served from memory and a
/// thousand watchers cost one store watch.
///
/// Slow watchers: each subscriber has a bounded buffer
/// (`subscriberBuffer` events); one that falls that far behind is ended, as
/// Kubernetes does, and its client re-lists.
public actor WatchCache {
    public let definition: ResourceDefinition
    private var objects: [String: CachedObject] = [:]
    private var sortedKeys: [String]? = nil
    private var history = Deque<CacheEvent>()
    private let historyLimit: Int
    /// Every event with revision > floor is in `history`.
    private(set) var floor: Int64
    /// Revision the cache reflects (advanced by the hub for every store event).
    private(set) var revision: Int64
    private var subscribers: [Int: Subscriber] = [:]
    private var nextID = 0
    let subscriberBuffer = 2048

    struct Subscriber {
        var filter: ObjectFilter
        var continuation: AsyncStream<CacheEvent>.Continuation
    }

    init(definition: ResourceDefinition, initial: [CachedObject], revision: Int64, historyLimit: Int = 4096) {
        self.definition = definition
        for o in initial { objects[o.key] = o }
        self.revision = revision
        self.floor = revision
        self.historyLimit = historyLimit
    }

    /// Applies one store event for this resource whose previous value (for
    /// an update or delete) is `previousKV`. The cache holds exactly that
    /// state already, so its copy is the event's previous object: nothing is
    /// decoded twice, and the history shares one copy of the bytes per
    /// revision. A cache copy of another revision (not expected) gives way
    /// to decoding the stored value.
    func apply(
        _ type: WatchEventType, _ object: CachedObject, previousKV: KeyValue?,
        fieldSet: (JSONValue) -> [String: String]
    ) {
        var previous: CachedObject? = nil
        if let kv = previousKV {
            if let cached = objects[object.key], cached.revision == kv.modRevision {
                previous = cached
            } else {
                previous = try? CachedObject(kv: kv, fieldSet: fieldSet)
            }
        }
        apply(CacheEvent(type: type, object: object, previous: previous))
    }

    /// Applies one store event for this resource (called by the hub in revision order).
    func apply(_ event: CacheEvent) {
        switch event.type {
        case .deleted:
            if objects.removeValue(forKey: event.object.key) != nil { sortedKeys = nil }
        default:
            if objects.updateValue(event.object, forKey: event.object.key) == nil { sortedKeys = nil }
        }
        revision = event.revision
        history.append(event)
        if history.count > historyLimit, let dropped = history.popFirst() { floor = dropped.revision }
        for (id, sub) in subscribers {
            guard let e = Self.filtered(event, sub.filter) else { continue }
            if case .dropped = sub.continuation.yield(e) {
                sub.continuation.finish()
                subscribers[id] = nil
            }
        }
    }

    func advance(to rev: Int64) {
        if rev > revision { revision = rev }
        if history.isEmpty && floor < rev { floor = rev }
    }

    /// How an event looks to a filtered watcher: an object leaving the
    /// selection is a DELETED, one entering it an ADDED.
    static func filtered(_ e: CacheEvent, _ filter: ObjectFilter) -> CacheEvent? {
        let now = filter(e.object)
        switch e.type {
        case .added: return now ? e : nil
        case .deleted: return now ? e : nil
        case .modified:
            let before = e.previous.map(filter) ?? false
            if now && before { return e }
            if now { return CacheEvent(type: .added, object: e.object, previous: e.previous) }
            if before {
                var gone = e.object
                gone.revision = e.revision
                return CacheEvent(type: .deleted, object: gone, previous: e.previous)
            }
            return nil
        default: return e
        }
    }

    public struct Page: Sendable {
        public var items: [CachedObject]
        public var revision: Int64
        /// Last key returned when more remain.
        public var lastKey: String?
        public var remaining: Int
    }

    /// Objects under `prefix` that pass `filter`, in key order, after
    /// `startAfter`, at most `limit`.
    public func list(prefix: String, filter: ObjectFilter, startAfter: String? = nil, limit: Int? = nil) -> Page {
        if sortedKeys == nil { sortedKeys = objects.keys.sorted() }
        let keys = sortedKeys!
        var lo = lowerBound(keys, prefix)
        if let startAfter, startAfter >= prefix {
            lo = max(lo, upperBound(keys, startAfter))
        }
        var items: [CachedObject] = []
        var i = lo
        while i < keys.count, keys[i].hasPrefix(prefix) {
            let o = objects[keys[i]]!
            if filter(o) {
                if let limit, items.count >= limit {
                    var remaining = 0
                    var j = i
                    while j < keys.count, keys[j].hasPrefix(prefix) {
                        if filter(objects[keys[j]]!) { remaining += 1 }
                        j += 1
                    }
                    return Page(items: items, revision: revision, lastKey: items.last?.key, remaining: remaining)
                }
                items.append(o)
            }
            i += 1
        }
        return Page(items: items, revision: revision, lastKey: nil, remaining: 0)
    }

    public func get(_ key: String) -> CachedObject? { objects[key] }

    public var count: Int { objects.count }

    /// Starts a watch after `fromRevision`: replays retained history, then
    /// live events. Throws `APIError.gone` when that history is gone.
    public func subscribe(fromRevision: Int64, filter: @escaping ObjectFilter, initial: [CachedObject] = [])
        throws(APIError) -> (id: Int, stream: AsyncStream<CacheEvent>)
    {
        if fromRevision < floor {
            throw APIError.gone("too old resource version: \(fromRevision) (\(floor))")
        }
        // Initial objects and replayed history always fit; the bound applies to what follows.
        let (stream, cont) = AsyncStream<CacheEvent>.makeStream(
            bufferingPolicy: .bufferingOldest(subscriberBuffer + initial.count + history.count))
        for o in initial { cont.yield(CacheEvent(type: .added, object: o, previous: nil)) }
        for e in history where e.revision > fromRevision {
            if let f = Self.filtered(e, filter) { cont.yield(f) }
        }
        let id = nextID
        nextID += 1
        // After shutdown began: what is there, then the end (no live events follow).
        if finished {
            cont.finish()
            return (id, stream)
        }
        subscribers[id] = Subscriber(filter: filter, continuation: cont)
        cont.onTermination = { [weak self] _ in
            Task { await self?.unsubscribe(id) }
        }
        return (id, stream)
    }

    func unsubscribe(_ id: Int) {
        subscribers[id] = nil
    }

    var subscriberCount: Int { subscribers.count }

    /// Set by `finishAll` (server shutdown): later watches end at once.
    private var finished = false

    func finishAll() {
        finished = true
        for s in subscribers.values { s.continuation.finish() }
        subscribers.removeAll()
    }

    private func lowerBound(_ a: [String], _ k: String) -> Int {
        var lo = 0
        var hi = a.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if a[mid] < k { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
    private func upperBound(_ a: [String], _ k: String) -> Int {
        var lo = 0
        var hi = a.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if a[mid] <= k { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}

extension WatchCache {
    /// Current objects under `prefix` as ADDED events, then every change after
    /// them, with no gap (done in one actor turn).
    public func subscribeWithInitial(prefix: String, filter: @escaping ObjectFilter) throws(APIError)
        -> (id: Int, stream: AsyncStream<CacheEvent>)
    {
        let initial = list(prefix: prefix, filter: filter).items
        let from = max(revision, floor)
        return try subscribe(fromRevision: from, filter: filter, initial: initial)
    }
}
