/// SPDY/3.1 frames (the draft-mbelshe-httpbis-spdy-00 layout), as far as
/// Kubernetes' port-forward streams use them. A control frame is
/// `1 | version(15) | type(16) | flags(8) | length(24) | payload`; a data
/// frame is `0 | stream id(31) | flags(8) | length(24) | payload`.
enum SPDYFrame: Equatable, Sendable {
    case data(stream: UInt32, payload: [UInt8], fin: Bool)
    case synStream(stream: UInt32, headers: SPDYHeaders, fin: Bool)
    case synReply(stream: UInt32, headers: SPDYHeaders, fin: Bool)
    case rstStream(stream: UInt32, status: SPDYResetStatus)
    case settings
    case ping(id: UInt32)
    case goAway(lastGoodStream: UInt32, status: UInt32)
    case headers(stream: UInt32, headers: SPDYHeaders, fin: Bool)
    case windowUpdate(stream: UInt32, delta: UInt32)
    /// A control frame type SPDY/3 does not define (ignored, as the spec asks).
    case unknown(type: UInt16)
}

/// RST_STREAM status codes (a zero status is invalid on the wire).
enum SPDYResetStatus: UInt32, Sendable {
    case protocolError = 1, invalidStream, refusedStream, unsupportedVersion, cancel, internalError, flowControlError
    case streamInUse, streamAlreadyClosed, invalidCredentials, frameTooLarge
}

/// A header block: lower-case names, each with one or more values (on the
/// wire several values are one string joined by NUL bytes).
struct SPDYHeaders: Equatable, Sendable, ExpressibleByDictionaryLiteral {
    var fields: [String: [String]]

    init(_ fields: [String: [String]] = [:]) { self.fields = fields }
    init(dictionaryLiteral elements: (String, String)...) {
        fields = [:]
        for (k, v) in elements { fields[k.lowercased(), default: []].append(v) }
    }

    subscript(name: String) -> String? { fields[name.lowercased()]?.first }

    /// The uncompressed block: count, then length-prefixed name and value
    /// pairs (names sorted so the encoding is deterministic).
    func encoded() -> [UInt8] {
        var out = SPDYWire.u32(UInt32(fields.count))
        for name in fields.keys.sorted() {
            let value = Array(fields[name]!.joined(separator: "\u{0}").utf8)
            out += SPDYWire.u32(UInt32(name.utf8.count)) + Array(name.utf8)
            out += SPDYWire.u32(UInt32(value.count)) + value
        }
        return out
    }

    static func decode(_ bytes: [UInt8]) throws -> SPDYHeaders {
        var r = SPDYWire.Reader(bytes)
        let count = try r.u32()
        var fields: [String: [String]] = [:]
        for _ in 0..<count {
            let name = String(decoding: try r.bytes(Int(try r.u32())), as: UTF8.self).lowercased()
            let value = String(decoding: try r.bytes(Int(try r.u32())), as: UTF8.self)
            fields[name, default: []] += value.split(separator: "\u{0}", omittingEmptySubsequences: false).map(String.init)
        }
        return SPDYHeaders(fields)
    }
}

struct SPDYProtocolError: Error, CustomStringConvertible {
    var description: String
}

/// Big-endian integers and a bounds-checked reader.
enum SPDYWire {
    static func u32(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8(truncatingIfNeeded: v >> 16), UInt8(truncatingIfNeeded: v >> 8), UInt8(truncatingIfNeeded: v)] }
    static func u24(_ v: Int) -> [UInt8] { [UInt8(truncatingIfNeeded: v >> 16), UInt8(truncatingIfNeeded: v >> 8), UInt8(truncatingIfNeeded: v)] }

    struct Reader {
        let bytes: [UInt8]
        var offset = 0
        init(_ bytes: [UInt8]) { self.bytes = bytes }
        var remaining: Int { bytes.count - offset }
        mutating func u32() throws -> UInt32 {
            let b = Array(try self.bytes(4))
            return UInt32(b[0]) << 24 | UInt32(b[1]) << 16 | UInt32(b[2]) << 8 | UInt32(b[3])
        }
        mutating func bytes(_ n: Int) throws -> ArraySlice<UInt8> {
            guard n >= 0, n <= remaining else { throw SPDYProtocolError(description: "truncated SPDY frame") }
            defer { offset += n }
            return bytes[offset..<offset + n]
        }
    }
}

/// Frames to bytes. Header blocks go through the session's one compressor,
/// so frames must be encoded in the order they are sent.
enum SPDYFrameEncoder {
    static let version: UInt16 = 3
    static let flagFin: UInt8 = 0x01

    static func encode(_ frame: SPDYFrame, compressor: SPDYHeaderDeflater) -> [UInt8] {
        switch frame {
        case .data(let stream, let payload, let fin):
            return SPDYWire.u32(stream & 0x7fff_ffff) + [fin ? flagFin : 0] + SPDYWire.u24(payload.count) + payload
        case .synStream(let stream, let headers, let fin):
            // Associated-to stream 0, priority 0, slot 0.
            let body = SPDYWire.u32(stream & 0x7fff_ffff) + SPDYWire.u32(0) + [0, 0] + compressor.compress(headers.encoded())
            return control(1, flags: fin ? flagFin : 0, body)
        case .synReply(let stream, let headers, let fin):
            return control(2, flags: fin ? flagFin : 0, SPDYWire.u32(stream & 0x7fff_ffff) + compressor.compress(headers.encoded()))
        case .rstStream(let stream, let status):
            return control(3, flags: 0, SPDYWire.u32(stream & 0x7fff_ffff) + SPDYWire.u32(status.rawValue))
        case .settings:
            return control(4, flags: 0, SPDYWire.u32(0))
        case .ping(let id):
            return control(6, flags: 0, SPDYWire.u32(id))
        case .goAway(let last, let status):
            return control(7, flags: 0, SPDYWire.u32(last & 0x7fff_ffff) + SPDYWire.u32(status))
        case .headers(let stream, let headers, let fin):
            return control(8, flags: fin ? flagFin : 0, SPDYWire.u32(stream & 0x7fff_ffff) + compressor.compress(headers.encoded()))
        case .windowUpdate(let stream, let delta):
            return control(9, flags: 0, SPDYWire.u32(stream & 0x7fff_ffff) + SPDYWire.u32(delta & 0x7fff_ffff))
        case .unknown(let type):
            return control(type, flags: 0, [])
        }
    }

    private static func control(_ type: UInt16, flags: UInt8, _ body: [UInt8]) -> [UInt8] {
        [UInt8(0x80 | version >> 8), UInt8(version & 0xff), UInt8(type >> 8), UInt8(type & 0xff), flags] + SPDYWire.u24(body.count) + body
    }
}

/// Bytes to frames, across arbitrary chunking: the WebSocket that carries
/// the session may split a frame over several messages or put several in
/// one, so messages are appended and whole frames taken off the front.
struct SPDYFrameDecoder {
    private var buffer: [UInt8] = []
    private var start = 0

    mutating func append(_ bytes: some Sequence<UInt8>) {
        // Drop consumed bytes now and then, not on every frame.
        if start > 0 && start >= buffer.count / 2 {
            buffer.removeFirst(start)
            start = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// The next whole frame, or nil until more bytes arrive.
    mutating func next(decompressor: SPDYHeaderInflater) throws -> SPDYFrame? {
        guard buffer.count - start >= 8 else { return nil }
        let b = buffer[start..<start + 8].map { $0 }
        let length = Int(b[5]) << 16 | Int(b[6]) << 8 | Int(b[7])
        guard buffer.count - start >= 8 + length else { return nil }
        let payload = Array(buffer[start + 8..<start + 8 + length])
        start += 8 + length
        let flags = b[4]
        let fin = flags & SPDYFrameEncoder.flagFin != 0
        guard b[0] & 0x80 != 0 else {
            let stream = UInt32(b[0] & 0x7f) << 24 | UInt32(b[1]) << 16 | UInt32(b[2]) << 8 | UInt32(b[3])
            return .data(stream: stream, payload: payload, fin: fin)
        }
        let version = UInt16(b[0] & 0x7f) << 8 | UInt16(b[1])
        guard version == 3 else { throw SPDYProtocolError(description: "unsupported SPDY version \(version)") }
        let type = UInt16(b[2]) << 8 | UInt16(b[3])
        var r = SPDYWire.Reader(payload)
        switch type {
        case 1:
            let stream = try r.u32() & 0x7fff_ffff
            _ = try r.u32()  // associated-to stream
            _ = try r.bytes(2)  // priority, slot
            let block = try decompressor.decompress(Array(try r.bytes(r.remaining)))
            return .synStream(stream: stream, headers: try SPDYHeaders.decode(block), fin: fin)
        case 2, 8:
            let stream = try r.u32() & 0x7fff_ffff
            let headers = try SPDYHeaders.decode(try decompressor.decompress(Array(try r.bytes(r.remaining))))
            return type == 2 ? .synReply(stream: stream, headers: headers, fin: fin) : .headers(stream: stream, headers: headers, fin: fin)
        case 3:
            let stream = try r.u32() & 0x7fff_ffff
            let status = SPDYResetStatus(rawValue: try r.u32()) ?? .protocolError
            return .rstStream(stream: stream, status: status)
        case 4: return .settings
        case 6: return .ping(id: try r.u32())
        case 7:
            let last = try r.u32() & 0x7fff_ffff
            return .goAway(lastGoodStream: last, status: r.remaining >= 4 ? try r.u32() : 0)
        case 9:
            let stream = try r.u32() & 0x7fff_ffff
            return .windowUpdate(stream: stream, delta: try r.u32() & 0x7fff_ffff)
        default: return .unknown(type: type)
        }
    }
}
