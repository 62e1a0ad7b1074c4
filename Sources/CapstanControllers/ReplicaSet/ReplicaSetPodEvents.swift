import CapstanAPI
import CapstanClient

/// Maps pod events to the ReplicaSets they concern, lowering the
/// controller's expectations on the way (Kubernetes' addPod/updatePod/
/// deletePod handlers): a pod with a controller reference concerns its
/// owner, if that owner is in the cache with the same uid; an orphan
/// concerns every ReplicaSet whose selector matches it (one may adopt it).
struct ReplicaSetPodEvents: Sendable {
    let replicaSets: ObjectCache
    let expectations: Expectations

    var source: EventSource {
        EventSource(.pods) { event in keys(for: event) }
    }

    func keys(for event: InformerEvent) -> [String] {
        switch event {
        case .synced:
            return []
        case .added(let pod):
            // A pod that arrives already terminating counts as a deletion.
            if OwnerReferences.isBeingDeleted(pod) { return deleted(pod) }
            if OwnerReferences.controller(of: pod) != nil {
                // Owned by someone: its owner, or nobody we know (another incarnation).
                guard let key = ownerKey(pod) else { return [] }
                expectations.creationObserved(key)
                return [key]
            }
            return matchingKeys(pod)
        case .updated(let old, let new):
            // Periodic resyncs re-send unchanged pods; the ReplicaSets' own resync covers them.
            if old[path: ["metadata", "resourceVersion"]] == new[path: ["metadata", "resourceVersion"]] { return [] }
            var keys: [String] = []
            let labelsChanged = OwnerReferences.labels(old) != OwnerReferences.labels(new)
            if OwnerReferences.isBeingDeleted(new) && !OwnerReferences.isBeingDeleted(old) {
                // Graceful deletion started: the ReplicaSet can act now,
                // not when the kubelet finishes.
                keys += deleted(new)
                if labelsChanged { keys += deletedKeysOnly(old) }
                return unique(keys)
            }
            let oldRef = OwnerReferences.controller(of: old)
            let newRef = OwnerReferences.controller(of: new)
            if let oldRef, oldRef.uid != newRef?.uid, let key = resolve(oldRef, namespace: OwnerReferences.namespace(old)) {
                keys.append(key)  // the old owner lost a pod
            }
            if newRef != nil {
                if let key = ownerKey(new) { keys.append(key) }
            } else if labelsChanged || oldRef?.uid != newRef?.uid {
                keys += matchingKeys(new)
            }
            return unique(keys)
        case .deleted(let pod):
            return deleted(pod)
        }
    }

    private func deleted(_ pod: JSONValue) -> [String] {
        guard let key = ownerKey(pod) else { return [] }
        expectations.deletionObserved(key, uid: OwnerReferences.uid(pod))
        return [key]
    }

    private func deletedKeysOnly(_ pod: JSONValue) -> [String] { ownerKey(pod).map { [$0] } ?? [] }

    /// The key of the cached ReplicaSet that controls `pod`, if any.
    func ownerKey(_ pod: JSONValue) -> String? {
        guard let ref = OwnerReferences.controller(of: pod) else { return nil }
        return resolve(ref, namespace: OwnerReferences.namespace(pod))
    }

    private func resolve(_ ref: OwnerReferences.Reference, namespace: String) -> String? {
        guard ref.kind == "ReplicaSet", let rs = replicaSets.get(namespace: namespace, name: ref.name),
            OwnerReferences.uid(rs) == ref.uid
        else { return nil }
        return ObjectCache.key(rs)
    }

    private func matchingKeys(_ pod: JSONValue) -> [String] {
        let labels = OwnerReferences.labels(pod)
        return replicaSets.list(namespace: OwnerReferences.namespace(pod)).filter { rs in
            guard let sel = try? LabelSelectorExpression(decodingJSON: rs[path: ["spec", "selector"]] ?? .null) else { return false }
            return !sel.isEmpty && sel.matches(labels)
        }.map(ObjectCache.key)
    }

    private func unique(_ keys: [String]) -> [String] {
        var seen = Set<String>()
        return keys.filter { seen.insert($0).inserted }
    }
}
