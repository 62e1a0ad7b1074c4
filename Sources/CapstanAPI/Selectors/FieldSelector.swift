/// A field selector as Kubernetes parses and evaluates it (apimachinery
/// `fields`): comma-separated `field=value`, `field==value` or
/// `field!=value` terms, ANDed. In values `\,` `\=` and `\\` escape the
/// special characters; field names are not escaped. A field the object does
/// not have reads as the empty string. Which fields a kind supports is the
/// API server's business; `fieldSet(kind:object:)` computes the values.
public struct FieldSelector: Sendable, Hashable, CustomStringConvertible {
    public enum Operator: String, Sendable, Hashable {
        case equals = "="
        case notEquals = "!="
    }

    public struct Requirement: Sendable, Hashable, CustomStringConvertible {
        public var field: String
        public var op: Operator
        public var value: String

        public init(field: String, op: Operator, value: String) {
            self.field = field
            self.op = op
            self.value = value
        }

        public func matches(_ fields: [String: String]) -> Bool {
            let have = fields[field] ?? ""
            return op == .equals ? have == value : have != value
        }

        public var description: String { field + op.rawValue + FieldSelector.escapeValue(value) }
    }

    /// Sorted as Kubernetes sorts the raw terms.
    public var requirements: [Requirement]

    public static let everything = FieldSelector(requirements: [])

    public init(requirements: [Requirement]) { self.requirements = requirements }

    /// Parses the string syntax; the empty string selects everything.
    public init(parsing text: String) throws(SelectorError) {
        var reqs: [Requirement] = []
        for part in Self.splitTerms(text).sorted(by: goLess) where !part.isEmpty {
            guard let (lhs, op, rhs) = Self.splitTerm(part) else {
                throw SelectorError("invalid selector: '\(text)'; can't understand '\(part)'")
            }
            reqs.append(Requirement(field: lhs, op: op, value: try Self.unescapeValue(rhs)))
        }
        requirements = reqs
    }

    public var isEmpty: Bool { requirements.isEmpty }

    /// The fields the selector names, in requirement order (for checking
    /// them against the fields a kind supports).
    public var fieldNames: [String] { requirements.map(\.field) }

    public func matches(_ fields: [String: String]) -> Bool {
        requirements.allSatisfy { $0.matches(fields) }
    }

    /// The value the selector requires for `field` (`field=v`), if any; lets
    /// callers use an index (e.g. pods by `spec.nodeName`).
    public func requiresExactMatch(_ field: String) -> String? {
        requirements.first { $0.field == field && $0.op == .equals }?.value
    }

    public var description: String { requirements.map(\.description).joined(separator: ",") }

    // MARK: - Escaping

    public static func escapeValue(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "\\": out += "\\\\"
            case ",": out += "\\,"
            case "=": out += "\\="
            default: out.append(c)
            }
        }
        return out
    }

    /// Inverse of `escapeValue`; unescaped `,` or `=` and unknown escapes are errors.
    public static func unescapeValue(_ s: String) throws(SelectorError) -> String {
        var out = ""
        var inSlash = false
        for u in s.unicodeScalars {
            if inSlash {
                switch u {
                case "\\", ",", "=": out.unicodeScalars.append(u)
                default: throw SelectorError("invalid field selector: invalid escape sequence: \\\(u)")
                }
                inSlash = false
                continue
            }
            switch u {
            case "\\": inSlash = true
            // Go prints the rune with %v, i.e. as its code point number.
            case ",", "=": throw SelectorError("invalid field selector: unescaped character in value: \(u.value)")
            default: out.unicodeScalars.append(u)
            }
        }
        if inSlash { throw SelectorError("invalid field selector: invalid escape sequence: \\") }
        return out
    }

    /// Splits on commas not preceded by a backslash (escapes kept).
    static func splitTerms(_ s: String) -> [String] {
        if s.isEmpty { return [] }
        var terms: [String] = []
        var current = ""
        var inSlash = false
        for c in s.unicodeScalars {
            if inSlash {
                inSlash = false
            } else if c == "\\" {
                inSlash = true
            } else if c == "," {
                terms.append(current)
                current = ""
                continue
            }
            current.unicodeScalars.append(c)
        }
        terms.append(current)
        return terms
    }

    /// Splits a term at the first `!=`, `==` or `=`.
    static func splitTerm(_ term: String) -> (String, Operator, String)? {
        let scalars = Array(term.unicodeScalars)
        for i in scalars.indices {
            let rest = scalars[i...]
            let lhs = String(String.UnicodeScalarView(scalars[..<i]))
            if rest.starts(with: ["!", "="]) {
                return (lhs, .notEquals, String(String.UnicodeScalarView(scalars[(i + 2)...])))
            }
            if rest.starts(with: ["=", "="]) {
                return (lhs, .equals, String(String.UnicodeScalarView(scalars[(i + 2)...])))
            }
            if rest.first == "=" {
                return (lhs, .equals, String(String.UnicodeScalarView(scalars[(i + 1)...])))
            }
        }
        return nil
    }
}
