import CapstanAPI
import CapstanClient
import Foundation

/// One reconcile of one Deployment: its ReplicaSets (kept current as this
/// sync writes them), the status being built, and the writes.
///
/// Unlike Kubernetes, which writes the Deployment's status at several
/// points of a sync (and then conflicts with itself), status changes
/// accumulate in `status` and are written once by `finish()`, followed by
/// the revision annotation (a metadata change the status subresource would
/// drop).
struct DeploymentSync {
    let context: ControllerContext
    let d: DeploymentObject
    /// The ReplicaSets this Deployment controls.
    var sets: [DeploymentReplicaSet]
    /// The status as this sync has changed it so far (Kubernetes' d.Status).
    var status: JSONValue
    /// The deployment.kubernetes.io/revision the Deployment should carry.
    var revision: String?
    let pods: ObjectCache

    init(context: ControllerContext, deployment: DeploymentObject, sets: [DeploymentReplicaSet], pods: ObjectCache) {
        self.context = context
        self.d = deployment
        self.sets = sets
        self.status = deployment.object["status"] ?? .emptyObject
        self.pods = pods
    }

    var now: Date { context.clock.now() }

    /// Kubernetes' FindNewReplicaSet / FindOldReplicaSets: the oldest set
    /// whose template is the Deployment's is the new one; all others are old.
    func newAndOld() -> (new: DeploymentReplicaSet?, old: [DeploymentReplicaSet]) {
        let sorted = sets.sorted(by: DeploymentReplicaSet.olderFirst)
        let new = sorted.first { DeploymentPodTemplateHash.equalIgnoringHash($0.template, d.template) }
        return (new, sorted.filter { $0.uid != new?.uid })
    }

    /// Kubernetes' getAllReplicaSetsAndSyncRevision: the new set (created
    /// when `create` and missing) and the old ones, with the new set's
    /// annotations and the Deployment's revision brought up to date.
    mutating func newAndOldSyncingRevision(create: Bool) async throws -> (new: DeploymentReplicaSet?, old: [DeploymentReplicaSet]) {
        let (existing, old) = newAndOld()
        let newRevision = DeploymentAnnotations.maxRevision(old) + 1
        if let existing {
            var rs = existing.object
            let annotationsChanged = DeploymentAnnotations.setNewReplicaSetAnnotations(
                &rs, deployment: d, newRevision: newRevision, exists: true)
            var updated = existing
            if annotationsChanged || existing.object[path: ["spec", "minReadySeconds"]]?.intValue ?? 0 != d.minReadySeconds {
                rs[path: ["spec", "minReadySeconds"]] = d.minReadySeconds == 0 ? nil : .int(d.minReadySeconds)
                updated = try await update(rs)
            }
            revision = updated.annotations[DeploymentAnnotations.revision]
            if d.progressDeadlineSeconds != nil && DeploymentStatusCalculator.get(status, DeploymentStatusCalculator.progressing) == nil {
                DeploymentStatusCalculator.set(&status, DeploymentStatusCalculator.condition(
                    DeploymentStatusCalculator.progressing, "True", reason: DeploymentStatusCalculator.Reason.foundNewReplicaSet,
                    message: "Found new replica set \"\(updated.name)\"", now: now))
            }
            return (updated, old)
        }
        guard create else { return (nil, old) }
        return (try await createNewReplicaSet(old: old, revision: newRevision), old)
    }

    /// Creates NAME-HASH for the current template. A same-named set with a
    /// different template is a hash collision: collisionCount goes up (a
    /// new hash next time) and the sync fails to be retried.
    private mutating func createNewReplicaSet(old: [DeploymentReplicaSet], revision newRevision: Int64) async throws -> DeploymentReplicaSet {
        let hash = DeploymentPodTemplateHash.compute(d.template, collisionCount: d.collisionCount)
        var template = d.template
        template[path: ["metadata", "labels", DeploymentPodTemplateHash.label]] = .string(hash)
        var selector = d.selector
        selector[path: ["matchLabels", DeploymentPodTemplateHash.label]] = .string(hash)
        var rs: JSONValue = [
            "apiVersion": "apps/v1", "kind": "ReplicaSet",
            "metadata": [
                "name": .string("\(d.name)-\(hash)"), "namespace": .string(d.namespace),
                "labels": template[path: ["metadata", "labels"]] ?? .emptyObject,
                "ownerReferences": [OwnerReferences.controllerRef(to: d.object, apiVersion: "apps/v1", kind: "Deployment")],
            ],
            "spec": ["replicas": 0, "selector": selector, "template": template],
        ]
        if d.minReadySeconds != 0 { rs[path: ["spec", "minReadySeconds"]] = .int(d.minReadySeconds) }
        let replicas = newReplicaSetReplicas(current: 0, all: old)
        rs[path: ["spec", "replicas"]] = .int(Int64(replicas))
        DeploymentAnnotations.setNewReplicaSetAnnotations(&rs, deployment: d, newRevision: newRevision, exists: false)
        let name = "\(d.name)-\(hash)"
        let created: DeploymentReplicaSet
        do {
            created = DeploymentReplicaSet(object: try await context.client.create(.replicaSets, namespace: d.namespace, rs))
        } catch let e as APIStatusError where e.code == 409 {
            return try await adoptExisting(name: name, error: e)
        } catch {
            let msg = "Failed to create new replica set \"\(name)\": \(ReplicaSetReplicaManager.message(error))"
            if d.progressDeadlineSeconds != nil {
                DeploymentStatusCalculator.set(&status, DeploymentStatusCalculator.condition(
                    DeploymentStatusCalculator.progressing, "False", reason: DeploymentStatusCalculator.Reason.replicaSetCreateError,
                    message: msg, now: now))
                _ = try? await finish()
            }
            await context.recorder.record(d.object, .warning, reason: DeploymentStatusCalculator.Reason.replicaSetCreateError, message: msg)
            throw error
        }
        sets.append(created)
        if replicas > 0 {
            await context.recorder.record(
                d.object, .normal, reason: "ScalingReplicaSet", message: "Scaled up replica set \(created.name) from 0 to \(replicas)")
        }
        revision = String(newRevision)
        if d.progressDeadlineSeconds != nil {
            DeploymentStatusCalculator.set(&status, DeploymentStatusCalculator.condition(
                DeploymentStatusCalculator.progressing, "True", reason: DeploymentStatusCalculator.Reason.newReplicaSetCreated,
                message: "Created new replica set \"\(created.name)\"", now: now))
        }
        return created
    }

    /// The create answered AlreadyExists: ours with this template (a
    /// lagging cache) is used; anything else bumps collisionCount.
    private mutating func adoptExisting(name: String, error: APIStatusError) async throws -> DeploymentReplicaSet {
        let existing = try await context.client.get(.replicaSets, namespace: d.namespace, name: name)
        if OwnerReferences.controller(of: existing)?.uid == d.uid,
            DeploymentPodTemplateHash.equalIgnoringHash(existing[path: ["spec", "template"]] ?? .emptyObject, d.template)
        {
            let rs = DeploymentReplicaSet(object: existing)
            sets.removeAll { $0.uid == rs.uid }
            sets.append(rs)
            return rs
        }
        status["collisionCount"] = .int((d.collisionCount ?? 0) + 1)
        try await finish()
        throw error
    }

    /// Kubernetes' NewRSNewReplicas: Recreate goes straight to replicas;
    /// RollingUpdate grows the new set as far as maxSurge allows.
    func newReplicaSetReplicas(current: Int, all others: [DeploymentReplicaSet]) -> Int {
        guard d.isRollingUpdate else { return d.replicas }
        let surge = d.fenceposts.surge
        let currentPods = others.specReplicas + current
        let maxTotal = d.replicas + surge
        if currentPods >= maxTotal { return current }
        return current + min(maxTotal - currentPods, d.replicas - current)
    }

    // MARK: - Writes

    /// Kubernetes' scaleReplicaSetAndRecordEvent: no-op when already at `size`.
    @discardableResult
    mutating func scale(_ rs: DeploymentReplicaSet, to size: Int) async throws -> Bool {
        guard rs.replicas != size else { return false }
        return try await scaleReplicaSet(rs, to: size, operation: rs.replicas < size ? "up" : "down")
    }

    /// Kubernetes' scaleReplicaSet: sets the size and the desired/max
    /// replicas annotations; an Event when the size changed.
    @discardableResult
    mutating func scaleReplicaSet(_ rs: DeploymentReplicaSet, to size: Int, operation: String) async throws -> Bool {
        var obj = rs.object
        obj[path: ["spec", "replicas"]] = .int(Int64(size))
        let annotationsChanged = DeploymentAnnotations.setReplicasAnnotations(
            &obj, desired: d.replicas, max: d.replicas + d.maxSurge)
        let sizeChanged = rs.replicas != size
        guard sizeChanged || annotationsChanged else { return false }
        let updated = try await update(obj)
        if sizeChanged {
            await context.recorder.record(
                d.object, .normal, reason: "ScalingReplicaSet",
                message: "Scaled \(operation) replica set \(updated.name) from \(rs.replicas) to \(size)")
        }
        return sizeChanged
    }

    /// PUT of a ReplicaSet (its resourceVersion guards against a stale cache).
    private mutating func update(_ obj: JSONValue) async throws -> DeploymentReplicaSet {
        let updated = DeploymentReplicaSet(object: try await context.client.update(.replicaSets, obj))
        if let i = sets.firstIndex(where: { $0.uid == updated.uid }) { sets[i] = updated } else { sets.append(updated) }
        return updated
    }

    func current(_ rs: DeploymentReplicaSet) -> DeploymentReplicaSet { sets.first { $0.uid == rs.uid } ?? rs }

    /// Writes the status if it changed, then the revision annotation.
    func finish() async throws {
        if status != (d.object["status"] ?? .emptyObject) {
            var obj = d.object
            obj["status"] = status
            _ = try await context.client.update(.deployments, obj, subresource: "status")
        }
        if let revision, d.annotations[DeploymentAnnotations.revision] != revision {
            _ = try await context.client.patch(
                .deployments, namespace: d.namespace, name: d.name, .merge,
                ["metadata": ["annotations": [DeploymentAnnotations.revision: .string(revision)]]])
        }
    }
}
