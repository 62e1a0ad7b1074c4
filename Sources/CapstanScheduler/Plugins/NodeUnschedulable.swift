import CapstanAPI

/// Keeps pods off cordoned nodes (`spec.unschedulable`) unless they tolerate
/// the `node.kubernetes.io/unschedulable:NoSchedule` taint.
public struct NodeUnschedulablePlugin: FilterPlugin {
    public static let name = "NodeUnschedulable"
    public var name: String { Self.name }

    static let unschedulableTaint = Taint(key: "node.kubernetes.io/unschedulable", effect: TaintEffect.noSchedule)
    static let rejected = PluginStatus(.unschedulableAndUnresolvable, "node(s) were unschedulable")

    public init() {}

    public func filter(_ pod: PodInfo, node: NodeInfo, state: NoState) -> PluginStatus {
        guard node.unschedulable else { return .success }
        if pod.tolerations.contains(where: { $0.tolerates(Self.unschedulableTaint) }) { return .success }
        return Self.rejected
    }
}
