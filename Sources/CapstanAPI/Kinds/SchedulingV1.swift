// scheduling.k8s.io/v1 PriorityClass.

public struct PriorityClass: KubeObject, SchemaNamed {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ObjectMeta
    public var value: Int32
    public var globalDefault: Bool?
    public var description: String?
    public var preemptionPolicy: String?

    public init(
        apiVersion: String? = PriorityClass.gvk.apiVersion, kind: String? = PriorityClass.gvk.kind,
        metadata: ObjectMeta = ObjectMeta(), value: Int32, globalDefault: Bool? = nil, description: String? = nil,
        preemptionPolicy: String? = nil
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.value = value
        self.globalDefault = globalDefault
        self.description = description
        self.preemptionPolicy = preemptionPolicy
    }
    public static let gvk = GroupVersionKind(group: "scheduling.k8s.io", version: "v1", kind: "PriorityClass")
    public static var schemaName: String { "io.k8s.api.scheduling.v1.PriorityClass" }
}

extension PriorityClass: SchemaDescribed {
    public static var typeDescription: String { "Maps a priority class name to a pod priority value." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "value": FieldDoc("Priority of pods of this class; higher is more important."),
            "globalDefault": FieldDoc("Use for pods without a priorityClassName. Only one class may be the default."),
            "description": FieldDoc("When to use this class."),
            "preemptionPolicy": FieldDoc(
                "Whether pods may preempt others. Default PreemptLowerPriority.",
                enumValues: ["PreemptLowerPriority", "Never"]),
        ]
    }
}

public struct PriorityClassList: Codable, Sendable, Equatable, SchemaNamed {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ListMeta?
    public var items: [PriorityClass]

    public init(
        apiVersion: String? = PriorityClass.gvk.apiVersion, kind: String? = "PriorityClassList",
        metadata: ListMeta? = nil, items: [PriorityClass]
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.items = items
    }
    public static var schemaName: String { "io.k8s.api.scheduling.v1.PriorityClassList" }
}
