import Foundation

/// Kubernetes' proportional scaling: when a Deployment's replicas change
/// while several ReplicaSets are active (mid-rollout), the change is spread
/// over them in proportion to their sizes, so the rollout's progress is
/// kept. Pure: sizes in, sizes out.
enum DeploymentProportionalScaling {
    /// New sizes for `sets` (active ReplicaSets) when the Deployment now
    /// allows `allowedSize` pods in all (replicas + maxSurge, or 0), in the
    /// order Kubernetes scales them: largest first, and among equal sizes
    /// newer first when growing, older first when shrinking. Leftovers from
    /// rounding go to the first (largest) set.
    static func newSizes(
        _ sets: [DeploymentReplicaSet], replicas: Int, maxSurge: Int, statusReplicas: Int
    ) -> [(set: DeploymentReplicaSet, size: Int)] {
        let allowedSize = replicas > 0 ? replicas + maxSurge : 0
        let toAdd = allowedSize - sets.specReplicas
        let ordered = sets.sorted { a, b in
            if a.replicas != b.replicas { return a.replicas > b.replicas }
            return toAdd > 0 ? DeploymentReplicaSet.olderFirst(b, a) : DeploymentReplicaSet.olderFirst(a, b)
        }
        guard toAdd != 0 else { return ordered.map { ($0, $0.replicas) } }
        var added = 0
        var sizes: [Int] = []
        for rs in ordered {
            let p = proportion(
                rs, replicas: replicas, maxSurge: maxSurge, statusReplicas: statusReplicas, toAdd: toAdd, added: added)
            sizes.append(rs.replicas + p)
            added += p
        }
        if !sizes.isEmpty { sizes[0] = max(0, sizes[0] + toAdd - added) }
        return zip(ordered, sizes).map { ($0, $1) }
    }

    /// Kubernetes' GetProportion: this set's share of `toAdd`, never past
    /// what is left to add (or remove).
    static func proportion(
        _ rs: DeploymentReplicaSet, replicas: Int, maxSurge: Int, statusReplicas: Int, toAdd: Int, added: Int
    ) -> Int {
        guard rs.replicas != 0, toAdd != 0, toAdd != added else { return 0 }
        let fraction = fraction(rs, replicas: replicas, maxSurge: maxSurge, statusReplicas: statusReplicas)
        let allowed = toAdd - added
        return toAdd > 0 ? min(fraction, allowed) : max(fraction, allowed)
    }

    /// Kubernetes' getReplicaSetFraction: the set's size scaled from the
    /// Deployment's old maximum (its max-replicas annotation) to the new one.
    static func fraction(_ rs: DeploymentReplicaSet, replicas: Int, maxSurge: Int, statusReplicas: Int) -> Int {
        if replicas == 0 { return -rs.replicas }
        let newMax = replicas + maxSurge
        var oldMax = DeploymentAnnotations.max(rs) ?? 0
        if oldMax == 0 {
            // No annotation (edited by hand, or made by an older controller): use the current size.
            oldMax = statusReplicas
            if oldMax == 0 { return 0 }
        }
        let scaled = Double(rs.replicas * newMax) / Double(oldMax)
        return Int(scaled.rounded(.toNearestOrAwayFromZero)) - rs.replicas
    }
}
