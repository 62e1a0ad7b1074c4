import CapstanAPI
import Logging

/// What an informer tells its subscribers, in the order it learns it.
public enum InformerEvent: Sendable {
    case added(JSONValue)
    case updated(old: JSONValue, new: JSONValue)
    case deleted(JSONValue)
    /// The initial list has been delivered (sent once per subscriber).
    case synced
}

/// List + watch of one resource into a local cache, fanned out to
/// subscribers as ordered events (client-go's shared informer).
///
/// `run()` lists, then watches from the list's resourceVersion, re-watching
/// from the last seen revision when a watch ends and re-listing when the
/// server answers 410 Gone; a re-list is diffed against the cache so
/// subscribers see only real changes. The cache is updated before an event
/// is sent, so a subscriber reading `cache` always sees at least that state.
/// With a `resyncPeriod`, every cached object is re-sent as an update of
/// itself that often (level-triggered consumers re-check their world).
/// Cancelling the task running `run()` stops it and finishes every
/// subscriber's stream.
public actor Informer {
    public let resource: APIResource
    let client: KubeClient
    let namespace: String?
    let labelSelector: String?
    let fieldSelector: String?
    let logger: Logger
    let resyncPeriod: Duration?
    /// Whether cached objects keep metadata.managedFields. Off by default,
    /// as in kube-controller-manager and kube-scheduler: no consumer reads
    /// them, an update that omits them keeps the stored ones, and they are
    /// about half of every object's tree (with 20,000 pods cached twice,
    /// hundreds of MiB).
    let keepManagedFields: Bool
    /// Whether the cache keeps only each object's identity (name, namespace,
    /// uid, resourceVersion): for a consumer that follows events only and
    /// keeps its own typed copies (the scheduler), so a cluster's pods are
    /// not held twice. Events still carry whole objects, except the old
    /// object of an update and objects found gone by a re-list, which are
    /// then identity-only; such a consumer subscribes before `run()`.
    let cachesIdentityOnly: Bool
    /// The local copy, readable without `await`.
    public nonisolated let cache: ObjectCache

    private var lastRV = ""
    private var synced = false
    private var syncWaiters: [CheckedContinuation<Void, Never>] = []
    private var subscribers: [Int: AsyncStream<InformerEvent>.Continuation] = [:]
    private var nextID = 0

    public init(
        client: KubeClient, resource: APIResource, namespace: String? = nil, labelSelector: String? = nil,
        fieldSelector: String? = nil, indexers: [String: ObjectCache.IndexFunction] = [:], resyncPeriod: Duration? = nil,
        keepManagedFields: Bool = false, cachesIdentityOnly: Bool = false, logger: Logger = Logger(label: "capstan.informer")
    ) {
        self.keepManagedFields = keepManagedFields
        self.cachesIdentityOnly = cachesIdentityOnly
        self.cache = ObjectCache(indexers: indexers)
        self.resyncPeriod = resyncPeriod
        self.client = client
        self.resource = resource
        self.namespace = namespace
        self.labelSelector = labelSelector
        self.fieldSelector = fieldSelector
        self.logger = logger
    }

    public static func key(_ obj: JSONValue) -> String { ObjectCache.key(obj) }

    /// A new subscriber's stream: the cache as it is (as `.added`, then
    /// `.synced` if the first list is done), then every change.
    public func events() -> AsyncStream<InformerEvent> {
        let (stream, cont) = AsyncStream<InformerEvent>.makeStream()
        for obj in cache.items { cont.yield(.added(obj)) }
        if synced { cont.yield(.synced) }
        let id = nextID
        nextID += 1
        subscribers[id] = cont
        cont.onTermination = { _ in Task { await self.unsubscribe(id) } }
        return stream
    }

    private func unsubscribe(_ id: Int) { subscribers[id] = nil }

    public nonisolated func get(_ key: String) -> JSONValue? { cache.get(key) }
    public nonisolated var items: [JSONValue] { cache.items }
    public var hasSynced: Bool { synced }

    public func waitForSync() async {
        if synced { return }
        await withCheckedContinuation { syncWaiters.append($0) }
    }

    private func emit(_ e: InformerEvent) {
        for c in subscribers.values { c.yield(e) }
    }

    /// Runs until cancelled.
    public func run() async {
        let resync: Task<Void, Never>? = resyncPeriod.map { period in
            Task { [weak self] in
                while !Task.isCancelled {
                    try? await Task.sleep(for: period)
                    await self?.resyncAll()
                }
            }
        }
        defer { resync?.cancel() }
        var needList = true
        var failures = 0
        while !Task.isCancelled {
            do {
                if needList {
                    try await relist()
                    needList = false
                }
                let stream = try await client.watch(
                    resource, namespace: namespace, resourceVersion: lastRV, labelSelector: labelSelector,
                    fieldSelector: fieldSelector)
                for try await event in stream { apply(event) }
                failures = 0
            } catch let e as APIStatusError where e.isGone {
                needList = true
            } catch {
                if Task.isCancelled { break }
                failures += 1
                logger.debug("informer \(resource): \(error); retrying")
                try? await Task.sleep(for: .milliseconds(min(100 << min(failures, 6), 5000)))
            }
        }
        for c in subscribers.values { c.finish() }
        subscribers.removeAll()
        // Nobody waits forever on an informer that stopped.
        for w in syncWaiters { w.resume() }
        syncWaiters = []
    }

    private func resyncAll() {
        guard synced else { return }
        for obj in cache.items { emit(.updated(old: obj, new: obj)) }
    }

    private func relist() async throws {
        var fresh: [String: JSONValue] = [:]
        var token: String? = nil
        var rv = ""
        repeat {
            let page = try await client.list(
                resource, namespace: namespace, labelSelector: labelSelector, fieldSelector: fieldSelector,
                limit: 2000, continueToken: token)
            for item in page.items { fresh[Self.key(item)] = trimmed(item) }
            token = page.continueToken
            rv = page.resourceVersion
        } while token != nil
        let previous = Dictionary(cache.items.map { (Self.key($0), $0) }, uniquingKeysWith: { a, _ in a })
        cache.replace(fresh.values.map(cached))
        for (k, obj) in fresh {
            if let old = previous[k] {
                if old[path: ["metadata", "resourceVersion"]] != obj[path: ["metadata", "resourceVersion"]] {
                    emit(.updated(old: old, new: obj))
                }
            } else {
                emit(.added(obj))
            }
        }
        for (k, old) in previous where fresh[k] == nil { emit(.deleted(old)) }
        lastRV = rv
        if !synced {
            synced = true
            emit(.synced)
            for w in syncWaiters { w.resume() }
            syncWaiters = []
        }
    }

    /// The object as the cache keeps it.
    private func trimmed(_ obj: JSONValue) -> JSONValue {
        guard !keepManagedFields, case .object(var o) = obj, case .object(var meta)? = o["metadata"],
            meta["managedFields"] != nil
        else { return obj }
        meta["managedFields"] = nil
        o["metadata"] = .object(meta)
        return .object(o)
    }

    /// What the cache holds for `obj`.
    private func cached(_ obj: JSONValue) -> JSONValue {
        guard cachesIdentityOnly else { return obj }
        var meta: [String: JSONValue] = [:]
        for k in ["name", "namespace", "uid", "resourceVersion"] { meta[k] = obj[path: ["metadata", k]] }
        return ["metadata": .object(meta)]
    }

    private func apply(_ event: WatchEvent) {
        if let rv = event.object[path: ["metadata", "resourceVersion"]]?.stringValue { lastRV = rv }
        let object = trimmed(event.object)
        let k = Self.key(object)
        switch event.type {
        case .added, .modified:
            if let old = cache.put(cached(object)) {
                emit(.updated(old: old, new: object))
            } else {
                emit(.added(object))
            }
        case .deleted:
            if cache.remove(k) != nil {
                emit(.deleted(object))
            }
        case .bookmark, .error:
            break
        }
    }
}
