import CapstanAPI

/// An error the API answers with: a meta/v1 Status with Kubernetes' code,
/// reason and message, so kubectl prints `Error from server (Reason): message`.
public struct APIError: Error, Sendable {
    public var status: Status
    public var code: Int { Int(status.code ?? 500) }

    public init(code: Int, reason: String, message: String, details: StatusDetails? = nil) {
        status = Status(status: "Failure", message: message, reason: reason, details: details, code: Int32(code))
    }

    public static func notFound(_ gr: String, _ name: String) -> APIError {
        APIError(
            code: 404, reason: "NotFound", message: "\(gr) \"\(name)\" not found",
            details: StatusDetails(name: name, group: groupOf(gr), kind: kindOf(gr)))
    }
    public static func alreadyExists(_ gr: String, _ name: String) -> APIError {
        APIError(
            code: 409, reason: "AlreadyExists", message: "\(gr) \"\(name)\" already exists",
            details: StatusDetails(name: name, group: groupOf(gr), kind: kindOf(gr)))
    }
    public static func conflict(_ gr: String, _ name: String, _ why: String) -> APIError {
        APIError(
            code: 409, reason: "Conflict", message: "Operation cannot be fulfilled on \(gr) \"\(name)\": \(why)",
            details: StatusDetails(name: name, group: groupOf(gr), kind: kindOf(gr)))
    }
    public static func staleResourceVersion(_ gr: String, _ name: String) -> APIError {
        conflict(gr, name, "the object has been modified; please apply your changes to the latest version and try again")
    }
    /// 422 with one cause per field error.
    public static func invalid(kind: String, group: String, name: String, errors: [FieldError]) -> APIError {
        let list = errors.map(\.description)
        let joined = list.count == 1 ? list[0] : "[" + list.joined(separator: ", ") + "]"
        let kindName = group.isEmpty ? kind : "\(kind).\(group)"
        return APIError(
            code: 422, reason: "Invalid", message: "\(kindName) \"\(name)\" is invalid: \(joined)",
            details: StatusDetails(
                name: name, group: group, kind: kind,
                causes: errors.map { StatusCause(reason: $0.type.reason, message: $0.causeMessage, field: $0.field) }))
    }
    public static func badRequest(_ message: String) -> APIError {
        APIError(code: 400, reason: "BadRequest", message: message)
    }
    public static let unauthorized = APIError(code: 401, reason: "Unauthorized", message: "Unauthorized")
    public static func forbidden(_ message: String) -> APIError {
        APIError(code: 403, reason: "Forbidden", message: message)
    }
    public static func methodNotAllowed(_ message: String = "the server does not allow this method on the requested resource")
        -> APIError
    { APIError(code: 405, reason: "MethodNotAllowed", message: message) }
    public static func gone(_ message: String) -> APIError {
        APIError(code: 410, reason: "Expired", message: message)
    }
    public static let tooLarge = APIError(
        code: 413, reason: "RequestEntityTooLarge", message: "Request entity too large: limit is 3145728")
    public static func unsupportedMediaType(_ type: String) -> APIError {
        APIError(code: 415, reason: "UnsupportedMediaType", message: "the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf")
    }
    public static func notAcceptable(_ message: String) -> APIError {
        APIError(code: 406, reason: "NotAcceptable", message: message)
    }
    public static func internalError(_ message: String) -> APIError {
        APIError(code: 500, reason: "InternalError", message: "Internal error occurred: \(message)")
    }
    public static func serviceUnavailable(_ message: String) -> APIError {
        APIError(code: 503, reason: "ServiceUnavailable", message: message)
    }
    public static func pathNotFound() -> APIError {
        APIError(code: 404, reason: "NotFound", message: "the server could not find the requested resource")
    }

    private static func groupOf(_ gr: String) -> String {
        guard let dot = gr.firstIndex(of: ".") else { return "" }
        return String(gr[gr.index(after: dot)...])
    }
    private static func kindOf(_ gr: String) -> String {
        String(gr.split(separator: ".").first ?? "")
    }
}

/// One field's validation failure, as Kubernetes' field.Error.
public struct FieldError: Sendable, Equatable, CustomStringConvertible {
    public enum ErrorType: Sendable, Equatable {
        case required, invalid, notSupported, duplicate, forbidden, tooLong, typeInvalid, tooMany
        var reason: String {
            switch self {
            case .required: return "FieldValueRequired"
            case .invalid: return "FieldValueInvalid"
            case .notSupported: return "FieldValueNotSupported"
            case .duplicate: return "FieldValueDuplicate"
            case .forbidden: return "FieldValueForbidden"
            case .tooLong: return "FieldValueTooLong"
            case .typeInvalid: return "FieldValueTypeInvalid"
            case .tooMany: return "FieldValueTooMany"
            }
        }
        var label: String {
            switch self {
            case .required: return "Required value"
            case .invalid: return "Invalid value"
            case .notSupported: return "Unsupported value"
            case .duplicate: return "Duplicate value"
            case .forbidden: return "Forbidden"
            case .tooLong: return "Too long"
            case .typeInvalid: return "Invalid value"
            case .tooMany: return "Too many"
            }
        }
    }
    public var type: ErrorType
    public var field: String
    public var value: JSONValue?
    public var detail: String

    public init(_ type: ErrorType, _ field: String, value: JSONValue? = nil, _ detail: String = "") {
        self.type = type
        self.field = field
        self.value = value
        self.detail = detail
    }

    public static func required(_ field: String, _ detail: String = "") -> FieldError { .init(.required, field, detail) }
    public static func invalid(_ field: String, _ value: JSONValue, _ detail: String) -> FieldError {
        .init(.invalid, field, value: value, detail)
    }
    public static func forbidden(_ field: String, _ detail: String) -> FieldError { .init(.forbidden, field, detail) }
    public static func notSupported(_ field: String, _ value: JSONValue, _ allowed: [String]) -> FieldError {
        .init(.notSupported, field, value: value, "supported values: " + allowed.map { "\"\($0)\"" }.joined(separator: ", "))
    }

    /// `spec.replicas: Invalid value: -1: must be greater than or equal to 0`
    public var causeMessage: String {
        var s = type.label
        if let value, type != .required, type != .forbidden {
            switch value {
            case .string(let str): s += ": \"\(str)\""
            default: s += ": \(value.serializedString())"
            }
        }
        if !detail.isEmpty { s += ": \(detail)" }
        return s
    }
    public var description: String { "\(field): \(causeMessage)" }
}
