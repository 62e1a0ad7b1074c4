import CapstanAPI

/// A topology spread constraint as PodTopologySpread evaluates it: the
/// selector already merged with `matchLabelKeys`, policies defaulted.
struct SpreadConstraint: Sendable {
    enum InclusionPolicy: Sendable { case honor, ignore }

    var maxSkew: Int32
    var topologyKey: String
    var selector: LabelSelectorExpression
    var minDomains: Int32
    /// Honor (default): only nodes matching the pod's node selector/affinity count.
    var nodeAffinityPolicy: InclusionPolicy
    /// Ignore (default); Honor: only nodes whose NoSchedule/NoExecute taints the pod tolerates count.
    var nodeTaintsPolicy: InclusionPolicy

    /// The topology key is `kubernetes.io/hostname` (one domain per node).
    var isHostname: Bool

    static let hostnameKey = "kubernetes.io/hostname"
    static let zoneKey = "topology.kubernetes.io/zone"
    static let doNotSchedule = "DoNotSchedule"
    static let scheduleAnyway = "ScheduleAnyway"

    /// Kubernetes' system default constraints for pods that define none.
    static let systemDefaults = [
        TopologySpreadConstraint(maxSkew: 3, topologyKey: hostnameKey, whenUnsatisfiable: scheduleAnyway),
        TopologySpreadConstraint(maxSkew: 5, topologyKey: zoneKey, whenUnsatisfiable: scheduleAnyway),
    ]

    /// The pod's constraints with `whenUnsatisfiable == action`; for a pod
    /// without constraints, `defaults` with the selector derived from the pod.
    static func forPod(_ pod: PodInfo, action: String,
                       defaults: [TopologySpreadConstraint]) throws(SelectorError) -> [SpreadConstraint] {
        if let own = pod.pod.spec?.topologySpreadConstraints, !own.isEmpty {
            return try parse(own, labels: pod.labels, action: action)
        }
        var constraints = try parse(defaults, labels: pod.labels, action: action)
        guard !constraints.isEmpty, let selector = defaultSelector(pod) else { return [] }
        for i in constraints.indices { constraints[i].selector = selector }
        return constraints
    }

    static func parse(_ list: [TopologySpreadConstraint], labels: [String: String],
                      action: String) throws(SelectorError) -> [SpreadConstraint] {
        var result: [SpreadConstraint] = []
        for c in list where c.whenUnsatisfiable == action {
            var selector = try LabelSelectorExpression(c.labelSelector)
            if !selector.matchesNothing, let keys = c.matchLabelKeys, !keys.isEmpty {
                var extra: [LabelSelectorExpression.Requirement] = []
                for key in keys {
                    if let v = labels[key] { extra.append(try .init(key: key, op: .in, values: [v])) }
                }
                if !extra.isEmpty { selector = LabelSelectorExpression(requirements: selector.requirements + extra) }
            }
            result.append(SpreadConstraint(
                maxSkew: c.maxSkew, topologyKey: c.topologyKey, selector: selector,
                minDomains: c.minDomains ?? 1,
                nodeAffinityPolicy: c.nodeAffinityPolicy == "Ignore" ? .ignore : .honor,
                nodeTaintsPolicy: c.nodeTaintsPolicy == "Honor" ? .honor : .ignore,
                isHostname: c.topologyKey == hostnameKey))
        }
        return result
    }

    /// Labels that differ between pods of one controller and so must not be
    /// part of the derived default selector.
    static let perPodLabels: Set<String> = [
        "statefulset.kubernetes.io/pod-name", "apps.kubernetes.io/pod-index", "controller-revision-hash",
    ]

    /// The selector for default constraints. kube-scheduler merges the
    /// selectors of the pod's Services and owning ReplicaSet /
    /// ReplicationController / StatefulSet; the scheduler core has no
    /// listers, so we use the pod's own labels (minus per-pod ones) when it
    /// has such a controller owner: siblings from one template carry the same
    /// labels (a ReplicaSet's selector includes pod-template-hash). Pods
    /// without such an owner, or without labels, get no default constraints.
    static func defaultSelector(_ pod: PodInfo) -> LabelSelectorExpression? {
        let owners = pod.pod.metadata.ownerReferences ?? []
        let controlled = owners.contains {
            $0.controller == true && ["ReplicaSet", "ReplicationController", "StatefulSet"].contains($0.kind)
        }
        guard controlled else { return nil }
        let reqs = pod.labels.compactMap { key, value -> LabelSelectorExpression.Requirement? in
            perPodLabels.contains(key) ? nil : try? .init(key: key, op: .equals, values: [value])
        }
        return reqs.isEmpty ? nil : LabelSelectorExpression(requirements: reqs)
    }

    /// Whether `node` counts for this constraint under its inclusion policies.
    func includes(_ node: NodeInfo, pod: PodInfo, affinityMatch: Bool) -> Bool {
        if nodeAffinityPolicy == .honor && !affinityMatch { return false }
        if nodeTaintsPolicy == .honor,
           Taints.firstUntolerated(node.taints, tolerations: pod.tolerations, effects: Taints.isDoNotSchedule) != nil {
            return false
        }
        return true
    }
}

enum SpreadCounting {
    /// The domain of `slot` in a domain array (-1 when absent).
    @inline(__always)
    static func domain(_ domains: [Int32], _ slot: Int) -> Int32 {
        slot < domains.count ? domains[slot] : -1
    }

    /// Per-constraint domain arrays flattened to `c * nodeCount + slot`.
    static func flatten(_ domainOfSlot: [[Int32]], nodeCount n: Int) -> [Int32] {
        var flat = [Int32](repeating: -1, count: n * domainOfSlot.count)
        for (c, domains) in domainOfSlot.enumerated() where !domains.isEmpty {
            flat.replaceSubrange(c * n..<(c * n + min(n, domains.count)), with: domains.prefix(n))
        }
        return flat
    }

    /// Marks, for the constraints in `subset`, the domain each node counts
    /// for in `eligible[c * n + slot]`: nodes with every constraint's label
    /// that pass the constraint's inclusion policies and `accept(c, domain)`.
    static func markEligible(_ constraints: [SpreadConstraint], subset: [Int], domainOf: [Int32], nodeCount n: Int,
                             pod: PodInfo, snapshot: ClusterSnapshot, eligible: inout [Int32],
                             accept: (Int, Int32) -> Bool) {
        let k = constraints.count
        let required = pod.requiredNodeAffinity
        let honorAffinity = constraints.map { $0.nodeAffinityPolicy == .honor && !required.isEmpty }
        let honorTaints = constraints.map { $0.nodeTaintsPolicy == .honor }
        let checkAffinity = subset.contains { honorAffinity[$0] }
        let checkTaints = subset.contains { honorTaints[$0] }
        snapshot.nodes.withUnsafeBufferPointer { nodes in
            domainOf.withUnsafeBufferPointer { domains in
                nodeLoop: for slot in 0..<n {
                    for c in 0..<k where domains[c * n + slot] < 0 { continue nodeLoop }
                    let affinityMatch = !checkAffinity || required.matches(nodes[slot])
                    let tolerated = !checkTaints || Taints.firstUntolerated(
                        nodes[slot].taints, tolerations: pod.tolerations, effects: Taints.isDoNotSchedule) == nil
                    for c in subset {
                        if honorAffinity[c] && !affinityMatch { continue }
                        if honorTaints[c] && !tolerated { continue }
                        let d = domains[c * n + slot]
                        if accept(c, d) { eligible[c * n + slot] = d }
                    }
                }
            }
        }
    }

    /// kube-scheduler's `countPodsMatchSelector` summed per domain, for
    /// several selectors at once, in one pass over the snapshot's pod index:
    /// a pod on node `slot` counts for selector `c` in domain
    /// `eligible[c * nodeCount + slot]` (skipped when -1) if it is in
    /// `namespace`, not terminating, and matches. Empty selectors count nothing.
    static func countByDomain(in snapshot: ClusterSnapshot, selectors: [LabelSelectorExpression], namespace: String,
                              eligible: [Int32], domainCounts: [Int]) -> [[Int]] {
        let n = snapshot.nodeCount
        let k = selectors.count
        var offsets = [Int](repeating: 0, count: k + 1)
        for c in 0..<k { offsets[c + 1] = offsets[c] + domainCounts[c] }
        var flat = [Int](repeating: 0, count: offsets[k])
        let active = selectors.indices.filter { !selectors[$0].isEmpty }
        let table = snapshot.labelSets
        var caches = selectors.map { _ in LabelSetCache(capacity: table.capacity) }
        let index = snapshot.podIndex
        index.slots.withUnsafeBufferPointer { slots in
            index.labelSets.withUnsafeBufferPointer { ids in
                eligible.withUnsafeBufferPointer { el in
                    for j in 0..<slots.count {
                        let slot = Int(slots[j])
                        for c in active {
                            let d = el[c * n + slot]
                            if d < 0 { continue }
                            let match = caches[c].matches(ids[j], in: table) { e in
                                !e.terminating && e.namespace == namespace && selectors[c].matches(e.labels)
                            }
                            if match { flat[offsets[c] + Int(d)] += 1 }
                        }
                    }
                }
            }
        }
        return (0..<k).map { Array(flat[offsets[$0]..<offsets[$0 + 1]]) }
    }
}
