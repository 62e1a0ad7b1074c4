/// A value that is either an integer or a string (`targetPort: 8080` or
/// `targetPort: http`; `maxSurge: 1` or `maxSurge: "25%"`).
public enum IntOrString: Codable, Sendable, Hashable, CustomSchemaProviding, CustomStringConvertible {
    case int(Int32)
    case string(String)

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let i = try? c.decode(Int32.self) {
            self = .int(i)
        } else {
            self = .string(try c.decode(String.self))
        }
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .int(let i): try c.encode(i)
        case .string(let s): try c.encode(s)
        }
    }
    public var description: String {
        switch self {
        case .int(let i): return String(i)
        case .string(let s): return s
        }
    }
    public static var customSchema: Schema { .intOrString }
    public static var schemaPlaceholder: IntOrString { .int(0) }

    /// Resolves against a total: integers as they are, "N%" as a percentage of
    /// `total`, rounded up or down as the caller asks (Kubernetes' rule for
    /// maxSurge is up, for maxUnavailable down).
    public func scaled(total: Int, roundUp: Bool) -> Int? {
        switch self {
        case .int(let i): return Int(i)
        case .string(let s):
            guard s.hasSuffix("%"), let p = Int(s.dropLast()) else { return Int(s) }
            let v = Double(p) * Double(total) / 100
            return Int(roundUp ? v.rounded(.up) : v.rounded(.down))
        }
    }
}

extension JSONValue: CustomSchemaProviding {
    public static var customSchema: Schema { .any }
    public static var schemaPlaceholder: JSONValue { .null }
}
