// apiextensions.k8s.io/v1 CustomResourceDefinition. The OpenAPI schema of a version is kept as
// JSONValue: JSONSchemaProps is recursive, which schema reflection cannot follow.

public struct CustomResourceDefinition: KubeObject, SchemaNamed {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ObjectMeta
    public var spec: CustomResourceDefinitionSpec
    public var status: CustomResourceDefinitionStatus?

    public init(
        apiVersion: String? = CustomResourceDefinition.gvk.apiVersion,
        kind: String? = CustomResourceDefinition.gvk.kind, metadata: ObjectMeta = ObjectMeta(),
        spec: CustomResourceDefinitionSpec, status: CustomResourceDefinitionStatus? = nil
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }
    public static let gvk = GroupVersionKind(
        group: "apiextensions.k8s.io", version: "v1", kind: "CustomResourceDefinition")
    public static var schemaName: String {
        "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition"
    }
}

extension CustomResourceDefinition: SchemaDescribed {
    public static var typeDescription: String { "Defines a custom resource type served by the API server." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "spec": FieldDoc("The resource type."),
            "status": FieldDoc("Current state of the definition."),
        ]
    }
}

public struct CustomResourceDefinitionList: Codable, Sendable, Equatable, SchemaNamed {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ListMeta?
    public var items: [CustomResourceDefinition]

    public init(
        apiVersion: String? = CustomResourceDefinition.gvk.apiVersion, kind: String? = "CustomResourceDefinitionList",
        metadata: ListMeta? = nil, items: [CustomResourceDefinition]
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.items = items
    }
    public static var schemaName: String {
        "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinitionList"
    }
}

public struct CustomResourceDefinitionSpec: Codable, Sendable, Equatable, SchemaNamed {
    public var group: String
    public var names: CustomResourceDefinitionNames
    public var scope: String
    public var versions: [CustomResourceDefinitionVersion]
    public var conversion: CustomResourceConversion?
    public var preserveUnknownFields: Bool?

    public init(
        group: String, names: CustomResourceDefinitionNames, scope: String,
        versions: [CustomResourceDefinitionVersion], conversion: CustomResourceConversion? = nil,
        preserveUnknownFields: Bool? = nil
    ) {
        self.group = group
        self.names = names
        self.scope = scope
        self.versions = versions
        self.conversion = conversion
        self.preserveUnknownFields = preserveUnknownFields
    }
    public static var schemaName: String {
        "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinitionSpec"
    }
}

extension CustomResourceDefinitionSpec: SchemaDescribed {
    public static var typeDescription: String { "A custom resource type." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "group": FieldDoc("API group; must be <plural>.<group> in the object name."),
            "names": FieldDoc("Resource and kind names."),
            "scope": FieldDoc("Namespaced or Cluster.", enumValues: ["Namespaced", "Cluster"]),
            "versions": FieldDoc("Served versions; exactly one is the storage version."),
            "conversion": FieldDoc("How objects are converted between versions."),
            "preserveUnknownFields": FieldDoc("Legacy; must be false for apiextensions.k8s.io/v1."),
        ]
    }
}

public struct CustomResourceDefinitionNames: Codable, Sendable, Equatable, SchemaNamed {
    public var plural: String
    public var singular: String?
    public var shortNames: [String]?
    public var kind: String
    public var listKind: String?
    public var categories: [String]?

    public init(
        plural: String, singular: String? = nil, shortNames: [String]? = nil, kind: String, listKind: String? = nil,
        categories: [String]? = nil
    ) {
        self.plural = plural
        self.singular = singular
        self.shortNames = shortNames
        self.kind = kind
        self.listKind = listKind
        self.categories = categories
    }
    public static var schemaName: String {
        "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinitionNames"
    }
}

extension CustomResourceDefinitionNames: SchemaDescribed {
    public static var typeDescription: String { "Names of a custom resource." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "plural": FieldDoc("Resource name in URLs; lowercase."),
            "singular": FieldDoc("Singular lowercase name. Default: lowercase kind."),
            "shortNames": FieldDoc("Short aliases for kubectl."),
            "kind": FieldDoc("CamelCase kind of objects."),
            "listKind": FieldDoc("Kind of lists. Default <kind>List."),
            "categories": FieldDoc("Groups of resources it belongs to, such as all."),
        ]
    }
}

public struct CustomResourceDefinitionVersion: Codable, Sendable, Equatable, SchemaNamed {
    public var name: String
    public var served: Bool
    public var storage: Bool
    public var deprecated: Bool?
    public var deprecationWarning: String?
    public var schema: CustomResourceValidation?
    public var subresources: CustomResourceSubresources?
    public var additionalPrinterColumns: [CustomResourceColumnDefinition]?
    public var selectableFields: [SelectableField]?

    public init(
        name: String, served: Bool, storage: Bool, deprecated: Bool? = nil, deprecationWarning: String? = nil,
        schema: CustomResourceValidation? = nil, subresources: CustomResourceSubresources? = nil,
        additionalPrinterColumns: [CustomResourceColumnDefinition]? = nil, selectableFields: [SelectableField]? = nil
    ) {
        self.name = name
        self.served = served
        self.storage = storage
        self.deprecated = deprecated
        self.deprecationWarning = deprecationWarning
        self.schema = schema
        self.subresources = subresources
        self.additionalPrinterColumns = additionalPrinterColumns
        self.selectableFields = selectableFields
    }
    public static var schemaName: String {
        "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinitionVersion"
    }
}

extension CustomResourceDefinitionVersion: SchemaDescribed {
    public static var typeDescription: String { "One version of a custom resource." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "name": FieldDoc("Version name (v1, v1beta1, ...)."),
            "served": FieldDoc("Whether the version is served."),
            "storage": FieldDoc("Whether objects are stored in this version. Exactly one must be true."),
            "deprecated": FieldDoc("Whether requests get a deprecation warning."),
            "deprecationWarning": FieldDoc("Warning text instead of the default."),
            "schema": FieldDoc("Schema used for validation, pruning and defaulting."),
            "subresources": FieldDoc("Status and scale subresources."),
            "additionalPrinterColumns": FieldDoc("Extra columns for kubectl get."),
            "selectableFields": FieldDoc("Fields usable in field selectors."),
        ]
    }
}

public struct CustomResourceValidation: Codable, Sendable, Equatable, SchemaNamed {
    /// A JSONSchemaProps document.
    public var openAPIV3Schema: JSONValue?

    public init(openAPIV3Schema: JSONValue? = nil) {
        self.openAPIV3Schema = openAPIV3Schema
    }
    public static var schemaName: String {
        "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceValidation"
    }
}

extension CustomResourceValidation: SchemaDescribed {
    public static var typeDescription: String { "Validation of a custom resource." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "openAPIV3Schema": FieldDoc("OpenAPI v3 schema of the objects."),
        ]
    }
}

public struct CustomResourceSubresources: Codable, Sendable, Equatable, SchemaNamed {
    public var status: CustomResourceSubresourceStatus?
    public var scale: CustomResourceSubresourceScale?

    public init(status: CustomResourceSubresourceStatus? = nil, scale: CustomResourceSubresourceScale? = nil) {
        self.status = status
        self.scale = scale
    }
    public static var schemaName: String {
        "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceSubresources"
    }
}

extension CustomResourceSubresources: SchemaDescribed {
    public static var typeDescription: String { "Subresources of a custom resource." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "status": FieldDoc("Serve the status subresource."),
            "scale": FieldDoc("Serve the scale subresource."),
        ]
    }
}

public struct CustomResourceSubresourceStatus: Codable, Sendable, Equatable, SchemaNamed {
    public init() {}
    public static var schemaName: String {
        "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceSubresourceStatus"
    }
}

extension CustomResourceSubresourceStatus: SchemaDescribed {
    public static var typeDescription: String {
        "Enables /status: the main endpoint ignores status, /status changes only status."
    }
}

public struct CustomResourceSubresourceScale: Codable, Sendable, Equatable, SchemaNamed {
    public var specReplicasPath: String
    public var statusReplicasPath: String
    public var labelSelectorPath: String?

    public init(specReplicasPath: String, statusReplicasPath: String, labelSelectorPath: String? = nil) {
        self.specReplicasPath = specReplicasPath
        self.statusReplicasPath = statusReplicasPath
        self.labelSelectorPath = labelSelectorPath
    }
    public static var schemaName: String {
        "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceSubresourceScale"
    }
}

extension CustomResourceSubresourceScale: SchemaDescribed {
    public static var typeDescription: String { "Enables /scale." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "specReplicasPath": FieldDoc("JSON path of the desired replicas (.spec...)."),
            "statusReplicasPath": FieldDoc("JSON path of the observed replicas (.status...)."),
            "labelSelectorPath": FieldDoc("JSON path of the label selector string (.status... or .spec...)."),
        ]
    }
}

public struct CustomResourceColumnDefinition: Codable, Sendable, Equatable, SchemaNamed {
    public var name: String
    public var type: String
    public var format: String?
    public var description: String?
    public var priority: Int32?
    public var jsonPath: String

    public init(
        name: String, type: String, format: String? = nil, description: String? = nil, priority: Int32? = nil,
        jsonPath: String
    ) {
        self.name = name
        self.type = type
        self.format = format
        self.description = description
        self.priority = priority
        self.jsonPath = jsonPath
    }
    public static var schemaName: String {
        "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceColumnDefinition"
    }
}

extension CustomResourceColumnDefinition: SchemaDescribed {
    public static var typeDescription: String { "A column of kubectl get output." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "name": FieldDoc("Header."),
            "type": FieldDoc("OpenAPI type of the value."),
            "format": FieldDoc("OpenAPI format of the value."),
            "description": FieldDoc("Description of the column."),
            "priority": FieldDoc("0 for the default view; higher only in wide output."),
            "jsonPath": FieldDoc("JSON path of the value in each object."),
        ]
    }
}

public struct SelectableField: Codable, Sendable, Equatable, SchemaNamed {
    public var jsonPath: String

    public init(jsonPath: String) {
        self.jsonPath = jsonPath
    }
    public static var schemaName: String { "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.SelectableField" }
}

extension SelectableField: SchemaDescribed {
    public static var typeDescription: String { "A field usable in field selectors." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "jsonPath": FieldDoc("JSON path of the field."),
        ]
    }
}

public struct CustomResourceConversion: Codable, Sendable, Equatable, SchemaNamed {
    public var strategy: String
    public var webhook: WebhookConversion?

    public init(strategy: String, webhook: WebhookConversion? = nil) {
        self.strategy = strategy
        self.webhook = webhook
    }
    public static var schemaName: String {
        "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceConversion"
    }
}

extension CustomResourceConversion: SchemaDescribed {
    public static var typeDescription: String { "Conversion between versions." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "strategy": FieldDoc("None or Webhook.", enumValues: ["None", "Webhook"]),
            "webhook": FieldDoc("Webhook to call."),
        ]
    }
}

public struct WebhookConversion: Codable, Sendable, Equatable, SchemaNamed {
    public var clientConfig: WebhookClientConfig?
    public var conversionReviewVersions: [String]

    public init(clientConfig: WebhookClientConfig? = nil, conversionReviewVersions: [String]) {
        self.clientConfig = clientConfig
        self.conversionReviewVersions = conversionReviewVersions
    }
    public static var schemaName: String {
        "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.WebhookConversion"
    }
}

extension WebhookConversion: SchemaDescribed {
    public static var typeDescription: String { "A conversion webhook." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "clientConfig": FieldDoc("How to reach the webhook."),
            "conversionReviewVersions": FieldDoc(
                "ConversionReview versions the webhook accepts, in order of preference."),
        ]
    }
}

/// Same JSON as admissionregistration's; no fixed OpenAPI name, so the root's prefix names it.
public struct WebhookClientConfig: Codable, Sendable, Equatable {
    public var url: String?
    public var service: ServiceReference?
    /// Base64 text, as on the wire.
    public var caBundle: String?

    public init(url: String? = nil, service: ServiceReference? = nil, caBundle: String? = nil) {
        self.url = url
        self.service = service
        self.caBundle = caBundle
    }
}

extension WebhookClientConfig: SchemaDescribed {
    public static var typeDescription: String { "How to reach a webhook." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "url": FieldDoc("URL of the webhook."),
            "service": FieldDoc("Service in the cluster."),
            "caBundle": FieldDoc("PEM CA bundle to verify the server, base64-encoded."),
        ]
    }
}

/// Same JSON as admissionregistration's; no fixed OpenAPI name, so the root's prefix names it.
public struct ServiceReference: Codable, Sendable, Equatable {
    public var namespace: String
    public var name: String
    public var path: String?
    public var port: Int32?

    public init(namespace: String, name: String, path: String? = nil, port: Int32? = nil) {
        self.namespace = namespace
        self.name = name
        self.path = path
        self.port = port
    }
}

extension ServiceReference: SchemaDescribed {
    public static var typeDescription: String { "A service that hosts a webhook." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "namespace": FieldDoc("Namespace."),
            "name": FieldDoc("Name."),
            "path": FieldDoc("URL path."),
            "port": FieldDoc("Port. Default 443."),
        ]
    }
}

public struct CustomResourceDefinitionStatus: Codable, Sendable, Equatable, SchemaNamed {
    public var conditions: [CustomResourceDefinitionCondition]?
    public var acceptedNames: CustomResourceDefinitionNames?
    public var storedVersions: [String]?

    public init(
        conditions: [CustomResourceDefinitionCondition]? = nil, acceptedNames: CustomResourceDefinitionNames? = nil,
        storedVersions: [String]? = nil
    ) {
        self.conditions = conditions
        self.acceptedNames = acceptedNames
        self.storedVersions = storedVersions
    }
    public static var schemaName: String {
        "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinitionStatus"
    }
}

extension CustomResourceDefinitionStatus: SchemaDescribed {
    public static var typeDescription: String { "Current state of a definition." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "conditions": FieldDoc(
                "Current conditions (Established, NamesAccepted, ...).",
                listType: "map", listMapKeys: ["type"]),
            "acceptedNames": FieldDoc("Names actually served."),
            "storedVersions": FieldDoc("Versions objects have ever been stored in."),
        ]
    }
}

public struct CustomResourceDefinitionCondition: Codable, Sendable, Equatable, SchemaNamed {
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
    public static var schemaName: String {
        "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinitionCondition"
    }
}

extension CustomResourceDefinitionCondition: SchemaDescribed {
    public static var typeDescription: String { "One aspect of a definition's state." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "type": FieldDoc("Kind of condition."),
            "status": FieldDoc("True, False or Unknown.", enumValues: ["True", "False", "Unknown"]),
            "lastTransitionTime": FieldDoc("When the status last changed."),
            "reason": FieldDoc("Brief CamelCase reason."),
            "message": FieldDoc("Human-readable detail."),
        ]
    }
}
