/// A minimal protobuf writer for building test bodies by hand (tests only).
struct PBWriter {
    var bytes: [UInt8] = []

    static func varintBytes(_ value: UInt64) -> [UInt8] {
        var v = value
        var out: [UInt8] = []
        while v >= 0x80 {
            out.append(UInt8(v & 0x7f) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
        return out
    }

    mutating func tag(_ field: Int, _ wire: UInt8) { bytes += Self.varintBytes(UInt64(field) << 3 | UInt64(wire)) }

    mutating func varint(_ field: Int, _ value: UInt64) {
        tag(field, 0)
        bytes += Self.varintBytes(value)
    }

    mutating func int(_ field: Int, _ value: Int64) { varint(field, UInt64(bitPattern: value)) }

    mutating func bool(_ field: Int, _ value: Bool) { varint(field, value ? 1 : 0) }

    mutating func fixed64(_ field: Int, _ value: UInt64) {
        tag(field, 1)
        for i in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * UInt64(i)))) }
    }

    mutating func fixed32(_ field: Int, _ value: UInt32) {
        tag(field, 5)
        for i in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * UInt32(i)))) }
    }

    mutating func data(_ field: Int, _ value: [UInt8]) {
        tag(field, 2)
        bytes += Self.varintBytes(UInt64(value.count)) + value
    }

    mutating func string(_ field: Int, _ value: String) { data(field, Array(value.utf8)) }

    mutating func message(_ field: Int, _ build: (inout PBWriter) -> Void) {
        var sub = PBWriter()
        build(&sub)
        data(field, sub.bytes)
    }

    /// A map<string, string> entry.
    mutating func entry(_ field: Int, _ key: String, _ value: String) {
        message(field) {
            $0.string(1, key)
            $0.string(2, value)
        }
    }

    /// `k8s\0` + runtime.Unknown around `raw`.
    static func kubeBody(
        apiVersion: String, kind: String, contentEncoding: String? = nil, raw: (inout PBWriter) -> Void
    ) -> [UInt8] {
        var object = PBWriter()
        raw(&object)
        var unknown = PBWriter()
        unknown.message(1) {
            $0.string(1, apiVersion)
            $0.string(2, kind)
        }
        unknown.data(2, object.bytes)
        if let contentEncoding { unknown.string(3, contentEncoding) }
        unknown.string(4, "")
        return [0x6b, 0x38, 0x73, 0x00] + unknown.bytes
    }
}
