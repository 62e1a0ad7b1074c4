import Foundation

/// A JSON value, as CNI configurations and results are free-form beyond a
/// few known keys: plugin configurations are passed to plugins verbatim
/// with only `name`, `cniVersion`, `prevResult` and `runtimeConfig` added.
/// (CapstanCNI depends on Foundation only, hence its own small type.)
public enum CNIJSON: Sendable, Equatable, Codable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([CNIJSON])
    case object([String: CNIJSON])

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let n = try? c.decode(Double.self) { self = .number(n) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([CNIJSON].self) { self = .array(a) }
        else { self = .object(try c.decode([String: CNIJSON].self)) }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .bool(let b): try c.encode(b)
        case .number(let n):
            if n.rounded() == n, abs(n) < 1e15 { try c.encode(Int64(n)) } else { try c.encode(n) }
        case .string(let s): try c.encode(s)
        case .array(let a): try c.encode(a)
        case .object(let o): try c.encode(o)
        }
    }

    /// Parses JSON bytes; throws `CNIError.invalidJSON` naming `what` on failure.
    public static func parse(_ data: Data, what: String) throws -> CNIJSON {
        do { return try JSONDecoder().decode(CNIJSON.self, from: data) } catch {
            let text = String(decoding: data.prefix(200), as: UTF8.self)
            throw CNIError(.invalidJSON, "\(what) is not valid JSON (\(error.localizedDescription)): \(text)")
        }
    }

    /// Compact JSON with sorted keys (stable bytes for files and stdin).
    public func serialized() -> Data {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? e.encode(self)) ?? Data("null".utf8)
    }

    /// Indented JSON, for files people read.
    public func pretty() -> Data {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return ((try? e.encode(self)) ?? Data("null".utf8)) + Data("\n".utf8)
    }

    public subscript(key: String) -> CNIJSON? {
        get { if case .object(let o) = self { o[key] } else { nil } }
        set {
            guard case .object(var o) = self else { return }
            o[key] = newValue
            self = .object(o)
        }
    }

    public var stringValue: String? { if case .string(let s) = self { s } else { nil } }
    public var boolValue: Bool? { if case .bool(let b) = self { b } else { nil } }
    public var intValue: Int? { if case .number(let n) = self { Int(exactly: n) } else { nil } }
    public var arrayValue: [CNIJSON]? { if case .array(let a) = self { a } else { nil } }
    public var objectValue: [String: CNIJSON]? { if case .object(let o) = self { o } else { nil } }

    /// Converts an `Encodable` value (e.g. `[PortMapping]`) to JSON.
    public static func from(_ value: some Encodable) -> CNIJSON {
        guard let data = try? JSONEncoder().encode(value), let v = try? JSONDecoder().decode(CNIJSON.self, from: data) else {
            return .null
        }
        return v
    }
}

extension CNIJSON: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(arrayLiteral elements: CNIJSON...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, CNIJSON)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, b in b }))
    }
}
