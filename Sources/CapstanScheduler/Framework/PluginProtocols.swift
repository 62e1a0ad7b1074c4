import CapstanAPI

/// A scheduler plugin: a value with a name that implements one or more
/// extension-point protocols below. Plugins are immutable after construction
/// (configuration only); per-cycle data goes to `CycleState`.
public protocol SchedulerPlugin: Sendable {
    /// The name used in the registry, configuration and cycle state.
    var name: String { get }
}

/// Placeholder state for plugins whose Filter or Score needs no cycle state.
public struct NoState: Sendable, Equatable {
    public init() {}
}

/// What a PreFilter plugin returns: a status and, optionally, the only nodes
/// the pod can go to (kube-scheduler's `PreFilterResult`).
public struct PreFilterResult: Sendable, Equatable {
    public var status: PluginStatus
    /// nil means all nodes.
    public var nodeNames: Set<String>?

    public init(_ status: PluginStatus, nodeNames: Set<String>? = nil) {
        self.status = status
        self.nodeNames = nodeNames
    }

    public static let success = PreFilterResult(.success)
    public static let skip = PreFilterResult(.skip)
}

/// PreFilter: runs once per cycle before any Filter. Computes what Filter
/// needs and stores it in `state`; `.skip` means this plugin's Filter does
/// not run for this pod; a rejection makes the pod unschedulable on all nodes.
public protocol PreFilterPlugin: SchedulerPlugin {
    func preFilter(_ pod: PodInfo, in snapshot: ClusterSnapshot, state: inout CycleState) -> PreFilterResult
}

/// Lets preemption ask "what if this pod were added to / removed from that
/// node": updates the PreFilter state incrementally instead of recomputing
/// it. Only plugins whose state depends on other pods implement it.
public protocol PreFilterExtensions: PreFilterPlugin {
    func addPod(_ added: PodInfo, to node: NodeInfo, scheduling pod: PodInfo, in snapshot: ClusterSnapshot,
                state: inout CycleState)
    func removePod(_ removed: PodInfo, from node: NodeInfo, scheduling pod: PodInfo, in snapshot: ClusterSnapshot,
                   state: inout CycleState)
}

/// Filter: decides whether the pod can run on one node. Called once per
/// candidate node, so it must be cheap: it gets its state already read from
/// the cycle state, and it must not allocate on success.
public protocol FilterPlugin: SchedulerPlugin {
    associatedtype FilterState: Sendable = NoState
    /// Reads the state this plugin's PreFilter stored; called once per
    /// filtering pass. nil means it is missing (an error).
    func filterState(from state: CycleState) -> FilterState?
    func filter(_ pod: PodInfo, node: NodeInfo, state: FilterState) -> PluginStatus
}

extension FilterPlugin {
    public func filterState(from state: CycleState) -> FilterState? {
        state.read(FilterState.self, for: name)
    }
}

extension FilterPlugin where FilterState == NoState {
    public func filterState(from state: CycleState) -> NoState? { NoState() }
}

/// PostFilter: runs when no node fits. The default one is preemption.
public protocol PostFilterPlugin: SchedulerPlugin {
    func postFilter(_ pod: PodInfo, diagnosis: FitDiagnosis, in snapshot: ClusterSnapshot,
                    pdbs: [PodDisruptionBudget], runner: PluginRunner) -> PreemptionOutcome
}

/// PreScore: runs once per cycle before Score, with the feasible node slots.
/// `.skip` means this plugin's Score does not run for this pod.
public protocol PreScorePlugin: SchedulerPlugin {
    func preScore(_ pod: PodInfo, feasibleNodes: [Int], in snapshot: ClusterSnapshot,
                  state: inout CycleState) -> PluginStatus
}

/// Score: ranks one feasible node. Raw scores may use any scale;
/// after `normalizeScores` every score must be in 0...100 (`maxNodeScore`).
public protocol ScorePlugin: SchedulerPlugin {
    associatedtype ScoreState: Sendable = NoState
    /// Reads the state this plugin's PreScore (or PreFilter) stored; called
    /// once per cycle. nil means it is missing (an error).
    func scoreState(from state: CycleState) -> ScoreState?
    func score(_ pod: PodInfo, node: NodeInfo, state: ScoreState) -> Int64
    /// Maps raw scores (in feasible-node order) to 0...100. Default: no-op.
    func normalizeScores(_ scores: inout [Int64], state: ScoreState)
}

/// The highest score a plugin may give a node after normalization.
public let maxNodeScore: Int64 = 100

extension ScorePlugin {
    public func scoreState(from state: CycleState) -> ScoreState? {
        state.read(ScoreState.self, for: name)
    }

    public func normalizeScores(_ scores: inout [Int64], state: ScoreState) {}
}

extension ScorePlugin where ScoreState == NoState {
    public func scoreState(from state: CycleState) -> NoState? { NoState() }
}

/// Reserve: called when a node is chosen, before binding; `unreserve` undoes
/// it if a later step fails. Must be idempotent.
public protocol ReservePlugin: SchedulerPlugin {
    func reserve(_ pod: PodInfo, node: String, in snapshot: ClusterSnapshot) -> PluginStatus
    func unreserve(_ pod: PodInfo, node: String)
}

/// What a bind plugin wants done; the runtime performs it (the scheduler core does no I/O).
public enum BindDecision: Sendable, Equatable {
    /// POST this Binding to the pod's binding subresource.
    case bind(Binding)
    /// This plugin does not handle the pod; ask the next bind plugin.
    case skip
}

/// Bind: turns the decision into an API action.
public protocol BindPlugin: SchedulerPlugin {
    func bind(_ pod: PodInfo, node: String) -> BindDecision
}

/// kube-scheduler's `DefaultNormalizeScore`: scales scores so the highest is
/// `maxScore`; with `reverse`, the lowest raw score gets the highest result.
func defaultNormalize(_ scores: inout [Int64], maxScore: Int64 = maxNodeScore, reverse: Bool) {
    let highest = scores.max() ?? 0
    if highest == 0 {
        if reverse { for i in scores.indices { scores[i] = maxScore } }
        return
    }
    for i in scores.indices {
        let s = maxScore * scores[i] / highest
        scores[i] = reverse ? maxScore - s : s
    }
}
