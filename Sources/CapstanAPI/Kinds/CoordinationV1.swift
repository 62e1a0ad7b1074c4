// coordination.k8s.io/v1 Lease.

public struct Lease: KubeObject, SchemaNamed {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ObjectMeta
    public var spec: LeaseSpec?

    public init(
        apiVersion: String? = Lease.gvk.apiVersion, kind: String? = Lease.gvk.kind,
        metadata: ObjectMeta = ObjectMeta(), spec: LeaseSpec? = nil
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.spec = spec
    }
    public static let gvk = GroupVersionKind(group: "coordination.k8s.io", version: "v1", kind: "Lease")
    public static var schemaName: String { "io.k8s.api.coordination.v1.Lease" }
}

extension Lease: SchemaDescribed {
    public static var typeDescription: String { "A lease for leader election, node heartbeats and similar." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "spec": FieldDoc("The lease."),
        ]
    }
}

public struct LeaseList: Codable, Sendable, Equatable, SchemaNamed {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ListMeta?
    public var items: [Lease]

    public init(
        apiVersion: String? = Lease.gvk.apiVersion, kind: String? = "LeaseList", metadata: ListMeta? = nil,
        items: [Lease]
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.items = items
    }
    public static var schemaName: String { "io.k8s.api.coordination.v1.LeaseList" }
}

public struct LeaseSpec: Codable, Sendable, Equatable, SchemaNamed {
    public var holderIdentity: String?
    public var leaseDurationSeconds: Int32?
    public var acquireTime: MicroTime?
    public var renewTime: MicroTime?
    public var leaseTransitions: Int32?
    public var strategy: String?
    public var preferredHolder: String?

    public init(
        holderIdentity: String? = nil, leaseDurationSeconds: Int32? = nil, acquireTime: MicroTime? = nil,
        renewTime: MicroTime? = nil, leaseTransitions: Int32? = nil, strategy: String? = nil,
        preferredHolder: String? = nil
    ) {
        self.holderIdentity = holderIdentity
        self.leaseDurationSeconds = leaseDurationSeconds
        self.acquireTime = acquireTime
        self.renewTime = renewTime
        self.leaseTransitions = leaseTransitions
        self.strategy = strategy
        self.preferredHolder = preferredHolder
    }
    public static var schemaName: String { "io.k8s.api.coordination.v1.LeaseSpec" }
}

extension LeaseSpec: SchemaDescribed {
    public static var typeDescription: String { "Spec of a lease." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "holderIdentity": FieldDoc("Current holder."),
            "leaseDurationSeconds": FieldDoc("How long the holder's claim lasts after renewTime."),
            "acquireTime": FieldDoc("When the current holder acquired the lease."),
            "renewTime": FieldDoc("When the holder last renewed it."),
            "leaseTransitions": FieldDoc("Times the holder has changed."),
            "strategy": FieldDoc("How the next holder is chosen (coordinated election)."),
            "preferredHolder": FieldDoc("Holder that should take over."),
        ]
    }
}
