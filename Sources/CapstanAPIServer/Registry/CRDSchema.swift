import CapstanAPI

/// Converts a CRD's `openAPIV3Schema` (JSONSchemaProps as JSON) into our
/// `Schema`, and checks the value constraints structural schemas allow
/// (enum, minimum/maximum, length, pattern, item counts).
enum CRDSchema {
    static func convert(_ j: JSONValue?, name: String? = nil) -> Schema {
        guard let j, case .object = j else { return .any }
        let type = j["type"]?.stringValue
        let preserve = j["x-kubernetes-preserve-unknown-fields"]?.boolValue ?? false
        let description = j["description"]?.stringValue ?? ""
        let enumValues = (j["enum"]?.arrayValue ?? []).compactMap(\.stringValue)
        let listType = j["x-kubernetes-list-type"]?.stringValue
        let mapKeys = (j["x-kubernetes-list-map-keys"]?.arrayValue ?? []).compactMap(\.stringValue)
        let constraints = Schema.Constraints(json: j)
        if j["x-kubernetes-int-or-string"]?.boolValue == true {
            return Schema(kind: .intOrString, description: description, constraints: constraints)
        }
        switch type {
        case "object":
            var props: [(String, Schema)] = []
            for (k, v) in (j["properties"]?.objectValue ?? [:]).sorted(by: { $0.key < $1.key }) {
                props.append((k, convert(v)))
            }
            var additional: Schema? = nil
            if let ap = j["additionalProperties"] {
                if case .bool(let b) = ap { additional = b ? .any : nil } else { additional = convert(ap) }
            }
            let required = (j["required"]?.arrayValue ?? []).compactMap(\.stringValue)
            return Schema(
                kind: .object, name: name, description: description, properties: props, required: required,
                additionalProperties: additional, preserveUnknownFields: preserve || (props.isEmpty && additional == nil),
                constraints: constraints)
        case "array":
            return Schema(
                kind: .array, description: description, items: convert(j["items"]), listType: listType,
                listMapKeys: mapKeys, constraints: constraints)
        case "string":
            return Schema(kind: .string, format: j["format"]?.stringValue, description: description, enumValues: enumValues, constraints: constraints)
        case "integer":
            return Schema(kind: .integer, format: j["format"]?.stringValue ?? "int64", description: description, constraints: constraints)
        case "number":
            return Schema(kind: .number, format: j["format"]?.stringValue ?? "double", description: description, constraints: constraints)
        case "boolean":
            return Schema(kind: .boolean, description: description)
        default:
            return Schema(kind: .any, description: description, preserveUnknownFields: true)
        }
    }

    /// Wraps a custom resource's schema so apiVersion, kind and metadata are always accepted.
    static func rootSchema(_ spec: JSONValue?, gvk: GroupVersionKind, name: String) -> Schema {
        let inner = convert(spec, name: name)
        let meta = SchemaReflector.schema(for: ObjectMeta.self, namePrefix: "")
        var props = inner.properties.filter { !["apiVersion", "kind", "metadata"].contains($0.0) }
        props.insert(("metadata", meta), at: 0)
        props.insert(("kind", .string), at: 0)
        props.insert(("apiVersion", .string), at: 0)
        return Schema(
            kind: .object, name: name, description: inner.description, properties: props,
            required: inner.required.filter { $0 != "metadata" }, preserveUnknownFields: inner.preserveUnknownFields && inner.properties.isEmpty,
            gvk: gvk)
    }

    /// Value-constraint violations, as Kubernetes words them.
    static func validate(_ v: JSONValue, _ s: Schema, path: String) -> [FieldError] {
        var errs: [FieldError] = []
        if let c = s.constraints { errs += c.check(v, path: path, enumValues: s.enumValues) }
        else if !s.enumValues.isEmpty, let str = v.stringValue, !s.enumValues.contains(str) {
            errs.append(.notSupported(path, v, s.enumValues))
        }
        switch v {
        case .object(let o):
            for (k, child) in o {
                let p = path.isEmpty ? k : "\(path).\(k)"
                if k == "metadata" && path.isEmpty { continue }
                if let ps = s.property(k) { errs += validate(child, ps, path: p) }
                else if let ap = s.additionalProperties { errs += validate(child, ap, path: p) }
            }
        case .array(let a):
            if let item = s.items {
                for (i, e) in a.enumerated() { errs += validate(e, item, path: "\(path)[\(i)]") }
            }
        default: break
        }
        return errs
    }
}

extension Schema.Constraints {
    init?(json j: JSONValue) {
        var c = Schema.Constraints()
        c.minimum = j["minimum"]?.doubleValue
        c.maximum = j["maximum"]?.doubleValue
        c.exclusiveMinimum = j["exclusiveMinimum"]?.boolValue ?? false
        c.exclusiveMaximum = j["exclusiveMaximum"]?.boolValue ?? false
        c.minLength = j["minLength"]?.intValue.map(Int.init)
        c.maxLength = j["maxLength"]?.intValue.map(Int.init)
        c.minItems = j["minItems"]?.intValue.map(Int.init)
        c.maxItems = j["maxItems"]?.intValue.map(Int.init)
        c.pattern = j["pattern"]?.stringValue
        c.enumValues = j["enum"]?.arrayValue
        if c == Schema.Constraints() { return nil }
        self = c
    }

    func check(_ v: JSONValue, path: String, enumValues: [String]) -> [FieldError] {
        var errs: [FieldError] = []
        if let e = self.enumValues, !e.contains(v) {
            errs.append(.notSupported(path, v, e.map { $0.stringValue ?? $0.serializedString() }))
        }
        if let d = v.doubleValue {
            if let m = minimum, exclusiveMinimum ? d <= m : d < m {
                errs.append(.invalid(path, v, "\(path) in body should be greater than \(exclusiveMinimum ? "" : "or equal to ")\(fmt(m))"))
            }
            if let m = maximum, exclusiveMaximum ? d >= m : d > m {
                errs.append(.invalid(path, v, "\(path) in body should be less than \(exclusiveMaximum ? "" : "or equal to ")\(fmt(m))"))
            }
        }
        if let s = v.stringValue {
            if let n = minLength, s.count < n { errs.append(.invalid(path, v, "\(path) in body should be at least \(n) chars long")) }
            if let n = maxLength, s.count > n { errs.append(FieldError(.tooLong, path, value: v, "may not be more than \(n) bytes")) }
            if let p = pattern, let re = try? Regex(p), (try? re.firstMatch(in: s)) == nil {
                errs.append(.invalid(path, v, "\(path) in body should match '\(p)'"))
            }
        }
        if let a = v.arrayValue {
            if let n = minItems, a.count < n { errs.append(.invalid(path, v, "\(path) in body should have at least \(n) items")) }
            if let n = maxItems, a.count > n { errs.append(FieldError(.tooMany, path, value: v, "must have at most \(n) items")) }
        }
        return errs
    }

    private func fmt(_ d: Double) -> String { d.rounded() == d ? String(Int64(d)) : String(d) }
}
