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

    var isHostname: Bool { topologyKey == SpreadConstraint.hostnameKey }

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
                nodeTaintsPolicy: c.nodeTaintsPolicy == "Honor" ? .honor : .ignore))
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
    /// kube-scheduler's `countPodsMatchSelector` over one node: pods in
    /// `namespace`, not terminating, matching `selector`; an empty selector
    /// counts nothing. Evaluates the selector once per label set (`cache`).
    @inline(__always)
    static func count(_ node: NodeInfo, _ selector: LabelSelectorExpression, namespace: String,
                      table: LabelSetTable, cache: inout LabelSetCache) -> Int {
        if selector.isEmpty || node.pods.isEmpty { return 0 }
        var n = 0
        node.podLabelSets.withUnsafeBufferPointer { ids in
            for i in ids.indices {
                let id = ids[i]
                let match: Bool
                if id >= 0 {
                    match = cache.matches(id, in: table) { e in
                        !e.terminating && e.namespace == namespace && selector.matches(e.labels)
                    }
                } else {
                    let p = node.pods[i]
                    match = !p.isTerminating && p.namespace == namespace && selector.matches(p.labels)
                }
                if match { n += 1 }
            }
        }
        return n
    }

    /// The domain of `slot` in a domain array (-1 when absent).
    @inline(__always)
    static func domain(_ domains: [Int32], _ slot: Int) -> Int32 {
        slot < domains.count ? domains[slot] : -1
    }
}
