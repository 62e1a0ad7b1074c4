/// Protobuf wire types (groups are rejected: Kubernetes never uses them).
enum ProtoWireType: UInt8, Sendable, CustomStringConvertible {
    case varint = 0
    case fixed64 = 1
    case lengthDelimited = 2
    case startGroup = 3
    case endGroup = 4
    case fixed32 = 5

    var description: String {
        switch self {
        case .varint: "varint"
        case .fixed64: "fixed64"
        case .lengthDelimited: "length-delimited"
        case .startGroup: "start-group"
        case .endGroup: "end-group"
        case .fixed32: "fixed32"
        }
    }
}

/// A cursor over protobuf bytes: a window `[position, end)` into a shared buffer, so
/// sub-messages are read in place without copying. Every read checks its bounds.
struct ProtoReader {
    let bytes: [UInt8]
    private(set) var position: Int
    let end: Int

    init(_ bytes: [UInt8], from start: Int = 0, to end: Int? = nil) {
        self.bytes = bytes
        self.position = start
        self.end = end ?? bytes.count
    }

    var isAtEnd: Bool { position >= end }
    var remaining: Int { end - position }

    /// The next field's number and wire type, or nil at the end of the window.
    mutating func nextTag() throws(ProtoWireError) -> (number: Int, wire: ProtoWireType)? {
        if isAtEnd { return nil }
        let key = try varint()
        let number = key >> 3
        guard number > 0, number < 1 << 29 else { throw ProtoWireError("invalid field number \(number)") }
        guard let wire = ProtoWireType(rawValue: UInt8(key & 7)) else {
            throw ProtoWireError("invalid wire type \(key & 7) for field \(number)")
        }
        return (Int(number), wire)
    }

    mutating func varint() throws(ProtoWireError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < end else { throw ProtoWireError("truncated varint") }
            let byte = bytes[position]
            position += 1
            if shift == 63 && byte > 1 { throw ProtoWireError("varint overflows 64 bits") }
            result |= UInt64(byte & 0x7f) << shift
            if byte < 0x80 { return result }
            shift += 7
        }
    }

    mutating func fixed64() throws(ProtoWireError) -> UInt64 {
        guard remaining >= 8 else { throw ProtoWireError("truncated fixed64") }
        var v: UInt64 = 0
        for i in 0..<8 { v |= UInt64(bytes[position + i]) << (8 * UInt64(i)) }
        position += 8
        return v
    }

    mutating func fixed32() throws(ProtoWireError) -> UInt32 {
        guard remaining >= 4 else { throw ProtoWireError("truncated fixed32") }
        var v: UInt32 = 0
        for i in 0..<4 { v |= UInt32(bytes[position + i]) << (8 * UInt32(i)) }
        position += 4
        return v
    }

    /// Reads a length prefix and returns a reader over exactly that many bytes.
    mutating func lengthDelimited() throws(ProtoWireError) -> ProtoReader {
        let length = try varint()
        guard length <= UInt64(remaining) else {
            throw ProtoWireError("length \(length) exceeds the \(remaining) bytes left")
        }
        let sub = ProtoReader(bytes, from: position, to: position + Int(length))
        position += Int(length)
        return sub
    }

    /// The rest of the window as bytes (for `bytes` and `string` fields).
    var restBytes: ArraySlice<UInt8> { bytes[position..<end] }

    var restString: String { String(decoding: restBytes, as: UTF8.self) }

    /// Skips a field of an unknown number.
    mutating func skip(_ wire: ProtoWireType) throws(ProtoWireError) {
        switch wire {
        case .varint: _ = try varint()
        case .fixed64: _ = try fixed64()
        case .fixed32: _ = try fixed32()
        case .lengthDelimited: _ = try lengthDelimited()
        case .startGroup, .endGroup: throw ProtoWireError("groups are not supported")
        }
    }
}

/// A problem in the bytes themselves; `path` is the JSON path of the field being read.
struct ProtoWireError: Error, Sendable {
    var message: String
    var path: [String] = []

    init(_ message: String) { self.message = message }

    /// The same error one level further out.
    func within(_ component: String) -> ProtoWireError {
        var e = self
        e.path.insert(component, at: 0)
        return e
    }
}
