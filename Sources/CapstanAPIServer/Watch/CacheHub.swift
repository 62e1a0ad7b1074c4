import CapstanAPI
import CapstanStore
import Logging

/// Feeds every resource's `WatchCache` from one store watch over the whole
/// registry, and lets readers wait until the caches have caught up with a
/// store revision (a consistent read from cache, as kube-apiserver does).
public actor CacheHub {
    private let store: any Store
    private let logger: Logger
    private var caches: [String: WatchCache] = [:]
    private var processed: Int64 = 0
    private var waiters: [(Int64, CheckedContinuation<Void, Never>)] = []
    private var task: Task<Void, Never>?
    private(set) var ready = false

    public init(store: any Store, logger: Logger) {
        self.store = store
        self.logger = logger
    }

    /// Loads every registered resource from the store and starts following it.
    public func start(definitions: [ResourceDefinition]) async throws {
        let rev = try await store.currentRevision()
        for def in definitions where caches[def.keyPrefix] == nil {
            caches[def.keyPrefix] = try await load(def, at: rev)
        }
        processed = rev
        let stream = try await store.watch(prefix: "/registry/", afterRevision: rev)
        task = Task { await self.follow(stream) }
        ready = true
    }

    /// Applies the registry watch. A watch that fails (an etcd unreachable
    /// for longer than the store's reconnect limit) is opened again from the
    /// last applied revision, so the caches resume without a gap instead of
    /// going stale. Only compaction of that history ends it for good: the
    /// caches would need a re-list, which they do not do yet.
    private func follow(_ first: AsyncThrowingStream<StoreEvent, any Error>) async {
        var stream: AsyncThrowingStream<StoreEvent, any Error>? = first
        while !Task.isCancelled {
            do {
                if let current = stream {
                    for try await event in current { await dispatch(event) }
                    return  // the store closed, or stop() cancelled us
                }
                stream = try await store.watch(prefix: "/registry/", afterRevision: processed)
            } catch let error as StoreError where Self.isCompaction(error) {
                logger.critical("registry watch lost history after revision \(processed) (\(error)); the watch caches are stale: restart the server")
                return
            } catch {
                if stream != nil { logger.error("registry watch ended after revision \(processed): \(error); watching again") }
                stream = nil
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }

    private static func isCompaction(_ error: StoreError) -> Bool {
        if case .compacted = error { return true }
        return false
    }

    private func load(_ def: ResourceDefinition, at rev: Int64) async throws -> WatchCache {
        var items: [CachedObject] = []
        var after: String? = nil
        let fieldSet = Self.fieldSetter(def)
        while true {
            let page = try await store.list(ListOptions(prefix: def.keyPrefix, startAfter: after, limit: 1000, revision: rev))
            for kv in page.items {
                if let o = try? CachedObject(kv: kv, fieldSet: fieldSet) { items.append(o) }
            }
            guard page.remaining > 0, let last = page.items.last else { break }
            after = last.key
        }
        return WatchCache(definition: def, initial: items, revision: rev)
    }

    static func fieldSetter(_ def: ResourceDefinition) -> @Sendable (JSONValue) -> [String: String] {
        let kind = def.kind
        let namespaced = def.namespaced
        return { obj in FieldSelector.fieldSet(kind: kind, object: obj, namespaced: namespaced) }
    }

    /// Adds a resource at run time (a CRD becoming established).
    public func register(_ def: ResourceDefinition) async throws {
        if let existing = caches[def.keyPrefix] {
            _ = existing
            return
        }
        caches[def.keyPrefix] = try await load(def, at: processed)
    }

    public func unregister(keyPrefix: String) async {
        if let c = caches.removeValue(forKey: keyPrefix) { await c.finishAll() }
    }

    public func cache(for def: ResourceDefinition) -> WatchCache? { caches[def.keyPrefix] }

    private func dispatch(_ event: StoreEvent) async {
        if let prefix = Self.resourcePrefix(of: event.kv.key), let cache = caches[prefix] {
            let def = cache.definition
            let fieldSet = Self.fieldSetter(def)
            do {
                let obj = try CachedObject(kv: event.kv, fieldSet: fieldSet)
                let type: WatchEventType =
                    event.kind == .delete ? .deleted : (event.prevKV == nil ? .added : .modified)
                await cache.apply(type, obj, previousKV: event.prevKV, fieldSet: fieldSet)
            } catch {
                logger.error("cannot decode stored object \(event.kv.key): \(error)")
            }
        }
        processed = event.revision
        if !waiters.isEmpty {
            var keep: [(Int64, CheckedContinuation<Void, Never>)] = []
            for w in waiters {
                if w.0 <= processed { w.1.resume() } else { keep.append(w) }
            }
            waiters = keep
        }
    }

    /// `/registry/apps/deployments/ns/name` → `/registry/apps/deployments/`
    static func resourcePrefix(of key: String) -> String? {
        var slashes = 0
        var idx = key.startIndex
        while idx < key.endIndex {
            if key[idx] == "/" {
                slashes += 1
                if slashes == 4 { return String(key[...idx]) }
            }
            idx = key.index(after: idx)
        }
        return nil
    }

    /// Returns once every store event up to `revision` is in the caches.
    public func waitFor(revision: Int64) async {
        // Stopped: no event will come to wake a waiter (a request during shutdown gets what is cached).
        if processed >= revision || stopped { return }
        await withCheckedContinuation { cont in
            waiters.append((revision, cont))
        }
    }

    /// Waits for the caches to reflect the store's current revision, and returns it.
    public func sync() async throws -> Int64 {
        let rev = try await store.currentRevision()
        await waitFor(revision: rev)
        return max(rev, processed)
    }

    public var processedRevision: Int64 { processed }

    private var stopped = false

    public func stop() async {
        stopped = true
        task?.cancel()
        for c in caches.values { await c.finishAll() }
        for w in waiters { w.1.resume() }
        waiters = []
    }
}
