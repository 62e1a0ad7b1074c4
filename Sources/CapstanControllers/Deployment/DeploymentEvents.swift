import CapstanAPI
import CapstanClient

/// Maps ReplicaSet and pod events to the Deployments they concern
/// (Kubernetes' add/update/deleteReplicaSet and deletePod handlers).
struct DeploymentEvents: Sendable {
    let deployments: ObjectCache
    let replicaSets: ObjectCache

    /// A set with a controller reference concerns its Deployment (and its
    /// old one, when the reference moved); an orphan concerns every
    /// Deployment whose selector matches it, since one may adopt it.
    var replicaSetSource: EventSource {
        EventSource(.replicaSets) { event in
            switch event {
            case .synced:
                return []
            case .added(let rs), .deleted(let rs):
                return ownerKey(rs).map { [$0] } ?? matchingKeys(rs)
            case .updated(let old, let new):
                var keys: [String] = []
                let oldRef = OwnerReferences.controller(of: old)
                let newRef = OwnerReferences.controller(of: new)
                if let oldRef, oldRef.uid != newRef?.uid, let k = ownerKey(old) { keys.append(k) }
                if let k = ownerKey(new) {
                    keys.append(k)
                } else if OwnerReferences.labels(old) != OwnerReferences.labels(new) || oldRef?.uid != newRef?.uid {
                    keys += matchingKeys(new)
                }
                return Array(Set(keys))
            }
        }
    }

    /// Only deletions matter (Recreate waits for old pods to be gone): the
    /// pod's ReplicaSet leads to its Deployment.
    var podSource: EventSource {
        EventSource(.pods) { event in
            guard case .deleted(let pod) = event, let ref = OwnerReferences.controller(of: pod), ref.kind == "ReplicaSet",
                let rs = replicaSets.get(namespace: OwnerReferences.namespace(pod), name: ref.name),
                OwnerReferences.uid(rs) == ref.uid, let key = ownerKey(rs),
                deployments.get(key)?[path: ["spec", "strategy", "type"]]?.stringValue == "Recreate"
            else { return [] }
            return [key]
        }
    }

    /// The key of the cached Deployment controlling `rs`, if any.
    func ownerKey(_ rs: JSONValue) -> String? {
        guard let ref = OwnerReferences.controller(of: rs), ref.kind == "Deployment",
            let d = deployments.get(namespace: OwnerReferences.namespace(rs), name: ref.name), OwnerReferences.uid(d) == ref.uid
        else { return nil }
        return ObjectCache.key(d)
    }

    private func matchingKeys(_ rs: JSONValue) -> [String] {
        guard OwnerReferences.controller(of: rs) == nil else { return [] }
        let labels = OwnerReferences.labels(rs)
        return deployments.list(namespace: OwnerReferences.namespace(rs)).filter { d in
            guard let sel = try? LabelSelectorExpression(decodingJSON: d[path: ["spec", "selector"]] ?? .null) else { return false }
            return !sel.isEmpty && sel.matches(labels)
        }.map(ObjectCache.key)
    }
}
