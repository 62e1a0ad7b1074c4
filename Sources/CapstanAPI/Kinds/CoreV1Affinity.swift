// core/v1 scheduling constraints: node and pod affinity, tolerations, topology spread.

public struct Affinity: Codable, Sendable, Equatable, SchemaNamed {
    public var nodeAffinity: NodeAffinity?
    public var podAffinity: PodAffinity?
    public var podAntiAffinity: PodAntiAffinity?

    public init(
        nodeAffinity: NodeAffinity? = nil, podAffinity: PodAffinity? = nil, podAntiAffinity: PodAntiAffinity? = nil
    ) {
        self.nodeAffinity = nodeAffinity
        self.podAffinity = podAffinity
        self.podAntiAffinity = podAntiAffinity
    }
    public static var schemaName: String { "io.k8s.api.core.v1.Affinity" }
}

extension Affinity: SchemaDescribed {
    public static var typeDescription: String { "Scheduling constraints relative to nodes and other pods." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "nodeAffinity": FieldDoc("Constraints on node labels."),
            "podAffinity": FieldDoc("Run near pods matching a selector."),
            "podAntiAffinity": FieldDoc("Run away from pods matching a selector."),
        ]
    }
}

public struct NodeAffinity: Codable, Sendable, Equatable, SchemaNamed {
    public var requiredDuringSchedulingIgnoredDuringExecution: NodeSelector?
    public var preferredDuringSchedulingIgnoredDuringExecution: [PreferredSchedulingTerm]?

    public init(
        requiredDuringSchedulingIgnoredDuringExecution: NodeSelector? = nil,
        preferredDuringSchedulingIgnoredDuringExecution: [PreferredSchedulingTerm]? = nil
    ) {
        self.requiredDuringSchedulingIgnoredDuringExecution = requiredDuringSchedulingIgnoredDuringExecution
        self.preferredDuringSchedulingIgnoredDuringExecution = preferredDuringSchedulingIgnoredDuringExecution
    }
    public static var schemaName: String { "io.k8s.api.core.v1.NodeAffinity" }
}

extension NodeAffinity: SchemaDescribed {
    public static var typeDescription: String { "Constraints on the labels of the node a pod runs on." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "requiredDuringSchedulingIgnoredDuringExecution": FieldDoc(
                "Terms a node must match for the pod to be scheduled there."),
            "preferredDuringSchedulingIgnoredDuringExecution": FieldDoc(
                "Weighted terms the scheduler prefers nodes to match."),
        ]
    }
}

public struct NodeSelector: Codable, Sendable, Equatable, SchemaNamed {
    public var nodeSelectorTerms: [NodeSelectorTerm]

    public init(nodeSelectorTerms: [NodeSelectorTerm]) {
        self.nodeSelectorTerms = nodeSelectorTerms
    }
    public static var schemaName: String { "io.k8s.api.core.v1.NodeSelector" }
}

extension NodeSelector: SchemaDescribed {
    public static var typeDescription: String { "Terms ORed together; a node matches if it matches any term." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "nodeSelectorTerms": FieldDoc("The terms."),
        ]
    }
}

public struct NodeSelectorTerm: Codable, Sendable, Equatable, SchemaNamed {
    public var matchExpressions: [NodeSelectorRequirement]?
    public var matchFields: [NodeSelectorRequirement]?

    public init(matchExpressions: [NodeSelectorRequirement]? = nil, matchFields: [NodeSelectorRequirement]? = nil) {
        self.matchExpressions = matchExpressions
        self.matchFields = matchFields
    }
    public static var schemaName: String { "io.k8s.api.core.v1.NodeSelectorTerm" }
}

extension NodeSelectorTerm: SchemaDescribed {
    public static var typeDescription: String { "Requirements ANDed together." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "matchExpressions": FieldDoc("Requirements on node labels."),
            "matchFields": FieldDoc("Requirements on node fields (metadata.name)."),
        ]
    }
}

public struct NodeSelectorRequirement: Codable, Sendable, Equatable, SchemaNamed {
    public var key: String
    public var `operator`: String
    public var values: [String]?

    public init(key: String, operator: String, values: [String]? = nil) {
        self.key = key
        self.operator = `operator`
        self.values = values
    }
    public static var schemaName: String { "io.k8s.api.core.v1.NodeSelectorRequirement" }
}

extension NodeSelectorRequirement: SchemaDescribed {
    public static var typeDescription: String { "A requirement on a label or field." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "key": FieldDoc("Label key or field."),
            "operator": FieldDoc(
                "How values are compared.",
                enumValues: ["In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt"]),
            "values": FieldDoc("Values; one for Gt and Lt, none for Exists and DoesNotExist."),
        ]
    }
}

public struct PreferredSchedulingTerm: Codable, Sendable, Equatable, SchemaNamed {
    public var weight: Int32
    public var preference: NodeSelectorTerm

    public init(weight: Int32, preference: NodeSelectorTerm) {
        self.weight = weight
        self.preference = preference
    }
    public static var schemaName: String { "io.k8s.api.core.v1.PreferredSchedulingTerm" }
}

extension PreferredSchedulingTerm: SchemaDescribed {
    public static var typeDescription: String { "A weighted node preference." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "weight": FieldDoc("Weight, 1-100."),
            "preference": FieldDoc("Term a node should match."),
        ]
    }
}

public struct PodAffinity: Codable, Sendable, Equatable, SchemaNamed {
    public var requiredDuringSchedulingIgnoredDuringExecution: [PodAffinityTerm]?
    public var preferredDuringSchedulingIgnoredDuringExecution: [WeightedPodAffinityTerm]?

    public init(
        requiredDuringSchedulingIgnoredDuringExecution: [PodAffinityTerm]? = nil,
        preferredDuringSchedulingIgnoredDuringExecution: [WeightedPodAffinityTerm]? = nil
    ) {
        self.requiredDuringSchedulingIgnoredDuringExecution = requiredDuringSchedulingIgnoredDuringExecution
        self.preferredDuringSchedulingIgnoredDuringExecution = preferredDuringSchedulingIgnoredDuringExecution
    }
    public static var schemaName: String { "io.k8s.api.core.v1.PodAffinity" }
}

extension PodAffinity: SchemaDescribed {
    public static var typeDescription: String { "Co-location rules with other pods." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "requiredDuringSchedulingIgnoredDuringExecution": FieldDoc(
                "Terms that must hold when the pod is scheduled."),
            "preferredDuringSchedulingIgnoredDuringExecution": FieldDoc(
                "Weighted terms the scheduler prefers to satisfy."),
        ]
    }
}

public struct PodAntiAffinity: Codable, Sendable, Equatable, SchemaNamed {
    public var requiredDuringSchedulingIgnoredDuringExecution: [PodAffinityTerm]?
    public var preferredDuringSchedulingIgnoredDuringExecution: [WeightedPodAffinityTerm]?

    public init(
        requiredDuringSchedulingIgnoredDuringExecution: [PodAffinityTerm]? = nil,
        preferredDuringSchedulingIgnoredDuringExecution: [WeightedPodAffinityTerm]? = nil
    ) {
        self.requiredDuringSchedulingIgnoredDuringExecution = requiredDuringSchedulingIgnoredDuringExecution
        self.preferredDuringSchedulingIgnoredDuringExecution = preferredDuringSchedulingIgnoredDuringExecution
    }
    public static var schemaName: String { "io.k8s.api.core.v1.PodAntiAffinity" }
}

extension PodAntiAffinity: SchemaDescribed {
    public static var typeDescription: String { "Separation rules from other pods." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "requiredDuringSchedulingIgnoredDuringExecution": FieldDoc(
                "Terms that must hold when the pod is scheduled."),
            "preferredDuringSchedulingIgnoredDuringExecution": FieldDoc(
                "Weighted terms the scheduler prefers to satisfy."),
        ]
    }
}

public struct PodAffinityTerm: Codable, Sendable, Equatable, SchemaNamed {
    public var labelSelector: LabelSelector?
    public var namespaces: [String]?
    public var topologyKey: String
    public var namespaceSelector: LabelSelector?
    public var matchLabelKeys: [String]?
    public var mismatchLabelKeys: [String]?

    public init(
        labelSelector: LabelSelector? = nil, namespaces: [String]? = nil, topologyKey: String,
        namespaceSelector: LabelSelector? = nil, matchLabelKeys: [String]? = nil, mismatchLabelKeys: [String]? = nil
    ) {
        self.labelSelector = labelSelector
        self.namespaces = namespaces
        self.topologyKey = topologyKey
        self.namespaceSelector = namespaceSelector
        self.matchLabelKeys = matchLabelKeys
        self.mismatchLabelKeys = mismatchLabelKeys
    }
    public static var schemaName: String { "io.k8s.api.core.v1.PodAffinityTerm" }
}

extension PodAffinityTerm: SchemaDescribed {
    public static var typeDescription: String { "Pods matching a selector in a topology domain." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "labelSelector": FieldDoc("Pods this term is about."),
            "namespaces": FieldDoc("Namespaces to look in. Default: the pod's own."),
            "topologyKey": FieldDoc("Node label whose values define the domain."),
            "namespaceSelector": FieldDoc("Namespaces to look in, by label."),
            "matchLabelKeys": FieldDoc("Incoming pod label keys added to the selector with In."),
            "mismatchLabelKeys": FieldDoc("Incoming pod label keys added to the selector with NotIn."),
        ]
    }
}

public struct WeightedPodAffinityTerm: Codable, Sendable, Equatable, SchemaNamed {
    public var weight: Int32
    public var podAffinityTerm: PodAffinityTerm

    public init(weight: Int32, podAffinityTerm: PodAffinityTerm) {
        self.weight = weight
        self.podAffinityTerm = podAffinityTerm
    }
    public static var schemaName: String { "io.k8s.api.core.v1.WeightedPodAffinityTerm" }
}

extension WeightedPodAffinityTerm: SchemaDescribed {
    public static var typeDescription: String { "A weighted pod affinity term." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "weight": FieldDoc("Weight, 1-100."),
            "podAffinityTerm": FieldDoc("The term."),
        ]
    }
}

public struct Toleration: Codable, Sendable, Equatable, SchemaNamed {
    public var key: String?
    public var `operator`: String?
    public var value: String?
    public var effect: String?
    public var tolerationSeconds: Int64?

    public init(
        key: String? = nil, operator: String? = nil, value: String? = nil, effect: String? = nil,
        tolerationSeconds: Int64? = nil
    ) {
        self.key = key
        self.operator = `operator`
        self.value = value
        self.effect = effect
        self.tolerationSeconds = tolerationSeconds
    }
    public static var schemaName: String { "io.k8s.api.core.v1.Toleration" }
}

extension Toleration: SchemaDescribed {
    public static var typeDescription: String { "Lets a pod schedule onto (or stay on) nodes with a matching taint." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "key": FieldDoc("Taint key; empty with Exists matches all taints."),
            "operator": FieldDoc("Exists or Equal. Default Equal.", enumValues: ["Exists", "Equal"]),
            "value": FieldDoc("Taint value to match with Equal."),
            "effect": FieldDoc(
                "Taint effect to match; empty matches all.",
                enumValues: ["NoSchedule", "PreferNoSchedule", "NoExecute"]),
            "tolerationSeconds": FieldDoc(
                "For NoExecute: seconds the pod stays after the taint appears. Unset means forever."),
        ]
    }
}

public struct TopologySpreadConstraint: Codable, Sendable, Equatable, SchemaNamed {
    public var maxSkew: Int32
    public var topologyKey: String
    public var whenUnsatisfiable: String
    public var labelSelector: LabelSelector?
    public var minDomains: Int32?
    public var nodeAffinityPolicy: String?
    public var nodeTaintsPolicy: String?
    public var matchLabelKeys: [String]?

    public init(
        maxSkew: Int32, topologyKey: String, whenUnsatisfiable: String, labelSelector: LabelSelector? = nil,
        minDomains: Int32? = nil, nodeAffinityPolicy: String? = nil, nodeTaintsPolicy: String? = nil,
        matchLabelKeys: [String]? = nil
    ) {
        self.maxSkew = maxSkew
        self.topologyKey = topologyKey
        self.whenUnsatisfiable = whenUnsatisfiable
        self.labelSelector = labelSelector
        self.minDomains = minDomains
        self.nodeAffinityPolicy = nodeAffinityPolicy
        self.nodeTaintsPolicy = nodeTaintsPolicy
        self.matchLabelKeys = matchLabelKeys
    }
    public static var schemaName: String { "io.k8s.api.core.v1.TopologySpreadConstraint" }
}

extension TopologySpreadConstraint: SchemaDescribed {
    public static var typeDescription: String { "How matching pods spread over a topology." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "maxSkew": FieldDoc("Largest allowed difference in matching pods between two domains."),
            "topologyKey": FieldDoc("Node label whose values define the domains."),
            "whenUnsatisfiable": FieldDoc(
                "What to do when the skew cannot be met.",
                enumValues: ["DoNotSchedule", "ScheduleAnyway"]),
            "labelSelector": FieldDoc("Pods counted in each domain."),
            "minDomains": FieldDoc("Minimum number of eligible domains."),
            "nodeAffinityPolicy": FieldDoc(
                "Whether node affinity and nodeSelector limit the domains. Default Honor.",
                enumValues: ["Honor", "Ignore"]),
            "nodeTaintsPolicy": FieldDoc(
                "Whether node taints limit the domains. Default Ignore.",
                enumValues: ["Honor", "Ignore"]),
            "matchLabelKeys": FieldDoc("Incoming pod label keys added to the selector."),
        ]
    }
}
