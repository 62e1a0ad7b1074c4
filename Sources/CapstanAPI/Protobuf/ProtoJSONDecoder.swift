/// Turns protobuf bytes into Kubernetes JSON by walking a `ProtoMessage` table, the way
/// Go would unmarshal the protobuf into the API struct and then marshal it as JSON:
/// absent fields are left out, `ProtoPresence.omitZero` fields drop their zero values,
/// a zero `Time` is left out (Go prints `null`), and everything else is printed as it came.
/// Unknown field numbers are skipped. Pure functions; safe from any thread.
enum ProtoJSONDecoder {
    /// Deepest nesting accepted (the generated tables are acyclic and far shallower).
    static let maxDepth = 64

    static func object(_ reader: ProtoReader, as message: ProtoMessage, depth: Int) throws(ProtoWireError)
        -> [String: JSONValue]
    {
        var object: [String: JSONValue] = [:]
        try decode(reader, as: message, into: &object, depth: depth)
        return object
    }

    /// Decodes `reader` into `object`, merging as protobuf does when a message field repeats:
    /// scalars are replaced, lists and maps grow, sub-messages merge.
    static func decode(
        _ reader: ProtoReader, as message: ProtoMessage, into object: inout [String: JSONValue], depth: Int
    ) throws(ProtoWireError) {
        guard depth < maxDepth else { throw ProtoWireError("messages nested deeper than \(maxDepth)") }
        var r = reader
        while let (number, wire) = try r.nextTag() {
            guard let field = message.fields[number] else {
                try r.skip(wire)
                continue
            }
            do throws(ProtoWireError) {
                try decodeField(field, wire: wire, from: &r, into: &object, depth: depth)
            } catch {
                throw field.name.isEmpty ? error : error.within(field.name)
            }
        }
    }

    private static func decodeField(
        _ field: ProtoField, wire: ProtoWireType, from r: inout ProtoReader, into object: inout [String: JSONValue],
        depth: Int
    ) throws(ProtoWireError) {
        switch field.kind {
        case .repeated(let element):
            var array = object[field.name]?.arrayValue ?? []
            if wire == .lengthDelimited, let packedWire = element.scalarWire, packedWire != .lengthDelimited {
                var packed = try r.lengthDelimited()
                while !packed.isAtEnd {
                    array.append(try value(element, wire: packedWire, from: &packed, depth: depth) ?? .null)
                }
            } else {
                array.append(try value(element, wire: wire, from: &r, depth: depth) ?? .null)
            }
            object[field.name] = .array(array)
        case .map(let valueKind):
            let (key, value) = try mapEntry(valueKind, wire: wire, from: &r, depth: depth)
            var map = object[field.name]?.objectValue ?? [:]
            map[key] = value
            object[field.name] = .object(map)
        case .inline(let message):
            try expect(wire, .lengthDelimited)
            try decode(try r.lengthDelimited(), as: message, into: &object, depth: depth + 1)
        case .message(let message):
            try expect(wire, .lengthDelimited)
            var existing = object[field.name]?.objectValue ?? [:]
            try decode(try r.lengthDelimited(), as: message, into: &existing, depth: depth + 1)
            object[field.name] = .object(existing)
        default:
            let v = try value(field.kind, wire: wire, from: &r, depth: depth)
            if let v, !(field.presence == .omitZero && v.isZeroScalar) {
                object[field.name] = v
            } else {
                object[field.name] = nil
            }
        }
    }

    /// One value of `kind`; nil when Go's JSON would print `null` (a zero `Time`, empty raw JSON).
    static func value(_ kind: ProtoKind, wire: ProtoWireType, from r: inout ProtoReader, depth: Int)
        throws(ProtoWireError) -> JSONValue?
    {
        switch kind {
        case .bool:
            try expect(wire, .varint)
            return .bool(try r.varint() != 0)
        case .int32:
            try expect(wire, .varint)
            return .int(Int64(Int32(truncatingIfNeeded: try r.varint())))
        case .int64:
            try expect(wire, .varint)
            return .int(Int64(bitPattern: try r.varint()))
        case .double:
            try expect(wire, .fixed64)
            let d = Double(bitPattern: try r.fixed64())
            guard d.isFinite else { throw ProtoWireError("\(d) cannot be written as JSON") }
            return .double(d)
        default:
            break
        }
        try expect(wire, .lengthDelimited)
        let sub = try r.lengthDelimited()
        switch kind {
        case .string: return .string(sub.restString)
        case .bytes: return .string(ProtoWellKnown.base64(sub.restBytes))
        case .message(let m), .inline(let m): return .object(try object(sub, as: m, depth: depth + 1))
        case .intOrString: return try ProtoWellKnown.intOrString(sub)
        case .quantity: return try ProtoWellKnown.quantity(sub)
        case .time: return try ProtoWellKnown.time(sub, fractionDigits: 0)
        case .microTime: return try ProtoWellKnown.time(sub, fractionDigits: 6)
        case .duration: return try ProtoWellKnown.duration(sub)
        case .rawJSON: return try ProtoWellKnown.rawJSON(sub)
        case .list(let element):
            var array: [JSONValue] = []
            var items = sub
            while let (number, w) = try items.nextTag() {
                guard number == 1 else {
                    try items.skip(w)
                    continue
                }
                array.append(try value(element, wire: w, from: &items, depth: depth + 1) ?? .null)
            }
            return .array(array)
        case .map, .repeated:
            throw ProtoWireError("nested lists and maps are not supported")
        case .bool, .int32, .int64, .double:
            preconditionFailure("handled above")
        }
    }

    /// A map entry message {key = 1, value = 2}; a missing value is the Go zero value.
    private static func mapEntry(_ valueKind: ProtoKind, wire: ProtoWireType, from r: inout ProtoReader, depth: Int)
        throws(ProtoWireError) -> (String, JSONValue)
    {
        try expect(wire, .lengthDelimited)
        var entry = try r.lengthDelimited()
        var key = ""
        var value: JSONValue?
        while let (number, w) = try entry.nextTag() {
            switch number {
            case 1:
                try expect(w, .lengthDelimited)
                key = try entry.lengthDelimited().restString
            case 2:
                value = try self.value(valueKind, wire: w, from: &entry, depth: depth + 1) ?? .null
            default:
                try entry.skip(w)
            }
        }
        return (key, value ?? valueKind.zeroValue)
    }

    static func expect(_ wire: ProtoWireType, _ expected: ProtoWireType) throws(ProtoWireError) {
        guard wire == expected else { throw ProtoWireError("wire type \(wire) where \(expected) was expected") }
    }
}

extension ProtoKind {
    /// The wire type of a scalar that may arrive packed; nil for everything else.
    var scalarWire: ProtoWireType? {
        switch self {
        case .bool, .int32, .int64: .varint
        case .double: .fixed64
        default: nil
        }
    }

    /// What Go prints for the zero value of a map value of this kind.
    var zeroValue: JSONValue {
        switch self {
        case .string, .bytes: ""
        case .quantity: "0"
        case .bool: false
        case .int32, .int64, .intOrString: 0
        case .double: 0.0
        case .message: .emptyObject
        default: .null
        }
    }
}

extension JSONValue {
    /// "", 0, 0.0 or false: what `omitempty` drops.
    var isZeroScalar: Bool {
        switch self {
        case .string(let s): s.isEmpty
        case .int(let i): i == 0
        case .double(let d): d == 0
        case .bool(let b): !b
        default: false
        }
    }
}
