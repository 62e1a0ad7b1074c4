import CapstanAPI
import NIOCore
import NIOPosix
import Testing

@testable import CapstanDNS

/// The server over real loopback sockets: UDP and TCP, truncation, and
/// forwarding to an upstream (another instance of our server on loopback,
/// serving `example.com`).
@Suite struct DNSServerTests {
    /// Its own loop: the shared singleton is busy with every other suite of the in-process run.
    static let ownGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    var group: MultiThreadedEventLoopGroup { Self.ownGroup }

    func upstream() async throws -> DNSServer {
        var zone = DNSZoneSnapshot(domain: "example.com", ttl: 60)
        zone.add("search.example.com") { $0.a = [IPv4(192, 0, 2, 10)] }
        return try await DNSServer.start(engine: DNSEngine(zone: DNSZoneStore(zone), forwarder: nil), host: "127.0.0.1", port: 0, group: group)
    }

    /// Timeouts are long except where a test waits for one: in the full
    /// in-process run, the synchronous integration tests can hold every
    /// thread of Swift's cooperative pool for a while, and the engine's
    /// answers wait for one.
    static let patient = TimeAmount.seconds(60)

    func cluster(upstream: SocketAddress?, zone: DNSZoneSnapshot = Fixtures.zone, upstreamTimeout: TimeAmount = patient) async throws -> DNSServer {
        let forwarder = upstream.map { DNSForwarder(upstreams: [$0], group: group, timeout: upstreamTimeout) }
        return try await DNSServer.start(engine: DNSEngine(zone: DNSZoneStore(zone), forwarder: forwarder), host: "127.0.0.1", port: 0, group: group)
    }

    func query(_ name: String, _ type: DNSType, edns: UInt16? = nil) -> [UInt8] {
        var q = DNSMessage(header: DNSHeader(id: UInt16.random(in: 1...60000)), questions: [DNSQuestion(name: name, type: type)])
        q.header.recursionDesired = true
        if let edns { q.additional = [DNSRecord(name: "", type: .opt, rclass: edns, ttl: 0, data: .raw([]))] }
        return DNSWire.encode(q)
    }

    @Test func answersOverUDPAndTCPAndForwardsTheRest() async throws {
        let up = try await upstream()
        let server = try await cluster(upstream: up.udpAddress)
        defer { Task { await server.stop(); await up.stop() } }
        let client = DNSForwarder(upstreams: [server.udpAddress], group: group, timeout: Self.patient)

        let a = try DNSWire.decode(try await client.udp(query("web.default.svc.cluster.local", .a), to: server.udpAddress))
        #expect(a.answers.map(\.data) == [.a(IPv4(10, 43, 17, 5))])
        let tcp = try DNSWire.decode(try await client.tcp(query("db.data.svc.cluster.local", .a), to: server.tcpAddress))
        #expect(tcp.answers.count == 2)
        let nx = try DNSWire.decode(try await client.udp(query("nope.default.svc.cluster.local", .a), to: server.udpAddress))
        #expect(nx.header.rcode == .nxDomain)

        // Outside the cluster domain: upstream's answer, passed through.
        let fwd = try DNSWire.decode(try await client.udp(query("search.example.com", .a), to: server.udpAddress))
        #expect(fwd.answers.map(\.data) == [.a(IPv4(192, 0, 2, 10))])
        // An ExternalName: our CNAME plus upstream's A for the target.
        let ext = try DNSWire.decode(try await client.udp(query("search.default.svc.cluster.local", .a), to: server.udpAddress))
        #expect(ext.answers.map(\.data) == [.cname("search.example.com"), .a(IPv4(192, 0, 2, 10))])
        // EDNS0 is echoed with our payload size.
        let e = try DNSWire.decode(try await client.udp(query("web.default.svc.cluster.local", .a, edns: 4096), to: server.udpAddress))
        #expect(e.opt?.rclass == DNSEngine.ednsSize)
    }

    @Test func bigAnswersAreTruncatedOverUDPAndWholeOverTCP() async throws {
        let ips = (1...100).map { "10.42.3.\($0)" }
        let svc = Fixtures.decode(Service.self, #"{"apiVersion":"v1","kind":"Service","metadata":{"name":"big","namespace":"default"},"spec":{"clusterIP":"None"}}"#)
        let slice = Fixtures.decode(EndpointSlice.self, """
            {"apiVersion":"discovery.k8s.io/v1","kind":"EndpointSlice","addressType":"IPv4",
             "metadata":{"name":"big-1","namespace":"default","labels":{"kubernetes.io/service-name":"big"}},
             "endpoints":[\(ips.map { "{\"addresses\":[\"\($0)\"]}" }.joined(separator: ","))]}
            """)
        let server = try await cluster(upstream: nil, zone: DNSZoneBuilder(domain: "cluster.local").build(services: [svc], slices: [slice]))
        defer { Task { await server.stop() } }
        let client = DNSForwarder(upstreams: [server.udpAddress], group: group, timeout: Self.patient)
        let udp = try await client.udp(query("big.default.svc.cluster.local", .a), to: server.udpAddress)
        let cut = try DNSWire.decode(udp)
        #expect(cut.header.truncated && cut.answers.isEmpty && udp.count <= 512)
        let tcp = try DNSWire.decode(try await client.tcp(query("big.default.svc.cluster.local", .a), to: server.tcpAddress))
        #expect(!tcp.header.truncated && tcp.answers.count == 100)
        // exchange() retries over TCP by itself.
        let full = try DNSWire.decode(try #require(await client.exchange(query("big.default.svc.cluster.local", .a))))
        #expect(full.answers.count == 100)
        // Without an upstream, names outside the zone are refused.
        let refused = try DNSWire.decode(try await client.udp(query("example.org", .a), to: server.udpAddress))
        #expect(refused.header.rcode == .refused)
    }

    @Test func silentUpstreamGivesServFail() async throws {
        // A bound UDP socket that never answers.
        let silent = try await DatagramBootstrap(group: group).bind(host: "127.0.0.1", port: 0).get()
        let server = try await cluster(upstream: silent.localAddress!, upstreamTimeout: .milliseconds(300))
        defer { Task { await server.stop(); try? await silent.close() } }
        let client = DNSForwarder(upstreams: [server.udpAddress], group: group, timeout: Self.patient)
        let m = try DNSWire.decode(try await client.udp(query("example.org", .a), to: server.udpAddress))
        #expect(m.header.rcode == .servFail)
    }

    @Test func readsNameserversWithoutOurOwnAddress() {
        let conf = "search example.com\nnameserver 10.43.0.10\nnameserver 192.0.2.53\nnameserver fe80::1%eth0\noptions ndots:5\n"
        let ns = DNSForwarder.nameservers(resolvConf: conf, excluding: ["10.43.0.10"])
        #expect(ns.map { $0.ipAddress ?? "" } == ["192.0.2.53", "fe80::1"])
    }
}

/// `NodeLocalAddress` with a recording fake `ip`.
@Suite struct NodeLocalAddressTests {
    actor Calls {
        var list: [[String]] = []
        func add(_ c: [String]) { list.append(c) }
    }

    @Test func addsItsAddressToTheSharedLinkAndRemovesOnlyThat() async throws {
        let calls = Calls()
        let local = NodeLocalAddress(address: "10.43.0.10", link: "capstan-dns") { args in
            await calls.add(args)
            if args.starts(with: ["link", "add"]) { throw FakeFailure(description: "RTNETLINK answers: File exists") }
        }
        let placement = try await local.add()
        #expect(placement == .init(link: "capstan-dns", added: true))
        try await local.remove(from: placement)
        #expect(await calls.list == [
            ["link", "add", "capstan-dns", "type", "dummy"], ["link", "set", "capstan-dns", "up"],
            ["addr", "add", "10.43.0.10/32", "dev", "capstan-dns"], ["addr", "del", "10.43.0.10/32", "dev", "capstan-dns"],
        ])
        // Already there (another process's, or left behind).
        let taken = NodeLocalAddress(address: "10.43.0.10") { args in
            if args.starts(with: ["addr", "add"]) { throw FakeFailure(description: "RTNETLINK answers: File exists") }
        }
        #expect(try await taken.add().added == false)
    }

    @Test func fallsBackToLoopbackWithoutDummyLinks() async throws {
        let calls = Calls()
        let local = NodeLocalAddress(address: "10.43.0.10") { args in
            await calls.add(args)
            if args.starts(with: ["link", "add"]) { throw FakeFailure(description: "Error: Unknown device type.") }
        }
        #expect(try await local.add() == .init(link: "lo", added: true))
        #expect(await calls.list.last == ["addr", "add", "10.43.0.10/32", "dev", "lo"])
    }

    struct FakeFailure: Error, CustomStringConvertible { var description: String }
}
