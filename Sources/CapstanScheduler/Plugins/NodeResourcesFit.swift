/// Filter: the node's free allocatable (allocatable − requests of its pods)
/// must cover the pod's requests of cpu, memory, ephemeral-storage, extended
/// resources, and one more pod. Score: the configured strategy
/// (LeastAllocated by default, MostAllocated, RequestedToCapacityRatio).
public struct NodeResourcesFitPlugin: FilterPlugin, PreScorePlugin, ScorePlugin {
    public static let name = "NodeResourcesFit"
    public var name: String { Self.name }

    /// The pod's request of each scored resource, in strategy order.
    public struct ScoreState: Sendable {
        var podRequests: [Int64]
    }

    let ignoredResources: Set<String>
    let ignoredResourceGroups: Set<String>
    let scorer: ResourceScorer

    /// Throws `SchedulerConfigurationError` for an invalid scoring strategy.
    public init(args: NodeResourcesFitArgs = NodeResourcesFitArgs()) throws(SchedulerConfigurationError) {
        ignoredResources = Set(args.ignoredResources ?? [])
        ignoredResourceGroups = Set(args.ignoredResourceGroups ?? [])
        let strategy = args.scoringStrategy ?? ScoringStrategy()
        let resources = strategy.resources ?? ResourceSpec.defaults
        let kind: ResourceScorer.Strategy
        switch strategy.type {
        case .leastAllocated: kind = .leastAllocated
        case .mostAllocated: kind = .mostAllocated
        case .requestedToCapacityRatio:
            let shape = strategy.requestedToCapacityRatio?.shape ?? []
            try Self.validate(shape)
            kind = .requestedToCapacityRatio(shape.map { (Int64($0.utilization), Int64($0.score) * 10) })
        }
        scorer = ResourceScorer(resources: resources, basis: .nonZero, strategy: kind)
    }

    static func validate(_ shape: [UtilizationShapePoint]) throws(SchedulerConfigurationError) {
        guard !shape.isEmpty else {
            throw SchedulerConfigurationError("NodeResourcesFit: requestedToCapacityRatio.shape must not be empty")
        }
        for (i, p) in shape.enumerated() {
            guard (0...100).contains(p.utilization), (0...10).contains(p.score) else {
                throw SchedulerConfigurationError(
                    "NodeResourcesFit: shape point \(i) needs utilization in 0...100 and score in 0...10")
            }
            if i > 0 && p.utilization <= shape[i - 1].utilization {
                throw SchedulerConfigurationError("NodeResourcesFit: shape utilization values must be increasing")
            }
        }
    }

    // MARK: Filter

    struct Shortage: OptionSet {
        let rawValue: Int
        static let pods = Shortage(rawValue: 1)
        static let cpu = Shortage(rawValue: 2)
        static let memory = Shortage(rawValue: 4)
        static let ephemeralStorage = Shortage(rawValue: 8)
    }

    /// One preallocated status per combination of the four standard shortages.
    static let statuses: [PluginStatus] = (0..<16).map { bits in
        let s = Shortage(rawValue: bits)
        var reasons: [String] = []
        if s.contains(.pods) { reasons.append("Too many pods") }
        if s.contains(.cpu) { reasons.append("Insufficient cpu") }
        if s.contains(.memory) { reasons.append("Insufficient memory") }
        if s.contains(.ephemeralStorage) { reasons.append("Insufficient ephemeral-storage") }
        return reasons.isEmpty ? .success : PluginStatus(.unschedulable, reasons: reasons)
    }

    public func filter(_ pod: PodInfo, node: NodeInfo, state: NoState) -> PluginStatus {
        let alloc = node.allocatable
        let used = node.requested
        let want = pod.requests
        var short: Shortage = []
        if Int64(node.podCount) + 1 > alloc.pods { short.insert(.pods) }
        if want.milliCPU > 0 && want.milliCPU > alloc.milliCPU - used.milliCPU { short.insert(.cpu) }
        if want.memory > 0 && want.memory > alloc.memory - used.memory { short.insert(.memory) }
        if want.ephemeralStorage > 0 && want.ephemeralStorage > alloc.ephemeralStorage - used.ephemeralStorage {
            short.insert(.ephemeralStorage)
        }
        if want.scalar.isEmpty { return Self.statuses[short.rawValue] }
        var scalarReasons: [String] = []
        for (name, amount) in want.scalar where amount != 0 && !isIgnored(name) {
            if amount > (alloc.scalar[name] ?? 0) - (used.scalar[name] ?? 0) {
                scalarReasons.append("Insufficient \(name)")
            }
        }
        if scalarReasons.isEmpty { return Self.statuses[short.rawValue] }
        return PluginStatus(.unschedulable, reasons: Self.statuses[short.rawValue].reasons + scalarReasons.sorted())
    }

    private func isIgnored(_ name: String) -> Bool {
        guard ResourceName.isExtended(name) else { return false }
        if ignoredResources.contains(name) { return true }
        guard !ignoredResourceGroups.isEmpty, let slash = name.firstIndex(of: "/") else { return false }
        return ignoredResourceGroups.contains(String(name[..<slash]))
    }

    // MARK: Score

    public func preScore(_ pod: PodInfo, feasibleNodes: [Int], in snapshot: ClusterSnapshot,
                         state: inout CycleState) -> PluginStatus {
        state.write(ScoreState(podRequests: scorer.podRequests(pod)), for: name)
        return .success
    }

    public func score(_ pod: PodInfo, node: NodeInfo, state: ScoreState) -> Int64 {
        scorer.score(state.podRequests, node: node)
    }
}
