import CapstanAPI

/// The deployment.kubernetes.io annotations on Deployments and their
/// ReplicaSets, which `kubectl rollout history/undo` read (Kubernetes'
/// deployment/util annotation helpers).
enum DeploymentAnnotations {
    static let revision = "deployment.kubernetes.io/revision"
    static let revisionHistory = "deployment.kubernetes.io/revision-history"
    static let desiredReplicas = "deployment.kubernetes.io/desired-replicas"
    static let maxReplicas = "deployment.kubernetes.io/max-replicas"
    /// Kubernetes caps revision-history at this many characters.
    static let maxRevisionHistoryLength = 2000

    /// Deployment annotations never copied onto ReplicaSets (and which
    /// `kubectl rollout undo` keeps from the Deployment).
    static let notCopied: Set<String> = [
        "kubectl.kubernetes.io/last-applied-configuration", revision, revisionHistory, desiredReplicas, maxReplicas,
        "deprecated.deployment.rollback.to",
    ]

    /// Kubernetes' SetNewReplicaSetAnnotations: copies the Deployment's own
    /// annotations (kubernetes.io/change-cause among them), raises the
    /// revision to `newRevision` when it is higher, remembering the old one
    /// in revision-history (a ReplicaSet brought back by a rollback), and on
    /// a ReplicaSet about to be created sets desired/max replicas. Returns
    /// whether anything changed.
    @discardableResult
    static func setNewReplicaSetAnnotations(
        _ rs: inout JSONValue, deployment d: DeploymentObject, newRevision: Int64, exists: Bool
    ) -> Bool {
        var annotations = (rs[path: ["metadata", "annotations"]]?.objectValue ?? [:]).compactMapValues(\.stringValue)
        let before = annotations
        for (k, v) in d.annotations where !notCopied.contains(k) { annotations[k] = v }
        let oldRevision = annotations[revision]
        let oldValue: Int64
        if let oldRevision {
            guard let v = Int64(oldRevision) else { return false }  // garbage: leave it alone, as Kubernetes does
            oldValue = v
        } else {
            oldValue = 0
        }
        if oldValue < newRevision {
            annotations[revision] = String(newRevision)
            if let oldRevision { appendHistory(&annotations, oldRevision) }
        }
        if !exists {
            annotations[desiredReplicas] = String(d.replicas)
            annotations[maxReplicas] = String(d.replicas + d.maxSurge)
        }
        guard annotations != before else { return false }
        rs[path: ["metadata", "annotations"]] = .object(annotations.mapValues { .string($0) })
        return true
    }

    private static func appendHistory(_ annotations: inout [String: String], _ oldRevision: String) {
        let history = annotations[revisionHistory] ?? ""
        if history.isEmpty {
            annotations[revisionHistory] = oldRevision
            return
        }
        var entries = history.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        // Drop the oldest entries until the new one fits.
        var total = history.count + oldRevision.count + 1
        var start = 0
        while total > maxRevisionHistoryLength && start < entries.count {
            total -= entries[start].count + 1
            start += 1
        }
        guard total <= maxRevisionHistoryLength else { return }
        entries = Array(entries[start...]) + [oldRevision]
        annotations[revisionHistory] = entries.joined(separator: ",")
    }

    /// Kubernetes' SetReplicasAnnotations; returns whether they changed.
    @discardableResult
    static func setReplicasAnnotations(_ rs: inout JSONValue, desired: Int, max: Int) -> Bool {
        let old = rs[path: ["metadata", "annotations"]]
        rs[path: ["metadata", "annotations", desiredReplicas]] = .string(String(desired))
        rs[path: ["metadata", "annotations", maxReplicas]] = .string(String(max))
        return rs[path: ["metadata", "annotations"]] != old
    }

    /// The desired-replicas annotation, if it is a number.
    static func desired(_ rs: DeploymentReplicaSet) -> Int? { rs.annotations[desiredReplicas].flatMap { Int($0) } }
    static func max(_ rs: DeploymentReplicaSet) -> Int? { rs.annotations[maxReplicas].flatMap { Int($0) } }

    /// Kubernetes' MaxRevision: the highest revision among `sets`, 0 if none.
    static func maxRevision(_ sets: [DeploymentReplicaSet]) -> Int64 { sets.compactMap(\.revision).max() ?? 0 }
}
