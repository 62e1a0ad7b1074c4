import CapstanAPI
import Foundation

extension DefaultPreemptionPlugin {
    enum VictimSelection {
        case candidate(Candidate)
        /// Preemption cannot help on this node; the status says why.
        case rejected(PluginStatus)
    }

    /// kube-scheduler's `SelectVictimsOnNode`, on a copy of the node and the
    /// cycle state: remove all lower-priority pods, check the pod fits, then
    /// add victims back one by one while it still fits. Failure statuses are
    /// reported per node in the preemption message.
    func selectVictims(_ pod: PodInfo, on original: NodeInfo, pre: PluginRunner.PreFilterOutput,
                       snapshot: ClusterSnapshot, pdbs: [PodDisruptionBudget], runner: PluginRunner) -> VictimSelection {
        var node = original
        var state = pre.state
        let skipped = pre.skipped
        let potential = node.pods.filter { $0.priority < pod.priority }
        if potential.isEmpty {
            return .rejected(PluginStatus(.unschedulableAndUnresolvable, "No preemption victims found for incoming pod"))
        }
        for victim in potential {
            node.removePod(victim.key)
            runner.removePod(victim, from: node, scheduling: pod, in: snapshot, skipping: skipped, state: &state)
        }
        func fits() -> PluginStatus {
            switch runner.bindFilters(state: state, skipping: skipped) {
            case .success(let filters): return filters.run(pod, on: node)
            case .failure(let e): return PluginStatus(.error, e.message)
            }
        }
        let afterRemoval = fits()
        if !afterRemoval.isSuccess { return .rejected(afterRemoval) }

        let sorted = potential.sorted { PodInfo.isMoreImportant($0, than: $1) }
        let (violating, nonViolating) = Self.splitByPDBViolation(sorted, pdbs: pdbs)
        var victims: [PodInfo] = []
        var violations = 0
        func reprieve(_ p: PodInfo) -> Bool {
            node.addPod(p)
            runner.addPod(p, to: node, scheduling: pod, in: snapshot, skipping: skipped, state: &state)
            if fits().isSuccess { return true }
            node.removePod(p.key)
            runner.removePod(p, from: node, scheduling: pod, in: snapshot, skipping: skipped, state: &state)
            victims.append(p)
            return false
        }
        for p in violating where !reprieve(p) { violations += 1 }
        for p in nonViolating { _ = reprieve(p) }
        if !violating.isEmpty && !nonViolating.isEmpty {
            victims.sort { PodInfo.isMoreImportant($0, than: $1) }
        }
        if victims.isEmpty {
            return .rejected(PluginStatus(.error, "expected at least one victim pod on node \(node.name)"))
        }
        return .candidate(Candidate(nodeName: node.name, victims: victims, pdbViolations: violations))
    }

    /// kube-scheduler's `filterPodsWithPDBViolation`: walking pods in order,
    /// each matching PDB's remaining disruptions are decremented; a pod that
    /// drives one below zero is "violating". Pods already in a PDB's
    /// disruptedPods do not count.
    static func splitByPDBViolation(_ pods: [PodInfo], pdbs: [PodDisruptionBudget]) -> ([PodInfo], [PodInfo]) {
        var allowed = pdbs.map { Int($0.status?.disruptionsAllowed ?? 0) }
        let selectors = pdbs.map { try? LabelSelectorExpression($0.spec?.selector) }
        var violating: [PodInfo] = []
        var nonViolating: [PodInfo] = []
        for p in pods {
            var violated = false
            if !p.labels.isEmpty {
                for (i, pdb) in pdbs.enumerated() where (pdb.metadata.namespace ?? "default") == p.namespace {
                    guard let selector = selectors[i], !selector.isEmpty, selector.matches(p.labels) else { continue }
                    if pdb.status?.disruptedPods?[p.key.name] != nil { continue }
                    allowed[i] -= 1
                    if allowed[i] < 0 { violated = true }
                }
            }
            if violated { violating.append(p) } else { nonViolating.append(p) }
        }
        return (violating, nonViolating)
    }
}
