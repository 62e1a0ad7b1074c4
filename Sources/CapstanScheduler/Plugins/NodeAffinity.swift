import CapstanAPI

/// Filter: `spec.nodeSelector` and required node affinity (all operators,
/// `metadata.name` match fields), plus the scheduler-enforced
/// `addedAffinity` from the plugin args. Score: sum of the weights of the
/// preferred terms a node matches, normalized to 0...100.
public struct NodeAffinityPlugin: PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
    public static let name = "NodeAffinity"
    public var name: String { Self.name }

    static let rejected = PluginStatus(.unschedulableAndUnresolvable, "node(s) didn't match Pod's node affinity/selector")
    static let rejectedByEnforced = PluginStatus(.unschedulableAndUnresolvable,
                                           "node(s) didn't match scheduler-enforced node affinity")
    static let conflict = PluginStatus(.unschedulableAndUnresolvable, "pod affinity terms conflict")

    /// The preferred terms of the pod and of `addedAffinity`.
    public struct ScoreState: Sendable {
        var terms: [WeightedNodeSelectorTerm]
    }

    let addedRequired: NodeSelectorMatcher?
    let addedPreferred: [WeightedNodeSelectorTerm]

    public init(args: NodeAffinityArgs = NodeAffinityArgs()) {
        let added = args.addedAffinity
        addedRequired = added?.requiredDuringSchedulingIgnoredDuringExecution.map(NodeSelectorMatcher.init)
        addedPreferred = (added?.preferredDuringSchedulingIgnoredDuringExecution ?? [])
            .filter { $0.weight != 0 }
            .map { WeightedNodeSelectorTerm(term: NodeSelectorTermMatcher($0.preference), weight: $0.weight) }
    }

    /// Skips Filter when nothing constrains the pod's node; narrows the
    /// candidate nodes when every required term names nodes (`metadata.name In`).
    public func preFilter(_ pod: PodInfo, in snapshot: ClusterSnapshot, state: inout CycleState) -> PreFilterResult {
        let required = pod.requiredNodeAffinity
        if required.isEmpty && addedRequired == nil { return .skip }
        guard let terms = required.affinity?.terms, !terms.isEmpty else { return .success }
        var names: Set<String>?
        for term in terms {
            guard let termNames = term.requiredNodeNames else { return .success }
            names = (names ?? []).union(termNames)
        }
        if let names, names.isEmpty { return PreFilterResult(Self.conflict) }
        return PreFilterResult(.success, nodeNames: names)
    }

    public func filter(_ pod: PodInfo, node: NodeInfo, state: NoState) -> PluginStatus {
        if let addedRequired, !addedRequired.matches(labels: node.labels, nodeName: node.name) {
            return Self.rejectedByEnforced
        }
        if pod.requiredNodeAffinity.isEmpty || pod.requiredNodeAffinity.matches(node) { return .success }
        return Self.rejected
    }

    public func preScore(_ pod: PodInfo, feasibleNodes: [Int], in snapshot: ClusterSnapshot,
                         state: inout CycleState) -> PluginStatus {
        let terms = addedPreferred + pod.preferredNodeAffinity
        if terms.isEmpty { return .skip }
        state.write(ScoreState(terms: terms), for: name)
        return .success
    }

    public func score(_ pod: PodInfo, node: NodeInfo, state: ScoreState) -> Int64 {
        var total: Int64 = 0
        for t in state.terms where t.term.matches(labels: node.labels, nodeName: node.name) {
            total += Int64(t.weight)
        }
        return total
    }

    public func normalizeScores(_ scores: inout [Int64], state: ScoreState) {
        defaultNormalize(&scores, reverse: false)
    }
}
