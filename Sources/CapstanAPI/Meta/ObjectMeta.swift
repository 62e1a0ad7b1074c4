/// metadata of every persisted object (meta/v1 ObjectMeta).
public struct ObjectMeta: Codable, Sendable, Equatable, SchemaNamed, SchemaDescribed {
    public var name: String?
    public var generateName: String?
    public var namespace: String?
    public var selfLink: String?
    public var uid: String?
    public var resourceVersion: String?
    public var generation: Int64?
    public var creationTimestamp: Time?
    public var deletionTimestamp: Time?
    public var deletionGracePeriodSeconds: Int64?
    public var labels: [String: String]?
    public var annotations: [String: String]?
    public var ownerReferences: [OwnerReference]?
    public var finalizers: [String]?
    public var managedFields: [ManagedFieldsEntry]?

    public init(
        name: String? = nil, generateName: String? = nil, namespace: String? = nil, uid: String? = nil,
        resourceVersion: String? = nil, generation: Int64? = nil, creationTimestamp: Time? = nil,
        deletionTimestamp: Time? = nil, deletionGracePeriodSeconds: Int64? = nil, labels: [String: String]? = nil,
        annotations: [String: String]? = nil, ownerReferences: [OwnerReference]? = nil, finalizers: [String]? = nil,
        managedFields: [ManagedFieldsEntry]? = nil
    ) {
        self.name = name
        self.generateName = generateName
        self.namespace = namespace
        self.uid = uid
        self.resourceVersion = resourceVersion
        self.generation = generation
        self.creationTimestamp = creationTimestamp
        self.deletionTimestamp = deletionTimestamp
        self.deletionGracePeriodSeconds = deletionGracePeriodSeconds
        self.labels = labels
        self.annotations = annotations
        self.ownerReferences = ownerReferences
        self.finalizers = finalizers
        self.managedFields = managedFields
    }

    public static var schemaName: String { "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" }
    public static var typeDescription: String {
        "Metadata that all persisted resources must have: name, namespace, labels, owners and bookkeeping."
    }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "name": FieldDoc("Unique name within a namespace. Cannot be updated."),
            "generateName": FieldDoc("Prefix the server uses to generate a unique name when name is empty."),
            "namespace": FieldDoc("Namespace the object lives in; empty for cluster-scoped objects."),
            "uid": FieldDoc("Unique identifier set by the server for the lifetime of the object. Read-only."),
            "resourceVersion": FieldDoc("Opaque version of the object, changed on every write; used for optimistic concurrency and watches."),
            "generation": FieldDoc("Sequence number of the desired state; bumped by the server on spec changes."),
            "creationTimestamp": FieldDoc("When the server created the object. Read-only."),
            "deletionTimestamp": FieldDoc("When deletion was requested; set by the server. The object stays until its finalizers are removed."),
            "labels": FieldDoc("Key/value pairs used to select and organise objects."),
            "annotations": FieldDoc("Key/value pairs for tools and libraries; not used for selection."),
            "ownerReferences": FieldDoc.mergeList("uid", "Objects this one depends on; the garbage collector deletes it when they are gone."),
            "finalizers": FieldDoc("Keys that must be removed before the object is deleted.", patchStrategy: "merge", listType: "set"),
            "managedFields": FieldDoc("Which field manager owns which fields; maintained by the server for server-side apply."),
        ]
    }
}

public struct OwnerReference: Codable, Sendable, Equatable, SchemaNamed {
    public var apiVersion: String
    public var kind: String
    public var name: String
    public var uid: String
    public var controller: Bool?
    public var blockOwnerDeletion: Bool?
    public init(
        apiVersion: String, kind: String, name: String, uid: String, controller: Bool? = nil,
        blockOwnerDeletion: Bool? = nil
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.name = name
        self.uid = uid
        self.controller = controller
        self.blockOwnerDeletion = blockOwnerDeletion
    }
    public static var schemaName: String { "io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference" }
}

public struct ManagedFieldsEntry: Codable, Sendable, Equatable, SchemaNamed {
    public var manager: String?
    public var operation: String?
    public var apiVersion: String?
    public var time: Time?
    public var fieldsType: String?
    public var fieldsV1: JSONValue?
    public var subresource: String?
    public init(
        manager: String? = nil, operation: String? = nil, apiVersion: String? = nil, time: Time? = nil,
        fieldsType: String? = nil, fieldsV1: JSONValue? = nil, subresource: String? = nil
    ) {
        self.manager = manager
        self.operation = operation
        self.apiVersion = apiVersion
        self.time = time
        self.fieldsType = fieldsType
        self.fieldsV1 = fieldsV1
        self.subresource = subresource
    }
    public static var schemaName: String { "io.k8s.apimachinery.pkg.apis.meta.v1.ManagedFieldsEntry" }
}

public struct ListMeta: Codable, Sendable, Equatable, SchemaNamed {
    public var resourceVersion: String?
    public var `continue`: String?
    public var remainingItemCount: Int64?
    public init(resourceVersion: String? = nil, continue: String? = nil, remainingItemCount: Int64? = nil) {
        self.resourceVersion = resourceVersion
        self.continue = `continue`
        self.remainingItemCount = remainingItemCount
    }
    public static var schemaName: String { "io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta" }
}

/// meta/v1 LabelSelector: matchLabels ANDed with matchExpressions.
public struct LabelSelector: Codable, Sendable, Equatable, SchemaNamed {
    public var matchLabels: [String: String]?
    public var matchExpressions: [LabelSelectorRequirement]?
    public init(matchLabels: [String: String]? = nil, matchExpressions: [LabelSelectorRequirement]? = nil) {
        self.matchLabels = matchLabels
        self.matchExpressions = matchExpressions
    }
    public static var schemaName: String { "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector" }
}

public struct LabelSelectorRequirement: Codable, Sendable, Equatable, SchemaNamed {
    public var key: String
    /// In, NotIn, Exists, DoesNotExist
    public var `operator`: String
    public var values: [String]?
    public init(key: String, operator: String, values: [String]? = nil) {
        self.key = key
        self.operator = `operator`
        self.values = values
    }
    public static var schemaName: String { "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelectorRequirement" }
}

/// meta/v1 Condition (the shape newer APIs share).
public struct Condition: Codable, Sendable, Equatable, SchemaNamed {
    public var type: String
    public var status: String
    public var observedGeneration: Int64?
    public var lastTransitionTime: Time
    public var reason: String
    public var message: String
    public init(
        type: String, status: String, observedGeneration: Int64? = nil, lastTransitionTime: Time, reason: String,
        message: String
    ) {
        self.type = type
        self.status = status
        self.observedGeneration = observedGeneration
        self.lastTransitionTime = lastTransitionTime
        self.reason = reason
        self.message = message
    }
    public static var schemaName: String { "io.k8s.apimachinery.pkg.apis.meta.v1.Condition" }
}
