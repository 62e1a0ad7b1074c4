/// Answers one query from a zone snapshot: the decision part of the server,
/// with no I/O so every case can be tested directly.
///
/// Names in the cluster domain (and reverse names of known addresses) are
/// answered authoritatively: the records of the asked type, NOERROR with no
/// answers when the name exists without them, NXDOMAIN otherwise (both with
/// the zone's SOA in the authority section). Other names go upstream. An
/// ExternalName's CNAME is followed inside the zone; a target outside it
/// is resolved upstream and appended (`chase`). A name outside the zone
/// that names a Service once `svc.DOMAIN` or `DOMAIN` is appended answers
/// as a CNAME to it (see `DNSZoneSnapshot.searchExpansion`).
public struct DNSResolver: Sendable {
    public enum Outcome: Sendable, Equatable {
        case answer(DNSMessage)
        /// Forward the query as it is.
        case forward
        /// Answer with `partial` plus upstream's answers for `target`.
        case chase(partial: DNSMessage, target: DNSQuestion)
    }

    public init() {}

    public func resolve(_ query: DNSMessage, zone: DNSZoneSnapshot) -> Outcome {
        var reply = Self.replyHeader(query)
        guard query.header.opcode == 0 else {
            reply.header.rcode = .notImp
            return .answer(reply)
        }
        guard query.questions.count == 1, let q = query.questions.first else {
            reply.header.rcode = .formErr
            return .answer(reply)
        }
        let name = q.name.lowercased().trimmingSuffixDot
        var inZone = zone.isInZone(name)
        var current = name
        var owner = q.name
        if !inZone && zone.names[name] == nil {
            // Server-side search path (CoreDNS' autopath): `SVC.NS` is `SVC.NS.svc.DOMAIN` when that exists,
            // for clients that search no further once a name has a dot (busybox's nslookup).
            guard let expanded = zone.searchExpansion(name) else { return .forward }
            reply.answers.append(DNSRecord(name: owner, type: .cname, ttl: zone.ttl, data: .cname(expanded)))
            current = expanded
            owner = expanded
            inZone = true
        }
        reply.header.authoritative = true
        for _ in 0..<8 {
            if let ip = zone.podAddress(current) {
                if q.type == .a || q.type == .any { reply.answers.append(.a(owner, ip, ttl: zone.ttl)) }
                break
            }
            guard let entry = zone.names[current] else {
                if reply.answers.isEmpty { reply.header.rcode = .nxDomain }
                break
            }
            if let target = entry.cname, q.type != .cname {
                reply.answers.append(DNSRecord(name: owner, type: .cname, ttl: zone.ttl, data: .cname(target)))
                if !zone.isInZone(target) && zone.names[target] == nil {
                    return .chase(partial: reply, target: DNSQuestion(name: target, type: q.type, qclass: q.qclass))
                }
                current = target
                owner = target
                continue
            }
            reply.answers += Self.records(entry, type: q.type, owner: owner, ttl: zone.ttl)
            if q.type == .soa || q.type == .any, current == zone.domain { reply.answers.append(zone.soa) }
            if q.type == .srv {
                for s in entry.srv {
                    guard let t = zone.names[s.target] else { continue }
                    reply.additional += Self.records(t, type: .a, owner: s.target, ttl: zone.ttl)
                    reply.additional += Self.records(t, type: .aaaa, owner: s.target, ttl: zone.ttl)
                }
            }
            break
        }
        if reply.answers.isEmpty || reply.header.rcode == .nxDomain, inZone { reply.authority.append(zone.soa) }
        return .answer(reply)
    }

    static func records(_ e: DNSZoneSnapshot.Entry, type: DNSType, owner: String, ttl: UInt32) -> [DNSRecord] {
        var out: [DNSRecord] = []
        if type == .a || type == .any { out += e.a.map { .a(owner, $0, ttl: ttl) } }
        if type == .aaaa || type == .any { out += e.aaaa.map { DNSRecord(name: owner, type: .aaaa, ttl: ttl, data: .aaaa($0)) } }
        if type == .srv || type == .any {
            out += e.srv.map { DNSRecord(name: owner, type: .srv, ttl: ttl, data: .srv(priority: $0.priority, weight: $0.weight, port: $0.port, target: $0.target)) }
        }
        if type == .ptr || type == .any { out += e.ptr.map { DNSRecord(name: owner, type: .ptr, ttl: ttl, data: .ptr($0)) } }
        if type == .txt || type == .any, !e.txt.isEmpty { out.append(DNSRecord(name: owner, type: .txt, ttl: ttl, data: .txt(e.txt))) }
        if type == .cname || type == .any, let c = e.cname { out.append(DNSRecord(name: owner, type: .cname, ttl: ttl, data: .cname(c))) }
        return out
    }

    /// A response to `query` with its id, question and RD, recursion available, no records yet.
    public static func replyHeader(_ query: DNSMessage) -> DNSMessage {
        var h = DNSHeader(id: query.header.id)
        h.isResponse = true
        h.opcode = query.header.opcode
        h.recursionDesired = query.header.recursionDesired
        h.recursionAvailable = true
        return DNSMessage(header: h, questions: query.questions)
    }
}
