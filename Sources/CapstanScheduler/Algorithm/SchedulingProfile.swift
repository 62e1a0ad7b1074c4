import CapstanAPI

/// The instantiated plugins of one scheduler profile (one `schedulerName`)
/// and the scheduling algorithm that runs them.
///
/// A value type. `schedule` is `mutating` only because it advances the
/// rotating start index (kube-scheduler's `nextStartNodeIndex`); give each
/// scheduling loop its own profile value. Not meant for concurrent use.
public struct SchedulingProfile: Sendable {
    public struct WeightedScorePlugin: Sendable {
        public let plugin: any ScorePlugin
        public let weight: Int64
    }

    public let schedulerName: String
    /// Percentage of nodes to find feasible before scoring; nil or 0 is adaptive.
    public let percentageOfNodesToScore: Int32?
    public let runner: PluginRunner
    public let postFilterPlugins: [any PostFilterPlugin]
    public let preScorePlugins: [any PreScorePlugin]
    public let scorePlugins: [WeightedScorePlugin]
    public let reservePlugins: [any ReservePlugin]
    public let bindPlugins: [any BindPlugin]
    /// Where the next cycle starts looking, so all nodes get examined over time.
    public internal(set) var nextStartNodeIndex = 0

    init(schedulerName: String, percentageOfNodesToScore: Int32?, preFilter: [any PreFilterPlugin],
         filter: [any FilterPlugin], postFilter: [any PostFilterPlugin], preScore: [any PreScorePlugin],
         score: [WeightedScorePlugin], reserve: [any ReservePlugin], bind: [any BindPlugin]) {
        self.schedulerName = schedulerName
        self.percentageOfNodesToScore = percentageOfNodesToScore
        self.runner = PluginRunner(preFilterPlugins: preFilter, filterPlugins: filter)
        self.postFilterPlugins = postFilter
        self.preScorePlugins = preScore
        self.scorePlugins = score
        self.reservePlugins = reserve
        self.bindPlugins = bind
    }

    /// Kubernetes' default profile `default-scheduler` with the default plugins and weights.
    public static func defaultProfile() -> SchedulingProfile {
        // The built-in configuration always builds.
        try! SchedulerConfiguration.default.makeProfiles()[0]
    }

    /// Names of the enabled plugins per extension point, in run order.
    public var enabledPlugins: [String: [String]] {
        [
            "preFilter": runner.preFilterPlugins.map(\.name), "filter": runner.filterPlugins.map(\.name),
            "postFilter": postFilterPlugins.map(\.name), "preScore": preScorePlugins.map(\.name),
            "score": scorePlugins.map(\.plugin.name), "reserve": reservePlugins.map(\.name),
            "bind": bindPlugins.map(\.name),
        ]
    }

    /// Score plugin name → weight.
    public var scoreWeights: [String: Int64] {
        Dictionary(uniqueKeysWithValues: scorePlugins.map { ($0.plugin.name, $0.weight) })
    }

    // MARK: Node sampling

    static let minFeasibleNodesToFind = 100
    static let minFeasibleNodesPercentageToFind: Int32 = 5

    /// How many feasible nodes to find before scoring (kube-scheduler's
    /// `numFeasibleNodesToFind`): all nodes below 100; else `percentage` of
    /// them, adaptive `max(5, 50 - nodes/125)` percent when nil or 0, never fewer than 100.
    public static func numFeasibleNodesToFind(percentage: Int32?, numAllNodes: Int) -> Int {
        if numAllNodes < minFeasibleNodesToFind { return numAllNodes }
        var p = percentage ?? 0
        if p <= 0 {
            p = 50 - Int32(clamping: numAllNodes / 125)
            if p < minFeasibleNodesPercentageToFind { p = minFeasibleNodesPercentageToFind }
        }
        let n = numAllNodes * Int(min(p, 100)) / 100
        return max(n, minFeasibleNodesToFind)
    }

    // MARK: Reserve and bind

    /// Runs Reserve plugins in order; on a failure, unreserves those already
    /// reserved (in reverse) and returns the failure.
    public func reserve(_ pod: PodInfo, node: String, in snapshot: ClusterSnapshot) -> PluginStatus {
        for (i, p) in reservePlugins.enumerated() {
            let s = p.reserve(pod, node: node, in: snapshot)
            if !s.isSuccess {
                for q in reservePlugins[...i].reversed() { q.unreserve(pod, node: node) }
                return s.with(plugin: p.name)
            }
        }
        return .success
    }

    /// Runs Unreserve of every Reserve plugin, in reverse order.
    public func unreserve(_ pod: PodInfo, node: String) {
        for p in reservePlugins.reversed() { p.unreserve(pod, node: node) }
    }

    /// The first bind plugin's decision that is not `.skip`.
    public func bindDecision(for pod: PodInfo, node: String) -> BindDecision {
        for p in bindPlugins {
            let d = p.bind(pod, node: node)
            if d != .skip { return d }
        }
        return .skip
    }

    // MARK: Preemption

    /// Runs the PostFilter plugins (DefaultPreemption) after `schedule`
    /// returned `.unschedulable(diagnosis)`, against the same snapshot. The
    /// runtime deletes the victims, sets the pod's nominatedNodeName, and on
    /// `.none(message)` sets `diagnosis.postFilterMessage = message`.
    public func preempt(_ pod: Pod, diagnosis: FitDiagnosis, in snapshot: ClusterSnapshot,
                        pdbs: [PodDisruptionBudget]) -> PreemptionOutcome {
        preempt(PodInfo(pod), diagnosis: diagnosis, in: snapshot, pdbs: pdbs)
    }

    public func preempt(_ pod: PodInfo, diagnosis: FitDiagnosis, in snapshot: ClusterSnapshot,
                        pdbs: [PodDisruptionBudget]) -> PreemptionOutcome {
        var last = PreemptionOutcome.none("")
        for p in postFilterPlugins {
            last = p.postFilter(pod, diagnosis: diagnosis, in: snapshot, pdbs: pdbs, runner: runner)
            if case .nominate = last { return last }
        }
        return last
    }
}
