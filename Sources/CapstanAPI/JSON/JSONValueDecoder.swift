/// Decodes a `Decodable` model straight from a `JSONValue` tree, without
/// serializing and re-parsing (what `JSONDecoder` would need). For speed it
/// does not track coding paths (`codingPath` is always empty; errors name
/// the key or type instead): building a path array per field cost more than
/// the decoding itself. Numbers
/// convert as Foundation's decoder converts them (an integral double
/// decodes as an integer; out-of-range values are errors); a `JSONValue`
/// field takes the subtree as it is.
public struct JSONValueDecoder {
    public init() {}

    public func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        try ValueDecoder(value: value, codingPath: []).unbox(T.self)
    }
}

private struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(stringValue: String) { self.stringValue = stringValue }
    init(intValue: Int) {
        stringValue = String(intValue)
        self.intValue = intValue
    }
}

private struct ValueDecoder: Decoder {
    let value: JSONValue
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let o) = value else { throw mismatch([String: JSONValue].self) }
        return KeyedDecodingContainer(Keyed<Key>(object: o, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let a) = value else { throw mismatch([JSONValue].self) }
        return Unkeyed(array: a, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { Single(decoder: self) }

    func mismatch(_ t: Any.Type) -> DecodingError {
        .typeMismatch(t, .init(codingPath: codingPath, debugDescription: "expected \(t), found \(value)"))
    }

    func unbox<T: Decodable>(_ t: T.Type) throws -> T {
        if T.self == JSONValue.self { return value as! T }
        if T.self == String.self {
            guard case .string(let s) = value else { throw mismatch(String.self) }
            return s as! T
        }
        if T.self == Bool.self {
            guard case .bool(let b) = value else { throw mismatch(Bool.self) }
            return b as! T
        }
        if T.self == Int.self { return Int(try integer(Int.self)) as! T }
        if T.self == Int64.self { return try integer(Int64.self) as! T }
        if T.self == Int32.self { return Int32(try integer(Int32.self)) as! T }
        if T.self == Double.self { return try double() as! T }
        if T.self == [String: String].self {
            guard case .object(let o) = value else { throw mismatch([String: String].self) }
            var out: [String: String] = [:]
            out.reserveCapacity(o.count)
            for (k, v) in o {
                guard case .string(let s) = v else {
                    throw DecodingError.typeMismatch(String.self, .init(codingPath: codingPath, debugDescription: "expected a string"))
                }
                out[k] = s
            }
            return out as! T
        }
        return try T(from: self)
    }

    func integer<I: FixedWidthInteger>(_ t: I.Type) throws -> Int64 {
        switch value {
        case .int(let i):
            guard I(exactly: i) != nil else { throw mismatch(I.self) }
            return i
        case .double(let d):
            guard let i = Int64(exactly: d), I(exactly: i) != nil else { throw mismatch(I.self) }
            return i
        default:
            throw mismatch(I.self)
        }
    }

    func double() throws -> Double {
        switch value {
        case .int(let i): return Double(i)
        case .double(let d): return d
        default: throw mismatch(Double.self)
        }
    }
}

private struct Single: SingleValueDecodingContainer {
    let decoder: ValueDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }
    func decodeNil() -> Bool { decoder.value == .null }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoder.unbox(T.self) }
    func decode(_ type: Bool.Type) throws -> Bool { try decoder.unbox(Bool.self) }
    func decode(_ type: String.Type) throws -> String { try decoder.unbox(String.self) }
    func decode(_ type: Double.Type) throws -> Double { try decoder.double() }
    func decode(_ type: Float.Type) throws -> Float { Float(try decoder.double()) }
    func decode(_ type: Int.Type) throws -> Int { Int(try decoder.integer(Int.self)) }
    func decode(_ type: Int8.Type) throws -> Int8 { Int8(try decoder.integer(Int8.self)) }
    func decode(_ type: Int16.Type) throws -> Int16 { Int16(try decoder.integer(Int16.self)) }
    func decode(_ type: Int32.Type) throws -> Int32 { Int32(try decoder.integer(Int32.self)) }
    func decode(_ type: Int64.Type) throws -> Int64 { try decoder.integer(Int64.self) }
    func decode(_ type: UInt.Type) throws -> UInt { UInt(try decoder.integer(UInt.self)) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { UInt8(try decoder.integer(UInt8.self)) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { UInt16(try decoder.integer(UInt16.self)) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { UInt32(try decoder.integer(UInt32.self)) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { UInt64(try decoder.integer(UInt64.self)) }
}

private struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let object: [String: JSONValue]
    let codingPath: [any CodingKey]
    var allKeys: [Key] { object.keys.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { object[key.stringValue] != nil }

    func child(_ key: Key) throws -> ValueDecoder {
        guard let v = object[key.stringValue] else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "no value for \(key.stringValue)"))
        }
        return ValueDecoder(value: v, codingPath: codingPath)
    }

    func decodeNil(forKey key: Key) throws -> Bool { (object[key.stringValue] ?? .null) == .null }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try child(key).unbox(T.self) }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let v = object[key.stringValue], v != .null else { return nil }
        return try ValueDecoder(value: v, codingPath: codingPath).unbox(T.self)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try child(key).container(keyedBy: type)
    }
    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer { try child(key).unkeyedContainer() }
    func superDecoder() throws -> any Decoder { ValueDecoder(value: .object(object), codingPath: codingPath) }
    func superDecoder(forKey key: Key) throws -> any Decoder { try child(key) }
}

private struct Unkeyed: UnkeyedDecodingContainer {
    let array: [JSONValue]
    let codingPath: [any CodingKey]
    var currentIndex = 0
    var count: Int? { array.count }
    var isAtEnd: Bool { currentIndex >= array.count }

    mutating func next() throws -> ValueDecoder {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(JSONValue.self, .init(codingPath: codingPath, debugDescription: "unkeyed container is at its end"))
        }
        defer { currentIndex += 1 }
        return ValueDecoder(value: array[currentIndex], codingPath: codingPath)
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, array[currentIndex] == .null else { return false }
        currentIndex += 1
        return true
    }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try next().unbox(T.self) }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try next().container(keyedBy: type)
    }
    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { try next().unkeyedContainer() }
    mutating func superDecoder() throws -> any Decoder { try next() }
}
