import CapstanAPI

/// Filter: the pod must tolerate every NoSchedule and NoExecute taint of the
/// node. Score: fewer untolerated PreferNoSchedule taints is better (raw
/// score = their count, normalized in reverse).
public struct TaintTolerationPlugin: FilterPlugin, PreScorePlugin, ScorePlugin {
    public static let name = "TaintToleration"
    public var name: String { Self.name }

    /// The pod's tolerations that can tolerate PreferNoSchedule taints.
    public struct ScoreState: Sendable {
        var tolerations: [Toleration]
    }

    public init() {}

    public func filter(_ pod: PodInfo, node: NodeInfo, state: NoState) -> PluginStatus {
        if node.taints.isEmpty { return .success }
        guard let taint = Taints.firstUntolerated(node.taints, tolerations: pod.tolerations,
                                                  effects: Taints.isDoNotSchedule) else { return .success }
        return PluginStatus(.unschedulableAndUnresolvable,
                      "node(s) had untolerated taint {\(taint.key): \(taint.value ?? "")}")
    }

    public func preScore(_ pod: PodInfo, feasibleNodes: [Int], in snapshot: ClusterSnapshot,
                         state: inout CycleState) -> PluginStatus {
        let tolerations = pod.tolerations.filter {
            ($0.effect ?? "").isEmpty || $0.effect == TaintEffect.preferNoSchedule
        }
        state.write(ScoreState(tolerations: tolerations), for: name)
        return .success
    }

    public func score(_ pod: PodInfo, node: NodeInfo, state: ScoreState) -> Int64 {
        var count: Int64 = 0
        for taint in node.taints where taint.effect == TaintEffect.preferNoSchedule {
            if !state.tolerations.contains(where: { $0.tolerates(taint) }) { count += 1 }
        }
        return count
    }

    public func normalizeScores(_ scores: inout [Int64], state: ScoreState) {
        defaultNormalize(&scores, reverse: true)
    }
}
