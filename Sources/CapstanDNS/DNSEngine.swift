import Synchronization

/// The current zone, swapped whole. Readers take a reference to an
/// immutable snapshot under a lock held for a pointer copy.
public final class DNSZoneStore: Sendable {
    private let snapshot: Mutex<DNSZoneSnapshot>
    public init(_ initial: DNSZoneSnapshot) { snapshot = Mutex(initial) }
    public var current: DNSZoneSnapshot { snapshot.withLock { $0 } }
    public func replace(_ new: DNSZoneSnapshot) { snapshot.withLock { $0 = new } }
}

/// Bytes in, bytes out: decodes a query, answers it from the zone (or
/// prepares an upstream exchange), applies EDNS0 and the transport's size
/// limit. Thread-safe; shared by every UDP and TCP channel of a server.
public final class DNSEngine: Sendable {
    public enum Transport: Sendable { case udp, tcp }

    public enum Immediate: Sendable {
        case reply([UInt8])
        /// Not a query worth answering (a response, or too short to carry an id).
        case drop
        /// Needs upstream: finish with `complete(_:)`.
        case upstream(Pending)
    }

    public struct Pending: Sendable {
        let query: DNSMessage
        let raw: [UInt8]
        let limit: Int
        let partial: DNSMessage?
        let target: DNSQuestion?
    }

    /// The UDP payload size we advertise in EDNS0 (the DNS flag day 2020 value).
    public static let ednsSize: UInt16 = 1232

    public let zone: DNSZoneStore
    let forwarder: DNSForwarder?
    let resolver = DNSResolver()

    public init(zone: DNSZoneStore, forwarder: DNSForwarder?) {
        self.zone = zone
        self.forwarder = forwarder
    }

    public func handle(_ bytes: [UInt8], transport: Transport) -> Immediate {
        let query: DNSMessage
        do {
            query = try DNSWire.decode(bytes)
        } catch {
            guard let h = DNSWire.header(bytes), !h.isResponse else { return .drop }
            var reply = DNSResolver.replyHeader(DNSMessage(header: h))
            reply.header.rcode = .formErr
            return .reply(DNSWire.encode(reply))
        }
        if query.header.isResponse { return .drop }
        let limit = Self.sizeLimit(query, transport: transport)
        switch resolver.resolve(query, zone: zone.current) {
        case .answer(let m): return .reply(finish(m, query: query, limit: limit))
        case .forward:
            guard forwarder != nil else { return .reply(finish(Self.failure(query, .refused), query: query, limit: limit)) }
            return .upstream(Pending(query: query, raw: bytes, limit: limit, partial: nil, target: nil))
        case .chase(let partial, let target):
            guard forwarder != nil else { return .reply(finish(partial, query: query, limit: limit)) }
            return .upstream(Pending(query: query, raw: bytes, limit: limit, partial: partial, target: target))
        }
    }

    /// The upstream half: forwards (SERVFAIL when no upstream answers) or chases a CNAME.
    public func complete(_ p: Pending) async -> [UInt8] {
        guard let forwarder else { return finish(Self.failure(p.query, .servFail), query: p.query, limit: p.limit) }
        if let partial = p.partial, let target = p.target {
            var q = DNSMessage(header: DNSHeader(id: UInt16.random(in: 0...UInt16.max)), questions: [target])
            q.header.recursionDesired = true
            var reply = partial
            if let raw = await forwarder.exchange(DNSWire.encode(q)), let upstream = try? DNSWire.decode(raw), upstream.header.id == q.header.id {
                reply.answers += upstream.answers
                if upstream.header.rcode == .nxDomain { reply.header.rcode = .nxDomain }
            }
            return finish(reply, query: p.query, limit: p.limit)
        }
        guard let raw = await forwarder.exchange(p.raw), raw.count >= 12, raw[0] == p.raw[0], raw[1] == p.raw[1] else {
            return finish(Self.failure(p.query, .servFail), query: p.query, limit: p.limit)
        }
        if raw.count <= p.limit { return raw }
        // Bigger than the client takes over UDP: tell it to retry over TCP.
        var reply = DNSResolver.replyHeader(p.query)
        reply.header.truncated = true
        return finish(reply, query: p.query, limit: p.limit)
    }

    /// Adds our OPT when the query had one; over the limit, drops the records and sets TC.
    func finish(_ m: DNSMessage, query: DNSMessage, limit: Int) -> [UInt8] {
        var m = m
        if query.opt != nil {
            m.additional.removeAll { $0.type == .opt }
            m.additional.append(DNSRecord(name: "", type: .opt, rclass: Self.ednsSize, ttl: 0, data: .raw([])))
        }
        let bytes = DNSWire.encode(m)
        guard bytes.count > limit else { return bytes }
        m.header.truncated = true
        m.answers = []
        m.authority = []
        m.additional.removeAll { $0.type != .opt }
        return DNSWire.encode(m)
    }

    static func sizeLimit(_ query: DNSMessage, transport: Transport) -> Int {
        guard transport == .udp else { return 65535 }
        guard let opt = query.opt else { return 512 }
        return Int(min(max(opt.rclass, 512), ednsSize))
    }

    static func failure(_ query: DNSMessage, _ code: DNSRCode) -> DNSMessage {
        var m = DNSResolver.replyHeader(query)
        m.header.rcode = code
        return m
    }
}
