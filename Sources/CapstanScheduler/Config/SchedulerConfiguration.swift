/// A plugin named in a plugin set, with its score weight (score and multiPoint only).
public struct PluginReference: Codable, Sendable, Equatable {
    public var name: String
    public var weight: Int32?

    public init(name: String, weight: Int32? = nil) {
        self.name = name
        self.weight = weight
    }
}

/// Plugins enabled and disabled at one extension point. `disabled: [{name: "*"}]`
/// disables all default plugins of the point.
public struct PluginSet: Codable, Sendable, Equatable {
    public var enabled: [PluginReference]
    public var disabled: [PluginReference]

    public init(enabled: [PluginReference] = [], disabled: [PluginReference] = []) {
        self.enabled = enabled
        self.disabled = disabled
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        enabled = try c.decodeIfPresent([PluginReference].self, forKey: .enabled) ?? []
        disabled = try c.decodeIfPresent([PluginReference].self, forKey: .disabled) ?? []
    }

    var disabledNames: Set<String> { Set(disabled.map(\.name)) }
}

/// The `plugins` of a profile: one plugin set per extension point, and
/// `multiPoint` for plugins enabled at every point they implement.
public struct PluginsConfiguration: Codable, Sendable, Equatable {
    public var preEnqueue = PluginSet()
    public var queueSort = PluginSet()
    public var preFilter = PluginSet()
    public var filter = PluginSet()
    public var postFilter = PluginSet()
    public var preScore = PluginSet()
    public var score = PluginSet()
    public var reserve = PluginSet()
    public var permit = PluginSet()
    public var preBind = PluginSet()
    public var bind = PluginSet()
    public var postBind = PluginSet()
    public var multiPoint = PluginSet()

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case preEnqueue, queueSort, preFilter, filter, postFilter, preScore, score, reserve, permit, preBind, bind
        case postBind, multiPoint
    }

    static var points: [WritableKeyPath<PluginsConfiguration, PluginSet>] {
        [
            \.preEnqueue, \.queueSort, \.preFilter, \.filter, \.postFilter, \.preScore, \.score, \.reserve,
            \.permit,
            \.preBind, \.bind, \.postBind, \.multiPoint,
        ]
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        for (key, path) in zip(CodingKeys.allCases, Self.points) {
            self[keyPath: path] = try c.decodeIfPresent(PluginSet.self, forKey: key) ?? PluginSet()
        }
    }

    /// Kubernetes 1.32's default plugins (`getDefaultPlugins`), all through
    /// multiPoint, with the default score weights.
    public static let defaults: PluginsConfiguration = {
        var p = PluginsConfiguration()
        p.multiPoint.enabled = [
            PluginReference(name: "SchedulingGates"),
            PluginReference(name: "PrioritySort"),
            PluginReference(name: "NodeUnschedulable"),
            PluginReference(name: "NodeName"),
            PluginReference(name: "TaintToleration", weight: 3),
            PluginReference(name: "NodeAffinity", weight: 2),
            PluginReference(name: "NodePorts"),
            PluginReference(name: "NodeResourcesFit", weight: 1),
            PluginReference(name: "VolumeRestrictions"),
            PluginReference(name: "NodeVolumeLimits"),
            PluginReference(name: "VolumeBinding"),
            PluginReference(name: "VolumeZone"),
            PluginReference(name: "PodTopologySpread", weight: 2),
            PluginReference(name: "InterPodAffinity", weight: 2),
            PluginReference(name: "DefaultPreemption"),
            PluginReference(name: "NodeResourcesBalancedAllocation", weight: 1),
            PluginReference(name: "ImageLocality", weight: 1),
            PluginReference(name: "DefaultBinder"),
        ]
        return p
    }()
}

/// Args for one plugin (`pluginConfig[]`).
public struct PluginConfig: Sendable, Equatable {
    public var name: String
    public var args: PluginArgs

    public init(name: String, args: PluginArgs) {
        self.name = name
        self.args = args
    }
}

/// One scheduler profile of the configuration.
public struct ProfileConfiguration: Sendable, Equatable {
    public static let defaultSchedulerName = "default-scheduler"

    /// Pods with this `spec.schedulerName` use the profile.
    public var schedulerName: String
    /// Overrides the configuration-wide value.
    public var percentageOfNodesToScore: Int32?
    /// The user's plugin sets; merged with the defaults when the profile is built.
    public var plugins: PluginsConfiguration
    public var pluginConfig: [PluginConfig]

    public init(schedulerName: String = ProfileConfiguration.defaultSchedulerName,
                percentageOfNodesToScore: Int32? = nil, plugins: PluginsConfiguration = PluginsConfiguration(),
                pluginConfig: [PluginConfig] = []) {
        self.schedulerName = schedulerName
        self.percentageOfNodesToScore = percentageOfNodesToScore
        self.plugins = plugins
        self.pluginConfig = pluginConfig
    }
}

/// A KubeSchedulerConfiguration (kubescheduler.config.k8s.io/v1), reduced to
/// what the scheduling core uses: profiles and percentageOfNodesToScore.
public struct SchedulerConfiguration: Sendable, Equatable {
    public static let apiVersion = "kubescheduler.config.k8s.io/v1"
    public static let kind = "KubeSchedulerConfiguration"

    /// 0 or nil: adaptive. Profiles may override.
    public var percentageOfNodesToScore: Int32?
    public var profiles: [ProfileConfiguration]

    public init(percentageOfNodesToScore: Int32? = nil,
                profiles: [ProfileConfiguration] = [ProfileConfiguration()]) {
        self.percentageOfNodesToScore = percentageOfNodesToScore
        self.profiles = profiles
    }

    /// One `default-scheduler` profile with Kubernetes' default plugins.
    public static let `default` = SchedulerConfiguration()

    /// Checks what does not need the registry: percentages, profile names.
    public func validate() throws(SchedulerConfigurationError) {
        func checkPercentage(_ p: Int32?, _ field: String) throws(SchedulerConfigurationError) {
            if let p, !(0...100).contains(p) {
                throw SchedulerConfigurationError("\(field): Invalid value: \(p): not in valid range [0-100]")
            }
        }
        try checkPercentage(percentageOfNodesToScore, "percentageOfNodesToScore")
        guard !profiles.isEmpty else { throw SchedulerConfigurationError("profiles: Required value") }
        var seen: Set<String> = []
        for (i, p) in profiles.enumerated() {
            if p.schedulerName.isEmpty {
                throw SchedulerConfigurationError("profiles[\(i)].schedulerName: Required value")
            }
            if !seen.insert(p.schedulerName).inserted {
                throw SchedulerConfigurationError("profiles[\(i)].schedulerName: Duplicate value: \"\(p.schedulerName)\"")
            }
            try checkPercentage(p.percentageOfNodesToScore, "profiles[\(i)].percentageOfNodesToScore")
        }
    }

    /// Instantiates every profile, in order. Throws for unknown plugins,
    /// plugins enabled at a point they do not implement, bad args.
    public func makeProfiles(registry: PluginRegistry = .default) throws(SchedulerConfigurationError)
        -> [SchedulingProfile]
    {
        try validate()
        var result: [SchedulingProfile] = []
        for (i, p) in profiles.enumerated() {
            do {
                result.append(try SchedulingProfile(configuration: p, globalPercentageOfNodesToScore:
                                                        percentageOfNodesToScore, registry: registry))
            } catch {
                throw SchedulerConfigurationError("profiles[\(i)] \"\(p.schedulerName)\": \(error.message)")
            }
        }
        return result
    }
}
