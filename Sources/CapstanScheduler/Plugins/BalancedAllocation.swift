/// NodeResourcesBalancedAllocation: prefers nodes whose requested fractions
/// of cpu and memory (or the configured resources), including the pod, are
/// close to each other: 100 × (1 − their standard deviation).
///
/// Best-effort pods (no requests of the scored resources) are skipped, as
/// kube-scheduler does since 1.33, so they do not all pile onto one node.
public struct BalancedAllocationPlugin: PreScorePlugin, ScorePlugin {
    public static let name = "NodeResourcesBalancedAllocation"
    public var name: String { Self.name }

    public struct ScoreState: Sendable {
        var podRequests: [Int64]
    }

    let scorer: ResourceScorer

    public init(args: NodeResourcesBalancedAllocationArgs = NodeResourcesBalancedAllocationArgs()) {
        scorer = ResourceScorer(resources: args.resources ?? ResourceSpec.defaults, basis: .actual,
                                strategy: .balanced)
    }

    public func preScore(_ pod: PodInfo, feasibleNodes: [Int], in snapshot: ClusterSnapshot,
                         state: inout CycleState) -> PluginStatus {
        let requests = scorer.podRequests(pod)
        if requests.allSatisfy({ $0 == 0 }) { return .skip }
        state.write(ScoreState(podRequests: requests), for: name)
        return .success
    }

    public func score(_ pod: PodInfo, node: NodeInfo, state: ScoreState) -> Int64 {
        scorer.score(state.podRequests, node: node)
    }
}
