import CapstanAPI
import Testing
@testable import CapstanScheduler

@Suite struct NodeUnschedulableAndNodeNameTests {
    @Test func cordonedNodesRejectPodsWithoutTheToleration() {
        let s = ClusterSnapshot(nodes: [makeNode("ok"), makeNode("cordoned", unschedulable: true)])
        let plain = runFilterOnly(NodeUnschedulablePlugin(), makePod("p"), s)
        #expect(plain["ok"] == .success)
        #expect(plain["cordoned"]?.code == .unschedulableAndUnresolvable)
        #expect(plain["cordoned"]?.reasons == ["node(s) were unschedulable"])
        let tolerant = makePod("t") { spec in
            spec.tolerations = [Toleration(key: "node.kubernetes.io/unschedulable", operator: "Exists",
                                           effect: "NoSchedule")]
        }
        #expect(runFilterOnly(NodeUnschedulablePlugin(), tolerant, s)["cordoned"] == .success)
    }

    @Test func nodeNameMustMatch() {
        let s = ClusterSnapshot(nodes: [makeNode("a"), makeNode("b")])
        let result = runFilterOnly(NodeNamePlugin(), makePod("p", nodeName: "b"), s)
        #expect(result["b"] == .success)
        #expect(result["a"]?.reasons == ["node(s) didn't match the requested node name"])
    }
}

@Suite struct NodePortsTests {
    func podWithPort(_ name: String, _ port: Int32, proto: String? = nil, nodeName: String? = nil) -> Pod {
        makePod(name, nodeName: nodeName) { spec in
            spec.containers[0].ports = [ContainerPort(hostPort: port, containerPort: 80, protocol: proto)]
        }
    }

    @Test(arguments: [(Int32(80), "TCP", false), (80, "UDP", true), (81, "TCP", true)])
    func portsConflictOnlyOnTheSameProtocolAndPort(port: Int32, proto: String, fits: Bool) {
        var s = ClusterSnapshot(nodes: [makeNode("a")])
        s.addPod(podWithPort("existing", 80, nodeName: "a"))
        let status = runFilter(NodePortsPlugin(), podWithPort("p", port, proto: proto), s)["a"]!
        #expect(status.isSuccess == fits)
        if !fits { #expect(status.reasons == ["node(s) didn't have free ports for the requested pod ports"]) }
    }

    @Test func podsWithoutHostPortsSkipTheFilter() {
        var state = CycleState()
        let r = NodePortsPlugin().preFilter(PodInfo(makePod("p")), in: ClusterSnapshot(), state: &state)
        #expect(r.status.code == .skip)
    }
}

@Suite struct TaintTolerationTests {
    let gpuTaint = Taint(key: "dedicated", value: "gpu", effect: "NoSchedule")

    @Test(arguments: [
        (nil, false),
        (Toleration(key: "dedicated", operator: "Equal", value: "gpu", effect: "NoSchedule"), true),
        (Toleration(key: "dedicated", operator: "Equal", value: "cpu", effect: "NoSchedule"), false),
        (Toleration(key: "dedicated", operator: "Exists"), true),
        (Toleration(operator: "Exists"), true),
        (Toleration(key: "dedicated", operator: "Exists", effect: "NoExecute"), false),
    ] as [(Toleration?, Bool)])
    func filterRequiresTolerationOfNoScheduleTaints(toleration: Toleration?, fits: Bool) {
        let s = ClusterSnapshot(nodes: [makeNode("gpu", taints: [gpuTaint])])
        let pod = makePod("p") { spec in spec.tolerations = toleration.map { [$0] } }
        let status = runFilterOnly(TaintTolerationPlugin(), pod, s)["gpu"]!
        #expect(status.isSuccess == fits)
        if !fits {
            #expect(status.code == .unschedulableAndUnresolvable)
            #expect(status.reasons == ["node(s) had untolerated taint {dedicated: gpu}"])
        }
    }

    @Test func preferNoScheduleTaintsOnlyAffectTheScore() {
        let soft = { (k: String) in Taint(key: k, effect: "PreferNoSchedule") }
        let s = ClusterSnapshot(nodes: [
            makeNode("clean"), makeNode("one", taints: [soft("a")]), makeNode("two", taints: [soft("a"), soft("b")]),
        ])
        let filtered = runFilterOnly(TaintTolerationPlugin(), makePod("p"), s)
        #expect(filtered.values.allSatisfy { $0.isSuccess })
        let plain = runScore(TaintTolerationPlugin(), makePod("p"), s)!
        #expect(plain.raw == [0, 1, 2])
        #expect(plain.normalized == [100, 50, 0])
        let tolerant = makePod("t") { spec in
            spec.tolerations = [Toleration(key: "b", operator: "Exists", effect: "PreferNoSchedule")]
        }
        #expect(runScore(TaintTolerationPlugin(), tolerant, s)!.raw == [0, 1, 1])
        #expect(runScore(TaintTolerationPlugin(), tolerant, s)!.normalized == [100, 0, 0])
    }
}

@Suite struct NodeAffinityTests {
    let snapshot = ClusterSnapshot(nodes: [
        makeNode("node-a", labels: ["zone": "z1", "gen": "5", "disk": "ssd"]),
        makeNode("node-b", labels: ["zone": "z2", "gen": "3"]),
        makeNode("node-c"),
    ])

    func pod(_ terms: [NodeSelectorTerm], selector: [String: String]? = nil) -> Pod {
        makePod("p") { spec in
            spec.nodeSelector = selector
            spec.affinity = Affinity(nodeAffinity: CapstanAPI.NodeAffinity(
                requiredDuringSchedulingIgnoredDuringExecution: NodeSelector(nodeSelectorTerms: terms)))
        }
    }

    static func term(_ key: String, _ op: String, _ values: [String]? = nil) -> NodeSelectorTerm {
        NodeSelectorTerm(matchExpressions: [NodeSelectorRequirement(key: key, operator: op, values: values)])
    }

    @Test(arguments: [
        (term("zone", "In", ["z1", "z2"]), ["node-a", "node-b"]),
        (term("zone", "NotIn", ["z1"]), ["node-b", "node-c"]),
        (term("disk", "Exists"), ["node-a"]),
        (term("disk", "DoesNotExist"), ["node-b", "node-c"]),
        (term("gen", "Gt", ["4"]), ["node-a"]),
        (term("gen", "Lt", ["4"]), ["node-b"]),
        (term("gen", "Gt", ["four"]), []),
        (NodeSelectorTerm(matchFields: [NodeSelectorRequirement(key: "metadata.name", operator: "NotIn",
                                                                values: ["node-a"])]), ["node-b", "node-c"]),
        (NodeSelectorTerm(), []),
    ])
    func requiredTermOperators(term: NodeSelectorTerm, matching: [String]) {
        let result = runFilter(NodeAffinityPlugin(), pod([term]), snapshot)
        #expect(result.filter { $0.value.isSuccess }.keys.sorted() == matching)
        for (_, status) in result where !status.isSuccess {
            #expect(status.code == .unschedulableAndUnresolvable)
            #expect(status.reasons == ["node(s) didn't match Pod's node affinity/selector"])
        }
    }

    @Test func termsAreOredAndNodeSelectorIsAnded() {
        let p = pod([Self.term("zone", "In", ["z1"]), Self.term("zone", "In", ["z2"])], selector: ["gen": "3"])
        let result = runFilter(NodeAffinityPlugin(), p, snapshot)
        #expect(result.filter { $0.value.isSuccess }.keys.sorted() == ["node-b"])
    }

    @Test func matchFieldsNarrowTheCandidateNodes() {
        let byName = NodeSelectorTerm(matchFields: [
            NodeSelectorRequirement(key: "metadata.name", operator: "In", values: ["node-b"]),
        ])
        var state = CycleState()
        let r = NodeAffinityPlugin().preFilter(PodInfo(pod([byName])), in: snapshot, state: &state)
        #expect(r.nodeNames == ["node-b"])
        var noState = CycleState()
        let unconstrained = NodeAffinityPlugin().preFilter(PodInfo(makePod("q")), in: snapshot, state: &noState)
        #expect(unconstrained.status.code == .skip)
    }

    @Test func addedAffinityIsEnforced() {
        let args = NodeAffinityArgs(addedAffinity: CapstanAPI.NodeAffinity(
            requiredDuringSchedulingIgnoredDuringExecution: NodeSelector(nodeSelectorTerms: [
                Self.term("zone", "Exists"),
            ])))
        let result = runFilter(NodeAffinityPlugin(args: args), makePod("p"), snapshot)
        #expect(result["node-c"]?.reasons == ["node(s) didn't match scheduler-enforced node affinity"])
        #expect(result["node-a"] == .success)
    }

    @Test func preferredTermsScoreTheirWeights() {
        let p = makePod("p") { spec in
            spec.affinity = Affinity(nodeAffinity: CapstanAPI.NodeAffinity(
                preferredDuringSchedulingIgnoredDuringExecution: [
                    PreferredSchedulingTerm(weight: 10, preference: Self.term("zone", "In", ["z1"])),
                    PreferredSchedulingTerm(weight: 5, preference: Self.term("gen", "Exists")),
                ]))
        }
        let scores = runScore(NodeAffinityPlugin(), p, snapshot)!
        #expect(scores.raw == [15, 5, 0])
        #expect(scores.normalized == [100, 33, 0])
        #expect(runScore(NodeAffinityPlugin(), makePod("q"), snapshot) == nil)
    }
}
