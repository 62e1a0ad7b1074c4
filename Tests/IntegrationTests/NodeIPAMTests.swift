import Foundation
import Testing

/// The server hands each new Node a pod range from --cluster-cidr, and the
/// API keeps a range once given.
@Suite(.serialized) struct NodeIPAMIntegrationTests {
    let c: TestCluster
    init() throws { c = try TestCluster() }

    func node(_ name: String) throws {
        try c.ok("create", "-f", "-", stdin: #"{"apiVersion":"v1","kind":"Node","metadata":{"name":"\#(name)"}}"#)
    }

    @Test func twoNodesGetConsecutiveRangesThatCannotBeChanged() throws {
        try node("n1")
        #expect(try poll("10.42.0.0/24") { try c.get("node", "n1", "-o", "jsonpath={.spec.podCIDR}") } == "10.42.0.0/24")
        try node("n2")
        #expect(try poll("10.42.1.0/24") { try c.get("node", "n2", "-o", "jsonpath={.spec.podCIDR}") } == "10.42.1.0/24")
        #expect(try c.get("node", "n2", "-o", "jsonpath={.spec.podCIDRs}") == #"["10.42.1.0/24"]"#)
        let changed = try c.fails("patch", "node", "n1", "-p", #"{"spec":{"podCIDR":"10.42.9.0/24","podCIDRs":["10.42.9.0/24"]}}"#)
        #expect(changed.contains("may not change podCIDR"), "\(changed)")
        let reasons = try c.get("events", "-o", "jsonpath={.items[*].reason}").split(separator: " ")
        #expect(reasons.filter { $0 == "CIDRAssignmentSucceeded" }.count == 2, "\(reasons)")
    }
}
