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
        let table = snapshot.labelSets
        var caches = constraints.map { _ in LabelSetCache(capacity: table.capacity) }

        // Domains of the feasible nodes, and how many there are per constraint.
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
            for (i, c) in constraints.enumerated() where !c.isHostname {
                let d = SpreadCounting.domain(s.domainOfSlot[i], slot)
                if d < 0 {
                    // kube-scheduler records a missing label as the value "", which counts as a domain.
                    if !missingCounted[i] { missingCounted[i] = true; topologySize[i] += 1 }
                } else if !tracked[i][Int(d)] {
                    tracked[i][Int(d)] = true
                    topologySize[i] += 1
                }
            }
        }
        for (i, c) in constraints.enumerated() {
            let size = c.isHostname ? feasibleNodes.count - ignored : topologySize[i]
            s.weights.append(log(Double(size + 2)))
        }

        // Count matching pods per tracked domain over all nodes that count,
        // and per feasible node for hostname constraints.
        let needsWalk = constraints.indices.contains { !constraints[$0].isHostname && tracked[$0].contains(true) }
        let required = pod.requiredNodeAffinity
        snapshot.nodes.withUnsafeBufferPointer { nodes in
            for (i, c) in constraints.enumerated() where c.isHostname {
                for slot in feasibleNodes where !s.requireAllTopologies || s.hasAllKeys(slot) {
                    s.domainCounts[i][slot] = Int64(SpreadCounting.count(
                        nodes[slot], c.selector, namespace: pod.namespace, table: table, cache: &caches[i]))
                }
            }
            guard needsWalk else { return }
            for slot in nodes.indices where !nodes[slot].pods.isEmpty && s.hasAllKeys(slot) {
                let affinityMatch = required.isEmpty || required.matches(nodes[slot])
                for i in constraints.indices where !constraints[i].isHostname {
                    let d = Int(s.domainOfSlot[i][slot])
                    guard tracked[i][d],
                          constraints[i].includes(nodes[slot], pod: pod, affinityMatch: affinityMatch) else { continue }
                    s.domainCounts[i][d] += Int64(SpreadCounting.count(
                        nodes[slot], constraints[i].selector, namespace: pod.namespace, table: table,
                        cache: &caches[i]))
                }
            }
        }
        state.write(s, for: name)
        return .success
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
