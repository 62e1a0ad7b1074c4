import CapstanAPI
import CapstanStore
import NIOHTTP1

/// The gateway's JSON dialect: bytes are base64 strings, int64s are decimal
/// strings, and fields with default values (0, false, empty) are left out.
enum Wire {
    static func int(_ value: Int64) -> JSONValue { .string(String(value)) }

    static func bytes(_ value: some Collection<UInt8>) -> JSONValue { .string(Base64.encode(value)) }

    /// An int64 field; absent means 0.
    static func int(_ json: JSONValue?) -> Int64 {
        switch json {
        case .string(let s)?: Int64(s) ?? 0
        case let other?: other.intValue ?? 0
        case nil: 0
        }
    }

    static func revision(ofHeader response: JSONValue) -> Int64 { int(response["header"]?["revision"]) }

    /// A base64 field; absent means empty.
    static func bytes(_ json: JSONValue?) throws(StoreError) -> [UInt8] {
        guard let text = json?.stringValue else { return [] }
        guard let bytes = Base64.decode(text) else { throw .backend("etcd sent a value that is not base64: \(text.prefix(40))") }
        return bytes
    }
}

/// Where a store's keys live in etcd: every key is prefixed with the store's
/// key prefix, so several clusters can share one etcd.
struct KeySpace: Sendable {
    let prefix: [UInt8]

    func etcdKey(_ key: String) -> [UInt8] { prefix + Array(key.utf8) }

    func storeKey(_ etcdKey: [UInt8]) throws(StoreError) -> String {
        guard etcdKey.starts(with: prefix) else {
            throw .backend("etcd returned key \(String(decoding: etcdKey, as: UTF8.self)) outside the store's key prefix")
        }
        return String(decoding: etcdKey[prefix.count...], as: UTF8.self)
    }

    /// The etcd range [key, range_end) of keys starting with `keyPrefix`,
    /// beginning after `startAfter` if given. An empty range_end would mean a
    /// single key, so "every key above" is spelled "\0", as etcd defines.
    func range(prefix keyPrefix: String, startAfter: String? = nil) -> [String: JSONValue] {
        var start = etcdKey(keyPrefix)
        if let startAfter {
            let after = etcdKey(startAfter) + [0]
            if start.lexicographicallyPrecedes(after) { start = after }
        }
        let end = Self.upperBound(etcdKey(keyPrefix)) ?? [0]
        return ["key": Wire.bytes(start.isEmpty ? [0] : start), "range_end": Wire.bytes(end)]
    }

    /// The smallest byte string above every string starting with `prefix`;
    /// nil when there is none (empty or all-0xFF prefix).
    static func upperBound(_ prefix: [UInt8]) -> [UInt8]? {
        var bytes = prefix
        while let last = bytes.last {
            if last < 0xFF {
                bytes[bytes.count - 1] = last + 1
                return bytes
            }
            bytes.removeLast()
        }
        return nil
    }

    /// An mvccpb.KeyValue as a `KeyValue`.
    func keyValue(_ json: JSONValue) throws(StoreError) -> KeyValue {
        KeyValue(
            key: try storeKey(Wire.bytes(json["key"])),
            value: try Wire.bytes(json["value"]),
            createRevision: Wire.int(json["create_revision"]),
            modRevision: Wire.int(json["mod_revision"]))
    }
}

/// An error the gateway returned instead of a result: unary calls send
/// `{"error", "message", "code"}` with a non-200 status, streams send
/// `{"error": {"grpc_code", "message", ...}}`.
struct GatewayError: Error, Sendable, CustomStringConvertible {
    var status: HTTPResponseStatus
    var message: String
    var grpcCode: Int64
    var endpoint: Endpoint

    init(status: HTTPResponseStatus, json: JSONValue?, endpoint: Endpoint, detail: String? = nil) {
        let error = json?["error"]?.objectValue.map(JSONValue.object) ?? json
        self.status = status
        self.message = detail ?? error?["message"]?.stringValue ?? "HTTP \(status.code) \(status.reasonPhrase)"
        self.grpcCode = error?["code"]?.intValue ?? error?["grpc_code"]?.intValue ?? 0
        self.endpoint = endpoint
    }

    var isCompacted: Bool { message.contains("required revision has been compacted") }
    var isFutureRevision: Bool { message.contains("required revision is a future revision") }

    /// The error as a `StoreError.backend`, with a hint for the common causes.
    var storeError: StoreError {
        var text = "etcd at \(endpoint) failed: \(message)"
        if message.contains("request timed out") || message.contains("no leader") || grpcCode == 14 {
            text += " — etcd has no quorum or is overloaded; check that a majority of its members are running"
        } else if message.contains("too large") || message.contains("exceeds") {
            text += " — raise etcd's --max-request-bytes or store a smaller object"
        } else if message.contains("database space exceeded") {
            text += " — compact and defragment etcd, or raise --quota-backend-bytes"
        }
        return .backend(text)
    }

    var description: String { "\(endpoint): \(message)" }
}

/// Standard base64 with padding, as protobuf's JSON mapping writes bytes.
enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (i, c) in alphabet.enumerated() { table[Int(c)] = UInt8(i) }
        // The URL-safe alphabet decodes too; the gateway accepts both.
        table[Int(UInt8(ascii: "-"))] = 62
        table[Int(UInt8(ascii: "_"))] = 63
        return table
    }()

    static func encode(_ input: some Collection<UInt8>) -> String {
        let bytes = Array(input)
        let count = (bytes.count + 2) / 3 * 4
        return String(unsafeUninitializedCapacity: count) { out in
            var o = 0, i = 0
            while i + 2 < bytes.count {
                let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
                for shift in [18, 12, 6, 0] { out[o] = alphabet[Int(n >> UInt32(shift) & 63)]; o += 1 }
                i += 3
            }
            let rest = bytes.count - i
            if rest > 0 {
                let n = UInt32(bytes[i]) << 16 | (rest == 2 ? UInt32(bytes[i + 1]) << 8 : 0)
                out[o] = alphabet[Int(n >> 18 & 63)]
                out[o + 1] = alphabet[Int(n >> 12 & 63)]
                out[o + 2] = rest == 2 ? alphabet[Int(n >> 6 & 63)] : UInt8(ascii: "=")
                out[o + 3] = UInt8(ascii: "=")
                o += 4
            }
            return o
        }
    }

    static func decode(_ text: String) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count / 4 * 3)
        var accumulator: UInt32 = 0, bits = 0
        for c in text.utf8 where c != UInt8(ascii: "=") {
            let v = values[Int(c)]
            if v == 0xFF { return nil }
            accumulator = accumulator << 6 | UInt32(v)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
            }
        }
        return out
    }
}
