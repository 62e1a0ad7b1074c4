import CapstanAPI
import Foundation
import Testing
@testable import CapstanScheduler

@Suite struct PreemptionTests {
    func pod(_ name: String, cpu: String = "1", priority: Int32, node: String? = nil,
             labels: [String: String] = [:], started: TimeInterval? = nil) -> Pod {
        var p = makePod(name, cpu: cpu, labels: labels, nodeName: node, priority: priority)
        if let started { p.status = PodStatus(startTime: Time(Date(timeIntervalSince1970: started))) }
        return p
    }

    func pdb(_ labels: [String: String], allowed: Int32) -> PodDisruptionBudget {
        PodDisruptionBudget(
            metadata: ObjectMeta(name: "pdb", namespace: "default"),
            spec: PodDisruptionBudgetSpec(selector: LabelSelector(matchLabels: labels)),
            status: PodDisruptionBudgetStatus(disruptionsAllowed: allowed, currentHealthy: 1, desiredHealthy: 1,
                                              expectedPods: 1))
    }

    /// Schedules `incoming` (which must fail), then preempts.
    func preempt(_ incoming: Pod, _ s: ClusterSnapshot, pdbs: [PodDisruptionBudget] = []) -> PreemptionOutcome {
        var profile = SchedulingProfile.defaultProfile()
        var rng = SplitMix64(seed: 42)
        guard case .unschedulable(let d) = profile.schedule(incoming, in: s, using: &rng) else {
            Issue.record("expected the pod not to fit")
            return .none("")
        }
        return profile.preempt(incoming, diagnosis: d, in: s, pdbs: pdbs)
    }

    func victims(_ outcome: PreemptionOutcome) -> [String] {
        guard case .nominate(_, let victims) = outcome else { return [] }
        return victims.map { $0.metadata.name ?? "" }
    }

    @Test func picksTheNodeWhoseVictimsHaveTheLowestPriority() {
        let s = ClusterSnapshot(nodes: [makeNode("a", cpu: "2"), makeNode("b", cpu: "2")], pods: [
            pod("a-hi", priority: 10, node: "a"), pod("a-lo", priority: 5, node: "a"),
            pod("b-old", priority: 1, node: "b", started: 100), pod("b-new", priority: 1, node: "b", started: 200),
        ])
        let outcome = preempt(pod("urgent", priority: 100), s)
        guard case .nominate(let node, _) = outcome else {
            Issue.record("expected a nomination, got \(outcome)")
            return
        }
        // Each node needs one victim; b's (priority 1) beats a's (priority 5); the
        // older b pod is more important and is reprieved first.
        #expect(node == "b")
        #expect(victims(outcome) == ["b-new"])
    }

    @Test func pdbViolatingVictimsAreReprievedFirst() {
        let node = makeNode("a", cpu: "2")
        // Without a PDB the older "guarded" pod is reprieved first and "free" goes.
        let s = ClusterSnapshot(nodes: [node], pods: [
            pod("guarded", priority: 1, node: "a", labels: ["app": "guarded"], started: 200),
            pod("free", priority: 1, node: "a", labels: ["app": "free"], started: 100),
        ])
        #expect(victims(preempt(pod("urgent", priority: 10), s)) == ["guarded"])
        #expect(victims(preempt(pod("urgent", priority: 10), s, pdbs: [pdb(["app": "guarded"], allowed: 0)]))
            == ["free"])
        #expect(victims(preempt(pod("urgent", priority: 10), s, pdbs: [pdb(["app": "guarded"], allowed: 1)]))
            == ["guarded"])
    }

    @Test func fewestPDBViolationsWinsOverLowerPriorities() {
        let s = ClusterSnapshot(nodes: [makeNode("a", cpu: "2"), makeNode("b", cpu: "2")], pods: [
            pod("guarded", cpu: "2", priority: 1, node: "a", labels: ["app": "guarded"]),
            pod("plain", cpu: "2", priority: 5, node: "b"),
        ])
        let outcome = preempt(pod("urgent", priority: 10), s, pdbs: [pdb(["app": "guarded"], allowed: 0)])
        #expect(outcome == .nominate(node: "b", victims: [s.info("b").pods[0].pod]))
        let unguarded = preempt(pod("urgent", priority: 10), s)
        #expect(victims(unguarded) == ["guarded"])
    }

    @Test func podsThatMayNotPreemptSayWhy() {
        let s = ClusterSnapshot(nodes: [makeNode("a", cpu: "1")], pods: [pod("low", priority: 1, node: "a")])
        var never = pod("polite", priority: 10)
        never.spec?.preemptionPolicy = "Never"
        #expect(preempt(never, s) == .none("preemption: not eligible due to preemptionPolicy=Never."))
        #expect(preempt(pod("peer", priority: 1), s)
            == .none("preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod."))
    }

    @Test func preemptionRemovesAntiAffinityBlockers() {
        let anti = { (p: inout PodSpec) in
            p.affinity = Affinity(podAntiAffinity: PodAntiAffinity(requiredDuringSchedulingIgnoredDuringExecution: [
                PodAffinityTerm(labelSelector: LabelSelector(matchLabels: ["app": "web"]),
                                topologyKey: "kubernetes.io/hostname"),
            ]))
        }
        let s = ClusterSnapshot(nodes: [makeNode("a"), makeNode("b")], pods: [
            makePod("web-lo", labels: ["app": "web"], nodeName: "a", priority: 1),
            makePod("web-hi", labels: ["app": "web"], nodeName: "b", priority: 50),
        ])
        let outcome = preempt(makePod("web-new", labels: ["app": "web"], priority: 10, configure: anti), s)
        guard case .nominate(let node, _) = outcome else {
            Issue.record("expected a nomination, got \(outcome)")
            return
        }
        #expect(node == "a")
        #expect(victims(outcome) == ["web-lo"])
    }

    @Test func victimsOnATerminatingNominatedNodeWait() {
        var leaving = pod("leaving", priority: 1, node: "a")
        leaving.metadata.deletionTimestamp = Time(Date())
        let s = ClusterSnapshot(nodes: [makeNode("a", cpu: "1")], pods: [leaving])
        var p = pod("urgent", priority: 10)
        p.status = PodStatus(nominatedNodeName: "a")
        #expect(preempt(p, s) == .none("preemption: not eligible due to a terminating pod on the nominated node."))
    }
}

@Suite struct CandidatePickingTests {
    func victim(_ priority: Int32, started: TimeInterval? = nil) -> PodInfo {
        var p = makePod("v\(priority)-\(started ?? 0)", priority: priority)
        if let started { p.status = PodStatus(startTime: Time(Date(timeIntervalSince1970: started))) }
        return PodInfo(p)
    }

    func candidate(_ name: String, _ victims: [PodInfo], violations: Int = 0) -> DefaultPreemptionPlugin.Candidate {
        .init(nodeName: name, victims: victims, pdbViolations: violations)
    }

    @Test(arguments: [
        // lower highest-victim priority beats fewer victims
        (["a": [2, 2], "b": [4]], "a"),
        // same highest priority: smaller priority sum
        (["a": [5, 1], "b": [5]], "b"),
    ] as [([String: [Int32]], String)])
    func priorityCriteria(victims: [String: [Int32]], winner: String) {
        let candidates = victims.keys.sorted().map { name in candidate(name, victims[name]!.map { victim($0) }) }
        #expect(DefaultPreemptionPlugin.pick(candidates)?.nodeName == winner)
    }

    @Test func latestStartTimeBreaksTheRemainingTie() {
        let picked = DefaultPreemptionPlugin.pick([
            candidate("early", [victim(3, started: 100)]), candidate("late", [victim(3, started: 200)]),
        ])
        #expect(picked?.nodeName == "late")
        let first = DefaultPreemptionPlugin.pick([
            candidate("x", [victim(3, started: 100)]), candidate("y", [victim(3, started: 100)]),
        ])
        #expect(first?.nodeName == "x")
    }
}
