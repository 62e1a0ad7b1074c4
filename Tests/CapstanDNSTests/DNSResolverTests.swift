import Testing

@testable import CapstanDNS

/// Answers of the zone built from real Service and EndpointSlice JSON (Fixtures).
@Suite struct DNSResolverTests {
    func ask(_ name: String, _ type: DNSType) -> DNSResolver.Outcome {
        var q = DNSMessage(header: DNSHeader(id: 7), questions: [DNSQuestion(name: name, type: type)])
        q.header.recursionDesired = true
        return DNSResolver().resolve(q, zone: Fixtures.zone)
    }

    func answer(_ name: String, _ type: DNSType, sourceLocation: SourceLocation = #_sourceLocation) -> DNSMessage {
        guard case .answer(let m) = ask(name, type) else {
            Issue.record("\(name) \(type) was not answered locally", sourceLocation: sourceLocation)
            return DNSMessage()
        }
        #expect(m.header.id == 7 && m.header.isResponse && m.header.recursionDesired, sourceLocation: sourceLocation)
        return m
    }

    @Test func clusterIPServiceHasItsAddressAndNamedPortSRV() {
        let a = answer("web.default.svc.cluster.local", .a)
        #expect(a.header.rcode == .noError && a.header.authoritative)
        #expect(a.answers == [.a("web.default.svc.cluster.local", IPv4(10, 43, 17, 5), ttl: 5)])
        // Case-insensitive, trailing dot ignored; the answer echoes the asked spelling.
        #expect(answer("WEB.Default.svc.cluster.local.", .a).answers.first?.data == .a(IPv4(10, 43, 17, 5)))

        let srv = answer("_http._tcp.web.default.svc.cluster.local", .srv)
        #expect(srv.answers.map(\.data) == [.srv(priority: 0, weight: 100, port: 80, target: "web.default.svc.cluster.local")])
        #expect(srv.additional.map(\.data) == [.a(IPv4(10, 43, 17, 5))])
        #expect(answer("_metrics._tcp.web.default.svc.cluster.local", .srv).answers.count == 1)
        // An unnamed port has no SRV name.
        #expect(answer("_dns._udp.single.apps.svc.cluster.local", .srv).header.rcode == .nxDomain)

        let ptr = answer("5.17.43.10.in-addr.arpa", .ptr)
        #expect(ptr.answers.map(\.data) == [.ptr("web.default.svc.cluster.local")])
    }

    @Test func dualStackAndNoDataVersusNXDomain() {
        #expect(answer("single.apps.svc.cluster.local", .aaaa).answers.map(\.data) == [.aaaa(parseIPv6("fd00:43::9")!)])
        // The name exists without AAAA: NOERROR, no answers, SOA for negative caching.
        let nodata = answer("web.default.svc.cluster.local", .aaaa)
        #expect(nodata.header.rcode == .noError && nodata.answers.isEmpty)
        #expect(nodata.authority.map(\.type) == [.soa])
        // Empty non-terminals exist too.
        #expect(answer("default.svc.cluster.local", .a).header.rcode == .noError)
        #expect(answer("svc.cluster.local", .a).header.rcode == .noError)

        let nx = answer("missing.default.svc.cluster.local", .a)
        #expect(nx.header.rcode == .nxDomain && nx.header.authoritative && nx.answers.isEmpty)
        #expect(nx.authority.first?.data == Fixtures.zone.soa.data)
        // Search-list expansions the stub resolver tries first.
        #expect(answer("kubernetes.default.default.svc.cluster.local", .a).header.rcode == .nxDomain)
        #expect(answer("cluster.local", .soa).answers.map(\.type) == [.soa])
        #expect(answer("dns-version.cluster.local", .txt).answers.map(\.data) == [.txt(["1.1.0"])])
    }

    @Test func headlessServiceReturnsReadyEndpointsAndHostnames() {
        let a = answer("db.data.svc.cluster.local", .a)
        #expect(a.answers.map(\.data) == [.a(IPv4(10, 42, 0, 7)), .a(IPv4(10, 42, 0, 8))])
        // StatefulSet members under the governing Service.
        #expect(answer("db-0.db.data.svc.cluster.local", .a).answers.map(\.data) == [.a(IPv4(10, 42, 0, 7))])
        #expect(answer("db-1.db.data.svc.cluster.local", .a).answers.map(\.data) == [.a(IPv4(10, 42, 0, 8))])
        // Not ready: not published.
        #expect(answer("db-2.db.data.svc.cluster.local", .a).header.rcode == .nxDomain)

        let srv = answer("_pg._tcp.db.data.svc.cluster.local", .srv)
        #expect(srv.answers.map(\.data) == [
            .srv(priority: 0, weight: 50, port: 5432, target: "db-0.db.data.svc.cluster.local"),
            .srv(priority: 0, weight: 50, port: 5432, target: "db-1.db.data.svc.cluster.local"),
        ])
        #expect(srv.additional.count == 2)
        #expect(answer("7.0.42.10.in-addr.arpa", .ptr).answers.map(\.data) == [.ptr("db-0.db.data.svc.cluster.local")])

        // publishNotReadyAddresses; an endpoint without hostname is named by its address.
        #expect(answer("peers.data.svc.cluster.local", .a).answers.map(\.data) == [.a(IPv4(10, 42, 1, 4))])
        #expect(answer("_gossip._udp.peers.data.svc.cluster.local", .srv).answers.map(\.data) == [
            .srv(priority: 0, weight: 100, port: 7946, target: "10-42-1-4.peers.data.svc.cluster.local")
        ])
        #expect(answer("10-42-1-4.peers.data.svc.cluster.local", .a).answers.count == 1)
    }

    @Test func externalNameIsACNAME() {
        // Outside the zone: the CNAME, then upstream resolves the target.
        guard case .chase(let partial, let target) = ask("search.default.svc.cluster.local", .a) else {
            Issue.record("expected a chase")
            return
        }
        #expect(partial.answers.map(\.data) == [.cname("search.example.com")])
        #expect(target == DNSQuestion(name: "search.example.com", type: .a))
        #expect(answer("search.default.svc.cluster.local", .cname).answers.map(\.data) == [.cname("search.example.com")])
        // Inside the zone: followed right away.
        #expect(answer("alias.default.svc.cluster.local", .a).answers.map(\.data) == [
            .cname("web.default.svc.cluster.local"), .a(IPv4(10, 43, 17, 5)),
        ])
    }

    @Test func podNamesAndForwarding() {
        #expect(answer("10-42-0-7.data.pod.cluster.local", .a).answers.map(\.data) == [.a(IPv4(10, 42, 0, 7))])
        #expect(ask("example.com", .a) == .forward)
        // SVC.NS outside the zone: the server applies the search list (busybox nslookup sends it as it is).
        #expect(answer("web.default", .a).answers.map(\.data) == [.cname("web.default.svc.cluster.local"), .a(IPv4(10, 43, 17, 5))])
        #expect(answer("db-0.db.data", .a).answers.map(\.data) == [.cname("db-0.db.data.svc.cluster.local"), .a(IPv4(10, 42, 0, 7))])
        #expect(ask("web", .a) == .forward)
        #expect(ask("nothing.default", .a) == .forward)
        #expect(ask("1.0.0.10.in-addr.arpa", .ptr) == .forward)
        // Two questions: FORMERR.
        let two = DNSMessage(header: DNSHeader(id: 7), questions: [DNSQuestion(name: "a", type: .a), DNSQuestion(name: "b", type: .a)])
        guard case .answer(let m) = DNSResolver().resolve(two, zone: Fixtures.zone) else { return }
        #expect(m.header.rcode == .formErr)
    }
}
