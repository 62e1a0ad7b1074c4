/// meta/v1 Status: the body of every error response (and of some successes).
public struct Status: Codable, Sendable, Equatable, Error, SchemaNamed {
    public var kind: String? = "Status"
    public var apiVersion: String? = "v1"
    public var metadata: ListMeta? = ListMeta()
    /// "Success" or "Failure".
    public var status: String?
    public var message: String?
    /// Machine-readable reason: NotFound, AlreadyExists, Conflict, Invalid, ...
    public var reason: String?
    public var details: StatusDetails?
    public var code: Int32?

    public init(
        status: String? = "Failure", message: String? = nil, reason: String? = nil, details: StatusDetails? = nil,
        code: Int32? = nil
    ) {
        self.status = status
        self.message = message
        self.reason = reason
        self.details = details
        self.code = code
    }
    public static var schemaName: String { "io.k8s.apimachinery.pkg.apis.meta.v1.Status" }
}

public struct StatusDetails: Codable, Sendable, Equatable, SchemaNamed {
    public var name: String?
    public var group: String?
    public var kind: String?
    public var uid: String?
    public var causes: [StatusCause]?
    public var retryAfterSeconds: Int32?
    public init(
        name: String? = nil, group: String? = nil, kind: String? = nil, uid: String? = nil,
        causes: [StatusCause]? = nil, retryAfterSeconds: Int32? = nil
    ) {
        self.name = name
        self.group = group
        self.kind = kind
        self.uid = uid
        self.causes = causes
        self.retryAfterSeconds = retryAfterSeconds
    }
    public static var schemaName: String { "io.k8s.apimachinery.pkg.apis.meta.v1.StatusDetails" }
}

public struct StatusCause: Codable, Sendable, Equatable, SchemaNamed {
    /// FieldValueRequired, FieldValueInvalid, FieldValueNotSupported, FieldValueDuplicate, ...
    public var reason: String?
    public var message: String?
    public var field: String?
    public init(reason: String? = nil, message: String? = nil, field: String? = nil) {
        self.reason = reason
        self.message = message
        self.field = field
    }
    public static var schemaName: String { "io.k8s.apimachinery.pkg.apis.meta.v1.StatusCause" }
}
