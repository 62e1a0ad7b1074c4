import CapstanAPI
import Testing
@testable import CapstanScheduler

@Suite struct NodeSamplingTests {
    @Test(arguments: [
        (nil, 50, 50), (nil, 100, 100), (nil, 1000, 420), (nil, 5000, 500), (nil, 6000, 300),
        (nil, 10000, 500), (Int32(20), 1000, 200), (1, 1000, 100), (100, 5000, 5000), (0, 5000, 500),
    ] as [(Int32?, Int, Int)])
    func numFeasibleNodesToFind(percentage: Int32?, nodes: Int, expected: Int) {
        #expect(SchedulingProfile.numFeasibleNodesToFind(percentage: percentage, numAllNodes: nodes) == expected)
    }

    @Test func filteringStopsAtTheWantedCountAndRotates() throws {
        let nodes = (0..<200).map { makeNode("n\($0)") }
        let s = ClusterSnapshot(nodes: nodes)
        var config = ProfileConfiguration(percentageOfNodesToScore: 30)
        config.plugins.score.disabled = [PluginReference(name: "*")]
        var profile = try SchedulingProfile(configuration: config)
        var rng = SplitMix64(seed: 42)
        guard case .scheduled(_, let evaluated, let feasible) = profile.schedule(makePod("p"), in: s, using: &rng)
        else { Issue.record("not scheduled"); return }
        #expect(evaluated == 100)
        #expect(feasible == 100)
        #expect(profile.nextStartNodeIndex == 100)
        _ = profile.schedule(makePod("q"), in: s, using: &rng)
        _ = profile.schedule(makePod("r"), in: s, using: &rng)
        #expect(profile.nextStartNodeIndex == 100)
    }
}

@Suite struct ScheduleTests {
    /// a: empty; b: empty with a PreferNoSchedule taint; c: 2 CPU / 2Gi used.
    var cluster: ClusterSnapshot {
        var s = ClusterSnapshot(nodes: [
            makeNode("a"), makeNode("b", taints: [Taint(key: "spot", effect: "PreferNoSchedule")]), makeNode("c"),
        ])
        s.addPod(makePod("used", cpu: "2", memory: "2Gi", nodeName: "c"))
        return s
    }

    @Test func defaultProfileWeightsAndSumsScores() throws {
        let profile = SchedulingProfile.defaultProfile()
        let pod = PodInfo(makePod("p", cpu: "1", memory: "1Gi"))
        let s = cluster
        let pre = profile.runner.runPreFilter(pod, in: s)
        // TaintToleration ×3: 300/0/300; Fit: 81/81/43; Balanced: 93/93/81; ImageLocality: 0.
        let totals = try profile.totalScores(pod, feasible: [0, 1, 2], snapshot: s, state: pre.state).get()
        #expect(totals == [474, 174, 424])
        var p = profile
        var rng = SplitMix64(seed: 42)
        #expect(p.schedule(pod, in: s, using: &rng) == .scheduled(node: "a", evaluatedNodes: 3, feasibleNodes: 3))
    }

    @Test func tiesAreBrokenRandomly() {
        var profile = SchedulingProfile.defaultProfile()
        let s = ClusterSnapshot(nodes: (0..<4).map { makeNode("n\($0)") })
        var rng = SplitMix64(seed: 7)
        var chosen: Set<String> = []
        for i in 0..<40 {
            if case .scheduled(let node, _, _) = profile.schedule(makePod("p\(i)"), in: s, using: &rng) {
                chosen.insert(node)
            }
        }
        #expect(chosen.count == 4)
    }

    @Test func unschedulablePodsGetKubernetesWording() {
        let gpu = Taint(key: "dedicated", value: "gpu", effect: "NoSchedule")
        let s = ClusterSnapshot(nodes: [
            makeNode("small", cpu: "500m"), makeNode("g1", taints: [gpu]), makeNode("g2", taints: [gpu]),
        ])
        var profile = SchedulingProfile.defaultProfile()
        var rng = SplitMix64(seed: 42)
        let pod = makePod("p", cpu: "1")
        guard case .unschedulable(var diagnosis) = profile.schedule(pod, in: s, using: &rng) else {
            Issue.record("expected unschedulable")
            return
        }
        #expect(diagnosis.message
            == "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint {dedicated: gpu}.")
        #expect(diagnosis.unschedulablePlugins == ["NodeResourcesFit", "TaintToleration"])
        guard case .none(let message) = profile.preempt(pod, diagnosis: diagnosis, in: s, pdbs: []) else {
            Issue.record("expected no preemption")
            return
        }
        diagnosis.postFilterMessage = message
        #expect(diagnosis.message == "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint "
            + "{dedicated: gpu}. preemption: 0/3 nodes are available: 1 No preemption victims found for incoming "
            + "pod, 2 Preemption is not helpful for scheduling..")
    }

    @Test func reasonCountsSortAsStrings() {
        var failures: [FitDiagnosis.NodeFailure] = []
        for i in 0..<10 { failures.append(.init(nodeName: "x\(i)", status: PluginStatus(.unschedulable, "b"))) }
        failures.append(.init(nodeName: "y", status: PluginStatus(.unschedulable, reasons: ["a", "c"])))
        failures.append(.init(nodeName: "z", status: PluginStatus(.unschedulable, "a")))
        let d = FitDiagnosis(numAllNodes: 12, failures: failures)
        #expect(d.message == "0/12 nodes are available: 1 c, 10 b, 2 a.")
    }

    @Test func preFilterRejectionsReplaceTheNodeCounts() {
        var profile = SchedulingProfile.defaultProfile()
        var rng = SplitMix64(seed: 42)
        let pod = makePod("p") { spec in
            spec.affinity = Affinity(podAntiAffinity: PodAntiAffinity(requiredDuringSchedulingIgnoredDuringExecution: [
                PodAffinityTerm(labelSelector: LabelSelector(matchExpressions: [
                    LabelSelectorRequirement(key: "app", operator: "In", values: []),
                ]), topologyKey: zoneKey),
            ]))
        }
        guard case .unschedulable(let d) = profile.schedule(pod, in: cluster, using: &rng) else {
            Issue.record("expected unschedulable")
            return
        }
        #expect(d.message.hasPrefix("0/3 nodes are available: parsing pod: values: Invalid value: []string{}"))
        #expect(d.unschedulablePlugins == ["InterPodAffinity"])
    }

    @Test func nodeNameAffinityNarrowsFiltering() {
        var profile = SchedulingProfile.defaultProfile()
        var rng = SplitMix64(seed: 42)
        let pinned = { (name: String) in
            makePod("ds") { spec in
                spec.affinity = Affinity(nodeAffinity: CapstanAPI.NodeAffinity(
                    requiredDuringSchedulingIgnoredDuringExecution: NodeSelector(nodeSelectorTerms: [
                        NodeSelectorTerm(matchFields: [NodeSelectorRequirement(
                            key: "metadata.name", operator: "In", values: [name])]),
                    ])))
            }
        }
        #expect(profile.schedule(pinned("c"), in: cluster, using: &rng)
            == .scheduled(node: "c", evaluatedNodes: 1, feasibleNodes: 1))
        guard case .unschedulable(let d) = profile.schedule(pinned("gone"), in: cluster, using: &rng) else {
            Issue.record("expected unschedulable")
            return
        }
        #expect(d.message == "0/3 nodes are available: 3 node(s) didn't satisfy plugin(s) [NodeAffinity].")
    }

    @Test func theNominatedNodeIsTriedFirst() {
        var profile = SchedulingProfile.defaultProfile()
        var rng = SplitMix64(seed: 42)
        var pod = makePod("p", cpu: "1")
        pod.status = PodStatus(nominatedNodeName: "c")
        #expect(profile.schedule(pod, in: cluster, using: &rng)
            == .scheduled(node: "c", evaluatedNodes: 1, feasibleNodes: 1))
    }

    @Test func emptyClustersAreAnError() {
        var profile = SchedulingProfile.defaultProfile()
        var rng = SplitMix64(seed: 42)
        #expect(profile.schedule(makePod("p"), in: ClusterSnapshot(), using: &rng)
            == .error(SchedulingError("no nodes available to schedule pods")))
    }

    @Test func bindingTargetsTheChosenNode() {
        let profile = SchedulingProfile.defaultProfile()
        guard case .bind(let binding) = profile.bindDecision(for: PodInfo(makePod("p")), node: "a") else {
            Issue.record("expected a binding")
            return
        }
        #expect(binding.metadata.name == "p")
        #expect(binding.metadata.namespace == "default")
        #expect(binding.target.name == "a")
        #expect(binding.target.kind == "Node")
    }
}
