import CapstanAPI

/// Checks a decoded request body against the kind's schema, the way
/// Kubernetes' decoder does: wrong JSON types are a 400, unknown fields are
/// errors under fieldValidation=Strict and warnings otherwise, and are
/// dropped either way (pruning). Missing required fields come back as
/// field errors for the 422 the caller builds.
struct SchemaCheck {
    var unknownFields: [String] = []
    var typeErrors: [String] = []
    var missing: [FieldError] = []

    /// Returns the pruned object.
    static func run(_ value: JSONValue, schema: Schema, kind: String) -> (JSONValue, SchemaCheck) {
        var check = SchemaCheck()
        let out = check.walk(value, schema, path: "", goType: kind)
        return (out, check)
    }

    private mutating func walk(_ v: JSONValue, _ s: Schema, path: String, goType: String) -> JSONValue {
        switch s.kind {
        case .any:
            return v
        case .object:
            guard case .object(let o) = v else {
                typeMismatch(v, path: path, goType: goType, want: s.additionalProperties != nil ? "map" : "struct")
                return v
            }
            var out: [String: JSONValue] = [:]
            for (k, child) in o {
                let childPath = path.isEmpty ? k : "\(path).\(k)"
                if case .null = child { continue }
                if let ps = s.property(k) {
                    out[k] = walk(child, ps, path: childPath, goType: ps.name.map(shortName) ?? goType)
                } else if let ap = s.additionalProperties {
                    out[k] = walk(child, ap, path: childPath, goType: goType)
                } else if s.preserveUnknownFields || s.properties.isEmpty {
                    out[k] = child
                } else {
                    unknownFields.append(childPath)
                }
            }
            for r in s.required where out[r] == nil {
                missing.append(.required(path.isEmpty ? r : "\(path).\(r)"))
            }
            return .object(out)
        case .array:
            guard case .array(let a) = v else {
                typeMismatch(v, path: path, goType: goType, want: "[]")
                return v
            }
            guard let item = s.items else { return v }
            return .array(
                a.enumerated().map { i, e in walk(e, item, path: "\(path)[\(i)]", goType: item.name.map(shortName) ?? goType) })
        case .string:
            if case .string = v { return v }
            typeMismatch(v, path: path, goType: goType, want: "string")
            return v
        case .integer:
            if case .int = v { return v }
            if case .double(let d) = v, d.rounded() == d { return .int(Int64(d)) }
            typeMismatch(v, path: path, goType: goType, want: s.format ?? "int64")
            return v
        case .number:
            if case .int = v { return v }
            if case .double = v { return v }
            typeMismatch(v, path: path, goType: goType, want: "float64")
            return v
        case .boolean:
            if case .bool = v { return v }
            typeMismatch(v, path: path, goType: goType, want: "bool")
            return v
        case .intOrString:
            switch v {
            case .int, .string: return v
            case .double(let d) where d.rounded() == d: return .int(Int64(d))
            case .double where s.format == "quantity": return v
            default:
                typeMismatch(v, path: path, goType: goType, want: s.format == "quantity" ? "resource.Quantity" : "intstr.IntOrString")
                return v
            }
        }
    }

    private mutating func typeMismatch(_ v: JSONValue, path: String, goType: String, want: String) {
        let got: String
        switch v {
        case .string: got = "string"
        case .int, .double: got = "number"
        case .bool: got = "bool"
        case .array: got = "array"
        case .object: got = "object"
        case .null: got = "null"
        }
        typeErrors.append("json: cannot unmarshal \(got) into Go struct field \(goType).\(path) of type \(want)")
    }

    private func shortName(_ n: String) -> String {
        String(n.split(separator: ".").last ?? Substring(n))
    }
}
