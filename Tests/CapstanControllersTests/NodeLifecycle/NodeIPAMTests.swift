import CapstanAPI
import CapstanClient
import Foundation
import Testing
@testable import CapstanControllers

@Suite struct NodeIPAMTests {
    static func node(_ name: String, podCIDR: String? = nil) -> JSONValue {
        var n: JSONValue = [
            "apiVersion": "v1", "kind": "Node", "metadata": ["name": .string(name), "uid": .string("u-\(name)"), "resourceVersion": "7"],
            "spec": .emptyObject,
        ]
        if let podCIDR {
            n[path: ["spec", "podCIDR"]] = .string(podCIDR)
            n[path: ["spec", "podCIDRs"]] = [.string(podCIDR)]
        }
        return n
    }

    static func controller(_ h: TestHarness, cluster: String = "10.42.0.0/16", mask: Int = 24) -> NodeIPAMController {
        var s = NodeIPAMController.Settings()
        s.clusterCIDR = cluster
        s.nodeCIDRMaskSize = mask
        return NodeIPAMController(context: h.context, settings: s)
    }

    func assigned(_ h: TestHarness) -> [String: String] {
        var out: [String: String] = [:]
        for a in h.api.writes("update", "nodes") {
            out[a.name] = a.body?[path: ["spec", "podCIDR"]]?.stringValue
            #expect(a.body?[path: ["spec", "podCIDRs"]] == [a.body?[path: ["spec", "podCIDR"]] ?? .null])
        }
        return out
    }

    @Test func newNodeGetsTheLowestFreeRange() async throws {
        let h = TestHarness()
        h.seed(.nodes, [Self.node("a", podCIDR: "10.42.0.0/24"), Self.node("b", podCIDR: "10.42.2.0/24"), Self.node("c")])
        #expect(try await Self.controller(h).reconcile("c") == .done)
        #expect(assigned(h) == ["c": "10.42.1.0/24"])
        // The update is conditional on the cached resourceVersion.
        #expect(h.api.writes("update", "nodes").first?.body?[path: ["metadata", "resourceVersion"]] != nil)
        #expect(h.api.writes("create", "events").first?.body?["reason"] == "CIDRAssignmentSucceeded")
    }

    @Test func nodeWithARangeIsLeftAlone() async throws {
        let h = TestHarness()
        h.seed(.nodes, [Self.node("a", podCIDR: "192.168.5.0/24")])
        #expect(try await Self.controller(h).reconcile("a") == .done)
        #expect(try await Self.controller(h).reconcile("gone") == .done)
        #expect(h.api.actions.isEmpty)
    }

    @Test func twoNodesBeforeTheCacheCatchesUpGetDifferentRanges() async throws {
        let h = TestHarness()
        h.seed(.nodes, [Self.node("a"), Self.node("b")])
        let c = Self.controller(h)
        _ = try await c.reconcile("a")
        _ = try await c.reconcile("b")  // the cache still shows a without a range
        _ = try await c.reconcile("a")  // re-queued before its write was seen: keeps its range, writes it again
        #expect(h.api.writes("update", "nodes").map { "\($0.name)=\($0.body?[path: ["spec", "podCIDR"]]?.stringValue ?? "")" } == [
            "a=10.42.0.0/24", "b=10.42.1.0/24", "a=10.42.0.0/24",
        ])
    }

    @Test func aRestartedControllerDerivesWhatIsTakenFromTheCache() async throws {
        let h = TestHarness()
        h.seed(.nodes, [Self.node("a", podCIDR: "10.42.0.0/24"), Self.node("b", podCIDR: "10.42.1.0/24"), Self.node("c")])
        _ = try await Self.controller(h).reconcile("c")  // a fresh controller: nothing pending
        #expect(assigned(h) == ["c": "10.42.2.0/24"])
    }

    @Test func exhaustedRangeEmitsAnEventAndWritesNothing() async throws {
        let h = TestHarness()
        h.seed(.nodes, [Self.node("a", podCIDR: "10.42.0.0/25"), Self.node("b", podCIDR: "10.42.0.128/25"), Self.node("c")])
        #expect(try await Self.controller(h, cluster: "10.42.0.0/24", mask: 25).reconcile("c") == .done)
        #expect(h.api.writes("update", "nodes").isEmpty)
        let event = try #require(h.api.writes("create", "events").first?.body)
        #expect(event["reason"] == "CIDRNotAvailable")
        #expect(event["type"] == "Warning")
        #expect(event[path: ["involvedObject", "name"]] == "c")
    }

    @Test func rangesOverlappingForeignAssignmentsAreSkipped() async throws {
        let h = TestHarness()
        // Someone gave a node a /23 by hand: both /24s inside it are taken.
        h.seed(.nodes, [Self.node("a", podCIDR: "10.42.0.0/23"), Self.node("b")])
        _ = try await Self.controller(h).reconcile("b")
        #expect(assigned(h) == ["b": "10.42.2.0/24"])
    }

    @Test func failedWriteForgetsTheReservation() async throws {
        let h = TestHarness()
        h.seed(.nodes, [Self.node("a"), Self.node("b")])
        let c = Self.controller(h)
        h.api.fail("update", "nodes", code: 409)
        await #expect(throws: APIStatusError.self) { try await c.reconcile("a") }
        _ = try await c.reconcile("b")
        #expect(assigned(h) == ["b": "10.42.0.0/24"])
    }

    @Test func deletingANodeRequeuesNodesWaitingForARange() {
        let h = TestHarness()
        h.seed(.nodes, [Self.node("a", podCIDR: "10.42.0.0/24"), Self.node("waiting")])
        let source = Self.controller(h).sources[0]
        #expect(source.keys(.deleted(Self.node("gone", podCIDR: "10.42.1.0/24"))) == ["waiting"])
        #expect(source.keys(.added(Self.node("a", podCIDR: "10.42.0.0/24"))) == [])
        #expect(source.keys(.added(Self.node("new"))) == ["new"])
    }

    @Test func cidrArithmetic() {
        let c = IPv4CIDR("10.42.0.0/16")!
        #expect(c.subnetCount(prefixLength: 24) == 256)
        #expect(c.subnet(prefixLength: 24, index: 1)?.description == "10.42.1.0/24")
        #expect(c.subnet(prefixLength: 24, index: 255)?.description == "10.42.255.0/24")
        #expect(c.subnet(prefixLength: 24, index: 256) == nil)
        #expect(IPv4CIDR("10.42.0.1/16", strict: true) == nil)
        #expect(IPv4CIDR("10.42.0.1/16")?.description == "10.42.0.0/16")
        #expect(IPv4CIDR("10.042.0.0/16") == nil)
        #expect(IPv4CIDR("10.42.0.0/33") == nil)
        #expect(IPv4CIDR("10.42.0.0/23")!.overlaps(IPv4CIDR("10.42.1.0/24")!))
        #expect(!IPv4CIDR("10.42.0.0/24")!.overlaps(IPv4CIDR("10.42.1.0/24")!))
    }
}
