/// A label or field selector that could not be parsed or is invalid; the
/// message is worded as Kubernetes words it (the API server answers 400).
public struct SelectorError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// A label selector as Kubernetes evaluates it (apimachinery `labels`): the
/// AND of its requirements, sorted by key. Parsed from the string syntax
/// (`app=web,tier in (a,b),!canary`) or built from a meta/v1 `LabelSelector`.
public struct LabelSelectorExpression: Sendable, Hashable, CustomStringConvertible {
    public enum Operator: String, Sendable, Hashable {
        case equals = "="
        case doubleEquals = "=="
        case notEquals = "!="
        case `in` = "in"
        case notIn = "notin"
        case exists = "exists"
        case doesNotExist = "!"
        case greaterThan = "gt"
        case lessThan = "lt"
    }

    public struct Requirement: Sendable, Hashable, CustomStringConvertible {
        public var key: String
        public var op: Operator
        public var values: [String]

        /// Validates as Kubernetes' `NewRequirement`: the key must be a
        /// qualified name, values valid label values; `in`/`notin` need at
        /// least one value, `=`/`==`/`!=`/`gt`/`lt` exactly one (an integer
        /// for `gt`/`lt`), `exists`/`!` none.
        public init(key: String, op: Operator, values: [String] = []) throws(SelectorError) {
            var errs: [String] = []
            let keyErrs = NameValidation.qualifiedName(key)
            if !keyErrs.isEmpty { errs.append(FieldErrorText.invalid("key", .string(key), keyErrs.joined(separator: "; "))) }
            switch op {
            case .in, .notIn:
                if values.isEmpty {
                    errs.append(FieldErrorText.invalid("values", .strings(values), "for 'in', 'notin' operators, values set can't be empty"))
                }
            case .equals, .doubleEquals, .notEquals:
                if values.count != 1 {
                    errs.append(FieldErrorText.invalid("values", .strings(values), "exact-match compatibility requires one single value"))
                }
            case .exists, .doesNotExist:
                if !values.isEmpty {
                    errs.append(FieldErrorText.invalid("values", .strings(values), "values set must be empty for exists and does not exist"))
                }
            case .greaterThan, .lessThan:
                if values.count != 1 {
                    errs.append(FieldErrorText.invalid("values", .strings(values), "for 'Gt', 'Lt' operators, exactly one value is required"))
                }
                for (i, v) in values.enumerated() where Int64(v) == nil {
                    errs.append(FieldErrorText.invalid("values[\(i)]", .string(v), "for 'Gt', 'Lt' operators, the value must be an integer"))
                }
            }
            for (i, v) in values.enumerated() {
                let valueErrs = NameValidation.labelValue(v)
                if !valueErrs.isEmpty {
                    errs.append(FieldErrorText.invalid("values[\(i)][\(key)]", .string(v), valueErrs.joined(separator: "; ")))
                }
            }
            if !errs.isEmpty { throw SelectorError(FieldErrorText.aggregate(errs)) }
            self.key = key
            self.op = op
            self.values = values
        }

        public func matches(_ labels: [String: String]) -> Bool {
            switch op {
            case .in, .equals, .doubleEquals:
                guard let v = labels[key] else { return false }
                return values.contains(v)
            case .notIn, .notEquals:
                guard let v = labels[key] else { return true }
                return !values.contains(v)
            case .exists:
                return labels[key] != nil
            case .doesNotExist:
                return labels[key] == nil
            case .greaterThan, .lessThan:
                guard let s = labels[key], let have = Int64(s), values.count == 1, let want = Int64(values[0]) else {
                    return false
                }
                return op == .greaterThan ? have > want : have < want
            }
        }

        /// Kubernetes' string form; multiple values are printed sorted.
        public var description: String {
            var s = op == .doesNotExist ? "!" + key : key
            let vals = values.count == 1 ? values[0] : values.sorted(by: goLess).joined(separator: ",")
            switch op {
            case .exists, .doesNotExist: return s
            case .equals, .doubleEquals, .notEquals: s += op.rawValue + vals
            case .greaterThan: s += ">" + vals
            case .lessThan: s += "<" + vals
            case .in, .notIn: s += " " + op.rawValue + " (" + vals + ")"
            }
            return s
        }
    }

    public private(set) var requirements: [Requirement]
    /// True for the selector that matches nothing (from a nil `LabelSelector`).
    public private(set) var matchesNothing: Bool

    /// Matches every label set.
    public static let everything = LabelSelectorExpression(requirements: [])
    /// Matches no label set.
    public static let nothing = LabelSelectorExpression(requirements: [], matchesNothing: true)

    /// Requirements are kept sorted by key, as Kubernetes does.
    public init(requirements: [Requirement]) {
        self.init(requirements: requirements, matchesNothing: false)
    }

    private init(requirements: [Requirement], matchesNothing: Bool) {
        self.requirements = requirements.enumerated()
            .sorted { $0.element.key != $1.element.key ? goLess($0.element.key, $1.element.key) : $0.offset < $1.offset }
            .map(\.element)
        self.matchesNothing = matchesNothing
    }

    /// Parses the string syntax; the empty string selects everything.
    public init(parsing text: String) throws(SelectorError) {
        var parser = LabelSelectorParser(text)
        self.init(requirements: try parser.parse())
    }

    /// Converts a meta/v1 `LabelSelector` (Kubernetes' `LabelSelectorAsSelector`).
    /// `nil` selects nothing; an empty selector selects everything.
    public init(_ selector: LabelSelector?) throws(SelectorError) {
        guard let selector else {
            self = .nothing
            return
        }
        var reqs: [Requirement] = []
        let matchLabels = selector.matchLabels ?? [:]
        for key in matchLabels.keys.sorted(by: goLess) {
            reqs.append(try Requirement(key: key, op: .equals, values: [matchLabels[key]!]))
        }
        for expr in selector.matchExpressions ?? [] {
            let op: Operator
            switch expr.operator {
            case "In": op = .in
            case "NotIn": op = .notIn
            case "Exists": op = .exists
            case "DoesNotExist": op = .doesNotExist
            default: throw SelectorError("\(goQuote(expr.operator)) is not a valid label selector operator")
            }
            reqs.append(try Requirement(key: expr.key, op: op, values: expr.values ?? []))
        }
        self.init(requirements: reqs)
    }

    /// Converts a meta/v1 `LabelSelector` given as JSON
    /// (`{"matchLabels":{…},"matchExpressions":[{"key","operator","values"}]}`);
    /// `null` selects nothing. Wrong JSON types are reported as Go's decoder does.
    public init(decodingJSON json: JSONValue) throws(SelectorError) {
        func typeError(_ v: JSONValue, _ field: String, _ goType: String) -> SelectorError {
            SelectorError("json: cannot unmarshal \(v.typeName == "integer" ? "number" : v.typeName) into Go struct field \(field) of type \(goType)")
        }
        guard case .object(let o) = json else {
            if json.isNull {
                self = .nothing
                return
            }
            throw typeError(json, "LabelSelector", "v1.LabelSelector")
        }
        var selector = LabelSelector()
        if let ml = o["matchLabels"], !ml.isNull {
            guard case .object(let m) = ml else { throw typeError(ml, "LabelSelector.matchLabels", "map[string]string") }
            var labels: [String: String] = [:]
            for (k, v) in m where !v.isNull {
                guard let s = v.stringValue else { throw typeError(v, "LabelSelector.matchLabels", "string") }
                labels[k] = s
            }
            selector.matchLabels = labels
        }
        if let me = o["matchExpressions"], !me.isNull {
            guard case .array(let items) = me else {
                throw typeError(me, "LabelSelector.matchExpressions", "[]v1.LabelSelectorRequirement")
            }
            var reqs: [LabelSelectorRequirement] = []
            for item in items {
                guard case .object(let r) = item else {
                    throw typeError(item, "LabelSelector.matchExpressions", "v1.LabelSelectorRequirement")
                }
                var values: [String] = []
                if let vs = r["values"], !vs.isNull {
                    guard case .array(let list) = vs else {
                        throw typeError(vs, "LabelSelectorRequirement.matchExpressions.values", "[]string")
                    }
                    for v in list {
                        guard let s = v.stringValue else {
                            throw typeError(v, "LabelSelectorRequirement.matchExpressions.values", "string")
                        }
                        values.append(s)
                    }
                }
                reqs.append(LabelSelectorRequirement(key: r["key"]?.stringValue ?? "",
                                                     operator: r["operator"]?.stringValue ?? "", values: values))
            }
            selector.matchExpressions = reqs
        }
        try self.init(selector)
    }

    /// True when the selector does not restrict anything (matches every label set).
    public var isEmpty: Bool { !matchesNothing && requirements.isEmpty }

    public func matches(_ labels: [String: String]) -> Bool {
        if matchesNothing { return false }
        return requirements.allSatisfy { $0.matches(labels) }
    }

    /// The value a selector requires for `key` (`key=v`, `key==v` or
    /// `key in (v)`), if any; lets callers use an index.
    public func requiresExactMatch(_ key: String) -> String? {
        guard let r = requirements.first(where: { $0.key == key }) else { return nil }
        switch r.op {
        case .equals, .doubleEquals, .in: return r.values.count == 1 ? r.values[0] : nil
        default: return nil
        }
    }

    public var description: String {
        requirements.map(\.description).joined(separator: ",")
    }
}

/// Renders apimachinery `field.Error` / aggregate messages.
enum FieldErrorText {
    enum BadValue {
        case string(String)
        case strings([String])
    }

    /// `<path>: Invalid value: <value>: <detail>`
    static func invalid(_ path: String, _ value: BadValue, _ detail: String) -> String {
        let rendered: String
        switch value {
        case .string(let s): rendered = goQuote(s)
        case .strings(let l): rendered = "[]string{" + l.map(goQuote).joined(separator: ", ") + "}"
        }
        return "\(path): Invalid value: \(rendered): \(detail)"
    }

    /// `utilerrors.NewAggregate(...).Error()`: one message as is, several
    /// (de-duplicated) in brackets.
    static func aggregate(_ messages: [String]) -> String {
        var seen: [String] = []
        for m in messages where !seen.contains(m) { seen.append(m) }
        return seen.count == 1 ? seen[0] : "[" + seen.joined(separator: ", ") + "]"
    }
}

/// Go's `%q` for the printable-ASCII strings selectors deal with.
func goQuote(_ s: String) -> String {
    var out = "\""
    for u in s.unicodeScalars {
        switch u {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\t": out += "\\t"
        case "\r": out += "\\r"
        default:
            if u.value < 0x20 || u.value == 0x7F {
                let hex = Array("0123456789abcdef")
                out += "\\x" + String(hex[Int(u.value >> 4)]) + String(hex[Int(u.value & 0xF)])
            } else {
                out.unicodeScalars.append(u)
            }
        }
    }
    return out + "\""
}
