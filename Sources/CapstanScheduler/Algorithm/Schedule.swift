import CapstanAPI

extension SchedulingProfile {
    /// Schedules one pod against `snapshot` (kube-scheduler's `schedulePod`):
    /// PreFilter once; the nominated node first, if any; Filter nodes from
    /// the rotating start index until enough feasible nodes are found; Score
    /// those, normalize, weight and sum; pick the highest total, ties broken
    /// uniformly at random (reservoir sampling). Pure: reads the snapshot,
    /// advances only `nextStartNodeIndex`.
    public mutating func schedule(_ pod: Pod, in snapshot: ClusterSnapshot,
                                  using rng: inout some RandomNumberGenerator) -> SchedulingOutcome {
        schedule(PodInfo(pod), in: snapshot, using: &rng)
    }

    public mutating func schedule(_ pod: PodInfo, in snapshot: ClusterSnapshot,
                                  using rng: inout some RandomNumberGenerator) -> SchedulingOutcome {
        let allNodes = snapshot.nodeCount
        guard allNodes > 0 else { return .error(SchedulingError("no nodes available to schedule pods")) }

        let pre = runner.runPreFilter(pod, in: snapshot)
        var diagnosis = FitDiagnosis(numAllNodes: allNodes)
        if !pre.status.isSuccess {
            if pre.status.code == .error { return .error(SchedulingError(pre.status.description)) }
            diagnosis.absentNodesStatus = pre.status
            diagnosis.preFilterMessage = pre.status.message
            diagnosis.unschedulablePlugins = Set(pre.status.plugin.map { [$0] } ?? [])
            return .unschedulable(diagnosis)
        }
        let filters: PluginRunner.BoundFilters
        switch runner.bindFilters(state: pre.state, skipping: pre.skipped) {
        case .success(let f): filters = f
        case .failure(let e): return .error(e)
        }

        // A node nominated by an earlier preemption is likely the only fit: try it first.
        if let nominated = pod.pod.status?.nominatedNodeName, let slot = snapshot.slot(ofNode: nominated),
           pre.nodeNames?.contains(nominated) ?? true, filters.run(pod, on: snapshot.nodes[slot]).isSuccess {
            return .scheduled(node: nominated, evaluatedNodes: 1, feasibleNodes: 1)
        }

        var candidates: [Int]?
        if let names = pre.nodeNames {
            candidates = names.compactMap { snapshot.slot(ofNode: $0) }.sorted()
            diagnosis.absentNodesStatus = PluginStatus(
                .unschedulableAndUnresolvable,
                "node(s) didn't satisfy plugin(s) [\(pre.narrowingPlugins.sorted().joined(separator: " "))]")
        }
        let (feasible, evaluated) = findFeasible(pod, snapshot: snapshot, candidates: candidates, filters: filters)
        nextStartNodeIndex = (nextStartNodeIndex + evaluated) % allNodes

        if feasible.isEmpty {
            diagnose(pod, snapshot: snapshot, candidates: candidates, filters: filters, into: &diagnosis)
            return .unschedulable(diagnosis)
        }
        if feasible.count == 1 {
            return .scheduled(node: snapshot.nodes[feasible[0]].name, evaluatedNodes: evaluated, feasibleNodes: 1)
        }
        switch totalScores(pod, feasible: feasible, snapshot: snapshot, state: pre.state) {
        case .failure(let e):
            return .error(e)
        case .success(let totals):
            let chosen = Self.selectHost(totals, using: &rng)
            return .scheduled(node: snapshot.nodes[feasible[chosen]].name, evaluatedNodes: evaluated,
                              feasibleNodes: feasible.count)
        }
    }

    /// Filters nodes (all, or `candidates` slots) from the start index until
    /// `numFeasibleNodesToFind` pass; returns them and how many nodes were
    /// evaluated. Failures are not recorded: most pods fit somewhere, and
    /// recording every rejected node (its name, its status) was a third of
    /// this loop when spread constraints reject most nodes. `diagnose` redoes
    /// the work with recording when no node fits.
    private func findFeasible(_ pod: PodInfo, snapshot: ClusterSnapshot, candidates: [Int]?,
                              filters: PluginRunner.BoundFilters) -> (feasible: [Int], evaluated: Int) {
        let n = candidates?.count ?? snapshot.nodeCount
        guard n > 0 else { return ([], 0) }
        let wanted = Self.numFeasibleNodesToFind(percentage: percentageOfNodesToScore, numAllNodes: n)
        var feasible: [Int] = []
        feasible.reserveCapacity(wanted)
        let start = nextStartNodeIndex % n
        var i = 0
        snapshot.nodes.withUnsafeBufferPointer { nodes in
            while i < n && feasible.count < wanted {
                var index = start + i
                if index >= n { index -= n }
                let slot = candidates?[index] ?? index
                if filters.passes(pod, on: nodes[slot]) { feasible.append(slot) }
                i += 1
            }
        }
        return (feasible, i)
    }

    /// Records every node's first failing status in `diagnosis` (all nodes
    /// were evaluated when none fits; filters are pure, so they fail again
    /// the same way).
    private func diagnose(_ pod: PodInfo, snapshot: ClusterSnapshot, candidates: [Int]?,
                          filters: PluginRunner.BoundFilters, into diagnosis: inout FitDiagnosis) {
        var failedPlugins: [String] = []
        for slot in candidates ?? Array(snapshot.nodes.indices) {
            let status = filters.run(pod, on: snapshot.nodes[slot])
            guard status.code != .success else { continue }
            diagnosis.failures.append(.init(nodeName: snapshot.nodes[slot].name, status: status))
            if let p = status.plugin, !failedPlugins.contains(p) { failedPlugins.append(p) }
        }
        diagnosis.unschedulablePlugins.formUnion(failedPlugins)
    }

    /// PreScore, then Score + NormalizeScore per plugin; returns the weighted
    /// sum per feasible node.
    func totalScores(_ pod: PodInfo, feasible: [Int], snapshot: ClusterSnapshot,
                             state initial: CycleState) -> Result<[Int64], SchedulingError> {
        var state = initial
        var skipped: Set<String> = []
        for p in preScorePlugins {
            let s = p.preScore(pod, feasibleNodes: feasible, in: snapshot, state: &state)
            switch s.code {
            case .success: continue
            case .skip: skipped.insert(p.name)
            default: return .failure(SchedulingError("running PreScore plugin \(p.name): \(s.message)"))
            }
        }
        var totals = [Int64](repeating: 0, count: feasible.count)
        for weighted in scorePlugins where !skipped.contains(weighted.plugin.name) {
            switch runScore(weighted.plugin, pod, feasible: feasible, snapshot: snapshot, state: state) {
            case .failure(let e): return .failure(e)
            case .success(let scores):
                for j in totals.indices { totals[j] += scores[j] * weighted.weight }
            }
        }
        return .success(totals)
    }

    /// Index of the highest total; ties broken uniformly (reservoir sampling).
    static func selectHost(_ totals: [Int64], using rng: inout some RandomNumberGenerator) -> Int {
        var best = Int64.min
        var chosen = 0
        var ties = 0
        for (j, total) in totals.enumerated() {
            if total > best {
                best = total
                chosen = j
                ties = 1
            } else if total == best {
                ties += 1
                // Replace with probability 1/ties (modulo bias is negligible for small counts).
                if rng.next() % UInt64(ties) == 0 { chosen = j }
            }
        }
        return chosen
    }
}

/// Scores every feasible node with one plugin and normalizes (generic so the
/// per-node calls are direct).
private func runScore<P: ScorePlugin>(_ plugin: P, _ pod: PodInfo, feasible: [Int], snapshot: ClusterSnapshot,
                                      state: CycleState) -> Result<[Int64], SchedulingError> {
    guard let s = plugin.scoreState(from: state) else {
        return .failure(SchedulingError("plugin \(plugin.name): score state missing (was its PreScore disabled?)"))
    }
    var scores = [Int64](repeating: 0, count: feasible.count)
    snapshot.nodes.withUnsafeBufferPointer { nodes in
        for (j, slot) in feasible.enumerated() {
            scores[j] = plugin.score(pod, node: nodes[slot], state: s)
        }
    }
    plugin.normalizeScores(&scores, state: s)
    for (j, score) in scores.enumerated() where score < 0 || score > maxNodeScore {
        return .failure(SchedulingError(
            "plugin \(plugin.name) returned an invalid score \(score) for node \(snapshot.nodes[feasible[j]].name)"))
    }
    return .success(scores)
}
