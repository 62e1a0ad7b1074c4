/// The result of running one plugin at one extension point, as kube-scheduler's
/// `framework.Status`: a code that tells the scheduler (and its queue) how to
/// react, and reasons worded exactly as Kubernetes shows them to users.
public struct PluginStatus: Sendable, Equatable, CustomStringConvertible {
    /// How the scheduler reacts to a status.
    public enum Code: Sendable, Hashable {
        /// The plugin passed the pod (or node).
        case success
        /// An internal problem (missing cycle state, broken config). The cycle
        /// is aborted; the pod goes back to the queue with backoff.
        case error
        /// The pod does not fit now; preemption may make room on this node.
        case unschedulable
        /// The pod does not fit and preemption cannot help on this node.
        case unschedulableAndUnresolvable
        /// PreFilter/PreScore only: the plugin has nothing to do for this pod,
        /// so its Filter/Score is not run in this cycle.
        case skip
    }

    public var code: Code
    /// User-facing reasons; counted by `FitDiagnosis.message`.
    public var reasons: [String]
    /// The plugin that produced the status; set by the framework on failures.
    public var plugin: String?

    public init(_ code: Code, reasons: [String] = [], plugin: String? = nil) {
        self.code = code
        self.reasons = reasons
        self.plugin = plugin
    }

    public init(_ code: Code, _ reason: String) {
        self.init(code, reasons: [reason])
    }

    public static let success = PluginStatus(.success)
    public static let skip = PluginStatus(.skip)

    public var isSuccess: Bool { code == .success }
    /// True for the two unschedulable codes.
    public var isRejected: Bool { code == .unschedulable || code == .unschedulableAndUnresolvable }
    /// Reasons joined as Kubernetes' `Status.Message()` does.
    public var message: String { reasons.joined(separator: ", ") }

    public var description: String {
        "\(code)" + (plugin.map { " [\($0)]" } ?? "") + (reasons.isEmpty ? "" : ": " + message)
    }

    func with(plugin name: String) -> PluginStatus {
        var s = self
        s.plugin = name
        return s
    }
}
