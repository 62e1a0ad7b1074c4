// apps/v1 Deployment and ReplicaSet.

public struct Deployment: KubeObject, SchemaNamed {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ObjectMeta
    public var spec: DeploymentSpec?
    public var status: DeploymentStatus?

    public init(
        apiVersion: String? = Deployment.gvk.apiVersion, kind: String? = Deployment.gvk.kind,
        metadata: ObjectMeta = ObjectMeta(), spec: DeploymentSpec? = nil, status: DeploymentStatus? = nil
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }
    public static let gvk = GroupVersionKind(group: "apps", version: "v1", kind: "Deployment")
    public static var schemaName: String { "io.k8s.api.apps.v1.Deployment" }
}

extension Deployment: SchemaDescribed {
    public static var typeDescription: String {
        "Declarative updates for a replicated set of pods, through ReplicaSets."
    }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "spec": FieldDoc("Desired state of the deployment."),
            "status": FieldDoc("Most recently observed state."),
        ]
    }
}

public struct DeploymentList: Codable, Sendable, Equatable, SchemaNamed {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ListMeta?
    public var items: [Deployment]

    public init(
        apiVersion: String? = Deployment.gvk.apiVersion, kind: String? = "DeploymentList", metadata: ListMeta? = nil,
        items: [Deployment]
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.items = items
    }
    public static var schemaName: String { "io.k8s.api.apps.v1.DeploymentList" }
}

public struct DeploymentSpec: Codable, Sendable, Equatable, SchemaNamed {
    public var replicas: Int32?
    public var selector: LabelSelector
    public var template: PodTemplateSpec
    public var strategy: DeploymentStrategy?
    public var minReadySeconds: Int32?
    public var revisionHistoryLimit: Int32?
    public var paused: Bool?
    public var progressDeadlineSeconds: Int32?

    public init(
        replicas: Int32? = nil, selector: LabelSelector, template: PodTemplateSpec,
        strategy: DeploymentStrategy? = nil, minReadySeconds: Int32? = nil, revisionHistoryLimit: Int32? = nil,
        paused: Bool? = nil, progressDeadlineSeconds: Int32? = nil
    ) {
        self.replicas = replicas
        self.selector = selector
        self.template = template
        self.strategy = strategy
        self.minReadySeconds = minReadySeconds
        self.revisionHistoryLimit = revisionHistoryLimit
        self.paused = paused
        self.progressDeadlineSeconds = progressDeadlineSeconds
    }
    public static var schemaName: String { "io.k8s.api.apps.v1.DeploymentSpec" }
}

extension DeploymentSpec: SchemaDescribed {
    public static var typeDescription: String { "Desired state of a deployment." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "replicas": FieldDoc("Desired number of pods. Default 1."),
            "selector": FieldDoc(
                "Label selector of the deployment's pods; must match the template's labels. Immutable."),
            "template": FieldDoc("Template of the pods."),
            "strategy": FieldDoc("How old pods are replaced by new ones.", patchStrategy: "retainKeys"),
            "minReadySeconds": FieldDoc(
                "Seconds a new pod must be ready, with no container crashing, to count as available."),
            "revisionHistoryLimit": FieldDoc("Old ReplicaSets kept for rollback. Default 10."),
            "paused": FieldDoc("Stop rolling out template changes."),
            "progressDeadlineSeconds": FieldDoc(
                "Seconds without progress before the rollout is reported as failed. Default 600."),
        ]
    }
}

public struct DeploymentStrategy: Codable, Sendable, Equatable, SchemaNamed {
    public var type: String?
    public var rollingUpdate: RollingUpdateDeployment?

    public init(type: String? = nil, rollingUpdate: RollingUpdateDeployment? = nil) {
        self.type = type
        self.rollingUpdate = rollingUpdate
    }
    public static var schemaName: String { "io.k8s.api.apps.v1.DeploymentStrategy" }
}

extension DeploymentStrategy: SchemaDescribed {
    public static var typeDescription: String { "How a deployment replaces pods." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "type": FieldDoc(
                "Recreate or RollingUpdate. Default RollingUpdate.",
                enumValues: ["Recreate", "RollingUpdate"]),
            "rollingUpdate": FieldDoc("Parameters of a rolling update."),
        ]
    }
}

public struct RollingUpdateDeployment: Codable, Sendable, Equatable, SchemaNamed {
    public var maxUnavailable: IntOrString?
    public var maxSurge: IntOrString?

    public init(maxUnavailable: IntOrString? = nil, maxSurge: IntOrString? = nil) {
        self.maxUnavailable = maxUnavailable
        self.maxSurge = maxSurge
    }
    public static var schemaName: String { "io.k8s.api.apps.v1.RollingUpdateDeployment" }
}

extension RollingUpdateDeployment: SchemaDescribed {
    public static var typeDescription: String { "Parameters of a rolling update." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "maxUnavailable": FieldDoc(
                "Pods that may be unavailable during the update; number or percentage, rounded down. Default 25%."),
            "maxSurge": FieldDoc(
                "Pods that may exist above the desired count; number or percentage, rounded up. Default 25%."),
        ]
    }
}

public struct DeploymentStatus: Codable, Sendable, Equatable, SchemaNamed {
    public var observedGeneration: Int64?
    public var replicas: Int32?
    public var updatedReplicas: Int32?
    public var readyReplicas: Int32?
    public var availableReplicas: Int32?
    public var unavailableReplicas: Int32?
    public var conditions: [DeploymentCondition]?
    public var collisionCount: Int32?

    public init(
        observedGeneration: Int64? = nil, replicas: Int32? = nil, updatedReplicas: Int32? = nil,
        readyReplicas: Int32? = nil, availableReplicas: Int32? = nil, unavailableReplicas: Int32? = nil,
        conditions: [DeploymentCondition]? = nil, collisionCount: Int32? = nil
    ) {
        self.observedGeneration = observedGeneration
        self.replicas = replicas
        self.updatedReplicas = updatedReplicas
        self.readyReplicas = readyReplicas
        self.availableReplicas = availableReplicas
        self.unavailableReplicas = unavailableReplicas
        self.conditions = conditions
        self.collisionCount = collisionCount
    }
    public static var schemaName: String { "io.k8s.api.apps.v1.DeploymentStatus" }
}

extension DeploymentStatus: SchemaDescribed {
    public static var typeDescription: String { "Observed state of a deployment." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "observedGeneration": FieldDoc("Generation the controller last acted on."),
            "replicas": FieldDoc("Pods targeted by the deployment."),
            "updatedReplicas": FieldDoc("Pods with the current template."),
            "readyReplicas": FieldDoc("Pods that are ready."),
            "availableReplicas": FieldDoc("Pods available for minReadySeconds."),
            "unavailableReplicas": FieldDoc("Pods still needed for full availability."),
            "conditions": .mergeList("type", "Current conditions (Available, Progressing, ReplicaFailure)."),
            "collisionCount": FieldDoc("Counter used to avoid name collisions of new ReplicaSets."),
        ]
    }
}

public struct DeploymentCondition: Codable, Sendable, Equatable, SchemaNamed {
    public var type: String
    public var status: String
    public var lastUpdateTime: Time?
    public var lastTransitionTime: Time?
    public var reason: String?
    public var message: String?

    public init(
        type: String, status: String, lastUpdateTime: Time? = nil, lastTransitionTime: Time? = nil,
        reason: String? = nil, message: String? = nil
    ) {
        self.type = type
        self.status = status
        self.lastUpdateTime = lastUpdateTime
        self.lastTransitionTime = lastTransitionTime
        self.reason = reason
        self.message = message
    }
    public static var schemaName: String { "io.k8s.api.apps.v1.DeploymentCondition" }
}

extension DeploymentCondition: SchemaDescribed {
    public static var typeDescription: String { "One aspect of a deployment's state." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "type": FieldDoc("Kind of condition."),
            "status": FieldDoc("", enumValues: ["True", "False", "Unknown"]),
            "lastUpdateTime": FieldDoc("When the condition was last updated."),
            "lastTransitionTime": FieldDoc("When the status last changed."),
            "reason": FieldDoc("Brief CamelCase reason."),
            "message": FieldDoc("Human-readable detail."),
        ]
    }
}

public struct ReplicaSet: KubeObject, SchemaNamed {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ObjectMeta
    public var spec: ReplicaSetSpec?
    public var status: ReplicaSetStatus?

    public init(
        apiVersion: String? = ReplicaSet.gvk.apiVersion, kind: String? = ReplicaSet.gvk.kind,
        metadata: ObjectMeta = ObjectMeta(), spec: ReplicaSetSpec? = nil, status: ReplicaSetStatus? = nil
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }
    public static let gvk = GroupVersionKind(group: "apps", version: "v1", kind: "ReplicaSet")
    public static var schemaName: String { "io.k8s.api.apps.v1.ReplicaSet" }
}

extension ReplicaSet: SchemaDescribed {
    public static var typeDescription: String { "Keeps a given number of identical pods running." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "spec": FieldDoc("Desired state."),
            "status": FieldDoc("Most recently observed state."),
        ]
    }
}

public struct ReplicaSetList: Codable, Sendable, Equatable, SchemaNamed {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ListMeta?
    public var items: [ReplicaSet]

    public init(
        apiVersion: String? = ReplicaSet.gvk.apiVersion, kind: String? = "ReplicaSetList", metadata: ListMeta? = nil,
        items: [ReplicaSet]
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.items = items
    }
    public static var schemaName: String { "io.k8s.api.apps.v1.ReplicaSetList" }
}

public struct ReplicaSetSpec: Codable, Sendable, Equatable, SchemaNamed {
    public var replicas: Int32?
    public var minReadySeconds: Int32?
    public var selector: LabelSelector
    public var template: PodTemplateSpec?

    public init(
        replicas: Int32? = nil, minReadySeconds: Int32? = nil, selector: LabelSelector,
        template: PodTemplateSpec? = nil
    ) {
        self.replicas = replicas
        self.minReadySeconds = minReadySeconds
        self.selector = selector
        self.template = template
    }
    public static var schemaName: String { "io.k8s.api.apps.v1.ReplicaSetSpec" }
}

extension ReplicaSetSpec: SchemaDescribed {
    public static var typeDescription: String { "Desired state of a replica set." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "replicas": FieldDoc("Desired number of pods. Default 1."),
            "minReadySeconds": FieldDoc("Seconds a new pod must be ready to count as available."),
            "selector": FieldDoc("Label selector of the pods; must match the template's labels."),
            "template": FieldDoc("Template of new pods."),
        ]
    }
}

public struct ReplicaSetStatus: Codable, Sendable, Equatable, SchemaNamed {
    public var replicas: Int32
    public var fullyLabeledReplicas: Int32?
    public var readyReplicas: Int32?
    public var availableReplicas: Int32?
    public var observedGeneration: Int64?
    public var conditions: [ReplicaSetCondition]?

    public init(
        replicas: Int32, fullyLabeledReplicas: Int32? = nil, readyReplicas: Int32? = nil,
        availableReplicas: Int32? = nil, observedGeneration: Int64? = nil, conditions: [ReplicaSetCondition]? = nil
    ) {
        self.replicas = replicas
        self.fullyLabeledReplicas = fullyLabeledReplicas
        self.readyReplicas = readyReplicas
        self.availableReplicas = availableReplicas
        self.observedGeneration = observedGeneration
        self.conditions = conditions
    }
    public static var schemaName: String { "io.k8s.api.apps.v1.ReplicaSetStatus" }
}

extension ReplicaSetStatus: SchemaDescribed {
    public static var typeDescription: String { "Observed state of a replica set." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "replicas": FieldDoc("Current number of pods."),
            "fullyLabeledReplicas": FieldDoc("Pods carrying all template labels."),
            "readyReplicas": FieldDoc("Pods that are ready."),
            "availableReplicas": FieldDoc("Pods available for minReadySeconds."),
            "observedGeneration": FieldDoc("Generation last acted on."),
            "conditions": .mergeList("type", "Current conditions."),
        ]
    }
}

public struct ReplicaSetCondition: Codable, Sendable, Equatable, SchemaNamed {
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
    public static var schemaName: String { "io.k8s.api.apps.v1.ReplicaSetCondition" }
}

extension ReplicaSetCondition: SchemaDescribed {
    public static var fieldDocs: [String: FieldDoc] {
        [
            "status": FieldDoc("", enumValues: ["True", "False", "Unknown"]),
        ]
    }
}
