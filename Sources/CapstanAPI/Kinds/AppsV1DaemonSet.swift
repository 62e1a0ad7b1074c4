// apps/v1 DaemonSet and ControllerRevision.

public struct DaemonSet: KubeObject, SchemaNamed {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ObjectMeta
    public var spec: DaemonSetSpec?
    public var status: DaemonSetStatus?

    public init(
        apiVersion: String? = DaemonSet.gvk.apiVersion, kind: String? = DaemonSet.gvk.kind,
        metadata: ObjectMeta = ObjectMeta(), spec: DaemonSetSpec? = nil, status: DaemonSetStatus? = nil
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }
    public static let gvk = GroupVersionKind(group: "apps", version: "v1", kind: "DaemonSet")
    public static var schemaName: String { "io.k8s.api.apps.v1.DaemonSet" }
}

extension DaemonSet: SchemaDescribed {
    public static var typeDescription: String { "Runs a copy of a pod on every (selected) node." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "spec": FieldDoc("Desired state."),
            "status": FieldDoc("Most recently observed state."),
        ]
    }
}

public struct DaemonSetList: Codable, Sendable, Equatable, SchemaNamed {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ListMeta?
    public var items: [DaemonSet]

    public init(
        apiVersion: String? = DaemonSet.gvk.apiVersion, kind: String? = "DaemonSetList", metadata: ListMeta? = nil,
        items: [DaemonSet]
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.items = items
    }
    public static var schemaName: String { "io.k8s.api.apps.v1.DaemonSetList" }
}

public struct DaemonSetSpec: Codable, Sendable, Equatable, SchemaNamed {
    public var selector: LabelSelector
    public var template: PodTemplateSpec
    public var updateStrategy: DaemonSetUpdateStrategy?
    public var minReadySeconds: Int32?
    public var revisionHistoryLimit: Int32?

    public init(
        selector: LabelSelector, template: PodTemplateSpec, updateStrategy: DaemonSetUpdateStrategy? = nil,
        minReadySeconds: Int32? = nil, revisionHistoryLimit: Int32? = nil
    ) {
        self.selector = selector
        self.template = template
        self.updateStrategy = updateStrategy
        self.minReadySeconds = minReadySeconds
        self.revisionHistoryLimit = revisionHistoryLimit
    }
    public static var schemaName: String { "io.k8s.api.apps.v1.DaemonSetSpec" }
}

extension DaemonSetSpec: SchemaDescribed {
    public static var typeDescription: String { "Desired state of a daemon set." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "selector": FieldDoc("Label selector of the pods; must match the template's labels."),
            "template": FieldDoc("Template of the pods."),
            "updateStrategy": FieldDoc("How pods are replaced when the template changes."),
            "minReadySeconds": FieldDoc("Seconds a new pod must be ready to count as available."),
            "revisionHistoryLimit": FieldDoc("Revisions kept in history. Default 10."),
        ]
    }
}

public struct DaemonSetUpdateStrategy: Codable, Sendable, Equatable, SchemaNamed {
    public var type: String?
    public var rollingUpdate: RollingUpdateDaemonSet?

    public init(type: String? = nil, rollingUpdate: RollingUpdateDaemonSet? = nil) {
        self.type = type
        self.rollingUpdate = rollingUpdate
    }
    public static var schemaName: String { "io.k8s.api.apps.v1.DaemonSetUpdateStrategy" }
}

extension DaemonSetUpdateStrategy: SchemaDescribed {
    public static var typeDescription: String { "How a daemon set updates pods." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "type": FieldDoc(
                "RollingUpdate or OnDelete. Default RollingUpdate.",
                enumValues: ["RollingUpdate", "OnDelete"]),
            "rollingUpdate": FieldDoc("Parameters of a rolling update."),
        ]
    }
}

public struct RollingUpdateDaemonSet: Codable, Sendable, Equatable, SchemaNamed {
    public var maxUnavailable: IntOrString?
    public var maxSurge: IntOrString?

    public init(maxUnavailable: IntOrString? = nil, maxSurge: IntOrString? = nil) {
        self.maxUnavailable = maxUnavailable
        self.maxSurge = maxSurge
    }
    public static var schemaName: String { "io.k8s.api.apps.v1.RollingUpdateDaemonSet" }
}

extension RollingUpdateDaemonSet: SchemaDescribed {
    public static var typeDescription: String { "Parameters of a daemon set rolling update." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "maxUnavailable": FieldDoc("Nodes whose pod may be unavailable during the update. Default 1."),
            "maxSurge": FieldDoc("Nodes that may run an old and a new pod at once. Default 0."),
        ]
    }
}

public struct DaemonSetStatus: Codable, Sendable, Equatable, SchemaNamed {
    public var currentNumberScheduled: Int32
    public var numberMisscheduled: Int32
    public var desiredNumberScheduled: Int32
    public var numberReady: Int32
    public var observedGeneration: Int64?
    public var updatedNumberScheduled: Int32?
    public var numberAvailable: Int32?
    public var numberUnavailable: Int32?
    public var collisionCount: Int32?
    public var conditions: [DaemonSetCondition]?

    public init(
        currentNumberScheduled: Int32, numberMisscheduled: Int32, desiredNumberScheduled: Int32, numberReady: Int32,
        observedGeneration: Int64? = nil, updatedNumberScheduled: Int32? = nil, numberAvailable: Int32? = nil,
        numberUnavailable: Int32? = nil, collisionCount: Int32? = nil, conditions: [DaemonSetCondition]? = nil
    ) {
        self.currentNumberScheduled = currentNumberScheduled
        self.numberMisscheduled = numberMisscheduled
        self.desiredNumberScheduled = desiredNumberScheduled
        self.numberReady = numberReady
        self.observedGeneration = observedGeneration
        self.updatedNumberScheduled = updatedNumberScheduled
        self.numberAvailable = numberAvailable
        self.numberUnavailable = numberUnavailable
        self.collisionCount = collisionCount
        self.conditions = conditions
    }
    public static var schemaName: String { "io.k8s.api.apps.v1.DaemonSetStatus" }
}

extension DaemonSetStatus: SchemaDescribed {
    public static var typeDescription: String { "Observed state of a daemon set." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "currentNumberScheduled": FieldDoc("Nodes running a daemon pod that should."),
            "numberMisscheduled": FieldDoc("Nodes running a daemon pod that should not."),
            "desiredNumberScheduled": FieldDoc("Nodes that should run a daemon pod."),
            "numberReady": FieldDoc("Nodes whose daemon pod is ready."),
            "observedGeneration": FieldDoc("Generation last acted on."),
            "updatedNumberScheduled": FieldDoc("Nodes running the current template."),
            "numberAvailable": FieldDoc("Nodes whose daemon pod is available."),
            "numberUnavailable": FieldDoc("Nodes whose daemon pod is not available."),
            "collisionCount": FieldDoc("Counter used to avoid revision name collisions."),
            "conditions": .mergeList("type", "Current conditions."),
        ]
    }
}

public struct DaemonSetCondition: Codable, Sendable, Equatable, SchemaNamed {
    public var type: String
    public var status: String
    public var lastTransitionTime: Time?
    public var reason: String?
    public var message: String?

    public init(
        type: String, status: String, lastTransitionTime: Time? = nil, reason: String? = nil, message: String? = nil
    ) {
        self.type = type
        self.status = status
        self.lastTransitionTime = lastTransitionTime
        self.reason = reason
        self.message = message
    }
    public static var schemaName: String { "io.k8s.api.apps.v1.DaemonSetCondition" }
}

extension DaemonSetCondition: SchemaDescribed {
    public static var fieldDocs: [String: FieldDoc] {
        [
            "status": FieldDoc("", enumValues: ["True", "False", "Unknown"]),
        ]
    }
}

public struct ControllerRevision: KubeObject, SchemaNamed {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ObjectMeta
    /// Free-form: usually a strategic-merge patch of the owner's pod template.
    public var data: JSONValue?
    public var revision: Int64

    public init(
        apiVersion: String? = ControllerRevision.gvk.apiVersion, kind: String? = ControllerRevision.gvk.kind,
        metadata: ObjectMeta = ObjectMeta(), data: JSONValue? = nil, revision: Int64
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.data = data
        self.revision = revision
    }
    public static let gvk = GroupVersionKind(group: "apps", version: "v1", kind: "ControllerRevision")
    public static var schemaName: String { "io.k8s.api.apps.v1.ControllerRevision" }
}

extension ControllerRevision: SchemaDescribed {
    public static var typeDescription: String { "An immutable snapshot of a controller's state, for rollbacks." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "data": FieldDoc("The serialized state."),
            "revision": FieldDoc("Revision number."),
        ]
    }
}

public struct ControllerRevisionList: Codable, Sendable, Equatable, SchemaNamed {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ListMeta?
    public var items: [ControllerRevision]

    public init(
        apiVersion: String? = ControllerRevision.gvk.apiVersion, kind: String? = "ControllerRevisionList",
        metadata: ListMeta? = nil, items: [ControllerRevision]
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.items = items
    }
    public static var schemaName: String { "io.k8s.api.apps.v1.ControllerRevisionList" }
}
