// core/v1 Namespace, ConfigMap, Secret, ServiceAccount, Event and Binding.

public struct Namespace: KubeObject, SchemaNamed {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ObjectMeta
    public var spec: NamespaceSpec?
    public var status: NamespaceStatus?

    public init(
        apiVersion: String? = Namespace.gvk.apiVersion, kind: String? = Namespace.gvk.kind,
        metadata: ObjectMeta = ObjectMeta(), spec: NamespaceSpec? = nil, status: NamespaceStatus? = nil
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }
    public static let gvk = GroupVersionKind(group: "", version: "v1", kind: "Namespace")
    public static var schemaName: String { "io.k8s.api.core.v1.Namespace" }
}

extension Namespace: SchemaDescribed {
    public static var typeDescription: String { "A scope for names; most objects live in a namespace." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "spec": FieldDoc("Finalizers of the namespace."),
            "status": FieldDoc("Phase of the namespace."),
        ]
    }
}

public struct NamespaceList: Codable, Sendable, Equatable, SchemaNamed {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ListMeta?
    public var items: [Namespace]

    public init(
        apiVersion: String? = Namespace.gvk.apiVersion, kind: String? = "NamespaceList", metadata: ListMeta? = nil,
        items: [Namespace]
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.items = items
    }
    public static var schemaName: String { "io.k8s.api.core.v1.NamespaceList" }
}

public struct NamespaceSpec: Codable, Sendable, Equatable, SchemaNamed {
    public var finalizers: [String]?

    public init(finalizers: [String]? = nil) {
        self.finalizers = finalizers
    }
    public static var schemaName: String { "io.k8s.api.core.v1.NamespaceSpec" }
}

extension NamespaceSpec: SchemaDescribed {
    public static var typeDescription: String { "Spec of a namespace." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "finalizers": FieldDoc("Must be empty before the namespace is removed."),
        ]
    }
}

public struct NamespaceStatus: Codable, Sendable, Equatable, SchemaNamed {
    public var phase: String?
    public var conditions: [NamespaceCondition]?

    public init(phase: String? = nil, conditions: [NamespaceCondition]? = nil) {
        self.phase = phase
        self.conditions = conditions
    }
    public static var schemaName: String { "io.k8s.api.core.v1.NamespaceStatus" }
}

extension NamespaceStatus: SchemaDescribed {
    public static var typeDescription: String { "Observed state of a namespace." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "phase": FieldDoc("Active or Terminating.", enumValues: ["Active", "Terminating"]),
            "conditions": .mergeList("type", "Current conditions."),
        ]
    }
}

public struct NamespaceCondition: Codable, Sendable, Equatable, SchemaNamed {
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
    public static var schemaName: String { "io.k8s.api.core.v1.NamespaceCondition" }
}

extension NamespaceCondition: SchemaDescribed {
    public static var fieldDocs: [String: FieldDoc] {
        [
            "status": FieldDoc("", enumValues: ["True", "False", "Unknown"]),
        ]
    }
}

public struct ConfigMap: KubeObject, SchemaNamed {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ObjectMeta
    public var immutable: Bool?
    public var data: [String: String]?
    /// Base64 text, as on the wire.
    public var binaryData: [String: String]?

    public init(
        apiVersion: String? = ConfigMap.gvk.apiVersion, kind: String? = ConfigMap.gvk.kind,
        metadata: ObjectMeta = ObjectMeta(), immutable: Bool? = nil, data: [String: String]? = nil,
        binaryData: [String: String]? = nil
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.immutable = immutable
        self.data = data
        self.binaryData = binaryData
    }
    public static let gvk = GroupVersionKind(group: "", version: "v1", kind: "ConfigMap")
    public static var schemaName: String { "io.k8s.api.core.v1.ConfigMap" }
}

extension ConfigMap: SchemaDescribed {
    public static var typeDescription: String { "Non-secret configuration data as key/value pairs." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "immutable": FieldDoc("When true, data cannot change; the object can only be deleted."),
            "data": FieldDoc("UTF-8 values by key."),
            "binaryData": FieldDoc("Binary values by key, base64-encoded. Keys must not also be in data."),
        ]
    }
}

public struct ConfigMapList: Codable, Sendable, Equatable, SchemaNamed {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ListMeta?
    public var items: [ConfigMap]

    public init(
        apiVersion: String? = ConfigMap.gvk.apiVersion, kind: String? = "ConfigMapList", metadata: ListMeta? = nil,
        items: [ConfigMap]
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.items = items
    }
    public static var schemaName: String { "io.k8s.api.core.v1.ConfigMapList" }
}

public struct Secret: KubeObject, SchemaNamed {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ObjectMeta
    public var immutable: Bool?
    /// Base64 text, as on the wire; decode with `Data(base64Encoded:)`.
    public var data: [String: String]?
    public var stringData: [String: String]?
    public var type: String?

    public init(
        apiVersion: String? = Secret.gvk.apiVersion, kind: String? = Secret.gvk.kind,
        metadata: ObjectMeta = ObjectMeta(), immutable: Bool? = nil, data: [String: String]? = nil,
        stringData: [String: String]? = nil, type: String? = nil
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.immutable = immutable
        self.data = data
        self.stringData = stringData
        self.type = type
    }
    public static let gvk = GroupVersionKind(group: "", version: "v1", kind: "Secret")
    public static var schemaName: String { "io.k8s.api.core.v1.Secret" }
}

extension Secret: SchemaDescribed {
    public static var typeDescription: String { "Sensitive data such as passwords, tokens and keys." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "immutable": FieldDoc("When true, data cannot change; the object can only be deleted."),
            "data": FieldDoc("Values by key, base64-encoded."),
            "stringData": FieldDoc("Write-only convenience: plain values merged into data on write, overriding it."),
            "type": FieldDoc("Kind of secret, for validation of its keys (Opaque, kubernetes.io/tls, ...)."),
        ]
    }
}

public struct SecretList: Codable, Sendable, Equatable, SchemaNamed {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ListMeta?
    public var items: [Secret]

    public init(
        apiVersion: String? = Secret.gvk.apiVersion, kind: String? = "SecretList", metadata: ListMeta? = nil,
        items: [Secret]
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.items = items
    }
    public static var schemaName: String { "io.k8s.api.core.v1.SecretList" }
}

public struct ServiceAccount: KubeObject, SchemaNamed {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ObjectMeta
    public var secrets: [ObjectReference]?
    public var imagePullSecrets: [LocalObjectReference]?
    public var automountServiceAccountToken: Bool?

    public init(
        apiVersion: String? = ServiceAccount.gvk.apiVersion, kind: String? = ServiceAccount.gvk.kind,
        metadata: ObjectMeta = ObjectMeta(), secrets: [ObjectReference]? = nil,
        imagePullSecrets: [LocalObjectReference]? = nil, automountServiceAccountToken: Bool? = nil
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.secrets = secrets
        self.imagePullSecrets = imagePullSecrets
        self.automountServiceAccountToken = automountServiceAccountToken
    }
    public static let gvk = GroupVersionKind(group: "", version: "v1", kind: "ServiceAccount")
    public static var schemaName: String { "io.k8s.api.core.v1.ServiceAccount" }
}

extension ServiceAccount: SchemaDescribed {
    public static var typeDescription: String { "An identity for processes running in pods." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "secrets": .mergeList("name", "Deprecated: token secrets of the account."),
            "imagePullSecrets": FieldDoc("Registry credentials added to pods of this account."),
            "automountServiceAccountToken": FieldDoc("Whether pods of this account get a token mounted by default."),
        ]
    }
}

public struct ServiceAccountList: Codable, Sendable, Equatable, SchemaNamed {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ListMeta?
    public var items: [ServiceAccount]

    public init(
        apiVersion: String? = ServiceAccount.gvk.apiVersion, kind: String? = "ServiceAccountList",
        metadata: ListMeta? = nil, items: [ServiceAccount]
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.items = items
    }
    public static var schemaName: String { "io.k8s.api.core.v1.ServiceAccountList" }
}

public struct Event: KubeObject, SchemaNamed {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ObjectMeta
    public var involvedObject: ObjectReference
    public var reason: String?
    public var message: String?
    public var source: EventSource?
    public var firstTimestamp: Time?
    public var lastTimestamp: Time?
    public var count: Int32?
    public var type: String?
    public var eventTime: MicroTime?
    public var series: EventSeries?
    public var action: String?
    public var related: ObjectReference?
    public var reportingComponent: String?
    public var reportingInstance: String?

    public init(
        apiVersion: String? = Event.gvk.apiVersion, kind: String? = Event.gvk.kind,
        metadata: ObjectMeta = ObjectMeta(), involvedObject: ObjectReference, reason: String? = nil,
        message: String? = nil, source: EventSource? = nil, firstTimestamp: Time? = nil, lastTimestamp: Time? = nil,
        count: Int32? = nil, type: String? = nil, eventTime: MicroTime? = nil, series: EventSeries? = nil,
        action: String? = nil, related: ObjectReference? = nil, reportingComponent: String? = nil,
        reportingInstance: String? = nil
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.involvedObject = involvedObject
        self.reason = reason
        self.message = message
        self.source = source
        self.firstTimestamp = firstTimestamp
        self.lastTimestamp = lastTimestamp
        self.count = count
        self.type = type
        self.eventTime = eventTime
        self.series = series
        self.action = action
        self.related = related
        self.reportingComponent = reportingComponent
        self.reportingInstance = reportingInstance
    }
    public static let gvk = GroupVersionKind(group: "", version: "v1", kind: "Event")
    public static var schemaName: String { "io.k8s.api.core.v1.Event" }
}

extension Event: SchemaDescribed {
    public static var typeDescription: String { "A report of something that happened to an object (core/v1 form)." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "involvedObject": FieldDoc("The object the event is about."),
            "reason": FieldDoc("Short CamelCase reason."),
            "message": FieldDoc("Human-readable description."),
            "source": FieldDoc("Component and host that reported it."),
            "firstTimestamp": FieldDoc("When it was first seen."),
            "lastTimestamp": FieldDoc("When it was most recently seen."),
            "count": FieldDoc("How many times it happened."),
            "type": FieldDoc("Normal or Warning.", enumValues: ["Normal", "Warning"]),
            "eventTime": FieldDoc("When it happened, with microseconds."),
            "series": FieldDoc("Data about a repeating series of this event."),
            "action": FieldDoc("What was done, or failed."),
            "related": FieldDoc("A second object involved."),
            "reportingComponent": FieldDoc("Controller that emitted the event."),
            "reportingInstance": FieldDoc("ID of the controller instance."),
        ]
    }
}

public struct EventList: Codable, Sendable, Equatable, SchemaNamed {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ListMeta?
    public var items: [Event]

    public init(
        apiVersion: String? = Event.gvk.apiVersion, kind: String? = "EventList", metadata: ListMeta? = nil,
        items: [Event]
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.items = items
    }
    public static var schemaName: String { "io.k8s.api.core.v1.EventList" }
}

public struct EventSource: Codable, Sendable, Equatable, SchemaNamed {
    public var component: String?
    public var host: String?

    public init(component: String? = nil, host: String? = nil) {
        self.component = component
        self.host = host
    }
    public static var schemaName: String { "io.k8s.api.core.v1.EventSource" }
}

extension EventSource: SchemaDescribed {
    public static var typeDescription: String { "Who reported an event." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "component": FieldDoc("Component."),
            "host": FieldDoc("Node name."),
        ]
    }
}

public struct EventSeries: Codable, Sendable, Equatable, SchemaNamed {
    public var count: Int32?
    public var lastObservedTime: MicroTime?

    public init(count: Int32? = nil, lastObservedTime: MicroTime? = nil) {
        self.count = count
        self.lastObservedTime = lastObservedTime
    }
    public static var schemaName: String { "io.k8s.api.core.v1.EventSeries" }
}

extension EventSeries: SchemaDescribed {
    public static var typeDescription: String { "A series of repeating events." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "count": FieldDoc("Occurrences so far."),
            "lastObservedTime": FieldDoc("Time of the last occurrence."),
        ]
    }
}

public struct Binding: KubeObject, SchemaNamed {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ObjectMeta
    public var target: ObjectReference

    public init(
        apiVersion: String? = Binding.gvk.apiVersion, kind: String? = Binding.gvk.kind,
        metadata: ObjectMeta = ObjectMeta(), target: ObjectReference
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.target = target
    }
    public static let gvk = GroupVersionKind(group: "", version: "v1", kind: "Binding")
    public static var schemaName: String { "io.k8s.api.core.v1.Binding" }
}

extension Binding: SchemaDescribed {
    public static var typeDescription: String {
        "Binds a pod to a node; posted to a pod's binding subresource by schedulers."
    }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "target": FieldDoc("The node to bind to."),
        ]
    }
}
