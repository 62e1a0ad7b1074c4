// rbac.authorization.k8s.io/v1 roles and bindings.

public struct Role: KubeObject, SchemaNamed {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ObjectMeta
    public var rules: [PolicyRule]?

    public init(
        apiVersion: String? = Role.gvk.apiVersion, kind: String? = Role.gvk.kind, metadata: ObjectMeta = ObjectMeta(),
        rules: [PolicyRule]? = nil
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.rules = rules
    }
    public static let gvk = GroupVersionKind(group: "rbac.authorization.k8s.io", version: "v1", kind: "Role")
    public static var schemaName: String { "io.k8s.api.rbac.v1.Role" }
}

extension Role: SchemaDescribed {
    public static var typeDescription: String { "Namespaced permissions, granted through a RoleBinding." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "rules": FieldDoc("The permissions."),
        ]
    }
}

public struct RoleList: Codable, Sendable, Equatable, SchemaNamed {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ListMeta?
    public var items: [Role]

    public init(
        apiVersion: String? = Role.gvk.apiVersion, kind: String? = "RoleList", metadata: ListMeta? = nil,
        items: [Role]
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.items = items
    }
    public static var schemaName: String { "io.k8s.api.rbac.v1.RoleList" }
}

public struct ClusterRole: KubeObject, SchemaNamed {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ObjectMeta
    public var rules: [PolicyRule]?
    public var aggregationRule: AggregationRule?

    public init(
        apiVersion: String? = ClusterRole.gvk.apiVersion, kind: String? = ClusterRole.gvk.kind,
        metadata: ObjectMeta = ObjectMeta(), rules: [PolicyRule]? = nil, aggregationRule: AggregationRule? = nil
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.rules = rules
        self.aggregationRule = aggregationRule
    }
    public static let gvk = GroupVersionKind(group: "rbac.authorization.k8s.io", version: "v1", kind: "ClusterRole")
    public static var schemaName: String { "io.k8s.api.rbac.v1.ClusterRole" }
}

extension ClusterRole: SchemaDescribed {
    public static var typeDescription: String { "Cluster-wide permissions, granted through a (Cluster)RoleBinding." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "rules": FieldDoc("The permissions."),
            "aggregationRule": FieldDoc("Build rules from other ClusterRoles; the controller overwrites rules."),
        ]
    }
}

public struct ClusterRoleList: Codable, Sendable, Equatable, SchemaNamed {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ListMeta?
    public var items: [ClusterRole]

    public init(
        apiVersion: String? = ClusterRole.gvk.apiVersion, kind: String? = "ClusterRoleList",
        metadata: ListMeta? = nil, items: [ClusterRole]
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.items = items
    }
    public static var schemaName: String { "io.k8s.api.rbac.v1.ClusterRoleList" }
}

public struct AggregationRule: Codable, Sendable, Equatable, SchemaNamed {
    public var clusterRoleSelectors: [LabelSelector]?

    public init(clusterRoleSelectors: [LabelSelector]? = nil) {
        self.clusterRoleSelectors = clusterRoleSelectors
    }
    public static var schemaName: String { "io.k8s.api.rbac.v1.AggregationRule" }
}

extension AggregationRule: SchemaDescribed {
    public static var typeDescription: String { "ClusterRoles whose rules are combined." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "clusterRoleSelectors": FieldDoc("Selectors of the ClusterRoles."),
        ]
    }
}

public struct PolicyRule: Codable, Sendable, Equatable, SchemaNamed {
    public var verbs: [String]
    public var apiGroups: [String]?
    public var resources: [String]?
    public var resourceNames: [String]?
    public var nonResourceURLs: [String]?

    public init(
        verbs: [String], apiGroups: [String]? = nil, resources: [String]? = nil, resourceNames: [String]? = nil,
        nonResourceURLs: [String]? = nil
    ) {
        self.verbs = verbs
        self.apiGroups = apiGroups
        self.resources = resources
        self.resourceNames = resourceNames
        self.nonResourceURLs = nonResourceURLs
    }
    public static var schemaName: String { "io.k8s.api.rbac.v1.PolicyRule" }
}

extension PolicyRule: SchemaDescribed {
    public static var typeDescription: String { "Verbs allowed on resources or URLs." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "verbs": FieldDoc("Verbs allowed; * is all."),
            "apiGroups": FieldDoc("API groups of the resources; empty string is the core group."),
            "resources": FieldDoc("Resources, or resource/subresource."),
            "resourceNames": FieldDoc("Allowed object names; empty allows all."),
            "nonResourceURLs": FieldDoc("URL paths, for ClusterRoles only."),
        ]
    }
}

public struct RoleBinding: KubeObject, SchemaNamed {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ObjectMeta
    public var subjects: [Subject]?
    public var roleRef: RoleRef

    public init(
        apiVersion: String? = RoleBinding.gvk.apiVersion, kind: String? = RoleBinding.gvk.kind,
        metadata: ObjectMeta = ObjectMeta(), subjects: [Subject]? = nil, roleRef: RoleRef
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.subjects = subjects
        self.roleRef = roleRef
    }
    public static let gvk = GroupVersionKind(group: "rbac.authorization.k8s.io", version: "v1", kind: "RoleBinding")
    public static var schemaName: String { "io.k8s.api.rbac.v1.RoleBinding" }
}

extension RoleBinding: SchemaDescribed {
    public static var typeDescription: String { "Grants a role's permissions to subjects within a namespace." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "subjects": FieldDoc("Who gets the permissions."),
            "roleRef": FieldDoc("Role or ClusterRole granted. Cannot be changed."),
        ]
    }
}

public struct RoleBindingList: Codable, Sendable, Equatable, SchemaNamed {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ListMeta?
    public var items: [RoleBinding]

    public init(
        apiVersion: String? = RoleBinding.gvk.apiVersion, kind: String? = "RoleBindingList",
        metadata: ListMeta? = nil, items: [RoleBinding]
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.items = items
    }
    public static var schemaName: String { "io.k8s.api.rbac.v1.RoleBindingList" }
}

public struct ClusterRoleBinding: KubeObject, SchemaNamed {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ObjectMeta
    public var subjects: [Subject]?
    public var roleRef: RoleRef

    public init(
        apiVersion: String? = ClusterRoleBinding.gvk.apiVersion, kind: String? = ClusterRoleBinding.gvk.kind,
        metadata: ObjectMeta = ObjectMeta(), subjects: [Subject]? = nil, roleRef: RoleRef
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.subjects = subjects
        self.roleRef = roleRef
    }
    public static let gvk = GroupVersionKind(
        group: "rbac.authorization.k8s.io", version: "v1", kind: "ClusterRoleBinding")
    public static var schemaName: String { "io.k8s.api.rbac.v1.ClusterRoleBinding" }
}

extension ClusterRoleBinding: SchemaDescribed {
    public static var typeDescription: String { "Grants a ClusterRole's permissions to subjects cluster-wide." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "subjects": FieldDoc("Who gets the permissions."),
            "roleRef": FieldDoc("ClusterRole granted. Cannot be changed."),
        ]
    }
}

public struct ClusterRoleBindingList: Codable, Sendable, Equatable, SchemaNamed {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ListMeta?
    public var items: [ClusterRoleBinding]

    public init(
        apiVersion: String? = ClusterRoleBinding.gvk.apiVersion, kind: String? = "ClusterRoleBindingList",
        metadata: ListMeta? = nil, items: [ClusterRoleBinding]
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.items = items
    }
    public static var schemaName: String { "io.k8s.api.rbac.v1.ClusterRoleBindingList" }
}

public struct Subject: Codable, Sendable, Equatable, SchemaNamed {
    public var kind: String
    public var apiGroup: String?
    public var name: String
    public var namespace: String?

    public init(kind: String, apiGroup: String? = nil, name: String, namespace: String? = nil) {
        self.kind = kind
        self.apiGroup = apiGroup
        self.name = name
        self.namespace = namespace
    }
    public static var schemaName: String { "io.k8s.api.rbac.v1.Subject" }
}

extension Subject: SchemaDescribed {
    public static var typeDescription: String { "A user, group or service account." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "kind": FieldDoc("User, Group or ServiceAccount.", enumValues: ["User", "Group", "ServiceAccount"]),
            "apiGroup": FieldDoc("rbac.authorization.k8s.io for users and groups; empty for service accounts."),
            "name": FieldDoc("Name."),
            "namespace": FieldDoc("Namespace of a service account."),
        ]
    }
}

public struct RoleRef: Codable, Sendable, Equatable, SchemaNamed {
    public var apiGroup: String
    public var kind: String
    public var name: String

    public init(apiGroup: String, kind: String, name: String) {
        self.apiGroup = apiGroup
        self.kind = kind
        self.name = name
    }
    public static var schemaName: String { "io.k8s.api.rbac.v1.RoleRef" }
}

extension RoleRef: SchemaDescribed {
    public static var typeDescription: String { "The role a binding grants." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "apiGroup": FieldDoc("API group of the role."),
            "kind": FieldDoc("Role or ClusterRole."),
            "name": FieldDoc("Name."),
        ]
    }
}
