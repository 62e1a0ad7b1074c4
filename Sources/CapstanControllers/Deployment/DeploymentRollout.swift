import CapstanAPI
import CapstanClient
import Foundation

/// The two rollout strategies (Kubernetes' rolling.go and recreate.go).
/// Each sync takes at most one step (scale the new set up, or old sets
/// down) and reports status; the ReplicaSet and pod events that step causes
/// bring the Deployment back for the next one.
extension DeploymentSync {
    /// RollingUpdate: grow the new set within maxSurge, then shrink old sets
    /// within maxUnavailable.
    mutating func rolloutRolling() async throws -> ReconcileResult {
        let (created, old) = try await newAndOldSyncingRevision(create: true)
        guard let new = created else { return try await syncRolloutStatus(new: nil) }
        if try await reconcileNewReplicaSet(new, old: old) { return try await syncRolloutStatus(new: current(new)) }
        if try await reconcileOldReplicaSets(new: new, old: old.filter(\.isActive)) {
            return try await syncRolloutStatus(new: current(new))
        }
        if DeploymentStatusCalculator.isComplete(d, status) { try await cleanupHistory(old: old.map(current)) }
        return try await syncRolloutStatus(new: new)
    }

    private mutating func reconcileNewReplicaSet(_ new: DeploymentReplicaSet, old: [DeploymentReplicaSet]) async throws -> Bool {
        if new.replicas == d.replicas { return false }
        if new.replicas > d.replicas { return try await scale(new, to: d.replicas) }
        return try await scale(new, to: newReplicaSetReplicas(current: new.replicas, all: old))
    }

    /// Kubernetes' reconcileOldReplicaSets: how far old sets may shrink
    /// keeps `replicas - maxUnavailable` pods available, counting the new
    /// set's unavailable pods as already lost.
    private mutating func reconcileOldReplicaSets(new: DeploymentReplicaSet, old: [DeploymentReplicaSet]) async throws -> Bool {
        guard old.specReplicas > 0 else { return false }
        let all = old + [new]
        let minAvailable = d.replicas - d.maxUnavailable
        let newUnavailable = new.replicas - new.availableReplicas
        let maxScaledDown = all.specReplicas - minAvailable - newUnavailable
        guard maxScaledDown > 0 else { return false }
        // Unhealthy old pods go first: they would otherwise block the rollout.
        let cleaned = try await cleanupUnhealthyReplicas(old, max: maxScaledDown)
        let scaledDown = try await scaleDownOldForRollingUpdate(old: old.map(current), new: current(new))
        return cleaned + scaledDown > 0
    }

    private mutating func cleanupUnhealthyReplicas(_ old: [DeploymentReplicaSet], max maxCleanup: Int) async throws -> Int {
        var total = 0
        for rs in old.sorted(by: DeploymentReplicaSet.olderFirst) {
            if total >= maxCleanup { break }
            if rs.replicas == 0 || rs.replicas == rs.availableReplicas { continue }
            let count = min(maxCleanup - total, rs.replicas - rs.availableReplicas)
            try await scale(rs, to: rs.replicas - count)
            total += count
        }
        return total
    }

    private mutating func scaleDownOldForRollingUpdate(old: [DeploymentReplicaSet], new: DeploymentReplicaSet) async throws -> Int {
        let minAvailable = d.replicas - d.maxUnavailable
        let available = (old + [new]).availableReplicas
        guard available > minAvailable else { return 0 }
        let toScaleDown = available - minAvailable
        var total = 0
        for rs in old.sorted(by: DeploymentReplicaSet.olderFirst) {
            if total >= toScaleDown { break }
            if rs.replicas == 0 { continue }
            let count = min(rs.replicas, toScaleDown - total)
            try await scale(rs, to: rs.replicas - count)
            total += count
        }
        return total
    }

    /// Recreate: all old pods gone before the new set gets any.
    mutating func rolloutRecreate() async throws -> ReconcileResult {
        var (new, old) = try await newAndOldSyncingRevision(create: false)
        var scaledDown = false
        for rs in old where rs.isActive {
            if try await scale(rs, to: 0) { scaledDown = true }
        }
        if scaledDown || oldPodsRunning(new: new, old: old.map(current)) { return try await syncRolloutStatus(new: new) }
        if new == nil { (new, old) = try await newAndOldSyncingRevision(create: true) }
        if let n = new { try await scale(n, to: d.replicas) }
        if DeploymentStatusCalculator.isComplete(d, status) { try await cleanupHistory(old: old.map(current)) }
        return try await syncRolloutStatus(new: new.map(current))
    }

    /// Kubernetes' oldPodsRunning: old sets still report pods, or pods of
    /// theirs (terminating ones included) are not finished.
    private func oldPodsRunning(new: DeploymentReplicaSet?, old: [DeploymentReplicaSet]) -> Bool {
        if old.actualReplicas > 0 { return true }
        let selector = try? LabelSelectorExpression(decodingJSON: d.selector)
        return old.contains { rs in
            pods.byIndex(OwnerReferences.controllerUIDIndex, rs.uid).contains { pod in
                guard selector?.matches(OwnerReferences.labels(pod)) ?? false else { return false }
                let phase = Pods.phase(pod)
                return phase != "Succeeded" && phase != "Failed"
            }
        }
    }

    // MARK: - Scaling without a rollout (paused, or replicas changed)

    /// Kubernetes' sync: apply a replicas change (proportionally when
    /// several sets are active), clean up history when paused, report status.
    mutating func syncScaling() async throws {
        let (new, old) = try await newAndOldSyncingRevision(create: false)
        try await scale(new: new, old: old)
        if d.paused { try await cleanupHistory(old: old.map(current)) }
        status = DeploymentStatusCalculator.status(d, current: status, all: allSets(new: new, old: old), new: new.map(current), now: now)
        try await finish()
    }

    /// Kubernetes' isScalingEvent: an active set was sized for a different replicas count.
    mutating func isScalingEvent() async throws -> Bool {
        let (new, old) = try await newAndOldSyncingRevision(create: false)
        return allSets(new: new, old: old).filter(\.isActive).contains { rs in
            DeploymentAnnotations.desired(rs).map { $0 != d.replicas } ?? false
        }
    }

    /// A Deployment being deleted only reports status.
    mutating func syncStatusOnly() async throws {
        let (new, old) = try await newAndOldSyncingRevision(create: false)
        status = DeploymentStatusCalculator.status(d, current: status, all: allSets(new: new, old: old), new: new, now: now)
        try await finish()
    }

    private mutating func scale(new: DeploymentReplicaSet?, old: [DeploymentReplicaSet]) async throws {
        let active = allSets(new: new, old: old).filter(\.isActive)
        // One active set (or none: then the newest) simply takes the new size.
        if active.count <= 1 {
            let target = active.first ?? new ?? old.sorted(by: DeploymentReplicaSet.olderFirst).last
            if let target, target.replicas != d.replicas { try await scale(target, to: d.replicas) }
            return
        }
        // A saturated new set means the old ones are leftovers (adopted mid-rollout).
        if let new, new.replicas == d.replicas, DeploymentAnnotations.desired(new) == d.replicas,
            new.availableReplicas == d.replicas
        {
            for rs in old where rs.isActive { try await scale(rs, to: 0) }
            return
        }
        guard d.isRollingUpdate else { return }
        let sizes = DeploymentProportionalScaling.newSizes(
            active, replicas: d.replicas, maxSurge: d.maxSurge, statusReplicas: DeploymentStatusCalculator.int(status, "replicas"))
        let toAdd = sizes.reduce(0) { $0 + $1.size } - active.specReplicas
        for (rs, size) in sizes {
            try await scaleReplicaSet(current(rs), to: size, operation: toAdd > 0 ? "up" : "down")
        }
    }

    func allSets(new: DeploymentReplicaSet?, old: [DeploymentReplicaSet]) -> [DeploymentReplicaSet] {
        (old + (new.map { [$0] } ?? [])).map(current)
    }

    // MARK: - History

    /// Kubernetes' cleanupDeployment: beyond revisionHistoryLimit, the
    /// oldest revisions go, but only sets that are fully scaled down and
    /// whose controller has seen that.
    mutating func cleanupHistory(old: [DeploymentReplicaSet]) async throws {
        guard let limit = d.revisionHistoryLimit else { return }
        let cleanable = old.filter { !$0.isBeingDeleted }
        let excess = cleanable.count - limit
        guard excess > 0 else { return }
        let byRevision = cleanable.sorted { a, b in
            a.revision != b.revision ? (a.revision ?? 0) < (b.revision ?? 0) : DeploymentReplicaSet.olderFirst(a, b)
        }
        for rs in byRevision.prefix(excess) {
            if rs.statusReplicas != 0 || rs.replicas != 0 || rs.generation > rs.observedGeneration { continue }
            do {
                try await context.client.delete(.replicaSets, namespace: d.namespace, name: rs.name, preconditionUID: rs.uid)
                sets.removeAll { $0.uid == rs.uid }
            } catch let e as APIStatusError where e.isNotFound {}
        }
    }
}
