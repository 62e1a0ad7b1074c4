// apps/v1 StatefulSet.

public struct StatefulSet: KubeObject, SchemaNamed {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ObjectMeta
    public var spec: StatefulSetSpec?
    public var status: StatefulSetStatus?

    public init(
        apiVersion: String? = StatefulSet.gvk.apiVersion, kind: String? = StatefulSet.gvk.kind,
        metadata: ObjectMeta = ObjectMeta(), spec: StatefulSetSpec? = nil, status: StatefulSetStatus? = nil
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }
    public static let gvk = GroupVersionKind(group: "apps", version: "v1", kind: "StatefulSet")
    public static var schemaName: String { "io.k8s.api.apps.v1.StatefulSet" }
}

extension StatefulSet: SchemaDescribed {
    public static var typeDescription: String {
        "Pods with stable identities and storage, created and updated in order."
    }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "spec": FieldDoc("Desired state."),
            "status": FieldDoc("Most recently observed state."),
        ]
    }
}

public struct StatefulSetList: Codable, Sendable, Equatable, SchemaNamed {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ListMeta?
    public var items: [StatefulSet]

    public init(
        apiVersion: String? = StatefulSet.gvk.apiVersion, kind: String? = "StatefulSetList",
        metadata: ListMeta? = nil, items: [StatefulSet]
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.items = items
    }
    public static var schemaName: String { "io.k8s.api.apps.v1.StatefulSetList" }
}

public struct StatefulSetSpec: Codable, Sendable, Equatable, SchemaNamed {
    public var replicas: Int32?
    public var selector: LabelSelector
    public var template: PodTemplateSpec
    public var volumeClaimTemplates: [PersistentVolumeClaim]?
    public var serviceName: String?
    public var podManagementPolicy: String?
    public var updateStrategy: StatefulSetUpdateStrategy?
    public var revisionHistoryLimit: Int32?
    public var minReadySeconds: Int32?
    public var persistentVolumeClaimRetentionPolicy: StatefulSetPersistentVolumeClaimRetentionPolicy?
    public var ordinals: StatefulSetOrdinals?

    public init(
        replicas: Int32? = nil, selector: LabelSelector, template: PodTemplateSpec,
        volumeClaimTemplates: [PersistentVolumeClaim]? = nil, serviceName: String? = nil,
        podManagementPolicy: String? = nil, updateStrategy: StatefulSetUpdateStrategy? = nil,
        revisionHistoryLimit: Int32? = nil, minReadySeconds: Int32? = nil,
        persistentVolumeClaimRetentionPolicy: StatefulSetPersistentVolumeClaimRetentionPolicy? = nil,
        ordinals: StatefulSetOrdinals? = nil
    ) {
        self.replicas = replicas
        self.selector = selector
        self.template = template
        self.volumeClaimTemplates = volumeClaimTemplates
        self.serviceName = serviceName
        self.podManagementPolicy = podManagementPolicy
        self.updateStrategy = updateStrategy
        self.revisionHistoryLimit = revisionHistoryLimit
        self.minReadySeconds = minReadySeconds
        self.persistentVolumeClaimRetentionPolicy = persistentVolumeClaimRetentionPolicy
        self.ordinals = ordinals
    }
    public static var schemaName: String { "io.k8s.api.apps.v1.StatefulSetSpec" }
}

extension StatefulSetSpec: SchemaDescribed {
    public static var typeDescription: String { "Desired state of a stateful set." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "replicas": FieldDoc("Desired number of pods. Default 1."),
            "selector": FieldDoc("Label selector of the pods; must match the template's labels."),
            "template": FieldDoc("Template of the pods; pod names are <set>-<ordinal>."),
            "volumeClaimTemplates": FieldDoc("Claims created for each pod, named <template>-<pod>."),
            "serviceName": FieldDoc("Headless service that gives the pods their DNS names."),
            "podManagementPolicy": FieldDoc(
                "Create and delete pods one by one in order (OrderedReady) or all at once (Parallel).",
                enumValues: ["OrderedReady", "Parallel"]),
            "updateStrategy": FieldDoc("How pods are updated when the template changes."),
            "revisionHistoryLimit": FieldDoc("Revisions kept in history. Default 10."),
            "minReadySeconds": FieldDoc("Seconds a new pod must be ready to count as available."),
            "persistentVolumeClaimRetentionPolicy": FieldDoc(
                "Whether PVCs from the templates are deleted with the set or on scale-down."),
            "ordinals": FieldDoc("Numbering of the pods."),
        ]
    }
}

public struct StatefulSetUpdateStrategy: Codable, Sendable, Equatable, SchemaNamed {
    public var type: String?
    public var rollingUpdate: RollingUpdateStatefulSetStrategy?

    public init(type: String? = nil, rollingUpdate: RollingUpdateStatefulSetStrategy? = nil) {
        self.type = type
        self.rollingUpdate = rollingUpdate
    }
    public static var schemaName: String { "io.k8s.api.apps.v1.StatefulSetUpdateStrategy" }
}

extension StatefulSetUpdateStrategy: SchemaDescribed {
    public static var typeDescription: String { "How a stateful set updates pods." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "type": FieldDoc(
                "RollingUpdate or OnDelete. Default RollingUpdate.",
                enumValues: ["RollingUpdate", "OnDelete"]),
            "rollingUpdate": FieldDoc("Parameters of a rolling update."),
        ]
    }
}

public struct RollingUpdateStatefulSetStrategy: Codable, Sendable, Equatable, SchemaNamed {
    public var partition: Int32?
    public var maxUnavailable: IntOrString?

    public init(partition: Int32? = nil, maxUnavailable: IntOrString? = nil) {
        self.partition = partition
        self.maxUnavailable = maxUnavailable
    }
    public static var schemaName: String { "io.k8s.api.apps.v1.RollingUpdateStatefulSetStrategy" }
}

extension RollingUpdateStatefulSetStrategy: SchemaDescribed {
    public static var typeDescription: String { "Parameters of a stateful set rolling update." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "partition": FieldDoc("Only pods with an ordinal at or above this are updated. Default 0."),
            "maxUnavailable": FieldDoc("Pods that may be unavailable during the update. Default 1."),
        ]
    }
}

public struct StatefulSetPersistentVolumeClaimRetentionPolicy: Codable, Sendable, Equatable, SchemaNamed {
    public var whenDeleted: String?
    public var whenScaled: String?

    public init(whenDeleted: String? = nil, whenScaled: String? = nil) {
        self.whenDeleted = whenDeleted
        self.whenScaled = whenScaled
    }
    public static var schemaName: String { "io.k8s.api.apps.v1.StatefulSetPersistentVolumeClaimRetentionPolicy" }
}

extension StatefulSetPersistentVolumeClaimRetentionPolicy: SchemaDescribed {
    public static var typeDescription: String { "What happens to claims from volumeClaimTemplates." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "whenDeleted": FieldDoc("On deletion of the set. Default Retain.", enumValues: ["Retain", "Delete"]),
            "whenScaled": FieldDoc("On scale-down. Default Retain.", enumValues: ["Retain", "Delete"]),
        ]
    }
}

public struct StatefulSetOrdinals: Codable, Sendable, Equatable, SchemaNamed {
    public var start: Int32?

    public init(start: Int32? = nil) {
        self.start = start
    }
    public static var schemaName: String { "io.k8s.api.apps.v1.StatefulSetOrdinals" }
}

extension StatefulSetOrdinals: SchemaDescribed {
    public static var typeDescription: String { "Numbering of a stateful set's pods." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "start": FieldDoc("First ordinal. Default 0."),
        ]
    }
}

public struct StatefulSetStatus: Codable, Sendable, Equatable, SchemaNamed {
    public var observedGeneration: Int64?
    public var replicas: Int32
    public var readyReplicas: Int32?
    public var currentReplicas: Int32?
    public var updatedReplicas: Int32?
    public var currentRevision: String?
    public var updateRevision: String?
    public var collisionCount: Int32?
    public var conditions: [StatefulSetCondition]?
    public var availableReplicas: Int32?

    public init(
        observedGeneration: Int64? = nil, replicas: Int32, readyReplicas: Int32? = nil, currentReplicas: Int32? = nil,
        updatedReplicas: Int32? = nil, currentRevision: String? = nil, updateRevision: String? = nil,
        collisionCount: Int32? = nil, conditions: [StatefulSetCondition]? = nil, availableReplicas: Int32? = nil
    ) {
        self.observedGeneration = observedGeneration
        self.replicas = replicas
        self.readyReplicas = readyReplicas
        self.currentReplicas = currentReplicas
        self.updatedReplicas = updatedReplicas
        self.currentRevision = currentRevision
        self.updateRevision = updateRevision
        self.collisionCount = collisionCount
        self.conditions = conditions
        self.availableReplicas = availableReplicas
    }
    public static var schemaName: String { "io.k8s.api.apps.v1.StatefulSetStatus" }
}

extension StatefulSetStatus: SchemaDescribed {
    public static var typeDescription: String { "Observed state of a stateful set." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "observedGeneration": FieldDoc("Generation last acted on."),
            "replicas": FieldDoc("Pods created."),
            "readyReplicas": FieldDoc("Pods that are ready."),
            "currentReplicas": FieldDoc("Pods at currentRevision."),
            "updatedReplicas": FieldDoc("Pods at updateRevision."),
            "currentRevision": FieldDoc("Revision used for pods below the update."),
            "updateRevision": FieldDoc("Revision of the current template."),
            "collisionCount": FieldDoc("Counter used to avoid revision name collisions."),
            "conditions": .mergeList("type", "Current conditions."),
            "availableReplicas": FieldDoc("Pods available for minReadySeconds."),
        ]
    }
}

public struct StatefulSetCondition: Codable, Sendable, Equatable, SchemaNamed {
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
    public static var schemaName: String { "io.k8s.api.apps.v1.StatefulSetCondition" }
}

extension StatefulSetCondition: SchemaDescribed {
    public static var fieldDocs: [String: FieldDoc] {
        [
            "status": FieldDoc("", enumValues: ["True", "False", "Unknown"]),
        ]
    }
}
