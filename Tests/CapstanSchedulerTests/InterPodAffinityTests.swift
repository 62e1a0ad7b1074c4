import CapstanAPI
import Testing
@testable import CapstanScheduler

@Suite struct InterPodAffinityTests {
    static let hostname = "kubernetes.io/hostname"

    static func term(_ labels: [String: String], _ key: String, namespaces: [String]? = nil) -> PodAffinityTerm {
        PodAffinityTerm(labelSelector: LabelSelector(matchLabels: labels), namespaces: namespaces, topologyKey: key)
    }

    /// Nodes a, b in z1; c in z2; d without a zone.
    func cluster(_ pods: [Pod] = []) -> ClusterSnapshot {
        ClusterSnapshot(nodes: [
            makeNode("a", labels: [zoneKey: "z1"]), makeNode("b", labels: [zoneKey: "z1"]),
            makeNode("c", labels: [zoneKey: "z2"]), makeNode("d"),
        ], pods: pods)
    }

    func passing(_ pod: Pod, _ s: ClusterSnapshot) throws -> [String] {
        runFilter(try InterPodAffinityPlugin(), pod, s).filter { $0.value.isSuccess }.keys.sorted()
    }

    @Test func requiredAntiAffinityKeepsAwayFromMatchingPods() throws {
        let s = cluster([makePod("db-0", labels: ["app": "db"], nodeName: "a"),
                         makePod("db-other-ns", namespace: "other", labels: ["app": "db"], nodeName: "b")])
        let pod = makePod("db-1", labels: ["app": "db"]) { spec in
            spec.affinity = Affinity(podAntiAffinity: PodAntiAffinity(
                requiredDuringSchedulingIgnoredDuringExecution: [Self.term(["app": "db"], Self.hostname)]))
        }
        let result = runFilter(try InterPodAffinityPlugin(), pod, s)
        #expect(result["a"]?.code == .unschedulable)
        #expect(result["a"]?.reasons == ["node(s) didn't match pod anti-affinity rules"])
        #expect(result.filter { $0.value.isSuccess }.keys.sorted() == ["b", "c", "d"])
    }

    @Test func requiredAffinityNeedsAMatchingPodInTheDomain() throws {
        let s = cluster([makePod("cache", labels: ["app": "cache"], nodeName: "b")])
        let pod = makePod("web", labels: ["app": "web"]) { spec in
            spec.affinity = Affinity(podAffinity: PodAffinity(
                requiredDuringSchedulingIgnoredDuringExecution: [Self.term(["app": "cache"], zoneKey)]))
        }
        let result = runFilter(try InterPodAffinityPlugin(), pod, s)
        #expect(result.filter { $0.value.isSuccess }.keys.sorted() == ["a", "b"])
        #expect(result["c"]?.code == .unschedulableAndUnresolvable)
        #expect(result["c"]?.reasons == ["node(s) didn't match pod affinity rules"])
        #expect(result["d"]?.code == .unschedulableAndUnresolvable)
    }

    @Test func theFirstPodOfAGroupMayFollowItsOwnAffinity() throws {
        let pod = makePod("web-0", labels: ["app": "web"]) { spec in
            spec.affinity = Affinity(podAffinity: PodAffinity(
                requiredDuringSchedulingIgnoredDuringExecution: [Self.term(["app": "web"], zoneKey)]))
        }
        #expect(try passing(pod, cluster()) == ["a", "b", "c"])
        // Once a matching pod exists, only its zone qualifies.
        #expect(try passing(pod, cluster([makePod("web-x", labels: ["app": "web"], nodeName: "c")])) == ["c"])
    }

    @Test func existingPodsAntiAffinityIsSymmetric() throws {
        let guardPod = makePod("loner", labels: ["app": "loner"], nodeName: "a") { spec in
            spec.affinity = Affinity(podAntiAffinity: PodAntiAffinity(
                requiredDuringSchedulingIgnoredDuringExecution: [Self.term(["app": "web"], zoneKey)]))
        }
        let result = runFilter(try InterPodAffinityPlugin(), makePod("web", labels: ["app": "web"]),
                               cluster([guardPod]))
        #expect(result["a"]?.reasons == ["node(s) didn't satisfy existing pods anti-affinity rules"])
        #expect(result["b"]?.code == .unschedulable)
        #expect(result.filter { $0.value.isSuccess }.keys.sorted() == ["c", "d"])
        // A pod the term does not select is not affected, and the plugin skips.
        var state = CycleState()
        let r = try InterPodAffinityPlugin().preFilter(PodInfo(makePod("other")), in: cluster([guardPod]),
                                                       state: &state)
        #expect(r.status.code == .skip)
    }

    @Test func namespaceSelectorsUseNamespaceLabels() throws {
        var s = cluster([makePod("db-0", namespace: "prod", labels: ["app": "db"], nodeName: "a")])
        s.upsertNamespace(named: "prod", labels: ["env": "prod"])
        s.upsertNamespace(named: "default", labels: [:])
        let pod = makePod("db-1", labels: ["app": "db"]) { spec in
            var t = Self.term(["app": "db"], Self.hostname)
            t.namespaceSelector = LabelSelector(matchLabels: ["env": "prod"])
            spec.affinity = Affinity(podAntiAffinity: PodAntiAffinity(requiredDuringSchedulingIgnoredDuringExecution: [t]))
        }
        #expect(try passing(pod, s) == ["b", "c", "d"])
    }

    @Test func invalidSelectorsMakeThePodUnschedulable() throws {
        let pod = makePod("bad") { spec in
            spec.affinity = Affinity(podAffinity: PodAffinity(requiredDuringSchedulingIgnoredDuringExecution: [
                PodAffinityTerm(labelSelector: LabelSelector(matchExpressions: [
                    LabelSelectorRequirement(key: "app", operator: "Like", values: ["x"]),
                ]), topologyKey: zoneKey),
            ]))
        }
        var state = CycleState()
        let r = try InterPodAffinityPlugin().preFilter(PodInfo(pod), in: cluster(), state: &state)
        #expect(r.status.code == .unschedulableAndUnresolvable)
        #expect(r.status.message == "parsing pod: \"Like\" is not a valid label selector operator")
    }

    @Test func preferredTermsOfBothSidesScore() throws {
        let s = cluster([
            makePod("cache", labels: ["app": "cache"], nodeName: "b"),
            makePod("web-0", labels: ["app": "web"], nodeName: "a"),
        ])
        let pod = makePod("web-1", labels: ["app": "web"]) { spec in
            spec.affinity = Affinity(
                podAffinity: PodAffinity(preferredDuringSchedulingIgnoredDuringExecution: [
                    WeightedPodAffinityTerm(weight: 10, podAffinityTerm: Self.term(["app": "cache"], zoneKey)),
                ]),
                podAntiAffinity: PodAntiAffinity(preferredDuringSchedulingIgnoredDuringExecution: [
                    WeightedPodAffinityTerm(weight: 5, podAffinityTerm: Self.term(["app": "web"], Self.hostname)),
                ]))
        }
        // a: +10 (zone z1 has cache) -5 (web on a) = 5; b: 10; c, d: 0.
        let scores = runScore(try InterPodAffinityPlugin(), pod, s)!
        #expect(scores.raw == [5, 10, 0, 0])
        #expect(scores.normalized == [50, 100, 0, 0])
    }

    @Test func existingPodsRequiredAffinityAttractsMatchingPods() throws {
        let s = cluster([makePod("sidecar", labels: ["app": "agent"], nodeName: "c") { spec in
            spec.affinity = Affinity(podAffinity: PodAffinity(
                requiredDuringSchedulingIgnoredDuringExecution: [Self.term(["app": "web"], zoneKey)]))
        }])
        let scores = runScore(try InterPodAffinityPlugin(args: InterPodAffinityArgs(hardPodAffinityWeight: 4)),
                              makePod("web", labels: ["app": "web"]), s)!
        #expect(scores.raw == [0, 0, 4, 0])
        #expect(scores.normalized == [0, 0, 100, 0])
        #expect(runScore(try InterPodAffinityPlugin(), makePod("other", labels: ["app": "x"]), s) == nil)
    }
}
