import CapstanAPI

/// How strictly unknown and duplicate fields are treated (`fieldValidation=`).
public enum FieldValidationMode: String, Sendable {
    case strict = "Strict"
    case warn = "Warn"
    case ignore = "Ignore"

    public init(query: String?) throws(APIError) {
        guard let query, !query.isEmpty else {
            self = .warn
            return
        }
        switch query.lowercased() {
        case "strict": self = .strict
        case "warn": self = .warn
        case "ignore": self = .ignore
        default:
            throw APIError.badRequest(
                "fieldValidation must be one of \"Ignore\", \"Warn\", or \"Strict\", got \"\(query)\"")
        }
    }
}

/// Options common to create, update and patch.
public struct WriteOptions: Sendable {
    public var dryRun = false
    public var fieldManager: String?
    public var fieldValidation: FieldValidationMode = .warn
    /// Server-side apply: take over conflicting fields.
    public var force = false
    /// "status" or "scale" when writing through a subresource (recorded in managedFields).
    public var subresource: String?
    /// Recorded in managedFields: Update for create/update/patch, Apply for server-side apply.
    public var operation: Operation = .update
    /// For server-side apply: the configuration applied (its fields become the manager's).
    public var appliedConfig: JSONValue?
    public enum Operation: String, Sendable { case update = "Update", apply = "Apply" }
    public init() {}
}

/// meta/v1 DeleteOptions, from the body or the query string.
public struct DeleteOptions: Sendable {
    public var gracePeriodSeconds: Int64?
    public var propagationPolicy: String?
    public var dryRun = false
    public var preconditionUID: String?
    public var preconditionResourceVersion: String?
    public var orphanDependents: Bool?
    public init() {}

    public init(body: JSONValue?, query: [String: String]) throws(APIError) {
        if let body, case .object = body {
            if let k = body["kind"]?.stringValue, k != "DeleteOptions" {
                throw APIError.badRequest("expected DeleteOptions, got \(k)")
            }
            gracePeriodSeconds = body["gracePeriodSeconds"]?.intValue
            propagationPolicy = body["propagationPolicy"]?.stringValue
            if let d = body["dryRun"]?.arrayValue { dryRun = d.contains(.string("All")) }
            preconditionUID = body[path: ["preconditions", "uid"]]?.stringValue
            preconditionResourceVersion = body[path: ["preconditions", "resourceVersion"]]?.stringValue
            orphanDependents = body["orphanDependents"]?.boolValue
        }
        if let g = query["gracePeriodSeconds"], let v = Int64(g) { gracePeriodSeconds = v }
        if let p = query["propagationPolicy"] { propagationPolicy = p }
        if query["dryRun"] == "All" { dryRun = true }
        if let p = propagationPolicy, !["Orphan", "Background", "Foreground"].contains(p) {
            throw APIError(
                code: 422, reason: "Invalid",
                message: "DeleteOptions.meta.k8s.io \"\" is invalid: propagationPolicy: Unsupported value: \"\(p)\": supported values: \"Foreground\", \"Background\", \"Orphan\", \"nil\"")
        }
    }
}
