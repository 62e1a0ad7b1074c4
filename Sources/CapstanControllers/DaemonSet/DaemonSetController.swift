import CapstanAPI
import CapstanClient
import Foundation

/// Kubernetes' DaemonSet controller: one pod per eligible node (see
/// `NodeEligibility`), each pinned to its node by a `metadata.name` node
/// affinity and bound by the scheduler; rolling updates bounded by
/// maxUnavailable/maxSurge; templates recorded as ControllerRevisions.
///
/// Pod names are generated, so a stale cache could create a node's pod
/// twice: creations and deletions raise `Expectations` that the pod
/// informer's events lower, and a sync waits for them before acting again.
public struct DaemonSetController: Controller {
    public let name = "daemonset-controller"
    let context: ControllerContext
    let history: RevisionHistory
    let expectations: Expectations

    public init(context: ControllerContext) {
        self.context = context
        self.history = RevisionHistory(client: context.client, ownerKind: "DaemonSet")
        self.expectations = Expectations(clock: context.clock)
    }

    public var sources: [EventSource] {
        let expectations = self.expectations
        let informers = context.informers
        return [
            .own(.daemonSets),
            EventSource(.pods) { event in
                switch event {
                case .added(let p):
                    let keys = OwnerReferences.ownerKeys(p, kind: "DaemonSet")
                    keys.forEach { expectations.creationObserved($0) }
                    return keys
                case .deleted(let p):
                    let keys = OwnerReferences.ownerKeys(p, kind: "DaemonSet")
                    keys.forEach { expectations.deletionObserved($0, uid: OwnerReferences.uid(p)) }
                    return keys
                case .updated(let old, let new):
                    let keys = Array(Set(OwnerReferences.ownerKeys(old, kind: "DaemonSet") + OwnerReferences.ownerKeys(new, kind: "DaemonSet")))
                    // A graceful deletion is as good as gone for counting (Kubernetes does the same).
                    if OwnerReferences.isBeingDeleted(new) {
                        keys.forEach { expectations.deletionObserved($0, uid: OwnerReferences.uid(new)) }
                    }
                    return keys
                case .synced: return []
                }
            },
            // A node added or removed, or its labels or spec (taints, unschedulable)
            // changed, may change where daemons run: check every DaemonSet.
            // Status-only updates (heartbeats) are ignored, as Kubernetes does.
            EventSource(.nodes) { event in
                switch event {
                case .synced: return []
                case .updated(let old, let new)
                where old[path: ["metadata", "labels"]] == new[path: ["metadata", "labels"]] && old["spec"] == new["spec"]:
                    return []
                default: return informers.cache(for: .daemonSets).keys
                }
            },
            EventSource(.controllerRevisions) { event in
                switch event {
                case .added(let r), .deleted(let r), .updated(_, let r): OwnerReferences.ownerKeys(r, kind: "DaemonSet")
                case .synced: []
                }
            },
        ]
    }

    public func object(forKey key: String) -> JSONValue? { context.informers.cache(for: .daemonSets).get(key) }

    public func reconcile(_ key: String) async throws -> ReconcileResult {
        guard let ds = object(forKey: key) else {
            expectations.forget(key)
            return .done
        }
        if OwnerReferences.isBeingDeleted(ds) { return .done }
        let now = context.clock.now()
        let pods = context.informers.cache(for: .pods).byIndex(OwnerReferences.controllerUIDIndex, OwnerReferences.uid(ds))
        let revisions = RevisionHistory.revisions(of: ds, in: context.informers.cache(for: .controllerRevisions))
        let current = try await history.current(
            for: ds, template: ds[path: ["spec", "template"]] ?? .emptyObject, revisions: revisions,
            collisionCount: ds[path: ["status", "collisionCount"]]?.intValue ?? 0)
        let plan = DaemonSetPlan(ds: ds, nodes: context.informers.cache(for: .nodes).items, pods: pods, hash: current.hash, now: now)

        if expectations.satisfied(key) {
            try await apply(plan.actions(), ds: ds, key: key, hash: current.hash)
        }

        let status = DaemonSetStatusCalculator.status(ds: ds, plan: plan, collisionCount: current.collisionCount)
        if status != ds["status"] {
            var updated = ds
            updated["status"] = status
            _ = try await context.client.update(.daemonSets, updated, subresource: "status")
        }

        let hashes = Set(pods.map(DaemonPods.hash))
        var live: Set<String> = [current.name]
        for r in revisions where hashes.contains(r[path: ["metadata", "labels", RevisionHistory.hashLabel]]?.stringValue ?? "") {
            live.insert(OwnerReferences.name(r))
        }
        try await history.truncate(revisions, live: live, limit: Int(ds[path: ["spec", "revisionHistoryLimit"]]?.intValue ?? 10))

        // Ready pods become available by time alone.
        if plan.minReadySeconds > 0, pods.contains(where: { Pods.isReady($0) && !plan.available($0) }) {
            return .requeue(after: .seconds(plan.minReadySeconds))
        }
        return .done
    }

    /// Creates and deletes with expectations raised first; a failed write
    /// lowers its expectation and fails the sync (the runner retries).
    func apply(_ actions: DaemonSetPlan.Actions, ds: JSONValue, key: String, hash: String) async throws {
        guard !actions.isEmpty else { return }
        expectations.expect(key, adds: actions.createOn.count, deletingUIDs: actions.delete.map(\.uid))
        let namespace = OwnerReferences.namespace(ds)
        let template = DaemonPods.effectiveTemplate(ds)
        var firstError: (any Error)?
        for d in actions.delete {
            if d.reason == .failed {
                await context.recorder.record(
                    ds, .warning, reason: "FailedDaemonPod", message: "Found failed daemon pod \(namespace)/\(d.name) on node \(d.node), will try to kill it")
            }
            do {
                try await context.client.delete(.pods, namespace: namespace, name: d.name, preconditionUID: d.uid)
                await context.recorder.record(ds, .normal, reason: "SuccessfulDelete", message: "Deleted pod: \(d.name)")
            } catch let e as APIStatusError where e.isNotFound {
                expectations.deletionObserved(key, uid: d.uid)
            } catch {
                expectations.deletionObserved(key, uid: d.uid)
                firstError = firstError ?? error
            }
        }
        for node in actions.createOn {
            do {
                let created = try await context.client.create(
                    .pods, namespace: namespace, DaemonPods.newPod(ds: ds, template: template, node: node, hash: hash))
                await context.recorder.record(ds, .normal, reason: "SuccessfulCreate", message: "Created pod: \(OwnerReferences.name(created))")
            } catch {
                expectations.creationFailed(key)
                firstError = firstError ?? error
            }
        }
        if let firstError { throw firstError }
    }
}
