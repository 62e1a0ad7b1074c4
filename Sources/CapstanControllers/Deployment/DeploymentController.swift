import CapstanAPI
import CapstanClient
import Foundation

/// Rolls Deployments out through ReplicaSets (Kubernetes'
/// DeploymentController): one ReplicaSet per pod template, named
/// NAME-HASH; RollingUpdate or Recreate between them; proportional scaling
/// mid-rollout; revision annotations that `kubectl rollout history/undo`
/// read; old revisions pruned to revisionHistoryLimit; the Progressing and
/// Available conditions `kubectl rollout status` waits on.
///
/// Level-triggered: every sync recomputes from the caches and takes the
/// next step. ReplicaSet writes are PUTs guarded by resourceVersion, so a
/// stale cache answers 409 and the sync is retried rather than acting twice.
public struct DeploymentController: Controller {
    public let name = "deployment-controller"

    let context: ControllerContext
    let deployments: ObjectCache
    let replicaSets: ObjectCache
    let pods: ObjectCache

    public init(context: ControllerContext) {
        self.context = context
        self.deployments = context.informers.cache(for: .deployments)
        self.replicaSets = context.informers.cache(for: .replicaSets)
        self.pods = context.informers.cache(for: .pods)
    }

    public var sources: [EventSource] {
        let events = DeploymentEvents(deployments: deployments, replicaSets: replicaSets)
        return [.own(.deployments), events.replicaSetSource, events.podSource]
    }

    public func object(forKey key: String) -> JSONValue? { deployments.get(key) }

    public func reconcile(_ key: String) async throws -> ReconcileResult {
        guard let obj = deployments.get(key) else { return .done }
        let d = DeploymentObject(object: obj)
        guard let selector = try? LabelSelectorExpression(decodingJSON: d.selector), !selector.isEmpty else {
            // Validation rejects these; one that slips through is not acted on.
            context.logger.warning("\(name): \(key) has an empty or invalid selector")
            return .done
        }
        let claims = DependentClaims(
            client: context.client, dependents: .replicaSets, ownerResource: .deployments, owner: obj, ownerKind: "Deployment",
            selector: selector)
        let owned = try await claims.claim(OwnerReferences.claimCandidates(in: replicaSets, owner: obj)).map(DeploymentReplicaSet.init)
        var sync = DeploymentSync(context: context, deployment: d, sets: owned, pods: pods)

        if OwnerReferences.isBeingDeleted(obj) {
            try await sync.syncStatusOnly()
            return .done
        }
        sync.checkPausedConditions()
        if d.paused {
            try await sync.syncScaling()
            return .done
        }
        if try await sync.isScalingEvent() {
            try await sync.syncScaling()
            return .done
        }
        switch d.strategy {
        case .recreate: return try await sync.rolloutRecreate()
        case .rollingUpdate: return try await sync.rolloutRolling()
        }
    }
}
