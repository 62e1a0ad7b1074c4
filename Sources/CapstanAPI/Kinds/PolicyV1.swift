// policy/v1 PodDisruptionBudget and Eviction.

public struct PodDisruptionBudget: KubeObject, SchemaNamed {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ObjectMeta
    public var spec: PodDisruptionBudgetSpec?
    public var status: PodDisruptionBudgetStatus?

    public init(
        apiVersion: String? = PodDisruptionBudget.gvk.apiVersion, kind: String? = PodDisruptionBudget.gvk.kind,
        metadata: ObjectMeta = ObjectMeta(), spec: PodDisruptionBudgetSpec? = nil,
        status: PodDisruptionBudgetStatus? = nil
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }
    public static let gvk = GroupVersionKind(group: "policy", version: "v1", kind: "PodDisruptionBudget")
    public static var schemaName: String { "io.k8s.api.policy.v1.PodDisruptionBudget" }
}

extension PodDisruptionBudget: SchemaDescribed {
    public static var typeDescription: String {
        "Limits how many pods of a set may be down at once through voluntary disruptions."
    }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "spec": FieldDoc("The budget."),
            "status": FieldDoc("Current state."),
        ]
    }
}

public struct PodDisruptionBudgetList: Codable, Sendable, Equatable, SchemaNamed {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ListMeta?
    public var items: [PodDisruptionBudget]

    public init(
        apiVersion: String? = PodDisruptionBudget.gvk.apiVersion, kind: String? = "PodDisruptionBudgetList",
        metadata: ListMeta? = nil, items: [PodDisruptionBudget]
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.items = items
    }
    public static var schemaName: String { "io.k8s.api.policy.v1.PodDisruptionBudgetList" }
}

public struct PodDisruptionBudgetSpec: Codable, Sendable, Equatable, SchemaNamed {
    public var minAvailable: IntOrString?
    public var selector: LabelSelector?
    public var maxUnavailable: IntOrString?
    public var unhealthyPodEvictionPolicy: String?

    public init(
        minAvailable: IntOrString? = nil, selector: LabelSelector? = nil, maxUnavailable: IntOrString? = nil,
        unhealthyPodEvictionPolicy: String? = nil
    ) {
        self.minAvailable = minAvailable
        self.selector = selector
        self.maxUnavailable = maxUnavailable
        self.unhealthyPodEvictionPolicy = unhealthyPodEvictionPolicy
    }
    public static var schemaName: String { "io.k8s.api.policy.v1.PodDisruptionBudgetSpec" }
}

extension PodDisruptionBudgetSpec: SchemaDescribed {
    public static var typeDescription: String { "A disruption budget." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "minAvailable": FieldDoc("Pods that must stay available; number or percentage."),
            "selector": FieldDoc(
                "Pods the budget covers; empty selects all in the namespace.",
                patchStrategy: "replace"),
            "maxUnavailable": FieldDoc(
                "Pods that may be unavailable; number or percentage. Exclusive with minAvailable."),
            "unhealthyPodEvictionPolicy": FieldDoc(
                "When unhealthy pods may be evicted.",
                enumValues: ["IfHealthyBudget", "AlwaysAllow"]),
        ]
    }
}

public struct PodDisruptionBudgetStatus: Codable, Sendable, Equatable, SchemaNamed {
    public var observedGeneration: Int64?
    public var disruptedPods: [String: Time]?
    public var disruptionsAllowed: Int32
    public var currentHealthy: Int32
    public var desiredHealthy: Int32
    public var expectedPods: Int32
    public var conditions: [Condition]?

    public init(
        observedGeneration: Int64? = nil, disruptedPods: [String: Time]? = nil, disruptionsAllowed: Int32,
        currentHealthy: Int32, desiredHealthy: Int32, expectedPods: Int32, conditions: [Condition]? = nil
    ) {
        self.observedGeneration = observedGeneration
        self.disruptedPods = disruptedPods
        self.disruptionsAllowed = disruptionsAllowed
        self.currentHealthy = currentHealthy
        self.desiredHealthy = desiredHealthy
        self.expectedPods = expectedPods
        self.conditions = conditions
    }
    public static var schemaName: String { "io.k8s.api.policy.v1.PodDisruptionBudgetStatus" }
}

extension PodDisruptionBudgetStatus: SchemaDescribed {
    public static var typeDescription: String { "Current state of a budget." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "observedGeneration": FieldDoc("Generation last acted on."),
            "disruptedPods": FieldDoc("Pods evicted but not yet deleted, with the eviction time."),
            "disruptionsAllowed": FieldDoc("Disruptions allowed now."),
            "currentHealthy": FieldDoc("Healthy pods."),
            "desiredHealthy": FieldDoc("Healthy pods needed."),
            "expectedPods": FieldDoc("Pods counted by the budget."),
            "conditions": .mergeList("type", "Current conditions (DisruptionAllowed)."),
        ]
    }
}

public struct Eviction: KubeObject, SchemaNamed {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ObjectMeta
    /// meta/v1 DeleteOptions, kept as JSON.
    public var deleteOptions: JSONValue?

    public init(
        apiVersion: String? = Eviction.gvk.apiVersion, kind: String? = Eviction.gvk.kind,
        metadata: ObjectMeta = ObjectMeta(), deleteOptions: JSONValue? = nil
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.deleteOptions = deleteOptions
    }
    public static let gvk = GroupVersionKind(group: "policy", version: "v1", kind: "Eviction")
    public static var schemaName: String { "io.k8s.api.policy.v1.Eviction" }
}

extension Eviction: SchemaDescribed {
    public static var typeDescription: String {
        "Requests eviction of a pod, subject to disruption budgets; posted to the pod's eviction subresource."
    }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "deleteOptions": FieldDoc("Options for the deletion."),
        ]
    }
}
