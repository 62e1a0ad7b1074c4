import CapstanAPI
import CapstanClient
import Foundation
import Logging

/// The scheduler as a client of the API: informers on pods, nodes and
/// PodDisruptionBudgets keep the queue and the cluster snapshot current;
/// while this instance holds the `kube-scheduler` Lease, it pops pods,
/// runs the profile named by the pod's schedulerName, assumes the pod onto
/// the chosen node in the snapshot at once (so the next pod sees it) and
/// binds through `pods/NAME/binding` in the background; a failed binding
/// forgets the assumption and retries with backoff.
public actor SchedulerService {
    let client: KubeClient
    let logger: Logger
    let events: EventRecorder
    let identity: String
    var profiles: [String: SchedulingProfile]
    var snapshot = ClusterSnapshot()
    var queue = QueueState()
    var pdbs: [String: PodDisruptionBudget] = [:]
    /// Pods assumed onto a node whose binding has not been observed yet.
    var assumed: [String: Pod] = [:]
    var rng = SplitMix64()
    let origin = ContinuousClock.now
    private var wakeup: CheckedContinuation<Void, Never>?
    private var leading = false

    public init(client: KubeClient, configuration: SchedulerConfiguration, identity: String, logger: Logger) throws {
        self.client = client
        self.logger = logger
        self.identity = identity
        events = EventRecorder(client: client, component: "default-scheduler", logger: logger)
        var byName: [String: SchedulingProfile] = [:]
        for p in try configuration.makeProfiles() { byName[p.schedulerName] = p }
        profiles = byName
    }

    var now: Duration { ContinuousClock.now - origin }

    /// Runs informers and, while leader, the scheduling loop. Returns when cancelled.
    public func run() async {
        // The scheduler keeps its own typed copies (the snapshot and the
        // `known` maps below), so its informers cache identities only, and it
        // subscribes before they start so that no object reaches it as a
        // cached identity.
        let pods = Informer(client: client, resource: .pods, cachesIdentityOnly: true, logger: logger)
        let nodes = Informer(client: client, resource: .nodes, cachesIdentityOnly: true, logger: logger)
        let budgets = Informer(client: client, resource: .podDisruptionBudgets, cachesIdentityOnly: true, logger: logger)
        let (podEvents, nodeEvents, budgetEvents) = (await pods.events(), await nodes.events(), await budgets.events())
        await withTaskGroup(of: Void.self) { group in
            for informer in [pods, nodes, budgets] {
                group.addTask { await informer.run() }
            }
            // Decoding happens in these tasks, off the scheduler's actor, so it
            // runs in parallel with scheduling.
            // The last decoded form of each object stands in for an update's
            // old object, so each event is decoded once.
            group.addTask { [self] in
                var known: [String: Node] = [:]
                for await e in nodeEvents {
                    if let change = Change<Node>(e, known: &known) { await self.nodeChanged(change) }
                }
            }
            group.addTask { [self] in
                var known: [String: PodDisruptionBudget] = [:]
                for await e in budgetEvents {
                    if let change = Change<PodDisruptionBudget>(e, known: &known) { await self.budgetChanged(change) }
                }
            }
            group.addTask { [self] in
                var known: [String: Pod] = [:]
                for await e in podEvents {
                    if let change = Change<Pod>(e, known: &known) { await self.podChanged(change) }
                }
            }
            group.addTask { [self] in
                await nodes.waitForSync()
                await pods.waitForSync()
                let elector = LeaderElector(
                    client: client, config: .init(name: "kube-scheduler", identity: identity), logger: logger)
                await elector.run { await self.lead() }
            }
            await group.waitForAll()
        }
    }

    // MARK: informer events

    func nodeChanged(_ change: Change<Node>) {
        switch change {
        case .added(let node), .updated(_, let node):
            snapshot.upsertNode(node)
            queue.moveAllToActiveOrBackoff(now: now)
            wake()
        case .deleted(let node):
            if let name = node.metadata.name { snapshot.removeNode(named: name) }
        }
    }

    func budgetChanged(_ change: Change<PodDisruptionBudget>) {
        switch change {
        case .added(let pdb), .updated(_, let pdb): pdbs[QueueState.key(pdb.metadata)] = pdb
        case .deleted(let pdb): pdbs[QueueState.key(pdb.metadata)] = nil
        }
    }

    static func isTerminal(_ pod: Pod) -> Bool {
        let phase = pod.status?.phase
        return phase == "Succeeded" || phase == "Failed"
    }

    func responsible(_ pod: Pod) -> Bool {
        profiles[pod.spec?.schedulerName ?? ProfileConfiguration.defaultSchedulerName] != nil
    }

    func podChanged(_ change: Change<Pod>) {
        switch change {
        case .added(let pod): podAdded(pod)
        case .updated(let old, let pod): podUpdated(old: old, new: pod)
        case .deleted(let pod): podDeleted(pod)
        }
    }

    func podAdded(_ pod: Pod) {
        let key = QueueState.key(pod)
        if let node = pod.spec?.nodeName, !node.isEmpty {
            if let a = assumed.removeValue(forKey: key) { snapshot.removePod(a) }
            if !Self.isTerminal(pod) { snapshot.addPod(pod) }
            queue.remove(key)
        } else if pod.metadata.deletionTimestamp == nil, responsible(pod) {
            queue.add(pod, now: now)
            wake()
        }
    }

    func podUpdated(old: Pod, new: Pod) {
        let key = QueueState.key(new)
        let bound = !(new.spec?.nodeName ?? "").isEmpty
        if bound {
            if let a = assumed.removeValue(forKey: key) { snapshot.removePod(a) }
            let wasCounted = !(old.spec?.nodeName ?? "").isEmpty && !Self.isTerminal(old)
            if wasCounted { snapshot.removePod(old) }
            if !Self.isTerminal(new) { snapshot.addPod(new) }
            // A finished pod frees its resources, as a deleted one does; a
            // relabelled one can satisfy (or stop blocking) affinity terms.
            if (wasCounted && Self.isTerminal(new)) || (wasCounted && old.metadata.labels != new.metadata.labels) {
                queue.moveAllToActiveOrBackoff(now: now)
                wake()
            }
            queue.remove(key)
        } else if new.metadata.deletionTimestamp == nil, responsible(new) {
            // Only spec or label changes can change the outcome; status writes (ours included) do not.
            if queue.contains(key), old.spec == new.spec, old.metadata.labels == new.metadata.labels { return }
            queue.add(new, now: now)
            wake()
        } else {
            queue.remove(key)
        }
    }

    func podDeleted(_ pod: Pod) {
        let key = QueueState.key(pod)
        queue.remove(key)
        if let a = assumed.removeValue(forKey: key) { snapshot.removePod(a) }
        if !(pod.spec?.nodeName ?? "").isEmpty {
            snapshot.removePod(pod)
            queue.moveAllToActiveOrBackoff(now: now)
            wake()
        }
    }

    // MARK: scheduling loop

    func wake() {
        if let w = wakeup {
            wakeup = nil
            w.resume()
        }
    }

    func lead() async {
        leading = true
        defer { leading = false }
        let ticker = Task { [self] in
            while !Task.isCancelled {
                let next = self.tick()
                try? await Task.sleep(for: min(next ?? .seconds(1), .seconds(1)))
            }
        }
        defer { ticker.cancel() }
        while !Task.isCancelled {
            if let entry = queue.pop() {
                scheduleOne(entry)
            } else {
                await sleepUntilWoken()
            }
        }
    }

    /// Waits for `wake()`; returns early when the task is cancelled.
    func sleepUntilWoken() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { c in
                if Task.isCancelled { c.resume() } else { wakeup = c }
            }
        } onCancel: {
            Task { await self.wake() }
        }
    }

    func tick() -> Duration? {
        let next = queue.tick(now: now)
        if queue.activeCount > 0 { wake() }
        return next.map { max($0 - now, .milliseconds(10)) }
    }

    func scheduleOne(_ entry: QueueState.Entry) {
        let pod = entry.pod
        let key = QueueState.key(pod)
        guard var profile = profiles[pod.spec?.schedulerName ?? ProfileConfiguration.defaultSchedulerName] else {
            queue.remove(key)
            return
        }
        let outcome = profile.schedule(pod, in: snapshot, using: &rng)
        profiles[profile.schedulerName] = profile  // keeps the rotating start index
        switch outcome {
        case .scheduled(let node, _, _):
            var bound = pod
            bound.spec?.nodeName = node
            snapshot.addPod(bound)
            assumed[key] = bound
            queue.done(key)
            Task { await self.bind(pod, to: node) }
        case .unschedulable(var diagnosis):
            let preemption = profile.preempt(pod, diagnosis: diagnosis, in: snapshot, pdbs: Array(pdbs.values))
            switch preemption {
            case .nominate(let node, let victims):
                diagnosis.postFilterMessage = nil
                Task { await self.preempt(pod, node: node, victims: victims) }
            case .none(let reason):
                if !reason.isEmpty { diagnosis.postFilterMessage = reason }
            }
            queue.markUnschedulable(key, now: now)
            let message = diagnosis.message
            Task { await self.reportUnschedulable(pod, message: message) }
        case .error(let e):
            logger.warning("scheduling \(key): \(e)")
            queue.markFailed(key, now: now)
        }
    }

    // MARK: API writes (off the loop)

    func podObject(_ pod: Pod) -> JSONValue {
        [
            "kind": "Pod", "apiVersion": "v1",
            "metadata": [
                "name": .string(pod.metadata.name ?? ""), "namespace": .string(pod.metadata.namespace ?? ""),
                "uid": .string(pod.metadata.uid ?? ""),
            ],
        ]
    }

    nonisolated func bind(_ pod: Pod, to node: String) async {
        let name = pod.metadata.name ?? ""
        let ns = pod.metadata.namespace ?? "default"
        let binding: JSONValue = [
            "apiVersion": "v1", "kind": "Binding",
            "metadata": ["name": .string(name), "namespace": .string(ns), "uid": .string(pod.metadata.uid ?? "")],
            "target": ["apiVersion": "v1", "kind": "Node", "name": .string(node)],
        ]
        do {
            _ = try await client.post(.pods, namespace: ns, name: name, subresource: "binding", binding)
            await events.record(await podObject(pod), .normal, reason: "Scheduled", message: "Successfully assigned \(ns)/\(name) to \(node)")
        } catch {
            await bindFailed(pod, error: error)
        }
    }

    func bindFailed(_ pod: Pod, error: any Error) {
        let key = QueueState.key(pod)
        if let a = assumed.removeValue(forKey: key) { snapshot.removePod(a) }
        logger.info("binding \(key) failed: \(error)")
        if let e = error as? APIStatusError, e.isNotFound { return }
        queue.requeueAfterFailure(pod, now: now)
    }

    nonisolated func reportUnschedulable(_ pod: Pod, message: String) async {
        let name = pod.metadata.name ?? ""
        let ns = pod.metadata.namespace ?? "default"
        await events.record(await podObject(pod), .warning, reason: "FailedScheduling", message: message)
        let condition: JSONValue = [
            "type": "PodScheduled", "status": "False", "reason": "Unschedulable", "message": .string(message),
            "lastProbeTime": .null, "lastTransitionTime": .string(Time.now().rfc3339),
        ]
        _ = try? await client.patch(
            .pods, namespace: ns, name: name, .strategic, ["status": ["conditions": [condition]]], subresource: "status")
    }

    nonisolated func preempt(_ pod: Pod, node: String, victims: [Pod]) async {
        let ns = pod.metadata.namespace ?? "default"
        let name = pod.metadata.name ?? ""
        _ = try? await client.patch(
            .pods, namespace: ns, name: name, .merge, ["status": ["nominatedNodeName": .string(node)]], subresource: "status")
        for v in victims {
            let vns = v.metadata.namespace ?? "default"
            let vname = v.metadata.name ?? ""
            await events.record(
                await podObject(v), .normal, reason: "Preempted", message: "Preempted by pod \(pod.metadata.uid ?? "") on node \(node)")
            try? await client.delete(.pods, namespace: vns, name: vname, preconditionUID: v.metadata.uid)
        }
    }
}

/// An informer event decoded to the typed model (nil: undecodable or `.synced`).
enum Change<T: Decodable & Sendable>: Sendable {
    case added(T)
    case updated(old: T, new: T)
    case deleted(T)

    /// Decodes with a cache of the last decoded object per key (old objects
    /// of updates are taken from it rather than decoded again).
    init?(_ e: InformerEvent, known: inout [String: T]) {
        switch e {
        case .added(let o):
            guard let v = try? o.decodedForScheduling(as: T.self) else { return nil }
            known[Informer.key(o)] = v
            self = .added(v)
        case .updated(let old, let new):
            let key = Informer.key(new)
            guard let n = try? new.decodedForScheduling(as: T.self) else { return nil }
            let o = known.updateValue(n, forKey: key) ?? (try? old.decodedForScheduling(as: T.self))
            // No old form (an identity-only old object the scheduler never
            // decoded): to the scheduler it is new.
            self = o.map { .updated(old: $0, new: n) } ?? .added(n)
        case .deleted(let o):
            // A re-list reports vanished objects as cached identities: the
            // last decoded form is the object.
            let key = Informer.key(o)
            guard let v = known.removeValue(forKey: key) ?? (try? o.decodedForScheduling(as: T.self)) else { return nil }
            self = .deleted(v)
        case .synced:
            return nil
        }
    }
}
