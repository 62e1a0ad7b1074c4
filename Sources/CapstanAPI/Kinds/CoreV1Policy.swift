// core/v1 LimitRange and ResourceQuota.

public struct LimitRange: KubeObject, SchemaNamed {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ObjectMeta
    public var spec: LimitRangeSpec?

    public init(
        apiVersion: String? = LimitRange.gvk.apiVersion, kind: String? = LimitRange.gvk.kind,
        metadata: ObjectMeta = ObjectMeta(), spec: LimitRangeSpec? = nil
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.spec = spec
    }
    public static let gvk = GroupVersionKind(group: "", version: "v1", kind: "LimitRange")
    public static var schemaName: String { "io.k8s.api.core.v1.LimitRange" }
}

extension LimitRange: SchemaDescribed {
    public static var typeDescription: String { "Default and allowed resource amounts for objects in a namespace." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "spec": FieldDoc("The limits."),
        ]
    }
}

public struct LimitRangeList: Codable, Sendable, Equatable, SchemaNamed {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ListMeta?
    public var items: [LimitRange]

    public init(
        apiVersion: String? = LimitRange.gvk.apiVersion, kind: String? = "LimitRangeList", metadata: ListMeta? = nil,
        items: [LimitRange]
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.items = items
    }
    public static var schemaName: String { "io.k8s.api.core.v1.LimitRangeList" }
}

public struct LimitRangeSpec: Codable, Sendable, Equatable, SchemaNamed {
    public var limits: [LimitRangeItem]

    public init(limits: [LimitRangeItem]) {
        self.limits = limits
    }
    public static var schemaName: String { "io.k8s.api.core.v1.LimitRangeSpec" }
}

extension LimitRangeSpec: SchemaDescribed {
    public static var typeDescription: String { "Limits of a LimitRange." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "limits": FieldDoc("Limits per kind of object."),
        ]
    }
}

public struct LimitRangeItem: Codable, Sendable, Equatable, SchemaNamed {
    public var type: String
    public var max: [String: Quantity]?
    public var min: [String: Quantity]?
    public var `default`: [String: Quantity]?
    public var defaultRequest: [String: Quantity]?
    public var maxLimitRequestRatio: [String: Quantity]?

    public init(
        type: String, max: [String: Quantity]? = nil, min: [String: Quantity]? = nil,
        default: [String: Quantity]? = nil, defaultRequest: [String: Quantity]? = nil,
        maxLimitRequestRatio: [String: Quantity]? = nil
    ) {
        self.type = type
        self.max = max
        self.min = min
        self.default = `default`
        self.defaultRequest = defaultRequest
        self.maxLimitRequestRatio = maxLimitRequestRatio
    }
    public static var schemaName: String { "io.k8s.api.core.v1.LimitRangeItem" }
}

extension LimitRangeItem: SchemaDescribed {
    public static var typeDescription: String { "Limits for one kind of object." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "type": FieldDoc(
                "Kind of object the limits are for.",
                enumValues: ["Pod", "Container", "PersistentVolumeClaim"]),
            "max": FieldDoc("Maximum per resource."),
            "min": FieldDoc("Minimum per resource."),
            "default": FieldDoc("Default limits."),
            "defaultRequest": FieldDoc("Default requests."),
            "maxLimitRequestRatio": FieldDoc("Maximum ratio of limit to request."),
        ]
    }
}

public struct ResourceQuota: KubeObject, SchemaNamed {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ObjectMeta
    public var spec: ResourceQuotaSpec?
    public var status: ResourceQuotaStatus?

    public init(
        apiVersion: String? = ResourceQuota.gvk.apiVersion, kind: String? = ResourceQuota.gvk.kind,
        metadata: ObjectMeta = ObjectMeta(), spec: ResourceQuotaSpec? = nil, status: ResourceQuotaStatus? = nil
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }
    public static let gvk = GroupVersionKind(group: "", version: "v1", kind: "ResourceQuota")
    public static var schemaName: String { "io.k8s.api.core.v1.ResourceQuota" }
}

extension ResourceQuota: SchemaDescribed {
    public static var typeDescription: String { "Caps the total resources used in a namespace." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "spec": FieldDoc("The caps."),
            "status": FieldDoc("Current usage."),
        ]
    }
}

public struct ResourceQuotaList: Codable, Sendable, Equatable, SchemaNamed {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ListMeta?
    public var items: [ResourceQuota]

    public init(
        apiVersion: String? = ResourceQuota.gvk.apiVersion, kind: String? = "ResourceQuotaList",
        metadata: ListMeta? = nil, items: [ResourceQuota]
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.items = items
    }
    public static var schemaName: String { "io.k8s.api.core.v1.ResourceQuotaList" }
}

public struct ResourceQuotaSpec: Codable, Sendable, Equatable, SchemaNamed {
    public var hard: [String: Quantity]?
    public var scopes: [String]?
    public var scopeSelector: ScopeSelector?

    public init(hard: [String: Quantity]? = nil, scopes: [String]? = nil, scopeSelector: ScopeSelector? = nil) {
        self.hard = hard
        self.scopes = scopes
        self.scopeSelector = scopeSelector
    }
    public static var schemaName: String { "io.k8s.api.core.v1.ResourceQuotaSpec" }
}

extension ResourceQuotaSpec: SchemaDescribed {
    public static var typeDescription: String { "Caps of a quota." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "hard": FieldDoc("Cap per resource."),
            "scopes": FieldDoc("Objects the quota counts."),
            "scopeSelector": FieldDoc("Objects the quota counts, by expression."),
        ]
    }
}

public struct ScopeSelector: Codable, Sendable, Equatable, SchemaNamed {
    public var matchExpressions: [ScopedResourceSelectorRequirement]?

    public init(matchExpressions: [ScopedResourceSelectorRequirement]? = nil) {
        self.matchExpressions = matchExpressions
    }
    public static var schemaName: String { "io.k8s.api.core.v1.ScopeSelector" }
}

public struct ScopedResourceSelectorRequirement: Codable, Sendable, Equatable, SchemaNamed {
    public var scopeName: String
    public var `operator`: String
    public var values: [String]?

    public init(scopeName: String, operator: String, values: [String]? = nil) {
        self.scopeName = scopeName
        self.operator = `operator`
        self.values = values
    }
    public static var schemaName: String { "io.k8s.api.core.v1.ScopedResourceSelectorRequirement" }
}

public struct ResourceQuotaStatus: Codable, Sendable, Equatable, SchemaNamed {
    public var hard: [String: Quantity]?
    public var used: [String: Quantity]?

    public init(hard: [String: Quantity]? = nil, used: [String: Quantity]? = nil) {
        self.hard = hard
        self.used = used
    }
    public static var schemaName: String { "io.k8s.api.core.v1.ResourceQuotaStatus" }
}

extension ResourceQuotaStatus: SchemaDescribed {
    public static var typeDescription: String { "Usage of a quota." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "hard": FieldDoc("Enforced caps."),
            "used": FieldDoc("Current usage."),
        ]
    }
}
