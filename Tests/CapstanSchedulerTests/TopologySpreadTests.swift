import CapstanAPI
import Testing
@testable import CapstanScheduler

@Suite struct PodTopologySpreadFilterTests {
    /// Zones z1 (a1, a2), z2 (b1), z3 (c1); only a1, a2, b1 are tier=front.
    func cluster(webPods: [String: Int], extraLabels: [String: [String: String]] = [:]) -> ClusterSnapshot {
        var s = ClusterSnapshot(nodes: [
            makeNode("a1", labels: [zoneKey: "z1", "tier": "front"]),
            makeNode("a2", labels: [zoneKey: "z1", "tier": "front"]),
            makeNode("b1", labels: [zoneKey: "z2", "tier": "front"]),
            makeNode("c1", labels: [zoneKey: "z3"]),
        ])
        for (node, count) in webPods {
            for i in 0..<count {
                let labels = ["app": "web"].merging(extraLabels[node] ?? [:]) { $1 }
                s.addPod(makePod("\(node)-\(i)", labels: labels, nodeName: node))
            }
        }
        return s
    }

    func webPod(maxSkew: Int32 = 1, minDomains: Int32? = nil, affinityPolicy: String? = nil,
                matchLabelKeys: [String]? = nil, labels: [String: String] = ["app": "web"],
                nodeSelector: [String: String]? = nil) -> Pod {
        makePod("new", labels: labels) { spec in
            spec.nodeSelector = nodeSelector
            spec.topologySpreadConstraints = [TopologySpreadConstraint(
                maxSkew: maxSkew, topologyKey: zoneKey, whenUnsatisfiable: "DoNotSchedule",
                labelSelector: LabelSelector(matchLabels: ["app": "web"]), minDomains: minDomains,
                nodeAffinityPolicy: affinityPolicy, matchLabelKeys: matchLabelKeys)]
        }
    }

    func passing(_ pod: Pod, _ s: ClusterSnapshot) throws -> [String] {
        runFilter(try PodTopologySpreadPlugin(), pod, s).filter { $0.value.isSuccess }.keys.sorted()
    }

    @Test func maxSkewAllowsOnlyTheEmptiestZone() throws {
        let s = cluster(webPods: ["a1": 2, "b1": 1])
        let result = runFilter(try PodTopologySpreadPlugin(), webPod(), s)
        #expect(result.filter { $0.value.isSuccess }.keys.sorted() == ["c1"])
        #expect(result["a1"]?.code == .unschedulable)
        #expect(result["a1"]?.reasons == ["node(s) didn't match pod topology spread constraints"])
        #expect(try passing(webPod(maxSkew: 2), s) == ["b1", "c1"])
    }

    @Test func minDomainsTreatsTheGlobalMinimumAsZero() throws {
        let s = cluster(webPods: ["a1": 1, "b1": 1, "c1": 1])
        #expect(try passing(webPod(), s) == ["a1", "a2", "b1", "c1"])
        #expect(try passing(webPod(minDomains: 4), s) == [])
    }

    @Test func nodeAffinityPolicyDecidesWhichDomainsCount() throws {
        let s = cluster(webPods: ["a1": 2, "b1": 1])
        // Honor: z3 (not tier=front) does not count, so the minimum is z2's 1.
        #expect(try passing(webPod(nodeSelector: ["tier": "front"]), s) == ["b1", "c1"])
        // Ignore: z3 counts with 0 pods.
        #expect(try passing(webPod(affinityPolicy: "Ignore", nodeSelector: ["tier": "front"]), s) == ["c1"])
    }

    @Test func matchLabelKeysNarrowTheSelectorToTheSameValues() throws {
        let s = cluster(webPods: ["a1": 2, "b1": 1],
                        extraLabels: ["a1": ["version": "v1"], "b1": ["version": "v2"]])
        let pod = webPod(matchLabelKeys: ["version"], labels: ["app": "web", "version": "v2"])
        #expect(try passing(pod, s) == ["a1", "a2", "c1"])
    }

    @Test func nodesWithoutTheTopologyLabelAreUnresolvable() throws {
        var s = cluster(webPods: [:])
        s.upsertNode(makeNode("nolabel"))
        let status = runFilter(try PodTopologySpreadPlugin(), webPod(), s)["nolabel"]!
        #expect(status.code == .unschedulableAndUnresolvable)
        #expect(status.reasons == ["node(s) didn't match pod topology spread constraints (missing required label)"])
    }

    @Test func podsWithoutHardConstraintsSkip() throws {
        var state = CycleState()
        let r = try PodTopologySpreadPlugin().preFilter(PodInfo(makePod("p")), in: cluster(webPods: [:]), state: &state)
        #expect(r.status.code == .skip)
    }
}

@Suite struct PodTopologySpreadScoreTests {
    @Test func softZoneConstraintPrefersEmptierZones() throws {
        var s = ClusterSnapshot(nodes: [
            makeNode("a1", labels: [zoneKey: "z1"]), makeNode("a2", labels: [zoneKey: "z1"]),
            makeNode("b1", labels: [zoneKey: "z2"]), makeNode("c1", labels: [zoneKey: "z3"]),
        ])
        for (i, node) in ["a1", "a1", "b1"].enumerated() {
            s.addPod(makePod("w\(i)", labels: ["app": "web"], nodeName: node))
        }
        let pod = makePod("new", labels: ["app": "web"]) { spec in
            spec.topologySpreadConstraints = [TopologySpreadConstraint(
                maxSkew: 1, topologyKey: zoneKey, whenUnsatisfiable: "ScheduleAnyway",
                labelSelector: LabelSelector(matchLabels: ["app": "web"]))]
        }
        // weight log(3 zones + 2); raw = count * weight: z1 3.2 -> 3, z2 1.6 -> 2, z3 0.
        let scores = runScore(try PodTopologySpreadPlugin(), pod, s)!
        #expect(scores.raw == [3, 3, 2, 0])
        #expect(scores.normalized == [0, 0, 33, 100])
    }

    @Test func systemDefaultsSpreadPodsOfOneControllerOverHosts() throws {
        var s = ClusterSnapshot(nodes: [makeNode("a1"), makeNode("a2"), makeNode("b1"), makeNode("c1")])
        let owner = OwnerReference(apiVersion: "apps/v1", kind: "ReplicaSet", name: "web-abc", uid: "rs1",
                                   controller: true)
        func replica(_ name: String, _ node: String?) -> Pod {
            var p = makePod(name, labels: ["app": "web", "pod-template-hash": "abc"], nodeName: node)
            p.metadata.ownerReferences = [owner]
            return p
        }
        for (i, node) in ["a1", "a1", "b1"].enumerated() { s.addPod(replica("r\(i)", node)) }
        // hostname: weight log(4 + 2), +2 for maxSkew 3: a1 6, b1 4, others 2; zone has no domains.
        let scores = runScore(try PodTopologySpreadPlugin(), replica("new", nil), s)!
        #expect(scores.raw == [6, 2, 4, 2])
        #expect(scores.normalized == [33, 100, 66, 100])
        // Pods without a controller get no default constraints.
        #expect(runScore(try PodTopologySpreadPlugin(), makePod("bare", labels: ["app": "web"]), s) == nil)
    }

    @Test func explicitConstraintsIgnoreNodesWithoutTheLabel() throws {
        let s = ClusterSnapshot(nodes: [makeNode("a", labels: [zoneKey: "z1"]), makeNode("nolabel")])
        let pod = makePod("p", labels: ["app": "web"]) { spec in
            spec.topologySpreadConstraints = [TopologySpreadConstraint(
                maxSkew: 1, topologyKey: zoneKey, whenUnsatisfiable: "ScheduleAnyway",
                labelSelector: LabelSelector(matchLabels: ["app": "web"]))]
        }
        let scores = runScore(try PodTopologySpreadPlugin(), pod, s)!
        #expect(scores.raw == [0, -1])
        #expect(scores.normalized == [100, 0])
    }

    @Test func listDefaultingRejectsSelectorsAndSystemRejectsConstraints() {
        #expect(throws: SchedulerConfigurationError.self) {
            try PodTopologySpreadPlugin(args: PodTopologySpreadArgs(
                defaultConstraints: [TopologySpreadConstraint(maxSkew: 1, topologyKey: zoneKey,
                                                              whenUnsatisfiable: "DoNotSchedule")],
                defaultingType: .system))
        }
    }
}
