/// Derives a `Schema` from a Codable model type by running its
/// `init(from:)` against a recording decoder: every key the initializer asks
/// for becomes a property (required when asked with `decode`, optional with
/// `decodeIfPresent`), arrays are probed with one element, and string-keyed
/// dictionaries are recognised because their key type accepts any string.
///
/// Types must not be recursive through non-custom types; recursive shapes
/// (JSONSchemaProps) are modelled as `JSONValue` with a custom schema.
public enum SchemaReflector {
    /// - Parameter namePrefix: component-name prefix for named types first
    ///   reached from this root (`io.k8s.api.apps.v1.`).
    public static func schema<T: Decodable>(for type: T.Type, namePrefix: String) -> Schema {
        let ctx = ReflectContext(prefix: namePrefix)
        return ctx.schema(for: type)
    }
}

/// Shared state for one reflection run. Only used from one thread.
final class ReflectContext {
    let prefix: String
    init(prefix: String) { self.prefix = prefix }

    func schema<T: Decodable>(for type: T.Type) -> Schema {
        if let custom = type as? any CustomSchemaProviding.Type { return custom.customSchema }
        if let s = primitive(type) { return s }
        let rec = Recorder(ctx: self)
        let decoder = RecordingDecoder(recorder: rec, codingPath: [])
        _ = try? T(from: decoder)
        return rec.build(for: type)
    }

    func primitive(_ t: Any.Type) -> Schema? {
        switch t {
        case is String.Type: return .string
        case is Bool.Type: return .boolean
        case is Int32.Type, is UInt16.Type, is Int16.Type, is UInt8.Type, is Int8.Type: return .int32
        case is Int.Type, is Int64.Type, is UInt32.Type, is UInt64.Type, is UInt.Type: return .int64
        case is Double.Type, is Float.Type: return .double
        default: return nil
        }
    }
}

/// What one `init(from:)` asked for.
final class Recorder {
    enum Shape { case unknown, object, map, array, scalar(Schema) }
    let ctx: ReflectContext
    var shape: Shape = .unknown
    var props: [(String, Schema)] = []
    var required: [String] = []
    var element: Schema?
    init(ctx: ReflectContext) { self.ctx = ctx }

    func build<T>(for type: T.Type) -> Schema {
        switch shape {
        case .scalar(let s): return s
        case .array: return Schema(kind: .array, items: element ?? .any)
        case .map: return Schema(kind: .object, additionalProperties: element ?? .any)
        case .object, .unknown:
            let docs = (type as? any SchemaDescribed.Type)?.fieldDocs ?? [:]
            let typeDoc = (type as? any SchemaDescribed.Type)?.typeDescription ?? ""
            let properties = props.map { (key, s) -> (String, Schema) in
                guard let d = docs[key] else { return (key, s) }
                return (
                    key,
                    s.annotated(
                        description: d.description.isEmpty ? nil : d.description, patchMergeKey: d.mergeKey,
                        patchStrategy: d.patchStrategy, listType: d.listType, listMapKeys: d.listMapKeys,
                        enumValues: d.enumValues)
                )
            }
            let name = (type as? any SchemaNamed.Type)?.schemaName ?? (ctx.prefix + shortName(type))
            return Schema(
                kind: .object, name: name, description: typeDoc, properties: properties, required: required)
        }
    }

    func shortName<T>(_ t: T.Type) -> String {
        let full = String(describing: t)
        return full.split(separator: ".").last.map(String.init) ?? full
    }

    func add(_ key: String, _ s: Schema, required isRequired: Bool) {
        if !props.contains(where: { $0.0 == key }) {
            props.append((key, s))
            if isRequired { required.append(key) }
        }
    }
}

private struct ProbeKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { self.stringValue = "\(intValue)"; self.intValue = intValue }
}

private struct ReflectStop: Error {}

struct RecordingDecoder: Decoder {
    let recorder: Recorder
    var codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        // A dictionary's key type accepts any string; a struct's CodingKeys do not.
        if Key(stringValue: "\u{1}probe") != nil {
            recorder.shape = .map
            return KeyedDecodingContainer(MapProbe<Key>(recorder: recorder, codingPath: codingPath))
        }
        recorder.shape = .object
        return KeyedDecodingContainer(ObjectProbe<Key>(recorder: recorder, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        recorder.shape = .array
        return ArrayProbe(recorder: recorder, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SingleProbe(recorder: recorder, codingPath: codingPath)
    }
}

/// Produces a placeholder value for `T` while recording its schema.
private func probe<T: Decodable>(_ type: T.Type, recorder: Recorder) throws -> (T, Schema) {
    let ctx = recorder.ctx
    if let v = placeholder(type) { return (v, ctx.primitive(type)!) }
    if let custom = type as? any CustomSchemaProviding.Type {
        return (custom.schemaPlaceholder as! T, custom.customSchema)
    }
    let sub = Recorder(ctx: ctx)
    let v = try T(from: RecordingDecoder(recorder: sub, codingPath: []))
    return (v, sub.build(for: type))
}

private func placeholder<T>(_ t: T.Type) -> T? {
    switch t {
    case is String.Type: return ("" as! T)
    case is Bool.Type: return (false as! T)
    case is Int.Type: return (0 as Int as! T)
    case is Int64.Type: return (0 as Int64 as! T)
    case is Int32.Type: return (0 as Int32 as! T)
    case is UInt32.Type: return (0 as UInt32 as! T)
    case is UInt64.Type: return (0 as UInt64 as! T)
    case is Double.Type: return (0 as Double as! T)
    default: return nil
    }
}

private struct ObjectProbe<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let recorder: Recorder
    var codingPath: [any CodingKey]
    var allKeys: [Key] { [] }
    func contains(_ key: Key) -> Bool { true }
    func decodeNil(forKey key: Key) throws -> Bool { false }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        let (v, s) = try probe(type, recorder: recorder)
        recorder.add(key.stringValue, s, required: true)
        return v
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        try optionalProbe(type, key)
    }

    private func optionalProbe<T: Decodable>(_ type: T.Type, _ key: Key) throws -> T? {
        let (v, s) = try probe(type, recorder: recorder)
        recorder.add(key.stringValue, s, required: false)
        return v
    }

    // The protocol's default implementations of these call `decode`, which
    // would record the field as required.
    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try optionalProbe(type, key) }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { try optionalProbe(type, key) }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? { try optionalProbe(type, key) }
    func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? { try optionalProbe(type, key) }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try optionalProbe(type, key) }
    func decodeIfPresent(_ type: Int8.Type, forKey key: Key) throws -> Int8? { try optionalProbe(type, key) }
    func decodeIfPresent(_ type: Int16.Type, forKey key: Key) throws -> Int16? { try optionalProbe(type, key) }
    func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? { try optionalProbe(type, key) }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { try optionalProbe(type, key) }
    func decodeIfPresent(_ type: UInt.Type, forKey key: Key) throws -> UInt? { try optionalProbe(type, key) }
    func decodeIfPresent(_ type: UInt8.Type, forKey key: Key) throws -> UInt8? { try optionalProbe(type, key) }
    func decodeIfPresent(_ type: UInt16.Type, forKey key: Key) throws -> UInt16? { try optionalProbe(type, key) }
    func decodeIfPresent(_ type: UInt32.Type, forKey key: Key) throws -> UInt32? { try optionalProbe(type, key) }
    func decodeIfPresent(_ type: UInt64.Type, forKey key: Key) throws -> UInt64? { try optionalProbe(type, key) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey>
    { throw ReflectStop() }
    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer { throw ReflectStop() }
    func superDecoder() throws -> any Decoder { throw ReflectStop() }
    func superDecoder(forKey key: Key) throws -> any Decoder { throw ReflectStop() }
}

private struct MapProbe<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let recorder: Recorder
    var codingPath: [any CodingKey]
    var allKeys: [Key] { [Key(stringValue: "\u{1}probe")!] }
    func contains(_ key: Key) -> Bool { true }
    func decodeNil(forKey key: Key) throws -> Bool { false }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        let (v, s) = try probe(type, recorder: recorder)
        recorder.element = s
        return v
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey>
    { throw ReflectStop() }
    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer { throw ReflectStop() }
    func superDecoder() throws -> any Decoder { throw ReflectStop() }
    func superDecoder(forKey key: Key) throws -> any Decoder { throw ReflectStop() }
}

private struct ArrayProbe: UnkeyedDecodingContainer {
    let recorder: Recorder
    var codingPath: [any CodingKey]
    var count: Int? { 1 }
    var isAtEnd: Bool { currentIndex >= 1 }
    var currentIndex = 0

    init(recorder: Recorder, codingPath: [any CodingKey]) {
        self.recorder = recorder
        self.codingPath = codingPath
    }

    mutating func decodeNil() throws -> Bool { false }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let (v, s) = try probe(type, recorder: recorder)
        recorder.element = s
        currentIndex += 1
        return v
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
        -> KeyedDecodingContainer<NestedKey>
    { throw ReflectStop() }
    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { throw ReflectStop() }
    mutating func superDecoder() throws -> any Decoder { throw ReflectStop() }
}

private struct SingleProbe: SingleValueDecodingContainer {
    let recorder: Recorder
    var codingPath: [any CodingKey]
    func decodeNil() -> Bool { false }
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        if let v = placeholder(type) {
            recorder.shape = .scalar(recorder.ctx.primitive(type)!)
            return v
        }
        let (v, s) = try probe(type, recorder: recorder)
        recorder.shape = .scalar(s)
        return v
    }
}
