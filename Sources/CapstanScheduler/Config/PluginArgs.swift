import CapstanAPI

/// A resource and its weight in a scoring strategy (`ResourceSpec`).
public struct ResourceSpec: Codable, Sendable, Equatable {
    public var name: String
    public var weight: Int64

    public init(name: String, weight: Int64 = 1) {
        self.name = name
        self.weight = weight
    }

    enum CodingKeys: String, CodingKey { case name, weight }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        let w = try c.decodeIfPresent(Int64.self, forKey: .weight) ?? 0
        weight = w == 0 ? 1 : w  // v1 defaulting: weight 0 means 1
    }

    /// CPU and memory with weight 1: the default for both resource scorers.
    public static let defaults = [ResourceSpec(name: ResourceName.cpu), ResourceSpec(name: ResourceName.memory)]
}

/// A point of RequestedToCapacityRatio's piecewise-linear shape: utilization
/// 0...100 maps to score 0...10.
public struct UtilizationShapePoint: Codable, Sendable, Equatable {
    public var utilization: Int32
    public var score: Int32

    public init(utilization: Int32, score: Int32) {
        self.utilization = utilization
        self.score = score
    }
}

/// NodeResourcesFit's scoring strategy.
public struct ScoringStrategy: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable {
        case leastAllocated = "LeastAllocated"
        case mostAllocated = "MostAllocated"
        case requestedToCapacityRatio = "RequestedToCapacityRatio"
    }

    public struct RequestedToCapacityRatioParam: Codable, Sendable, Equatable {
        public var shape: [UtilizationShapePoint]
        public init(shape: [UtilizationShapePoint]) { self.shape = shape }
    }

    public var type: Kind
    /// Defaults to cpu and memory with weight 1.
    public var resources: [ResourceSpec]?
    public var requestedToCapacityRatio: RequestedToCapacityRatioParam?

    public init(type: Kind = .leastAllocated, resources: [ResourceSpec]? = nil,
                requestedToCapacityRatio: RequestedToCapacityRatioParam? = nil) {
        self.type = type
        self.resources = resources
        self.requestedToCapacityRatio = requestedToCapacityRatio
    }

    enum CodingKeys: String, CodingKey { case type, resources, requestedToCapacityRatio }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        type = try c.decodeIfPresent(Kind.self, forKey: .type) ?? .leastAllocated
        resources = try c.decodeIfPresent([ResourceSpec].self, forKey: .resources)
        requestedToCapacityRatio = try c.decodeIfPresent(RequestedToCapacityRatioParam.self,
                                                         forKey: .requestedToCapacityRatio)
    }
}

/// Args of NodeResourcesFit (`NodeResourcesFitArgs`).
public struct NodeResourcesFitArgs: Codable, Sendable, Equatable {
    /// Extended resources Filter does not check.
    public var ignoredResources: [String]?
    /// Extended resource prefixes (`example.com`) Filter does not check.
    public var ignoredResourceGroups: [String]?
    /// Defaults to LeastAllocated over cpu and memory.
    public var scoringStrategy: ScoringStrategy?

    public init(ignoredResources: [String]? = nil, ignoredResourceGroups: [String]? = nil,
                scoringStrategy: ScoringStrategy? = nil) {
        self.ignoredResources = ignoredResources
        self.ignoredResourceGroups = ignoredResourceGroups
        self.scoringStrategy = scoringStrategy
    }
}

/// Args of NodeResourcesBalancedAllocation.
public struct NodeResourcesBalancedAllocationArgs: Codable, Sendable, Equatable {
    /// Defaults to cpu and memory.
    public var resources: [ResourceSpec]?
    public init(resources: [ResourceSpec]? = nil) { self.resources = resources }
}

/// Args of PodTopologySpread.
public struct PodTopologySpreadArgs: Codable, Sendable, Equatable {
    public enum DefaultingType: String, Codable, Sendable {
        /// Kubernetes' built-in defaults (hostname skew 3, zone skew 5, ScheduleAnyway).
        case system = "System"
        /// `defaultConstraints` as given.
        case list = "List"
    }

    /// Constraints for pods that define none; need a selector-free form (the
    /// selector is derived from the pod).
    public var defaultConstraints: [TopologySpreadConstraint]?
    /// Defaults to List when `defaultConstraints` is given, System otherwise.
    public var defaultingType: DefaultingType?

    public init(defaultConstraints: [TopologySpreadConstraint]? = nil, defaultingType: DefaultingType? = nil) {
        self.defaultConstraints = defaultConstraints
        self.defaultingType = defaultingType
    }
}

/// Args of InterPodAffinity.
public struct InterPodAffinityArgs: Codable, Sendable, Equatable {
    /// Score weight of existing pods' required affinity terms that the incoming
    /// pod matches (symmetry). Default 1; 0 disables.
    public var hardPodAffinityWeight: Int32?
    /// Skip existing pods' preferred terms when the incoming pod has no affinity.
    public var ignorePreferredTermsOfExistingPods: Bool?

    public init(hardPodAffinityWeight: Int32? = nil, ignorePreferredTermsOfExistingPods: Bool? = nil) {
        self.hardPodAffinityWeight = hardPodAffinityWeight
        self.ignorePreferredTermsOfExistingPods = ignorePreferredTermsOfExistingPods
    }
}

/// Args of NodeAffinity.
public struct NodeAffinityArgs: Codable, Sendable, Equatable {
    /// Node affinity the scheduler adds to every pod of the profile.
    public var addedAffinity: CapstanAPI.NodeAffinity?
    public init(addedAffinity: CapstanAPI.NodeAffinity? = nil) { self.addedAffinity = addedAffinity }
}

/// Typed args of one plugin (`pluginConfig[].args`).
public enum PluginArgs: Sendable, Equatable {
    case nodeResourcesFit(NodeResourcesFitArgs)
    case nodeResourcesBalancedAllocation(NodeResourcesBalancedAllocationArgs)
    case podTopologySpread(PodTopologySpreadArgs)
    case interPodAffinity(InterPodAffinityArgs)
    case nodeAffinity(NodeAffinityArgs)
    /// Args of a plugin without typed args here, kept as JSON.
    case other(JSONValue)
}
