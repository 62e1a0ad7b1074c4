import CapstanAPI
import Foundation

/// What preemption decided for a pod that fits nowhere.
public enum PreemptionOutcome: Sendable, Equatable {
    /// Delete `victims` (sorted most important first) and set the pod's
    /// `status.nominatedNodeName` to `node`; the pod is retried later.
    case nominate(node: String, victims: [Pod])
    /// Preemption cannot help. The message ("preemption: 0/3 nodes are
    /// available: ...") goes to `FitDiagnosis.postFilterMessage`; empty when
    /// no PostFilter plugin is enabled.
    case none(String)
}

/// kube-scheduler's DefaultPreemption: on nodes that failed only with
/// resolvable reasons, remove all lower-priority pods, check the pod fits,
/// then reprieve as many victims as possible (PDB-violating ones first, each
/// group from the highest priority down); pick the node with the fewest PDB
/// violations, then the lowest highest-victim priority, the smallest
/// priority sum, the fewest victims, the latest start among the
/// highest-priority victims, then the first found.
public struct DefaultPreemptionPlugin: PostFilterPlugin {
    public static let name = "DefaultPreemption"
    public var name: String { Self.name }

    /// At least this percentage of the potential nodes is tried for candidates ...
    let minCandidateNodesPercentage = 10
    /// ... and at least this many.
    let minCandidateNodesAbsolute = 100

    public init() {}

    struct Candidate {
        var nodeName: String
        var victims: [PodInfo]
        var pdbViolations: Int
    }

    public func postFilter(_ pod: PodInfo, diagnosis: FitDiagnosis, in snapshot: ClusterSnapshot,
                           pdbs: [PodDisruptionBudget], runner: PluginRunner) -> PreemptionOutcome {
        if let reason = ineligibility(pod, diagnosis: diagnosis, snapshot: snapshot) {
            return .none("preemption: " + reason)
        }
        let statusByNode = Dictionary(diagnosis.failures.map { ($0.nodeName, $0.status) },
                                      uniquingKeysWith: { first, _ in first })
        let potential = snapshot.nodes.indices.filter { slot in
            (statusByNode[snapshot.nodes[slot].name] ?? diagnosis.absentNodesStatus)?.code == .unschedulable
        }
        let notHelpful = PluginStatus(.unschedulableAndUnresolvable, "Preemption is not helpful for scheduling")
        func failure(_ failures: [FitDiagnosis.NodeFailure]) -> PreemptionOutcome {
            let d = FitDiagnosis(numAllNodes: snapshot.nodeCount, failures: failures, absentNodesStatus: notHelpful)
            return .none("preemption: " + d.message)
        }
        if potential.isEmpty { return failure([]) }

        let pre = runner.runPreFilter(pod, in: snapshot)
        if pre.status.code == .error || pre.status.code == .unschedulableAndUnresolvable { return failure([]) }
        let limit = min(potential.count, max(potential.count * minCandidateNodesPercentage / 100,
                                              minCandidateNodesAbsolute))
        var candidates: [Candidate] = []
        var nonViolating = 0
        var failures: [FitDiagnosis.NodeFailure] = []
        for slot in potential {
            let node = snapshot.nodes[slot]
            switch selectVictims(pod, on: node, pre: pre, snapshot: snapshot, pdbs: pdbs, runner: runner) {
            case .candidate(let c):
                candidates.append(c)
                if c.pdbViolations == 0 { nonViolating += 1 }
            case .rejected(let status):
                failures.append(.init(nodeName: node.name, status: status))
            }
            if nonViolating > 0 && candidates.count >= limit { break }
        }
        guard let best = Self.pick(candidates) else { return failure(failures) }
        return .nominate(node: best.nodeName, victims: best.victims.map(\.pod))
    }

    /// Why the pod may not preempt, if it may not (kube-scheduler's `PodEligibleToPreemptOthers`).
    func ineligibility(_ pod: PodInfo, diagnosis: FitDiagnosis, snapshot: ClusterSnapshot) -> String? {
        if pod.preemptionPolicy == .never { return "not eligible due to preemptionPolicy=Never." }
        guard let nominated = pod.pod.status?.nominatedNodeName, !nominated.isEmpty,
              diagnosis.status(ofNode: nominated).code != .unschedulableAndUnresolvable,
              let node = snapshot.node(named: nominated) else { return nil }
        if node.pods.contains(where: { $0.isTerminating && $0.priority < pod.priority }) {
            return "not eligible due to a terminating pod on the nominated node."
        }
        return nil
    }

    /// kube-scheduler's `pickOneNodeForPreemption`: each criterion keeps the
    /// candidates with the best value until one is left.
    static func pick(_ candidates: [Candidate]) -> Candidate? {
        var remaining = candidates
        let criteria: [(Candidate) -> Double] = [
            { -Double($0.pdbViolations) },
            { -Double($0.victims.first?.priority ?? 0) },
            { c in -c.victims.reduce(0.0) { $0 + Double($1.priority) + Double(Int32.max) + 1 } },
            { -Double($0.victims.count) },
            { c in
                // The latest start among the highest-priority victims is best;
                // a victim that has not started counts as the latest.
                let top = c.victims.first?.priority ?? 0
                let starts = c.victims.filter { $0.priority == top }.map { $0.startTime ?? .distantFuture }
                return (starts.min() ?? .distantFuture).timeIntervalSince1970
            },
        ]
        for score in criteria where remaining.count > 1 {
            let best = remaining.map(score).max()!
            remaining = remaining.filter { score($0) == best }
        }
        return remaining.first
    }
}
