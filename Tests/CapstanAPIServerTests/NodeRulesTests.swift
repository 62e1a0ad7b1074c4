import CapstanAPI
import Testing
@testable import CapstanAPIServer

@Suite struct NodeRulesTests {
    func node(_ spec: JSONValue) -> JSONValue { ["apiVersion": "v1", "kind": "Node", "metadata": ["name": "n"], "spec": spec] }
    func defaulted(_ o: JSONValue) -> JSONValue {
        var o = o
        NodeRules.defaults(&o)
        return o
    }

    @Test func podCIDRAndPodCIDRsAreKeptInStep() {
        #expect(defaulted(node(["podCIDR": "10.42.0.0/24"]))[path: ["spec", "podCIDRs"]] == ["10.42.0.0/24"])
        #expect(defaulted(node(["podCIDRs": ["10.42.1.0/24", "fd00::/64"]]))[path: ["spec", "podCIDR"]] == "10.42.1.0/24")
        #expect(defaulted(node(.emptyObject))[path: ["spec", "podCIDRs"]] == nil)
    }

    @Test func rangesMustBeCIDRsOnePerFamily() {
        #expect(NodeRules.validate(defaulted(node(["podCIDRs": ["10.42.0.0/24", "fd00:42::/64"]])), nil).isEmpty)
        #expect(NodeRules.validate(defaulted(node(["podCIDR": "10.42.0.0"])), nil).map(\.field) == ["spec.podCIDRs[0]"])
        #expect(NodeRules.validate(defaulted(node(["podCIDRs": ["10.42.0.0/24", "10.43.0.0/24"]])), nil).map(\.field) == ["spec.podCIDRs"])
        #expect(NodeRules.validate(node(["podCIDR": "10.1.0.0/24", "podCIDRs": ["10.2.0.0/24"]]), nil).map(\.field) == ["spec.podCIDR"])
    }

    @Test func aRangeMayBeSetFromEmptyButNeverChanged() {
        let empty = defaulted(node(.emptyObject))
        let set = defaulted(node(["podCIDR": "10.42.0.0/24"]))
        #expect(NodeRules.validate(set, empty).isEmpty)
        #expect(NodeRules.validate(set, set).isEmpty)
        let moved = defaulted(node(["podCIDR": "10.42.1.0/24"]))
        #expect(NodeRules.validate(moved, set).map(\.causeMessage) == [
            "Forbidden: node updates may not change podCIDR except from \"\" to valid"
        ])
        #expect(NodeRules.validate(empty, set).map(\.field) == ["spec.podCIDRs"])
    }
}
