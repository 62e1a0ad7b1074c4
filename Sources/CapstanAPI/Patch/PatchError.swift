/// Why a patch could not be applied or created. `message` is worded as
/// Kubernetes words it; `code` says which HTTP status the API server answers
/// with (Kubernetes: malformed patches are 400, patches that do not apply to
/// the object are 422, an oversized JSON patch is 413, and strategic-merge
/// failures it does not classify are 500).
public struct PatchError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: Sendable, Equatable {
        case badRequest
        case unprocessableEntity
        case requestEntityTooLarge
        case internalError

        public var httpStatus: Int {
            switch self {
            case .badRequest: return 400
            case .unprocessableEntity: return 422
            case .requestEntityTooLarge: return 413
            case .internalError: return 500
            }
        }
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}

// MARK: - Go-flavoured JSON helpers shared by the patch engines

extension JSONValue {
    /// Equality as Go sees two decoded JSON values: every number is a float64,
    /// so `1` equals `1.0`; objects and arrays compare element by element.
    func goEquals(_ other: JSONValue) -> Bool {
        switch (self, other) {
        case (.int(let a), .int(let b)): return a == b
        case (.int, .double), (.double, .int), (.double, .double):
            return doubleValue == other.doubleValue
        case (.array(let a), .array(let b)):
            guard a.count == b.count else { return false }
            return zip(a, b).allSatisfy { $0.goEquals($1) }
        case (.object(let a), .object(let b)):
            guard a.count == b.count else { return false }
            for (k, v) in a {
                guard let w = b[k], v.goEquals(w) else { return false }
            }
            return true
        default:
            return self == other
        }
    }

    /// The Go type a decoded value would have; two values "have the same type"
    /// for the merge algorithms when these are equal.
    var goKind: GoKind {
        switch self {
        case .null: return .null
        case .bool: return .bool
        case .int, .double: return .number
        case .string: return .string
        case .array: return .array
        case .object: return .object
        }
    }

    /// `fmt.Sprintf("%v", v)` for a decoded JSON value (used in error messages
    /// and to order scalars the way Kubernetes does).
    var goDescription: String {
        switch self {
        case .null: return "<nil>"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return goFormatFloat(Double(i))
        case .double(let d): return goFormatFloat(d)
        case .string(let s): return s
        case .array(let a): return "[" + a.map(\.goDescription).joined(separator: " ") + "]"
        case .object(let o):
            let parts = o.keys.sorted(by: goLess).map { "\($0):\(o[$0]!.goDescription)" }
            return "map[" + parts.joined(separator: " ") + "]"
        }
    }

    /// The Go type name reflect prints in `expected a X, but received a Y`.
    var goTypeName: String {
        switch self {
        case .null: return "<nil>"
        case .bool: return "bool"
        case .int, .double: return "float64"
        case .string: return "string"
        case .array: return "[]interface {}"
        case .object: return "map[string]interface {}"
        }
    }
}

enum GoKind: Equatable {
    case null, bool, number, string, array, object
}

/// Byte-wise string order, as Go's `<` on strings.
func goLess(_ a: String, _ b: String) -> Bool {
    a.utf8.lexicographicallyPrecedes(b.utf8)
}

/// Go's `%v` for a float64 (strconv 'g' with the shortest digits): plain
/// decimal for exponents -4...5, otherwise `1.5e+07` style.
func goFormatFloat(_ d: Double) -> String {
    guard d.isFinite else { return d.isNaN ? "NaN" : (d < 0 ? "-Inf" : "+Inf") }
    if d == 0 { return "0" }
    // Shortest round-trip digits and decimal exponent from Swift's rendering.
    var text = "\(abs(d))"
    var exp10 = 0
    if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
        exp10 = Int(text[text.index(after: e)...]) ?? 0
        text = String(text[..<e])
    }
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    let intPart = String(parts[0])
    let fracPart = parts.count > 1 ? String(parts[1]) : ""
    var digits = Array(intPart + fracPart)
    var point = intPart.count + exp10  // digits before the decimal point
    while digits.first == "0" && digits.count > 1 {
        digits.removeFirst()
        point -= 1
    }
    while digits.last == "0" && digits.count > 1 { digits.removeLast() }
    let sign = d < 0 ? "-" : ""
    let exponent = point - 1
    if exponent < -4 || exponent >= 6 {
        let mantissa = digits.count > 1 ? String(digits[0]) + "." + String(digits[1...]) : String(digits[0])
        let e = abs(exponent) < 10 ? "0\(abs(exponent))" : "\(abs(exponent))"
        return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + e
    }
    if point <= 0 { return sign + "0." + String(repeating: "0", count: -point) + String(digits) }
    if point >= digits.count { return sign + String(digits) + String(repeating: "0", count: point - digits.count) }
    return sign + String(digits[..<point]) + "." + String(digits[point...])
}
