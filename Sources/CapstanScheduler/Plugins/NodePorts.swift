/// Rejects nodes where a host port the pod asks for is already taken
/// (same protocol and port on the same IP, or on 0.0.0.0).
public struct NodePortsPlugin: PreFilterPlugin, FilterPlugin {
    public static let name = "NodePorts"
    public var name: String { Self.name }

    static let rejected = PluginStatus(.unschedulable, "node(s) didn't have free ports for the requested pod ports")

    public init() {}

    /// Skips Filter for pods without host ports.
    public func preFilter(_ pod: PodInfo, in snapshot: ClusterSnapshot, state: inout CycleState) -> PreFilterResult {
        pod.hostPorts.isEmpty ? .skip : .success
    }

    public func filter(_ pod: PodInfo, node: NodeInfo, state: NoState) -> PluginStatus {
        if node.usedPorts.isEmpty { return .success }
        for p in pod.hostPorts where node.usedPorts.conflicts(with: p) { return Self.rejected }
        return .success
    }
}
