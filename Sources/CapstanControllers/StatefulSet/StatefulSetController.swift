import CapstanAPI
import CapstanClient
import Foundation

/// Kubernetes' StatefulSet controller: pods SET-0…SET-N-1 with stable
/// names and their own claims, created and removed in ordinal order
/// (OrderedReady) or all at once (Parallel), updated in reverse ordinal
/// order down to the partition, with the set's templates recorded as
/// ControllerRevisions.
///
/// No expectations are needed: pod and claim names are fixed, so a create
/// repeated from a stale cache answers AlreadyExists and is ignored.
public struct StatefulSetController: Controller {
    public let name = "statefulset-controller"
    let context: ControllerContext
    let history: RevisionHistory

    public init(context: ControllerContext) {
        self.context = context
        self.history = RevisionHistory(client: context.client, ownerKind: "StatefulSet")
    }

    public var sources: [EventSource] {
        [
            .own(.statefulSets),
            EventSource(.pods) { event in
                switch event {
                case .added(let p), .deleted(let p): OwnerReferences.ownerKeys(p, kind: "StatefulSet")
                case .updated(let old, let new):
                    Array(Set(OwnerReferences.ownerKeys(old, kind: "StatefulSet") + OwnerReferences.ownerKeys(new, kind: "StatefulSet")))
                case .synced: []
                }
            },
            // Read from their caches; their own changes need no sync.
            EventSource(.persistentVolumeClaims) { _ in [] },
            EventSource(.controllerRevisions) { _ in [] },
        ]
    }

    public func object(forKey key: String) -> JSONValue? { context.informers.cache(for: .statefulSets).get(key) }

    public func reconcile(_ key: String) async throws -> ReconcileResult {
        guard let set = object(forKey: key), !OwnerReferences.isBeingDeleted(set) else { return .done }
        let settings = StatefulSetSettings(set)
        let now = context.clock.now()
        let pods = context.informers.cache(for: .pods).byIndex(OwnerReferences.controllerUIDIndex, OwnerReferences.uid(set))

        let revisions = RevisionHistory.revisions(of: set, in: context.informers.cache(for: .controllerRevisions))
        let update = try await history.current(
            for: set, template: set[path: ["spec", "template"]] ?? .emptyObject, revisions: revisions,
            collisionCount: set[path: ["status", "collisionCount"]]?.intValue ?? 0)
        let currentName = set[path: ["status", "currentRevision"]]?.stringValue ?? ""
        let current = revisions.first { OwnerReferences.name($0) == currentName } ?? update.revision

        try await reconcileClaimOwners(set: set, settings: settings, pods: pods)
        let plan = StatefulSetPlan(settings: settings, updateRevision: update.name, now: now)
        // Status counts the pods this sync creates, as Kubernetes does.
        var counted = pods
        for step in plan.steps(pods: pods) {
            switch step {
            case .create(let ordinal, let useCurrent):
                let revision = useCurrent ? current : update.revision
                let created = try await createPod(
                    set: set, settings: settings, ordinal: ordinal,
                    template: RevisionHistory.template(of: revision), revision: OwnerReferences.name(revision))
                if let created { counted.append(created) }
            case .delete(let pod, let uid, let reason):
                try await deletePod(set: set, name: pod, uid: uid, reason: reason)
            }
        }

        let status = StatefulSetStatusCalculator.status(
            set: set, settings: settings, pods: counted, currentRevision: OwnerReferences.name(current),
            updateRevision: update.name, collisionCount: update.collisionCount, now: now)
        if status != set["status"] {
            var updated = set
            updated["status"] = status
            _ = try await context.client.update(.statefulSets, updated, subresource: "status")
        }

        var live: Set<String> = [OwnerReferences.name(current), update.name]
        for pod in pods { live.insert(StatefulPods.revision(of: pod)) }
        try await history.truncate(revisions, live: live, limit: settings.historyLimit)

        // Pods Ready but not yet for minReadySeconds become available by time alone.
        if settings.minReadySeconds > 0, pods.contains(where: { StatefulPods.isRunningAndReady($0) && !plan.healthy($0) }) {
            return .requeue(after: .seconds(settings.minReadySeconds))
        }
        return .done
    }

    /// Claims first (they outlive pods: an existing one is reused), then the
    /// pod; returns the pod unless it existed already.
    func createPod(set: JSONValue, settings: StatefulSetSettings, ordinal: Int, template: JSONValue, revision: String) async throws -> JSONValue? {
        let claims = context.informers.cache(for: .persistentVolumeClaims)
        for claim in StatefulPods.newClaims(set: set, settings: settings, ordinal: ordinal) {
            let claimName = OwnerReferences.name(claim)
            if let existing = claims.get(namespace: settings.namespace, name: claimName) {
                // A claim being deleted would be gone under the new pod; wait for it to go.
                if OwnerReferences.isBeingDeleted(existing) {
                    throw APIStatusError(code: 409, reason: "Conflict", message: "PersistentVolumeClaim \(claimName) is being deleted")
                }
                continue
            }
            try await ignoringAlreadyExists {
                _ = try await context.client.create(.persistentVolumeClaims, namespace: settings.namespace, claim)
                await context.recorder.record(
                    set, .normal, reason: "SuccessfulCreate",
                    message: "create Claim \(claimName) Pod \(StatefulPods.name(set: settings.name, ordinal: ordinal)) in StatefulSet \(settings.name) success")
            }
        }
        let pod = StatefulPods.newPod(set: set, settings: settings, template: template, revision: revision, ordinal: ordinal)
        do {
            let created = try await context.client.create(.pods, namespace: settings.namespace, pod)
            await context.recorder.record(
                set, .normal, reason: "SuccessfulCreate",
                message: "create Pod \(OwnerReferences.name(pod)) in StatefulSet \(settings.name) successful")
            return created
        } catch let e as APIStatusError where e.code == 409 && e.reason == "AlreadyExists" {
            return nil
        }
    }

    func deletePod(set: JSONValue, name pod: String, uid: String, reason: StatefulSetPlan.DeleteReason) async throws {
        let setName = OwnerReferences.name(set)
        if reason == .finished {
            await context.recorder.record(
                set, .warning, reason: "RecreatingFailedPod",
                message: "StatefulSet \(OwnerReferences.namespace(set))/\(setName) is recreating failed Pod \(pod)")
        }
        do {
            try await context.client.delete(.pods, namespace: OwnerReferences.namespace(set), name: pod, preconditionUID: uid)
            await context.recorder.record(
                set, .normal, reason: "SuccessfulDelete", message: "delete Pod \(pod) in StatefulSet \(setName) successful")
        } catch let e as APIStatusError where e.isNotFound {}
    }

    /// Brings every live pod's claims' owner references in line with the
    /// retention policy (condemned pods included, before they are deleted).
    func reconcileClaimOwners(set: JSONValue, settings: StatefulSetSettings, pods: [JSONValue]) async throws {
        guard !settings.claimTemplates.isEmpty else { return }
        let claims = context.informers.cache(for: .persistentVolumeClaims)
        for pod in pods where !StatefulPods.isTerminating(pod) {
            guard let ordinal = StatefulPods.ordinal(of: pod, set: settings.name) else { continue }
            for template in settings.claimTemplates {
                let claimName = StatefulPods.claimName(template: template, set: settings.name, ordinal: ordinal)
                guard var claim = claims.get(namespace: settings.namespace, name: claimName),
                      !OwnerReferences.isBeingDeleted(claim) else { continue }
                let refs = claim[path: ["metadata", "ownerReferences"]]?.arrayValue ?? []
                let wanted = ClaimRetention.ownerReferences(
                    refs, set: set, pod: pod, settings: settings, podInRange: settings.ordinals.contains(ordinal))
                guard ClaimRetention.differ(refs, wanted) else { continue }
                claim[path: ["metadata", "ownerReferences"]] = wanted.isEmpty ? JSONValue?.none : .array(wanted)
                _ = try await context.client.update(.persistentVolumeClaims, claim)
            }
        }
    }

    /// Runs a create whose object may already exist (a stale cache); that is success.
    func ignoringAlreadyExists(_ body: () async throws -> Void) async throws {
        do { try await body() } catch let e as APIStatusError where e.code == 409 && e.reason == "AlreadyExists" {}
    }
}
