/// A pod that names its node (`spec.nodeName`) fits only that node.
public struct NodeNamePlugin: FilterPlugin {
    public static let name = "NodeName"
    public var name: String { Self.name }

    static let rejected = PluginStatus(.unschedulableAndUnresolvable, "node(s) didn't match the requested node name")

    public init() {}

    public func filter(_ pod: PodInfo, node: NodeInfo, state: NoState) -> PluginStatus {
        guard let wanted = pod.nodeName, wanted != node.name else { return .success }
        return Self.rejected
    }
}
