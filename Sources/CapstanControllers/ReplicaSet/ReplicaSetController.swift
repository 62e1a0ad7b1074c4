import CapstanAPI
import CapstanClient
import Foundation

/// Keeps `spec.replicas` active pods matching each ReplicaSet's selector
/// (Kubernetes' ReplicaSetController): claims pods through controller
/// references, creates or deletes the difference, and reports counts in
/// the status subresource.
///
/// Creates and deletes are gated by `Expectations`: a sync that wrote waits
/// until the pod informer has shown those writes (or the expectations
/// expired) before it counts pods again, so a lagging watch never makes it
/// create or delete twice. Errors (409 conflicts included) are thrown for
/// the runner to retry with backoff.
public struct ReplicaSetController: Controller {
    public let name = "replicaset-controller"
    /// Kubernetes' burstReplicas: the most pods created or deleted in one sync.
    static let burstReplicas = 500

    let context: ControllerContext
    let expectations: Expectations
    let replicaSets: ObjectCache
    let pods: ObjectCache

    public init(context: ControllerContext) {
        self.context = context
        self.expectations = Expectations(clock: context.clock)
        self.replicaSets = context.informers.cache(for: .replicaSets)
        self.pods = context.informers.cache(for: .pods)
    }

    public var sources: [EventSource] {
        [.own(.replicaSets), ReplicaSetPodEvents(replicaSets: replicaSets, expectations: expectations).source]
    }

    public func object(forKey key: String) -> JSONValue? { replicaSets.get(key) }

    public func reconcile(_ key: String) async throws -> ReconcileResult {
        guard let rs = replicaSets.get(key) else {
            expectations.forget(key)
            return .done
        }
        // Read before listing pods: an expectation met after this point is
        // acted on by the next sync, which its event has already queued.
        let needsSync = expectations.satisfied(key)
        guard let selector = try? LabelSelectorExpression(decodingJSON: rs[path: ["spec", "selector"]] ?? .null) else {
            // Invalid input is dropped; an edit of the object queues it again.
            context.logger.warning("\(name): \(key) has an invalid selector")
            return .done
        }
        let ns = OwnerReferences.namespace(rs)
        let claims = DependentClaims(
            client: context.client, dependents: .pods, ownerResource: .replicaSets, owner: rs, ownerKind: "ReplicaSet",
            selector: selector)
        let owned = try await claims.claim(OwnerReferences.claimCandidates(in: pods, owner: rs).filter(Pods.isActive))

        var manageError: (any Error)?
        if needsSync && !OwnerReferences.isBeingDeleted(rs) {
            do {
                try await ReplicaSetReplicaManager(controller: self, rs: rs, key: key).manage(owned)
            } catch {
                manageError = error
            }
        }
        let now = context.clock.now()
        let status = ReplicaSetStatusCalculator.status(for: rs, pods: owned, manageError: manageError, now: now)
        if status != rs["status"] {
            var updated = rs
            updated["status"] = status
            _ = try await context.client.update(.replicaSets, updated, subresource: "status")
        }
        if let manageError { throw manageError }
        // Pods inside minReadySeconds become available without an event: look again then.
        let minReady = rs[path: ["spec", "minReadySeconds"]]?.intValue ?? 0
        if let wait = ReplicaSetStatusCalculator.nextAvailable(pods: owned, minReadySeconds: minReady, now: now) {
            return .requeue(after: wait)
        }
        return .done
    }

    /// The pods of every ReplicaSet under the same controller as `rs` (its
    /// Deployment), for spreading deletions across nodes; just `own` when
    /// `rs` has no controller.
    func relatedPods(of rs: JSONValue, own: [JSONValue]) -> [JSONValue] {
        guard let controllerRef = OwnerReferences.controller(of: rs) else { return own }
        let siblings = replicaSets.byIndex(OwnerReferences.controllerUIDIndex, controllerRef.uid)
        return siblings.flatMap { pods.byIndex(OwnerReferences.controllerUIDIndex, OwnerReferences.uid($0)) }
    }
}
