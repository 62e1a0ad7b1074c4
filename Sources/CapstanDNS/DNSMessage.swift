/// A DNS message as RFC 1035 section 4 lays it out, in the parts the cluster
/// DNS reads and writes. Names are kept as dotted strings without the
/// trailing dot ("" is the root).
public struct DNSMessage: Sendable, Equatable {
    public var header: DNSHeader
    public var questions: [DNSQuestion]
    public var answers: [DNSRecord]
    public var authority: [DNSRecord]
    public var additional: [DNSRecord]

    public init(
        header: DNSHeader = DNSHeader(), questions: [DNSQuestion] = [], answers: [DNSRecord] = [],
        authority: [DNSRecord] = [], additional: [DNSRecord] = []
    ) {
        self.header = header
        self.questions = questions
        self.answers = answers
        self.authority = authority
        self.additional = additional
    }

    /// The EDNS0 OPT pseudo-record among the additional records, if any.
    public var opt: DNSRecord? { additional.first { $0.type == .opt } }
}

/// The fixed 12-byte header (counts are derived from the sections when encoding).
public struct DNSHeader: Sendable, Equatable {
    public var id: UInt16 = 0
    public var isResponse = false
    public var opcode: UInt8 = 0
    public var authoritative = false
    public var truncated = false
    public var recursionDesired = false
    public var recursionAvailable = false
    public var authenticData = false
    public var checkingDisabled = false
    public var rcode: DNSRCode = .noError

    public init(id: UInt16 = 0) { self.id = id }

    var flags: UInt16 {
        var f: UInt16 = 0
        if isResponse { f |= 0x8000 }
        f |= UInt16(opcode & 0xF) << 11
        if authoritative { f |= 0x0400 }
        if truncated { f |= 0x0200 }
        if recursionDesired { f |= 0x0100 }
        if recursionAvailable { f |= 0x0080 }
        if authenticData { f |= 0x0020 }
        if checkingDisabled { f |= 0x0010 }
        return f | UInt16(rcode.rawValue & 0xF)
    }

    init(id: UInt16, flags f: UInt16) {
        self.id = id
        isResponse = f & 0x8000 != 0
        opcode = UInt8((f >> 11) & 0xF)
        authoritative = f & 0x0400 != 0
        truncated = f & 0x0200 != 0
        recursionDesired = f & 0x0100 != 0
        recursionAvailable = f & 0x0080 != 0
        authenticData = f & 0x0020 != 0
        checkingDisabled = f & 0x0010 != 0
        rcode = DNSRCode(rawValue: UInt8(f & 0xF))
    }
}

public struct DNSRCode: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let noError = DNSRCode(rawValue: 0)
    public static let formErr = DNSRCode(rawValue: 1)
    public static let servFail = DNSRCode(rawValue: 2)
    public static let nxDomain = DNSRCode(rawValue: 3)
    public static let notImp = DNSRCode(rawValue: 4)
    public static let refused = DNSRCode(rawValue: 5)
    public var description: String {
        ["NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED"].indices.contains(Int(rawValue))
            ? ["NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED"][Int(rawValue)] : "RCODE\(rawValue)"
    }
}

public struct DNSType: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }
    public static let a = DNSType(rawValue: 1)
    public static let ns = DNSType(rawValue: 2)
    public static let cname = DNSType(rawValue: 5)
    public static let soa = DNSType(rawValue: 6)
    public static let ptr = DNSType(rawValue: 12)
    public static let txt = DNSType(rawValue: 16)
    public static let aaaa = DNSType(rawValue: 28)
    public static let srv = DNSType(rawValue: 33)
    public static let opt = DNSType(rawValue: 41)
    public static let any = DNSType(rawValue: 255)
    public var description: String {
        switch self {
        case .a: "A"
        case .ns: "NS"
        case .cname: "CNAME"
        case .soa: "SOA"
        case .ptr: "PTR"
        case .txt: "TXT"
        case .aaaa: "AAAA"
        case .srv: "SRV"
        case .opt: "OPT"
        case .any: "ANY"
        default: "TYPE\(rawValue)"
        }
    }
}

public struct DNSQuestion: Sendable, Hashable {
    public var name: String
    public var type: DNSType
    /// 1 (IN) almost always.
    public var qclass: UInt16

    public init(name: String, type: DNSType, qclass: UInt16 = 1) {
        self.name = name
        self.type = type
        self.qclass = qclass
    }
}

public struct DNSRecord: Sendable, Equatable {
    public var name: String
    public var type: DNSType
    /// The class; for OPT, the requestor's UDP payload size.
    public var rclass: UInt16
    /// For OPT, the extended RCODE and flags.
    public var ttl: UInt32
    public var data: DNSRData

    public init(name: String, type: DNSType, rclass: UInt16 = 1, ttl: UInt32, data: DNSRData) {
        self.name = name
        self.type = type
        self.rclass = rclass
        self.ttl = ttl
        self.data = data
    }

    public static func a(_ name: String, _ ip: IPv4, ttl: UInt32) -> DNSRecord {
        DNSRecord(name: name, type: .a, ttl: ttl, data: .a(ip))
    }
}

/// Record data the codec understands; anything else is carried as bytes.
public enum DNSRData: Sendable, Equatable {
    case a(IPv4)
    /// 16 bytes.
    case aaaa([UInt8])
    case cname(String)
    case ns(String)
    case ptr(String)
    case srv(priority: UInt16, weight: UInt16, port: UInt16, target: String)
    case soa(SOA)
    case txt([String])
    /// OPT options, and types we do not interpret (uncompressed on the wire, so copying is safe).
    case raw([UInt8])

    public struct SOA: Sendable, Equatable {
        public var mname: String
        public var rname: String
        public var serial: UInt32
        public var refresh: UInt32
        public var retry: UInt32
        public var expire: UInt32
        public var minimum: UInt32
        public init(mname: String, rname: String, serial: UInt32, refresh: UInt32, retry: UInt32, expire: UInt32, minimum: UInt32) {
            self.mname = mname
            self.rname = rname
            self.serial = serial
            self.refresh = refresh
            self.retry = retry
            self.expire = expire
            self.minimum = minimum
        }
    }
}

/// An IPv4 address as 4 bytes in network order.
public struct IPv4: Sendable, Hashable, CustomStringConvertible {
    public var bytes: (UInt8, UInt8, UInt8, UInt8)
    public init(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) { bytes = (a, b, c, d) }
    public init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        let v = parts.compactMap { $0.count <= 3 ? UInt8($0) : nil }
        guard v.count == 4 else { return nil }
        bytes = (v[0], v[1], v[2], v[3])
    }
    public var description: String { "\(bytes.0).\(bytes.1).\(bytes.2).\(bytes.3)" }
    public static func == (l: IPv4, r: IPv4) -> Bool { l.bytes == r.bytes }
    public func hash(into h: inout Hasher) { h.combine(bytes.0); h.combine(bytes.1); h.combine(bytes.2); h.combine(bytes.3) }
}

/// IPv6 text to 16 bytes (inet_pton semantics, `::` and embedded IPv4 included).
public func parseIPv6(_ text: String) -> [UInt8]? {
    guard text.contains(":") else { return nil }
    var halves = [Substring(text)]
    if let r = text.firstRange(of: "::") {
        halves = [text[..<r.lowerBound], text[r.upperBound...]]
        guard halves[1].firstRange(of: "::") == nil else { return nil }
    }
    func groups(_ s: Substring) -> [UInt16]? {
        if s.isEmpty { return [] }
        var out: [UInt16] = []
        let parts = s.split(separator: ":", omittingEmptySubsequences: false)
        for (i, p) in parts.enumerated() {
            if i == parts.count - 1, p.contains("."), let v4 = IPv4(String(p)) {
                out.append(UInt16(v4.bytes.0) << 8 | UInt16(v4.bytes.1))
                out.append(UInt16(v4.bytes.2) << 8 | UInt16(v4.bytes.3))
            } else {
                guard (1...4).contains(p.count), let g = UInt16(p, radix: 16) else { return nil }
                out.append(g)
            }
        }
        return out
    }
    guard let head = groups(halves[0]) else { return nil }
    var all = head
    if halves.count == 2 {
        guard let tail = groups(halves[1]), head.count + tail.count <= 7 else { return nil }
        all += Array(repeating: 0, count: 8 - head.count - tail.count) + tail
    }
    guard all.count == 8 else { return nil }
    return all.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
}
