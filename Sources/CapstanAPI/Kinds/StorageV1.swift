// storage.k8s.io/v1 StorageClass, with the core/v1 topology terms it uses.

public struct StorageClass: KubeObject, SchemaNamed {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ObjectMeta
    public var provisioner: String
    public var parameters: [String: String]?
    public var reclaimPolicy: String?
    public var mountOptions: [String]?
    public var allowVolumeExpansion: Bool?
    public var volumeBindingMode: String?
    public var allowedTopologies: [TopologySelectorTerm]?

    public init(
        apiVersion: String? = StorageClass.gvk.apiVersion, kind: String? = StorageClass.gvk.kind,
        metadata: ObjectMeta = ObjectMeta(), provisioner: String, parameters: [String: String]? = nil,
        reclaimPolicy: String? = nil, mountOptions: [String]? = nil, allowVolumeExpansion: Bool? = nil,
        volumeBindingMode: String? = nil, allowedTopologies: [TopologySelectorTerm]? = nil
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.provisioner = provisioner
        self.parameters = parameters
        self.reclaimPolicy = reclaimPolicy
        self.mountOptions = mountOptions
        self.allowVolumeExpansion = allowVolumeExpansion
        self.volumeBindingMode = volumeBindingMode
        self.allowedTopologies = allowedTopologies
    }
    public static let gvk = GroupVersionKind(group: "storage.k8s.io", version: "v1", kind: "StorageClass")
    public static var schemaName: String { "io.k8s.api.storage.v1.StorageClass" }
}

extension StorageClass: SchemaDescribed {
    public static var typeDescription: String { "A class of dynamically provisioned storage." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "provisioner": FieldDoc("Name of the volume provisioner."),
            "parameters": FieldDoc("Parameters for the provisioner."),
            "reclaimPolicy": FieldDoc(
                "Reclaim policy of created volumes. Default Delete.",
                enumValues: ["Delete", "Retain", "Recycle"]),
            "mountOptions": FieldDoc("Mount options of created volumes."),
            "allowVolumeExpansion": FieldDoc("Whether claims may be resized."),
            "volumeBindingMode": FieldDoc(
                "When volumes are provisioned and bound. Default Immediate.",
                enumValues: ["Immediate", "WaitForFirstConsumer"]),
            "allowedTopologies": FieldDoc("Where volumes may be provisioned."),
        ]
    }
}

public struct StorageClassList: Codable, Sendable, Equatable, SchemaNamed {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ListMeta?
    public var items: [StorageClass]

    public init(
        apiVersion: String? = StorageClass.gvk.apiVersion, kind: String? = "StorageClassList",
        metadata: ListMeta? = nil, items: [StorageClass]
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.items = items
    }
    public static var schemaName: String { "io.k8s.api.storage.v1.StorageClassList" }
}

public struct TopologySelectorTerm: Codable, Sendable, Equatable, SchemaNamed {
    public var matchLabelExpressions: [TopologySelectorLabelRequirement]?

    public init(matchLabelExpressions: [TopologySelectorLabelRequirement]? = nil) {
        self.matchLabelExpressions = matchLabelExpressions
    }
    public static var schemaName: String { "io.k8s.api.core.v1.TopologySelectorTerm" }
}

public struct TopologySelectorLabelRequirement: Codable, Sendable, Equatable, SchemaNamed {
    public var key: String
    public var values: [String]

    public init(key: String, values: [String]) {
        self.key = key
        self.values = values
    }
    public static var schemaName: String { "io.k8s.api.core.v1.TopologySelectorLabelRequirement" }
}
