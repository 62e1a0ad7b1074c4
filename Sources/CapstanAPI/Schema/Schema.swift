/// A structural schema for an API type: what OpenAPI v3 publishes, what
/// field validation checks against, and where strategic-merge patch finds its
/// merge keys. Built-in kinds derive theirs from the Codable model
/// (`SchemaReflector`); custom resources bring theirs in the CRD.
public final class Schema: Sendable {
    public enum Kind: String, Sendable {
        case object, array, string, integer, number, boolean
        /// `x-kubernetes-int-or-string`
        case intOrString
        /// Any JSON (`x-kubernetes-preserve-unknown-fields` with no type).
        case any
    }

    public let kind: Kind
    /// OpenAPI component name for named object types (`io.k8s.api.core.v1.PodSpec`).
    public let name: String?
    public let format: String?
    public let description: String
    /// Object properties, in declaration order.
    public let properties: [(String, Schema)]
    public let required: [String]
    public let items: Schema?
    /// Schema of map values (`map[string]T`).
    public let additionalProperties: Schema?
    /// Objects that keep fields not listed in `properties` (metadata-free blobs).
    public let preserveUnknownFields: Bool
    public let patchMergeKey: String?
    public let patchStrategy: String?
    /// `atomic`, `set` or `map`.
    public let listType: String?
    public let listMapKeys: [String]
    public let enumValues: [String]
    /// Top-level kinds carry their group/version/kind.
    public let gvk: GroupVersionKind?
    /// Value constraints (custom resources' structural schemas).
    public let constraints: Constraints?

    /// JSON-Schema value constraints a CRD may state.
    public struct Constraints: Sendable, Equatable {
        public var minimum: Double?
        public var maximum: Double?
        public var exclusiveMinimum = false
        public var exclusiveMaximum = false
        public var minLength: Int?
        public var maxLength: Int?
        public var minItems: Int?
        public var maxItems: Int?
        public var pattern: String?
        public var enumValues: [JSONValue]?
        public init() {}
    }

    private let propertyIndex: [String: Schema]

    public init(
        kind: Kind, name: String? = nil, format: String? = nil, description: String = "",
        properties: [(String, Schema)] = [], required: [String] = [], items: Schema? = nil,
        additionalProperties: Schema? = nil, preserveUnknownFields: Bool = false,
        patchMergeKey: String? = nil, patchStrategy: String? = nil, listType: String? = nil,
        listMapKeys: [String] = [], enumValues: [String] = [], gvk: GroupVersionKind? = nil,
        constraints: Constraints? = nil
    ) {
        self.kind = kind
        self.name = name
        self.format = format
        self.description = description
        self.properties = properties
        self.required = required
        self.items = items
        self.additionalProperties = additionalProperties
        self.preserveUnknownFields = preserveUnknownFields
        self.patchMergeKey = patchMergeKey
        self.patchStrategy = patchStrategy
        self.listType = listType
        self.listMapKeys = listMapKeys
        self.enumValues = enumValues
        self.gvk = gvk
        self.constraints = constraints
        var idx: [String: Schema] = [:]
        for (k, v) in properties { idx[k] = v }
        self.propertyIndex = idx
    }

    public func property(_ name: String) -> Schema? { propertyIndex[name] }

    /// Copy with field-level annotations (they live on the referencing field in
    /// Kubernetes' OpenAPI, not on the referenced type).
    public func annotated(
        description: String? = nil, patchMergeKey: String? = nil, patchStrategy: String? = nil,
        listType: String? = nil, listMapKeys: [String]? = nil, enumValues: [String]? = nil,
        gvk: GroupVersionKind? = nil, name: String?? = nil
    ) -> Schema {
        Schema(
            kind: kind, name: name ?? self.name, format: format, description: description ?? self.description,
            properties: properties, required: required, items: items,
            additionalProperties: additionalProperties, preserveUnknownFields: preserveUnknownFields,
            patchMergeKey: patchMergeKey ?? self.patchMergeKey, patchStrategy: patchStrategy ?? self.patchStrategy,
            listType: listType ?? self.listType, listMapKeys: listMapKeys ?? self.listMapKeys,
            enumValues: enumValues ?? self.enumValues, gvk: gvk ?? self.gvk, constraints: constraints)
    }

    public static let string = Schema(kind: .string)
    public static let boolean = Schema(kind: .boolean)
    public static let int32 = Schema(kind: .integer, format: "int32")
    public static let int64 = Schema(kind: .integer, format: "int64")
    public static let double = Schema(kind: .number, format: "double")
    public static let intOrString = Schema(kind: .intOrString, format: "int-or-string")
    public static let any = Schema(kind: .any, preserveUnknownFields: true)
    public static let dateTime = Schema(kind: .string, format: "date-time")
    public static let byteString = Schema(kind: .string, format: "byte")
}

/// Field-level facts a Codable model type adds to its derived schema.
public struct FieldDoc: Sendable {
    public var description: String
    public var mergeKey: String?
    public var patchStrategy: String?
    public var listType: String?
    public var listMapKeys: [String]?
    public var enumValues: [String]?

    public init(
        _ description: String = "", mergeKey: String? = nil, patchStrategy: String? = nil,
        listType: String? = nil, listMapKeys: [String]? = nil, enumValues: [String]? = nil
    ) {
        self.description = description
        self.mergeKey = mergeKey
        self.patchStrategy = patchStrategy
        self.listType = listType
        self.listMapKeys = listMapKeys
        self.enumValues = enumValues
    }

    /// A list merged by key, as Kubernetes' `patchMergeKey`/`patchStrategy: merge`.
    public static func mergeList(_ key: String, _ description: String = "") -> FieldDoc {
        FieldDoc(description, mergeKey: key, patchStrategy: "merge", listType: "map", listMapKeys: [key])
    }
}

/// A model type that documents its fields (keyed by JSON name).
public protocol SchemaDescribed {
    static var typeDescription: String { get }
    static var fieldDocs: [String: FieldDoc] { get }
}

extension SchemaDescribed {
    public static var typeDescription: String { "" }
    public static var fieldDocs: [String: FieldDoc] { [:] }
}

/// A model type whose JSON form is not its Codable structure (Quantity,
/// IntOrString, Time, free-form JSON) and that states its schema directly.
public protocol CustomSchemaProviding {
    static var customSchema: Schema { get }
    /// Any valid value; reflection returns it instead of decoding one.
    static var schemaPlaceholder: Self { get }
}

/// A model type with a fixed OpenAPI component name (meta types shared by all groups).
public protocol SchemaNamed {
    static var schemaName: String { get }
}
