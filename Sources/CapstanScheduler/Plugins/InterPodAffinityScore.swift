extension InterPodAffinityPlugin {
    /// PreScore output: the score of each topology domain.
    public struct ScoreState: Sendable {
        var domainScores: DomainCounts
    }

    /// Sums, per topology domain of existing pods: the incoming pod's
    /// preferred (anti-)affinity terms they match (±weight), and their
    /// required affinity (× hardPodAffinityWeight) and preferred
    /// (anti-)affinity terms the incoming pod matches (±weight).
    public func preScore(_ pod: PodInfo, feasibleNodes: [Int], in snapshot: ClusterSnapshot,
                         state: inout CycleState) -> PluginStatus {
        let hasConstraints = !pod.preferredAffinityTerms.isEmpty || !pod.preferredAntiAffinityTerms.isEmpty
        if ignorePreferredTermsOfExistingPods && !hasConstraints { return .skip }
        let resolve = { (w: WeightedAffinityTerm) in
            WeightedAffinityTerm(term: w.term.resolvingNamespaces(in: snapshot), weight: w.weight)
        }
        let affinity = pod.preferredAffinityTerms.map(resolve)
        let anti = pod.preferredAntiAffinityTerms.map(resolve)
        let nsLabels = snapshot.namespaceLabels[pod.namespace]
        var scores = DomainCounts()

        func add(_ key: String, _ slot: Int, _ value: Int64) {
            if let k = scores.keyIndex(key, in: snapshot) { scores.add(k, slot: slot, value) }
        }
        /// The existing pod's own terms that select the incoming pod.
        func processTermsOf(_ existing: PodInfo, slot: Int) {
            if hardPodAffinityWeight > 0 {
                for t in existing.requiredAffinityTerms where t.matches(pod, namespaceLabels: nsLabels) {
                    add(t.topologyKey, slot, hardPodAffinityWeight)
                }
            }
            for w in existing.preferredAffinityTerms where w.term.matches(pod, namespaceLabels: nsLabels) {
                add(w.term.topologyKey, slot, Int64(w.weight))
            }
            for w in existing.preferredAntiAffinityTerms where w.term.matches(pod, namespaceLabels: nsLabels) {
                add(w.term.topologyKey, slot, -Int64(w.weight))
            }
        }

        if hasConstraints {
            // The incoming pod's preferred terms against every pod, once per label set.
            let table = snapshot.labelSets
            let terms = affinity.map { ($0.term, Int64($0.weight)) } + anti.map { ($0.term, -Int64($0.weight)) }
            let keys = terms.map { scores.keyIndex($0.0.topologyKey, in: snapshot) }
            var caches = terms.map { _ in LabelSetCache(capacity: table.capacity) }
            let index = snapshot.podIndex
            index.slots.withUnsafeBufferPointer { slots in
                index.labelSets.withUnsafeBufferPointer { ids in
                    for j in 0..<slots.count {
                        for t in terms.indices {
                            guard let k = keys[t] else { continue }
                            if caches[t].matches(ids[j], in: table, { e in
                                terms[t].0.matches(namespace: e.namespace, labels: e.labels, namespaceLabels: nil)
                            }) {
                                scores.add(k, slot: Int(slots[j]), terms[t].1)
                            }
                        }
                    }
                }
            }
        }
        // Existing pods' own terms; only pods with affinity have any.
        for slot in snapshot.nodesWithPodAffinity where !snapshot.nodes[slot].labels.isEmpty {
            for existing in snapshot.nodes[slot].podsWithAffinity { processTermsOf(existing, slot: slot) }
        }
        if !scores.touched { return .skip }
        state.write(ScoreState(domainScores: scores), for: name)
        return .success
    }

    public func score(_ pod: PodInfo, node: NodeInfo, state: ScoreState) -> Int64 {
        var total: Int64 = 0
        for k in state.domainScores.keys.indices {
            if let c = state.domainScores.count(k, slot: node.slot) { total += c }
        }
        return total
    }

    /// Min-max scaling to 0...100 (all equal → 0).
    public func normalizeScores(_ scores: inout [Int64], state: ScoreState) {
        guard let lowest = scores.min(), let highest = scores.max() else { return }
        let diff = highest - lowest
        for i in scores.indices {
            scores[i] = diff > 0 ? Int64(Double(maxNodeScore) * (Double(scores[i] - lowest) / Double(diff))) : 0
        }
    }
}
