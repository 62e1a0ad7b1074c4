import CapstanAPI
import CapstanClient
import Logging
import Synchronization

/// One informer per resource, shared by every controller that reads it
/// (client-go's SharedInformerFactory). Informers are created on first
/// request with the index functions asked for so far (every cache is also
/// indexed by namespace and by its objects' controller uid, pods
/// also by node name); `run` runs
/// them all, and one asked for after that is started at once.
public final class InformerFactory: Sendable {
    public let client: KubeClient
    let logger: Logger
    let resyncPeriod: Duration?

    struct State {
        var informers: [APIResource: Informer] = [:]
        var indexers: [APIResource: [String: ObjectCache.IndexFunction]] = [:]
        var runner: (@Sendable (Informer) -> Void)?
    }
    private let state = Mutex(State())

    public init(client: KubeClient, resyncPeriod: Duration? = nil, logger: Logger) {
        self.client = client
        self.resyncPeriod = resyncPeriod
        self.logger = logger
    }

    /// Declares an index on `resource`'s cache; must precede the first
    /// `informer(for:)` of that resource.
    public func addIndex(_ resource: APIResource, name: String, _ fn: @escaping ObjectCache.IndexFunction) {
        state.withLock { s in
            precondition(s.informers[resource] == nil, "index \(name) on \(resource) declared after its informer was created")
            s.indexers[resource, default: [:]][name] = fn
        }
    }

    public func informer(for resource: APIResource) -> Informer {
        let (informer, start) = state.withLock { s -> (Informer, (@Sendable (Informer) -> Void)?) in
            if let i = s.informers[resource] { return (i, nil) }
            var indexers = s.indexers[resource] ?? [:]
            indexers[OwnerReferences.controllerUIDIndex] = { obj in OwnerReferences.controller(of: obj).map { [$0.uid] } ?? [] }
            indexers[OwnerReferences.orphanIndex] = { obj in
                OwnerReferences.controller(of: obj) == nil ? [obj[path: ["metadata", "namespace"]]?.stringValue ?? ""] : []
            }
            if resource == .pods {
                indexers[Pods.nodeNameIndex] = { pod in pod[path: ["spec", "nodeName"]]?.stringValue.map { [$0] } ?? [] }
            }
            let i = Informer(
                client: client, resource: resource, indexers: indexers, resyncPeriod: resyncPeriod,
                logger: logger)
            s.informers[resource] = i
            return (i, s.runner)
        }
        start?(informer)
        return informer
    }

    public func cache(for resource: APIResource) -> ObjectCache { informer(for: resource).cache }

    /// Runs every informer (present and future) until the calling task is cancelled.
    public func run() async {
        await withTaskGroup(of: Void.self) { group in
            let (stream, cont) = AsyncStream<Informer>.makeStream()
            let existing = state.withLock { s -> [Informer] in
                s.runner = { cont.yield($0) }
                return Array(s.informers.values)
            }
            for i in existing { group.addTask { await i.run() } }
            // The stream ends when this task is cancelled.
            for await i in stream { group.addTask { await i.run() } }
            group.cancelAll()
        }
        state.withLock { $0.runner = nil }
    }

    /// Waits until every informer created so far has listed once.
    public func waitForSync() async {
        let all = state.withLock { Array($0.informers.values) }
        for i in all { await i.waitForSync() }
    }
}
