import CapstanAPI

/// Required pod affinity and anti-affinity, including existing pods'
/// required anti-affinity against the incoming pod (symmetry). Score
/// (InterPodAffinityScore.swift): preferred terms of both sides, weighted.
public struct InterPodAffinityPlugin: PreFilterExtensions, FilterPlugin, PreScorePlugin, ScorePlugin {
    public static let name = "InterPodAffinity"
    public var name: String { Self.name }

    static let affinityRejected = PluginStatus(.unschedulableAndUnresolvable, "node(s) didn't match pod affinity rules")
    static let antiAffinityRejected = PluginStatus(.unschedulable, "node(s) didn't match pod anti-affinity rules")
    static let existingAntiAffinityRejected = PluginStatus(
        .unschedulable, "node(s) didn't satisfy existing pods anti-affinity rules")

    let hardPodAffinityWeight: Int64
    let ignorePreferredTermsOfExistingPods: Bool

    public init(args: InterPodAffinityArgs = InterPodAffinityArgs()) throws(SchedulerConfigurationError) {
        let weight = args.hardPodAffinityWeight ?? 1
        guard (0...100).contains(weight) else {
            throw SchedulerConfigurationError("InterPodAffinity: hardPodAffinityWeight must be in 0...100")
        }
        hardPodAffinityWeight = Int64(weight)
        ignorePreferredTermsOfExistingPods = args.ignorePreferredTermsOfExistingPods ?? false
    }

    /// PreFilter output: matching pods per topology domain for the incoming
    /// pod's terms, and existing pods' anti-affinity terms the pod matches.
    public struct FilterState: Sendable {
        /// The pod's required terms, namespace selectors resolved.
        var affinityTerms: [AffinityTerm]
        var antiAffinityTerms: [AffinityTerm]
        /// Key index of each term in its counts (nil: no node has the key).
        var affinityKeys: [Int?]
        var antiAffinityKeys: [Int?]
        /// Per domain: existing pods matching all affinity terms.
        var affinityCounts = DomainCounts()
        /// Per domain: existing pods matching an anti-affinity term.
        var antiAffinityCounts = DomainCounts()
        /// Per domain: existing pods whose required anti-affinity matches the pod.
        var existingAntiAffinityCounts = DomainCounts()
        var namespaceLabels: [String: String]?
        /// The pod matches all its own affinity terms (may be the first of a group).
        var matchesOwnAffinity: Bool
    }

    // MARK: PreFilter

    public func preFilter(_ pod: PodInfo, in snapshot: ClusterSnapshot, state: inout CycleState) -> PreFilterResult {
        if let error = pod.parseError {
            return PreFilterResult(PluginStatus(.unschedulableAndUnresolvable, "parsing pod: \(error)"))
        }
        let affinity = pod.requiredAffinityTerms.map { $0.resolvingNamespaces(in: snapshot) }
        let anti = pod.requiredAntiAffinityTerms.map { $0.resolvingNamespaces(in: snapshot) }
        var s = FilterState(affinityTerms: affinity, antiAffinityTerms: anti, affinityKeys: [], antiAffinityKeys: [],
                            namespaceLabels: snapshot.namespaceLabels[pod.namespace],
                            matchesOwnAffinity: podMatchesAll(affinity, pod))
        // Existing pods' required anti-affinity, once per distinct term.
        for (t, slots) in snapshot.requiredAntiAffinityTerms.slotsByTerm
        where t.matches(pod, namespaceLabels: s.namespaceLabels) {
            guard let k = s.existingAntiAffinityCounts.keyIndex(t.topologyKey, in: snapshot) else { continue }
            for (slot, n) in slots { s.existingAntiAffinityCounts.add(k, slot: slot, n) }
        }
        if affinity.isEmpty && anti.isEmpty && s.existingAntiAffinityCounts.nonZeroEntries == 0 { return .skip }
        s.affinityKeys = affinity.map { s.affinityCounts.keyIndex($0.topologyKey, in: snapshot) }
        s.antiAffinityKeys = anti.map { s.antiAffinityCounts.keyIndex($0.topologyKey, in: snapshot) }
        if !affinity.isEmpty || !anti.isEmpty { countIncoming(&s, in: snapshot) }
        state.write(s, for: name)
        return .success
    }

    /// Counts the existing pods matching the incoming pod's required terms in
    /// one pass over the pod index, evaluating the terms once per label set.
    private func countIncoming(_ s: inout FilterState, in snapshot: ClusterSnapshot) {
        let table = snapshot.labelSets
        let affinity = s.affinityTerms
        let anti = s.antiAffinityTerms
        var affinityCache = LabelSetCache(capacity: table.capacity)
        var antiCaches = anti.map { _ in LabelSetCache(capacity: table.capacity) }
        let index = snapshot.podIndex
        index.slots.withUnsafeBufferPointer { slots in
            index.labelSets.withUnsafeBufferPointer { ids in
                for j in 0..<slots.count {
                    let slot = Int(slots[j])
                    if !affinity.isEmpty && affinityCache.matches(ids[j], in: table, { e in
                        affinity.allSatisfy { $0.matches(namespace: e.namespace, labels: e.labels, namespaceLabels: nil) }
                    }) {
                        for case let k? in s.affinityKeys { s.affinityCounts.add(k, slot: slot, 1) }
                    }
                    for t in anti.indices {
                        guard let k = s.antiAffinityKeys[t] else { continue }
                        if antiCaches[t].matches(ids[j], in: table, { e in
                            anti[t].matches(namespace: e.namespace, labels: e.labels, namespaceLabels: nil)
                        }) {
                            s.antiAffinityCounts.add(k, slot: slot, 1)
                        }
                    }
                }
            }
        }
    }

    /// Adds an existing pod's matches of the incoming pod's terms.
    static func count(_ existing: PodInfo, slot: Int, delta: Int64, into s: inout FilterState) {
        if !s.affinityTerms.isEmpty && s.affinityTerms.allSatisfy({ $0.matches(existing, namespaceLabels: nil) }) {
            for case let k? in s.affinityKeys { s.affinityCounts.add(k, slot: slot, delta) }
        }
        for (i, t) in s.antiAffinityTerms.enumerated() where t.matches(existing, namespaceLabels: nil) {
            if let k = s.antiAffinityKeys[i] { s.antiAffinityCounts.add(k, slot: slot, delta) }
        }
    }

    // MARK: Filter

    public func filter(_ pod: PodInfo, node: NodeInfo, state s: FilterState) -> PluginStatus {
        let slot = node.slot
        if !s.affinityKeys.isEmpty {
            var podsExist = true
            for key in s.affinityKeys {
                guard let k = key, let c = s.affinityCounts.count(k, slot: slot) else { return Self.affinityRejected }
                if c <= 0 { podsExist = false }
            }
            if !podsExist && !(s.affinityCounts.nonZeroEntries == 0 && s.matchesOwnAffinity) {
                return Self.affinityRejected
            }
        }
        for case let k? in s.antiAffinityKeys {
            if let c = s.antiAffinityCounts.count(k, slot: slot), c > 0 { return Self.antiAffinityRejected }
        }
        if s.existingAntiAffinityCounts.nonZeroEntries > 0 {
            for k in s.existingAntiAffinityCounts.keys.indices {
                if let c = s.existingAntiAffinityCounts.count(k, slot: slot), c > 0 {
                    return Self.existingAntiAffinityRejected
                }
            }
        }
        return .success
    }

    // MARK: PreFilterExtensions (preemption what-ifs)

    public func addPod(_ added: PodInfo, to node: NodeInfo, scheduling pod: PodInfo, in snapshot: ClusterSnapshot,
                       state: inout CycleState) {
        update(added, node: node, pod: pod, delta: 1, snapshot: snapshot, state: &state)
    }

    public func removePod(_ removed: PodInfo, from node: NodeInfo, scheduling pod: PodInfo,
                          in snapshot: ClusterSnapshot, state: inout CycleState) {
        update(removed, node: node, pod: pod, delta: -1, snapshot: snapshot, state: &state)
    }

    private func update(_ other: PodInfo, node: NodeInfo, pod: PodInfo, delta: Int64, snapshot: ClusterSnapshot,
                        state: inout CycleState) {
        state.modify(FilterState.self, for: name) { s in
            for t in other.requiredAntiAffinityTerms where t.matches(pod, namespaceLabels: s.namespaceLabels) {
                if let k = s.existingAntiAffinityCounts.keyIndex(t.topologyKey, in: snapshot) {
                    s.existingAntiAffinityCounts.add(k, slot: node.slot, delta)
                }
            }
            Self.count(other, slot: node.slot, delta: delta, into: &s)
        }
    }
}
