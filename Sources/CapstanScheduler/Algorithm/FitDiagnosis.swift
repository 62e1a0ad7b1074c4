/// Why a pod fits no node (kube-scheduler's `Diagnosis` + `FitError`):
/// the status of every node that failed a filter, and the message shown in
/// the pod's PodScheduled condition and FailedScheduling event.
public struct FitDiagnosis: Sendable, Equatable {
    public struct NodeFailure: Sendable, Equatable {
        public var nodeName: String
        public var status: PluginStatus
    }

    /// Nodes in the snapshot when the pod was tried.
    public var numAllNodes: Int
    /// Nodes rejected by a Filter plugin, each with the first failing status.
    public var failures: [NodeFailure]
    /// Status of nodes without an explicit failure: all nodes when PreFilter
    /// rejected the pod, the nodes PreFilter ruled out when it narrowed them.
    public var absentNodesStatus: PluginStatus?
    /// PreFilter's rejection message, if PreFilter rejected the pod.
    public var preFilterMessage: String?
    /// Set by the caller from preemption (`PreemptionOutcome.none`), appended to `message`.
    public var postFilterMessage: String?
    /// Plugins that rejected the pod somewhere (for queueing decisions).
    public var unschedulablePlugins: Set<String>

    public init(numAllNodes: Int, failures: [NodeFailure] = [], absentNodesStatus: PluginStatus? = nil,
                preFilterMessage: String? = nil, postFilterMessage: String? = nil,
                unschedulablePlugins: Set<String> = []) {
        self.numAllNodes = numAllNodes
        self.failures = failures
        self.absentNodesStatus = absentNodesStatus
        self.preFilterMessage = preFilterMessage
        self.postFilterMessage = postFilterMessage
        self.unschedulablePlugins = unschedulablePlugins
    }

    /// The status of `node`: its explicit failure, else `absentNodesStatus`,
    /// else UnschedulableAndUnresolvable (not evaluated).
    public func status(ofNode node: String) -> PluginStatus {
        if let f = failures.first(where: { $0.nodeName == node }) { return f.status }
        return absentNodesStatus ?? PluginStatus(.unschedulableAndUnresolvable)
    }

    /// Kubernetes' wording: "0/3 nodes are available: 1 Insufficient cpu, 2
    /// node(s) had untolerated taint {dedicated: gpu}." Reasons are counted
    /// and sorted as strings; a PreFilter rejection replaces the counts; the
    /// preemption message follows.
    public var message: String {
        var msg = "0/\(numAllNodes) nodes are available:"
        if let pre = preFilterMessage, !pre.isEmpty {
            msg += " \(pre)."
        } else {
            let histogram = reasonHistogram()
            if !histogram.isEmpty { msg += " " + histogram.joined(separator: ", ") + "." }
        }
        if let post = postFilterMessage, !post.isEmpty { msg += " \(post)." }
        return msg
    }

    /// "count reason" entries sorted byte-wise, as Go's sort.Strings.
    func reasonHistogram() -> [String] {
        var counts: [String: Int] = [:]
        for f in failures {
            for r in f.status.reasons { counts[r, default: 0] += 1 }
        }
        if failures.count < numAllNodes, let absent = absentNodesStatus {
            for r in absent.reasons { counts[r, default: 0] += numAllNodes - failures.count }
        }
        return counts.map { "\($0.value) \($0.key)" }.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }
}

/// The result of one scheduling attempt.
public enum SchedulingOutcome: Sendable, Equatable {
    /// Bind the pod to `node`. `evaluatedNodes` nodes were filtered,
    /// `feasibleNodes` of them passed.
    case scheduled(node: String, evaluatedNodes: Int, feasibleNodes: Int)
    /// No node fits; try `SchedulingProfile.preempt` and report `diagnosis.message`.
    case unschedulable(FitDiagnosis)
    /// The attempt failed for an internal reason (no nodes, missing plugin
    /// state); retry with backoff.
    case error(SchedulingError)
}
