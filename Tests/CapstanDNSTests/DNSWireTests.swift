import Testing

@testable import CapstanDNS

@Suite struct DNSWireTests {
    @Test func aResponseRoundTripsAndCompressesRepeatedNames() throws {
        var h = DNSHeader(id: 0xBEEF)
        h.isResponse = true
        h.authoritative = true
        h.recursionDesired = true
        h.recursionAvailable = true
        h.rcode = .noError
        let name = "web.default.svc.cluster.local"
        let m = DNSMessage(
            header: h, questions: [DNSQuestion(name: name, type: .srv)],
            answers: [
                DNSRecord(name: "_http._tcp." + name, type: .srv, ttl: 5, data: .srv(priority: 0, weight: 100, port: 80, target: name)),
                .a(name, IPv4(10, 43, 0, 12), ttl: 5),
                DNSRecord(name: name, type: .aaaa, ttl: 5, data: .aaaa(parseIPv6("fd00::1")!)),
                DNSRecord(name: "ext.default.svc.cluster.local", type: .cname, ttl: 5, data: .cname("example.com")),
                DNSRecord(name: "txt.cluster.local", type: .txt, ttl: 5, data: .txt(["a", "bc"])),
            ],
            authority: [DNSRecord(name: "cluster.local", type: .soa, ttl: 5, data: .soa(.init(
                mname: "ns.dns.cluster.local", rname: "hostmaster.cluster.local", serial: 1, refresh: 7200, retry: 1800, expire: 86400, minimum: 5)))],
            additional: [DNSRecord(name: "", type: .opt, rclass: 1232, ttl: 0, data: .raw([]))])
        let bytes = DNSWire.encode(m)
        #expect(try DNSWire.decode(bytes) == m)
        // The name is spelled out once; later owners and the SOA point back into it.
        let spelled = bytes.indices.filter { bytes[$0...].starts(with: [3] + Array("web".utf8)) }
        #expect(spelled.count == 2, "question and the uncompressed SRV target")
        // "cluster" likewise: every other name ending in cluster.local ends in a pointer.
        #expect(bytes.indices.filter { bytes[$0...].starts(with: [7] + Array("cluster".utf8)) }.count == 2)
    }

    @Test func decodesCompressedNamesCaseIntactAndRejectsLoops() throws {
        // Header, one question "a.B.c" then an answer owner pointing at offset 12.
        var bytes: [UInt8] = [0, 1, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0]
        bytes += [1, 0x61, 1, 0x42, 1, 0x63, 0, 0, 1, 0, 1]
        bytes += [0xC0, 14, 0, 1, 0, 1, 0, 0, 0, 5, 0, 4, 1, 2, 3, 4]
        let m = try DNSWire.decode(bytes)
        #expect(m.questions[0].name == "a.B.c")
        #expect(m.answers[0].name == "B.c")
        #expect(m.answers[0].data == .a(IPv4(1, 2, 3, 4)))

        // A pointer to itself, and a forward pointer: both refused, not followed.
        var loop: [UInt8] = [0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0]
        loop += [0xC0, 12, 0, 1, 0, 1]
        #expect(throws: DNSWire.DecodeError.self) { try DNSWire.decode(loop) }
        var forward: [UInt8] = [0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0]
        forward += [0xC0, 20, 0, 1, 0, 1, 1, 0x61, 0]
        #expect(throws: DNSWire.DecodeError.self) { try DNSWire.decode(forward) }
        // Truncated input.
        #expect(throws: DNSWire.DecodeError.self) { try DNSWire.decode([0, 1, 0, 0, 0, 1]) }
    }

    @Test func parsesAddresses() {
        #expect(IPv4("10.43.0.10") == IPv4(10, 43, 0, 10))
        #expect(IPv4("10.43.0") == nil)
        #expect(IPv4("10.43.0.256") == nil)
        #expect(parseIPv6("::1") == Array(repeating: 0, count: 15) + [1])
        #expect(parseIPv6("fd00:10:43::a") == [0xfd, 0, 0, 0x10, 0, 0x43] + Array(repeating: 0, count: 9) + [0xa])
        #expect(parseIPv6("::ffff:10.0.0.1")?.suffix(4) == [10, 0, 0, 1])
        #expect(parseIPv6("1::2::3") == nil)
        #expect(parseIPv6("10.0.0.1") == nil)
    }
}
