/// RFC 1035 wire format: `encode` compresses names (a suffix already
/// written is replaced by a pointer to it), `decode` follows compression
/// pointers only backwards, which rules out loops.
public enum DNSWire {
    public struct DecodeError: Error, CustomStringConvertible, Sendable {
        public var description: String
        init(_ d: String) { description = d }
    }

    // MARK: Encoding

    public static func encode(_ m: DNSMessage) -> [UInt8] {
        var w = Writer()
        w.u16(m.header.id)
        w.u16(m.header.flags)
        w.u16(UInt16(m.questions.count))
        w.u16(UInt16(m.answers.count))
        w.u16(UInt16(m.authority.count))
        w.u16(UInt16(m.additional.count))
        for q in m.questions {
            w.name(q.name)
            w.u16(q.type.rawValue)
            w.u16(q.qclass)
        }
        for r in m.answers { w.record(r) }
        for r in m.authority { w.record(r) }
        for r in m.additional { w.record(r) }
        return w.bytes
    }

    struct Writer {
        var bytes: [UInt8] = []
        /// Lowercased name suffix → offset where it was written (pointers reach 0x3FFF at most).
        var offsets: [String: UInt16] = [:]

        init() { bytes.reserveCapacity(512) }

        mutating func u16(_ v: UInt16) { bytes.append(UInt8(v >> 8)); bytes.append(UInt8(v & 0xFF)) }
        mutating func u32(_ v: UInt32) { u16(UInt16(v >> 16)); u16(UInt16(v & 0xFFFF)) }

        mutating func name(_ name: String, compress: Bool = true) {
            var rest = Substring(name)
            if rest.hasSuffix(".") { rest = rest.dropLast() }
            while !rest.isEmpty {
                let key = rest.lowercased()
                if compress, let at = offsets[key] {
                    u16(0xC000 | at)
                    return
                }
                if compress, bytes.count < 0x3FFF { offsets[key] = UInt16(bytes.count) }
                let label: Substring
                if let dot = rest.firstIndex(of: ".") {
                    label = rest[..<dot]
                    rest = rest[rest.index(after: dot)...]
                } else {
                    label = rest
                    rest = ""
                }
                let utf8 = Array(label.utf8.prefix(63))
                bytes.append(UInt8(utf8.count))
                bytes.append(contentsOf: utf8)
            }
            bytes.append(0)
        }

        mutating func record(_ r: DNSRecord) {
            name(r.name)
            u16(r.type.rawValue)
            u16(r.rclass)
            u32(r.ttl)
            let lengthAt = bytes.count
            u16(0)
            switch r.data {
            case .a(let ip): bytes += [ip.bytes.0, ip.bytes.1, ip.bytes.2, ip.bytes.3]
            case .aaaa(let b): bytes += b
            case .cname(let n), .ns(let n), .ptr(let n): name(n)
            case .srv(let priority, let weight, let port, let target):
                u16(priority)
                u16(weight)
                u16(port)
                // RFC 2782: the target is not compressed.
                name(target, compress: false)
            case .soa(let s):
                name(s.mname)
                name(s.rname)
                for v in [s.serial, s.refresh, s.retry, s.expire, s.minimum] { u32(v) }
            case .txt(let strings):
                for t in strings {
                    let utf8 = Array(t.utf8.prefix(255))
                    bytes.append(UInt8(utf8.count))
                    bytes += utf8
                }
            case .raw(let b): bytes += b
            }
            let length = bytes.count - lengthAt - 2
            bytes[lengthAt] = UInt8(length >> 8)
            bytes[lengthAt + 1] = UInt8(length & 0xFF)
        }
    }

    // MARK: Decoding

    public static func decode(_ bytes: [UInt8]) throws(DecodeError) -> DNSMessage {
        var r = Reader(bytes: bytes)
        let id = try r.u16()
        let flags = try r.u16()
        let counts = [try r.u16(), try r.u16(), try r.u16(), try r.u16()]
        var m = DNSMessage(header: DNSHeader(id: id, flags: flags))
        for _ in 0..<counts[0] {
            let name = try r.name()
            m.questions.append(DNSQuestion(name: name, type: DNSType(rawValue: try r.u16()), qclass: try r.u16()))
        }
        for _ in 0..<counts[1] { m.answers.append(try r.record()) }
        for _ in 0..<counts[2] { m.authority.append(try r.record()) }
        for _ in 0..<counts[3] { m.additional.append(try r.record()) }
        return m
    }

    /// The header's id and flags alone, for answering a message that does not parse.
    public static func header(_ bytes: [UInt8]) -> DNSHeader? {
        guard bytes.count >= 12 else { return nil }
        return DNSHeader(id: UInt16(bytes[0]) << 8 | UInt16(bytes[1]), flags: UInt16(bytes[2]) << 8 | UInt16(bytes[3]))
    }

    struct Reader {
        let bytes: [UInt8]
        var at = 0

        mutating func u8() throws(DecodeError) -> UInt8 {
            guard at < bytes.count else { throw DecodeError("message ends early at byte \(at)") }
            defer { at += 1 }
            return bytes[at]
        }
        mutating func u16() throws(DecodeError) -> UInt16 { UInt16(try u8()) << 8 | UInt16(try u8()) }
        mutating func u32() throws(DecodeError) -> UInt32 { UInt32(try u16()) << 16 | UInt32(try u16()) }
        mutating func take(_ n: Int) throws(DecodeError) -> [UInt8] {
            guard n >= 0, at + n <= bytes.count else { throw DecodeError("message ends early at byte \(at)") }
            defer { at += n }
            return Array(bytes[at..<at + n])
        }

        /// A possibly compressed name. Every pointer must point before the
        /// label it is found in, so following them always terminates.
        mutating func name() throws(DecodeError) -> String {
            var labels: [String] = []
            var pos = at
            var jumped = false
            var total = 0
            while true {
                guard pos < bytes.count else { throw DecodeError("name runs past the message") }
                let len = Int(bytes[pos])
                switch len & 0xC0 {
                case 0:
                    if len == 0 {
                        if !jumped { at = pos + 1 }
                        return labels.joined(separator: ".")
                    }
                    guard pos + 1 + len <= bytes.count else { throw DecodeError("label runs past the message") }
                    total += len + 1
                    guard total <= 255 else { throw DecodeError("name longer than 255 bytes") }
                    labels.append(String(decoding: bytes[(pos + 1)..<(pos + 1 + len)], as: UTF8.self))
                    pos += 1 + len
                case 0xC0:
                    guard pos + 1 < bytes.count else { throw DecodeError("pointer runs past the message") }
                    let target = (len & 0x3F) << 8 | Int(bytes[pos + 1])
                    guard target < pos else { throw DecodeError("compression pointer does not point backwards") }
                    if !jumped { at = pos + 2 }
                    jumped = true
                    pos = target
                default:
                    throw DecodeError("unsupported label type \(len >> 6)")
                }
            }
        }

        mutating func record() throws(DecodeError) -> DNSRecord {
            let owner = try name()
            let type = DNSType(rawValue: try u16())
            let rclass = try u16()
            let ttl = try u32()
            let length = Int(try u16())
            let end = at + length
            guard end <= bytes.count else { throw DecodeError("record data runs past the message") }
            let data: DNSRData
            switch type {
            case .a where length == 4:
                let b = try take(4)
                data = .a(IPv4(b[0], b[1], b[2], b[3]))
            case .aaaa where length == 16: data = .aaaa(try take(16))
            case .cname: data = .cname(try name())
            case .ns: data = .ns(try name())
            case .ptr: data = .ptr(try name())
            case .srv:
                data = .srv(priority: try u16(), weight: try u16(), port: try u16(), target: try self.name())
            case .soa:
                data = .soa(.init(
                    mname: try self.name(), rname: try self.name(), serial: try u32(), refresh: try u32(), retry: try u32(),
                    expire: try u32(), minimum: try u32()))
            case .txt:
                var strings: [String] = []
                while at < end { strings.append(String(decoding: try take(Int(try u8())), as: UTF8.self)) }
                data = .txt(strings)
            default: data = .raw(try take(length))
            }
            guard at == end else { throw DecodeError("\(type) record data is \(length) bytes but its fields take \(at - end + length)") }
            return DNSRecord(name: owner, type: type, rclass: rclass, ttl: ttl, data: data)
        }
    }
}
