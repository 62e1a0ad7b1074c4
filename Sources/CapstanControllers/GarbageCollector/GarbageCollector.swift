import CapstanAPI
import CapstanClient
import Logging
import Synchronization

/// Kubernetes' garbage collector: an ownership graph over every resource
/// that can be listed, watched and deleted, kept from the shared informers,
/// and two queues of work it derives from the graph's changes:
/// - attemptToDelete: an object whose owners may all be gone (delete it),
///   or an owner in foreground deletion (delete its blocking dependents,
///   then drop its "foregroundDeletion" finalizer);
/// - attemptToOrphan: an owner deleted with propagationPolicy Orphan
///   (strip it from its dependents' ownerReferences, then drop "orphan").
///
/// `run()` discovers the resources (again every `rediscoveryPeriod`, so
/// CRDs are picked up), follows each with a monitor, and runs the workers
/// until cancelled. Thread-safety: the graph sits behind a mutex; each
/// queue hands a uid to one worker at a time.
public final class GarbageCollector: Sendable {
    let context: ControllerContext
    let graph = Mutex(ObjectGraph())
    /// The latest discovery, used to map ownerReferences (apiVersion, kind) to resources.
    let mapper = Mutex(DiscoveryResult(resources: [], failedGroups: [:]))
    let deleteQueue: WorkQueue
    let orphanQueue: WorkQueue
    let rediscoveryPeriod: Duration
    let deleteWorkers = 4
    let orphanWorkers = 2

    /// Never followed: events are many, short-lived and never owners (as Kubernetes' default ignore list).
    static let ignored: Set<String> = ["events", "events.events.k8s.io"]

    public init(context: ControllerContext, rediscoveryPeriod: Duration = .seconds(30)) {
        self.context = context
        self.rediscoveryPeriod = rediscoveryPeriod
        deleteQueue = WorkQueue(clock: context.clock)
        orphanQueue = WorkQueue(clock: context.clock)
    }

    var client: KubeClient { context.client }
    var logger: Logger { context.logger }

    // MARK: running

    /// Runs until the calling task is cancelled. Idempotent per instance only
    /// in the sense that a second call after the first returned starts over.
    public func run() async {
        let discovery = ResourceDiscovery(client: client)
        await withTaskGroup(of: Void.self) { group in
            var monitored = Set<APIResource>()
            var informers: [Informer] = []
            // Discovery must succeed once before anything can be judged.
            while !Task.isCancelled {
                if let found = await discover(discovery) {
                    for r in Self.collectable(found) where monitored.insert(r.resource).inserted {
                        informers.append(startMonitor(r, in: &group))
                    }
                    break
                }
                try? await context.clock.sleep(for: .seconds(5))
            }
            // The graph must hold what exists before anything is judged absent
            // (bounded: one informer that cannot list must not stop the rest).
            let initial = informers
            await withTaskGroup(of: Void.self) { wait in
                wait.addTask { for i in initial { await i.waitForSync() } }
                wait.addTask { [clock = context.clock] in try? await clock.sleep(for: .seconds(60)) }
                await wait.next()
                wait.cancelAll()
            }
            for _ in 0..<deleteWorkers { group.addTask { await self.deleteWorker() } }
            for _ in 0..<orphanWorkers { group.addTask { await self.orphanWorker() } }
            while !Task.isCancelled {
                do { try await context.clock.sleep(for: rediscoveryPeriod) } catch { break }
                guard let found = await discover(discovery) else { continue }
                for r in Self.collectable(found) where monitored.insert(r.resource).inserted {
                    _ = startMonitor(r, in: &group)
                }
            }
            await deleteQueue.shutDown()
            await orphanQueue.shutDown()
            group.cancelAll()
        }
    }

    /// Resources the collector follows: listable, watchable, deletable.
    static func collectable(_ result: DiscoveryResult) -> [DiscoveredResource] {
        result.resources.filter { $0.supports("list", "watch", "delete") && !ignored.contains($0.resource.description) }
    }

    private func discover(_ discovery: ResourceDiscovery) async -> DiscoveryResult? {
        do {
            let found = try await discovery.discover()
            mapper.withLock { old in
                // Keep what a failing group served before, so its owners still resolve.
                let failed = Set(found.failedGroups.keys)
                let kept = old.resources.filter { failed.contains($0.resource.apiVersion) }
                old = DiscoveryResult(resources: found.resources + kept, failedGroups: found.failedGroups)
            }
            return found
        } catch {
            logger.warning("garbage collector: discovery failed: \(error)")
            return nil
        }
    }

    /// Follows one resource: every informer event updates the graph.
    private func startMonitor(_ r: DiscoveredResource, in group: inout TaskGroup<Void>) -> Informer {
        let informer = context.informers.informer(for: r.resource)
        group.addTask {
            for await event in await informer.events() {
                switch event {
                case .added(let obj): await self.observe(obj, old: nil, resource: r)
                case .updated(let old, let new): await self.observe(new, old: old, resource: r)
                case .deleted(let obj): await self.perform(self.graph.withLock { $0.observeDeletion(uid: OwnerReferences.uid(obj)) })
                case .synced: break
                }
            }
        }
        return informer
    }

    func observe(_ obj: JSONValue, old: JSONValue?, resource: DiscoveredResource) async {
        await perform(graph.withLock { $0.observe(obj, old: old, resource: resource.resource, kind: resource.kind) })
    }

    /// Queues the graph's follow-up work and records what must be reported.
    func perform(_ actions: [ObjectGraph.Action]) async {
        for action in actions {
            switch action {
            case .attemptToDelete(let uid): await deleteQueue.add(uid)
            case .attemptToOrphan(let uid): await orphanQueue.add(uid)
            case .invalidNamespace(let dependent, let owner):
                var ref = owner
                ref.namespace = dependent.namespace
                await context.recorder.record(
                    Self.involvedObject(dependent), .warning, reason: "OwnerRefInvalidNamespace",
                    message: "ownerRef \(ref) does not exist in namespace \"\(dependent.namespace)\"")
            }
        }
    }

    static func involvedObject(_ id: ObjectIdentity) -> JSONValue {
        var meta: JSONValue = ["name": .string(id.name), "uid": .string(id.uid)]
        if !id.namespace.isEmpty { meta["namespace"] = .string(id.namespace) }
        return ["apiVersion": .string(id.apiVersion), "kind": .string(id.kind), "metadata": meta]
    }

    // MARK: workers

    /// What a worker does with a uid after one attempt.
    enum Outcome: Sendable, Equatable {
        case forget
        /// Again after the queue's backoff (a virtual node not yet observed).
        case requeue
    }

    private func deleteWorker() async {
        while let uid = await deleteQueue.get() {
            await finish(uid, on: deleteQueue) { try await self.attemptToDelete(uid) }
        }
    }

    private func orphanWorker() async {
        while let uid = await orphanQueue.get() {
            await finish(uid, on: orphanQueue) { try await self.attemptToOrphan(uid) }
        }
    }

    private func finish(_ uid: String, on queue: WorkQueue, _ attempt: () async throws -> Outcome) async {
        do {
            switch try await attempt() {
            case .forget: await queue.forget(uid)
            case .requeue: await queue.addRateLimited(uid)
            }
        } catch {
            logger.debug("garbage collector: \(uid): \(error); retrying")
            await queue.addRateLimited(uid)
        }
        await queue.done(uid)
    }
}
