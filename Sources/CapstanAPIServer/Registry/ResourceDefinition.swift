import CapstanAPI

/// Everything the generic REST machinery needs to serve one resource:
/// names for URLs and discovery, scope, schema, which subresources exist,
/// table columns and the per-kind strategy (defaults, validation). Built-in
/// kinds and CRDs both end up as one of these.
public struct ResourceDefinition: Sendable {
    public var group: String
    public var version: String
    public var kind: String
    public var plural: String
    public var singular: String
    public var namespaced: Bool
    public var shortNames: [String] = []
    public var categories: [String] = []
    public var subresources: [Subresource] = []
    /// Schema of the whole object; `.any` means "accept anything".
    public var schema: Schema
    /// Whether metadata.generation tracks spec changes.
    public var tracksGeneration: Bool = false
    public var table: TableDefinition = .default
    public var strategy: Strategy = Strategy()
    /// Verbs the resource allows (Kubernetes' discovery list).
    public var verbs: [String] = ResourceDefinition.allVerbs
    /// False for custom resources (no strategic merge patch, no protobuf).
    public var isBuiltin = true
    /// Set when this version is not the storage version (see VersionConversion).
    public var conversion: VersionConversion? = nil

    public static let allVerbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]

    public enum Subresource: String, Sendable, Hashable {
        case status, scale, binding, eviction, log, exec, attach, portforward, proxy, finalize, token
    }

    /// Where the scale subresource finds replicas and the selector.
    public struct ScalePaths: Sendable {
        public var specReplicas: [String] = ["spec", "replicas"]
        public var statusReplicas: [String] = ["status", "replicas"]
        public var labelSelector: [String]? = ["status", "selector"]
    }
    public var scale = ScalePaths()

    /// Per-kind hooks; defaults do nothing.
    public struct Strategy: Sendable {
        /// Fills in defaults (run on create and update, after decoding).
        public var defaults: @Sendable (inout JSONValue) -> Void = { _ in }
        /// Kind-specific validation on create (old is nil) and update.
        public var validate: @Sendable (_ new: JSONValue, _ old: JSONValue?) -> [FieldError] = { _, _ in [] }
        /// Field paths (dotted) that cannot change after creation.
        public var immutableFields: [[String]] = []
        /// Seconds a delete waits before the object may go (graceful deletion):
        /// 0 deletes at once. Given the object and DeleteOptions.gracePeriodSeconds.
        public var deletionGracePeriod: @Sendable (_ object: JSONValue, _ requested: Int64?) -> Int64 = { _, _ in 0 }
        /// Whether something besides metadata.finalizers still holds an
        /// object marked for deletion (a namespace's spec.finalizers).
        public var deletionHeld: @Sendable (_ object: JSONValue) -> Bool = { _ in false }
        public init() {}
    }

    public init(
        group: String, version: String, kind: String, plural: String, singular: String? = nil, namespaced: Bool,
        schema: Schema
    ) {
        self.group = group
        self.version = version
        self.kind = kind
        self.plural = plural
        self.singular = singular ?? kind.lowercased()
        self.namespaced = namespaced
        self.schema = schema
    }

    public var groupVersion: GroupVersion { GroupVersion(group: group, version: version) }
    public var gvk: GroupVersionKind { GroupVersionKind(group: group, version: version, kind: kind) }
    public var apiVersion: String { groupVersion.apiVersion }
    /// `deployments.apps`, `pods`
    public var groupResource: String { group.isEmpty ? plural : "\(plural).\(group)" }
    public var listKind: String { kind + "List" }
    public var hasStatus: Bool { subresources.contains(.status) }
    /// Storage key prefix; one per group and resource (all versions share it).
    public var keyPrefix: String { "/registry/\(group.isEmpty ? "core" : group)/\(plural)/" }

    public func key(namespace: String?, name: String) -> String {
        if namespaced, let namespace { return keyPrefix + namespace + "/" + name }
        return keyPrefix + name
    }
    public func keyPrefix(namespace: String?) -> String {
        if namespaced, let namespace { return keyPrefix + namespace + "/" }
        return keyPrefix
    }
}
