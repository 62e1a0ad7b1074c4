/// Plugin name → factory: the one place that knows every plugin. A factory
/// gets the plugin's args from `pluginConfig` (nil when none were given)
/// and returns the plugin or throws for invalid args.
public struct PluginRegistry: Sendable {
    public typealias Factory = @Sendable (PluginArgs?) throws -> any SchedulerPlugin

    public var factories: [String: Factory]

    public init(_ factories: [String: Factory]) {
        self.factories = factories
    }

    public subscript(name: String) -> Factory? { factories[name] }

    /// The plugins of Kubernetes 1.32's default profile. Queue and volume
    /// plugins are accepted as names and do nothing here (see `NoOpPlugin`).
    public static let `default` = PluginRegistry([
        NodeUnschedulablePlugin.name: { _ in NodeUnschedulablePlugin() },
        NodeNamePlugin.name: { _ in NodeNamePlugin() },
        TaintTolerationPlugin.name: { _ in TaintTolerationPlugin() },
        NodeAffinityPlugin.name: { args in
            NodeAffinityPlugin(args: try typed(args, NodeAffinityPlugin.name) {
                if case .nodeAffinity(let a) = $0 { a } else { nil }
            } ?? .init())
        },
        NodePortsPlugin.name: { _ in NodePortsPlugin() },
        NodeResourcesFitPlugin.name: { args in
            try NodeResourcesFitPlugin(args: try typed(args, NodeResourcesFitPlugin.name) {
                if case .nodeResourcesFit(let a) = $0 { a } else { nil }
            } ?? .init())
        },
        PodTopologySpreadPlugin.name: { args in
            try PodTopologySpreadPlugin(args: try typed(args, PodTopologySpreadPlugin.name) {
                if case .podTopologySpread(let a) = $0 { a } else { nil }
            } ?? .init())
        },
        InterPodAffinityPlugin.name: { args in
            try InterPodAffinityPlugin(args: try typed(args, InterPodAffinityPlugin.name) {
                if case .interPodAffinity(let a) = $0 { a } else { nil }
            } ?? .init())
        },
        BalancedAllocationPlugin.name: { args in
            BalancedAllocationPlugin(args: try typed(args, BalancedAllocationPlugin.name) {
                if case .nodeResourcesBalancedAllocation(let a) = $0 { a } else { nil }
            } ?? .init())
        },
        ImageLocalityPlugin.name: { _ in ImageLocalityPlugin() },
        DefaultPreemptionPlugin.name: { _ in DefaultPreemptionPlugin() },
        DefaultBinderPlugin.name: { _ in DefaultBinderPlugin() },
        "PrioritySort": { _ in NoOpPlugin(name: "PrioritySort") },
        "SchedulingGates": { _ in NoOpPlugin(name: "SchedulingGates") },
        "VolumeRestrictions": { _ in NoOpPlugin(name: "VolumeRestrictions") },
        "NodeVolumeLimits": { _ in NoOpPlugin(name: "NodeVolumeLimits") },
        "VolumeBinding": { _ in NoOpPlugin(name: "VolumeBinding") },
        "VolumeZone": { _ in NoOpPlugin(name: "VolumeZone") },
    ])
}

/// The plugin's typed args; nil when none were given; throws when args of
/// another kind were given.
private func typed<T>(_ args: PluginArgs?, _ plugin: String, _ extract: (PluginArgs) -> T?) throws -> T? {
    guard let args else { return nil }
    guard let value = extract(args) else {
        throw SchedulerConfigurationError("plugin \"\(plugin)\": args are not \(plugin)Args")
    }
    return value
}
