import Foundation

extension PodTopologySpreadPlugin {
    /// PreScore output for ScheduleAnyway constraints.
    public struct ScoreState: Sendable {
        var constraints: [SpreadConstraint]
        var domainOfSlot: [[Int32]]
        /// Per constraint: matching pods per domain over all counted nodes;
        /// for hostname constraints, per node slot (feasible nodes only).
        var domainCounts: [[Int64]]
        /// Per constraint: log(number of domains among feasible nodes + 2).
        var weights: [Double]
        /// Nodes lacking a constraint's topology label get no score (explicit
        /// or List-defaulted constraints); with System defaults they are scored.
        var requireAllTopologies: Bool

        @inline(__always)
        func hasAllKeys(_ slot: Int) -> Bool {
            for c in domainOfSlot.indices where SpreadCounting.domain(domainOfSlot[c], slot) < 0 { return false }
            return true
        }
    }

    public func preScore(_ pod: PodInfo, feasibleNodes: [Int], in snapshot: ClusterSnapshot,
                         state: inout CycleState) -> PluginStatus {
        let constraints: [SpreadConstraint]
        do {
            constraints = try SpreadConstraint.forPod(pod, action: SpreadConstraint.scheduleAnyway,
                                                      defaults: defaultConstraints)
        } catch {
            return PluginStatus(.error, error.message)
        }
        if constraints.isEmpty { return .skip }
        let hasOwn = !(pod.pod.spec?.topologySpreadConstraints ?? []).isEmpty
        var s = ScoreState(constraints: constraints, domainOfSlot: [], domainCounts: [], weights: [],
                           requireAllTopologies: hasOwn || !systemDefaulted)
        for c in constraints {
            let domains = snapshot.topology.domains(for: c.topologyKey)
            s.domainOfSlot.append(domains?.domainOfSlot ?? [])
            s.domainCounts.append(Array(repeating: 0, count: c.isHostname ? snapshot.nodeCount
                                                                           : domains?.values.count ?? 0))
        }

        let tracked = Self.trackFeasibleDomains(feasibleNodes, state: &s)
        // Which domain each node counts for: feasible nodes per host for
        // hostname constraints; for the others, every node that passes the
        // inclusion policies and lies in a domain of a feasible node.
        let n = snapshot.nodeCount
        let domainOf = SpreadCounting.flatten(s.domainOfSlot, nodeCount: n)
        var eligible = [Int32](repeating: -1, count: domainOf.count)
        for (c, constraint) in constraints.enumerated() where constraint.isHostname {
            for slot in feasibleNodes where !s.requireAllTopologies || s.hasAllKeys(slot) {
                eligible[c * n + slot] = Int32(slot)
            }
        }
        let soft = constraints.indices.filter { !constraints[$0].isHostname && tracked[$0].contains(true) }
        if !soft.isEmpty {
            SpreadCounting.markEligible(constraints, subset: soft, domainOf: domainOf, nodeCount: n, pod: pod,
                                        snapshot: snapshot, eligible: &eligible) { c, d in tracked[c][Int(d)] }
        }
        let counts = SpreadCounting.countByDomain(
            in: snapshot, selectors: constraints.map(\.selector), namespace: pod.namespace, eligible: eligible,
            domainCounts: s.domainCounts.map(\.count))
        s.domainCounts = counts.map { $0.map(Int64.init) }
        state.write(s, for: name)
        return .success
    }

    /// Marks the domains of the feasible nodes (per non-hostname constraint)
    /// and sets each constraint's weight: log(domains + 2), where hostname
    /// constraints have one domain per scored feasible node.
    private static func trackFeasibleDomains(_ feasibleNodes: [Int], state s: inout ScoreState) -> [[Bool]] {
        let constraints = s.constraints
        var tracked = constraints.indices.map { i in
            Array(repeating: false, count: constraints[i].isHostname ? 0 : s.domainCounts[i].count)
        }
        var topologySize = Array(repeating: 0, count: constraints.count)
        var missingCounted = Array(repeating: false, count: constraints.count)
        var ignored = 0
        for slot in feasibleNodes {
            if s.requireAllTopologies && !s.hasAllKeys(slot) {
                ignored += 1
                continue
            }
            for i in constraints.indices where !constraints[i].isHostname {
                let d = SpreadCounting.domain(s.domainOfSlot[i], slot)
                if d < 0 {
                    // kube-scheduler records a missing label as the value "", which counts as a domain.
                    if !missingCounted[i] {
                        missingCounted[i] = true
                        topologySize[i] += 1
                    }
                } else if !tracked[i][Int(d)] {
                    tracked[i][Int(d)] = true
                    topologySize[i] += 1
                }
            }
        }
        s.weights = constraints.indices.map { i in
            log(Double((constraints[i].isHostname ? feasibleNodes.count - ignored : topologySize[i]) + 2))
        }
        return tracked
    }

    /// Raw score: Σ count × weight + (maxSkew − 1) over the constraints whose
    /// label the node has; -1 marks a node to ignore.
    public func score(_ pod: PodInfo, node: NodeInfo, state s: ScoreState) -> Int64 {
        let slot = node.slot
        if s.requireAllTopologies && !s.hasAllKeys(slot) { return -1 }
        var score = 0.0
        for (i, c) in s.constraints.enumerated() {
            let d = SpreadCounting.domain(s.domainOfSlot[i], slot)
            if d < 0 { continue }
            let count = s.domainCounts[i][c.isHostname ? slot : Int(d)]
            score += Double(count) * s.weights[i] + Double(c.maxSkew - 1)
        }
        return Int64(score.rounded())
    }

    /// Fewer matching pods is better: 100 × (max + min − score) / max;
    /// ignored nodes get 0.
    public func normalizeScores(_ scores: inout [Int64], state: ScoreState) {
        var lowest = Int64.max
        var highest: Int64 = 0
        for s in scores where s >= 0 {
            lowest = min(lowest, s)
            highest = max(highest, s)
        }
        for i in scores.indices {
            if scores[i] < 0 {
                scores[i] = 0
            } else if highest == 0 {
                scores[i] = maxNodeScore
            } else {
                scores[i] = maxNodeScore * (highest + lowest - scores[i]) / highest
            }
        }
    }
}
