import CapstanAPI

/// Spreads matching pods over topology domains (zones, hosts, ...).
/// Filter enforces DoNotSchedule constraints (maxSkew, minDomains, node
/// inclusion policies, matchLabelKeys); Score prefers nodes in less crowded
/// domains for ScheduleAnyway constraints. Pods without constraints get the
/// default ones (System: hostname skew 3, zone skew 5, ScheduleAnyway).
public struct PodTopologySpreadPlugin: PreFilterExtensions, FilterPlugin, PreScorePlugin, ScorePlugin {
    public static let name = "PodTopologySpread"
    public var name: String { Self.name }

    static let constraintsNotMatch = "node(s) didn't match pod topology spread constraints"
    static let rejected = PluginStatus(.unschedulable, constraintsNotMatch)
    static let missingLabel = PluginStatus(.unschedulableAndUnresolvable, constraintsNotMatch + " (missing required label)")

    let defaultConstraints: [TopologySpreadConstraint]
    /// Defaults are Kubernetes' system defaults (affects which nodes Score ignores).
    let systemDefaulted: Bool

    public init(args: PodTopologySpreadArgs = PodTopologySpreadArgs()) throws(SchedulerConfigurationError) {
        let given = args.defaultConstraints ?? []
        let type = args.defaultingType ?? (given.isEmpty ? .system : .list)
        switch type {
        case .system:
            guard given.isEmpty else {
                throw SchedulerConfigurationError(
                    "PodTopologySpread: defaultConstraints must be empty when defaultingType is System")
            }
            defaultConstraints = SpreadConstraint.systemDefaults
            systemDefaulted = true
        case .list:
            for c in given where c.labelSelector != nil {
                throw SchedulerConfigurationError(
                    "PodTopologySpread: default constraint \(c.topologyKey) must not have a labelSelector")
            }
            defaultConstraints = given
            systemDefaulted = false
        }
    }

    /// PreFilter output: per DoNotSchedule constraint, matching pods per
    /// domain over the nodes that count, and the minimum over domains.
    public struct FilterState: Sendable {
        var constraints: [SpreadConstraint]
        /// Per constraint: the topology index's domain of each node slot.
        var domainOfSlot: [[Int32]]
        /// Per constraint: matching pods per domain id.
        var matchCount: [[Int]]
        /// Per constraint: whether some counted node is in the domain.
        var domainPresent: [[Bool]]
        /// Per constraint: number of present domains (at PreFilter).
        var domainsNum: [Int]
        /// Per constraint: minimum matchCount over present domains (Int.max if none).
        var minMatch: [Int]
        /// Per constraint: 1 if the incoming pod itself matches the selector.
        var selfMatch: [Int]

        mutating func recomputeMinimum(_ c: Int) {
            var m = Int.max
            for d in domainPresent[c].indices where domainPresent[c][d] { m = min(m, matchCount[c][d]) }
            minMatch[c] = m
        }

        /// True when the node has every constraint's topology label.
        @inline(__always)
        func hasAllKeys(_ slot: Int) -> Bool {
            for c in domainOfSlot.indices where SpreadCounting.domain(domainOfSlot[c], slot) < 0 { return false }
            return true
        }
    }

    // MARK: PreFilter

    public func preFilter(_ pod: PodInfo, in snapshot: ClusterSnapshot, state: inout CycleState) -> PreFilterResult {
        let constraints: [SpreadConstraint]
        do {
            constraints = try SpreadConstraint.forPod(pod, action: SpreadConstraint.doNotSchedule,
                                                      defaults: defaultConstraints)
        } catch {
            return PreFilterResult(PluginStatus(.unschedulableAndUnresolvable, error.message))
        }
        if constraints.isEmpty { return .skip }
        var s = FilterState(constraints: constraints, domainOfSlot: [], matchCount: [], domainPresent: [],
                            domainsNum: [], minMatch: [], selfMatch: [])
        for c in constraints {
            let domains = snapshot.topology.domains(for: c.topologyKey)
            let n = domains?.values.count ?? 0
            s.domainOfSlot.append(domains?.domainOfSlot ?? [])
            s.matchCount.append(Array(repeating: 0, count: n))
            s.domainPresent.append(Array(repeating: false, count: n))
            s.selfMatch.append(c.selector.matches(pod.labels) ? 1 : 0)
        }
        // Which domain each node counts for, per constraint (-1: it does not count).
        let n = snapshot.nodeCount
        let domainOf = SpreadCounting.flatten(s.domainOfSlot, nodeCount: n)
        var eligible = [Int32](repeating: -1, count: domainOf.count)
        SpreadCounting.markEligible(constraints, subset: Array(constraints.indices), domainOf: domainOf, nodeCount: n,
                                    pod: pod, snapshot: snapshot, eligible: &eligible) { _, _ in true }
        for c in constraints.indices {
            for slot in 0..<n where eligible[c * n + slot] >= 0 { s.domainPresent[c][Int(eligible[c * n + slot])] = true }
        }
        s.matchCount = SpreadCounting.countByDomain(
            in: snapshot, selectors: constraints.map(\.selector), namespace: pod.namespace, eligible: eligible,
            domainCounts: s.matchCount.map(\.count))
        for i in constraints.indices {
            s.domainsNum.append(s.domainPresent[i].reduce(0) { $0 + ($1 ? 1 : 0) })
            s.minMatch.append(0)
            s.recomputeMinimum(i)
        }
        state.write(s, for: name)
        return .success
    }

    // MARK: Filter

    public func filter(_ pod: PodInfo, node: NodeInfo, state s: FilterState) -> PluginStatus {
        let slot = node.slot
        for i in s.constraints.indices {
            let d = SpreadCounting.domain(s.domainOfSlot[i], slot)
            if d < 0 { return Self.missingLabel }
            let c = s.constraints[i]
            let minMatch = s.domainsNum[i] < Int(c.minDomains) ? 0 : s.minMatch[i]
            let matchNum = s.domainPresent[i][Int(d)] ? s.matchCount[i][Int(d)] : 0
            if minMatch != Int.max && matchNum + s.selfMatch[i] - minMatch > Int(c.maxSkew) { return Self.rejected }
        }
        return .success
    }

    // MARK: PreFilterExtensions (preemption what-ifs)

    public func addPod(_ added: PodInfo, to node: NodeInfo, scheduling pod: PodInfo, in snapshot: ClusterSnapshot,
                       state: inout CycleState) {
        update(added, node: node, pod: pod, delta: 1, state: &state)
    }

    public func removePod(_ removed: PodInfo, from node: NodeInfo, scheduling pod: PodInfo,
                          in snapshot: ClusterSnapshot, state: inout CycleState) {
        update(removed, node: node, pod: pod, delta: -1, state: &state)
    }

    private func update(_ other: PodInfo, node: NodeInfo, pod: PodInfo, delta: Int, state: inout CycleState) {
        guard other.namespace == pod.namespace else { return }
        state.modify(FilterState.self, for: name) { s in
            guard s.hasAllKeys(node.slot) else { return }
            let affinityMatch = pod.requiredNodeAffinity.isEmpty || pod.requiredNodeAffinity.matches(node)
            for (i, c) in s.constraints.enumerated() {
                guard c.selector.matches(other.labels), c.includes(node, pod: pod, affinityMatch: affinityMatch)
                else { continue }
                let d = Int(s.domainOfSlot[i][node.slot])
                s.domainPresent[i][d] = true
                s.matchCount[i][d] += delta
                s.recomputeMinimum(i)
            }
        }
    }
}
