import CapstanAPI
import CapstanStore
import Foundation
import Testing
@testable import CapstanAPIServer

@Suite struct ServiceAllocatorTests {
    func allocator(_ cidr: String = "10.0.0.0/29", ports: ClosedRange<Int> = 30000...30002) throws -> (ServiceAllocator, MemoryStore) {
        let store = MemoryStore()
        var r = ServiceAllocator.Ranges()
        r.serviceCIDR = cidr
        r.nodePorts = ports
        return (try ServiceAllocator(store: store, ranges: r), store)
    }

    @Test func rangeExcludesNetworkAndBroadcast() throws {
        let r = try #require(IPv4Range("10.0.0.0/29"))
        #expect(IPv4Range.format(r.first) == "10.0.0.1")
        #expect(r.size == 6)
        #expect(!r.contains(IPv4Range.parse("10.0.0.0")!) && !r.contains(IPv4Range.parse("10.0.0.7")!))
        #expect(IPv4Range("10.0.0.0/31") == nil && IPv4Range("10.0.0/24") == nil && IPv4Range.parse("1.2.3.256") == nil)
    }

    @Test func everyAddressOnceThenFull() async throws {
        let (a, _) = try allocator()
        var got: Set<String> = []
        for i in 0..<6 { got.insert(try await a.allocateIP(nil, owner: "ns/s\(i)")) }
        #expect(got.count == 6)
        await #expect(throws: ServiceAllocator.Failure.full) { try await a.allocateIP(nil, owner: "ns/x") }
        await #expect(throws: ServiceAllocator.Failure.alreadyAllocated) { try await a.allocateIP("10.0.0.3", owner: "ns/x") }
        await #expect(throws: ServiceAllocator.Failure.notInRange) { try await a.allocateIP("10.0.0.7", owner: "ns/x") }
    }

    @Test func repairFreesWhatNoServiceHolds() async throws {
        let (a, _) = try allocator()
        let held = try await a.allocateIP(nil, owner: "ns/kept")
        let leaked = try await a.allocateIP(nil, owner: "ns/failed-create")
        let port = try await a.allocateNodePort(nil, owner: "ns/kept")
        let kept: JSONValue = [
            "metadata": ["namespace": "ns", "name": "kept"],
            "spec": ["clusterIP": .string(held), "ports": [["port": 80, "nodePort": .int(Int64(port))]]],
        ]
        // Young allocations are left alone (a create may be in flight).
        await a.repair(services: [kept], minAge: 60)
        await #expect(throws: ServiceAllocator.Failure.alreadyAllocated) { try await a.allocateIP(leaked, owner: "ns/y") }
        await a.repair(services: [kept], minAge: 0)
        #expect(try await a.allocateIP(leaked, owner: "ns/y") == leaked)
        await #expect(throws: ServiceAllocator.Failure.alreadyAllocated) { try await a.allocateIP(held, owner: "ns/z") }
        await #expect(throws: ServiceAllocator.Failure.alreadyAllocated) { try await a.allocateNodePort(port, owner: "ns/z") }
    }

    @Test func repairGivesKeysToServicesThatHaveNone() async throws {
        let (a, _) = try allocator()
        let old: JSONValue = ["metadata": ["namespace": "ns", "name": "old"], "spec": ["clusterIP": "10.0.0.4", "ports": [["port": 80, "nodePort": 30001]]]]
        await a.repair(services: [old], minAge: 0)
        await #expect(throws: ServiceAllocator.Failure.alreadyAllocated) { try await a.allocateIP("10.0.0.4", owner: "ns/new") }
        await #expect(throws: ServiceAllocator.Failure.alreadyAllocated) { try await a.allocateNodePort(30001, owner: "ns/new") }
    }

    @Test func releaseOnlyWhatTheDeletedServiceHeld() async throws {
        let (a, _) = try allocator()
        let ip = try await a.allocateIP(nil, owner: "ns/web")
        let created = Time(Date().addingTimeInterval(1)).rfc3339
        // Another Service's address is not freed by a Service claiming it.
        let other = try await a.allocateIP(nil, owner: "ns/other")
        await a.release(service: [
            "metadata": ["namespace": "ns", "name": "web", "creationTimestamp": .string(created)],
            "spec": ["clusterIPs": [.string(ip), .string(other)]],
        ])
        #expect(try await a.allocateIP(ip, owner: "ns/new") == ip)
        await #expect(throws: ServiceAllocator.Failure.alreadyAllocated) { try await a.allocateIP(other, owner: "ns/new") }
    }
}
