import CapstanAPI
import Testing
@testable import CapstanScheduler

/// Random node and pod churn must keep every index of the snapshot in step
/// with the nodes and their pods.
@Suite struct SnapshotConsistencyTests {
    @Test(arguments: [UInt64(1), 2, 3])
    func randomChurnKeepsIndexesConsistent(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        var s = ClusterSnapshot()
        var nodeNames: [String] = []
        var pods: [String: Pod] = [:]
        func pick<T>(_ list: [T]) -> T { list[Int(rng.next() % UInt64(list.count))] }
        for step in 0..<600 {
            switch rng.next() % 10 {
            case 0, 1:
                let name = "n\(rng.next() % 40)"
                s.upsertNode(makeNode(name, labels: [zoneKey: "z\(rng.next() % 4)"]))
                if !nodeNames.contains(name) { nodeNames.append(name) }
            case 2 where !nodeNames.isEmpty:
                let name = pick(nodeNames)
                s.removeNode(named: name)
                nodeNames.removeAll { $0 == name }
            case 3 where !pods.isEmpty:
                let pod = pick(Array(pods.values))
                s.removePod(pod)
                pods[pod.metadata.name!] = nil
            default:
                let name = "p\(rng.next() % 200)"
                let node = "n\(rng.next() % 40)"
                var pod = makePod(name, namespace: rng.next() % 3 == 0 ? "other" : "default",
                                  labels: ["app": "a\(rng.next() % 5)"], nodeName: node)
                if rng.next() % 7 == 0 {
                    pod.spec?.affinity = Affinity(podAntiAffinity: PodAntiAffinity(
                        requiredDuringSchedulingIgnoredDuringExecution: [PodAffinityTerm(
                            labelSelector: LabelSelector(matchLabels: ["app": "a1"]), topologyKey: zoneKey)]))
                }
                if let old = pods[name] { s.updatePod(old: old, new: pod) } else { s.addPod(pod) }
                pods[name] = pod
            }
            if step % 50 == 0 || step == 599 { verify(s, pods: pods) }
        }
    }

    func verify(_ s: ClusterSnapshot, pods: [String: Pod]) {
        var expected: [[Int32]] = []
        var expectedTerms: [AffinityTerm: [Int: Int64]] = [:]
        for (slot, node) in s.nodes.enumerated() {
            #expect(node.slot == slot)
            #expect(s.slot(ofNode: node.name) == slot)
            #expect(node.pods.count == node.podLabelSets.count)
            for (pod, id) in zip(node.pods, node.podLabelSets) {
                expected.append([Int32(slot), id])
                #expect(s.labelSets.entries[Int(id)] == LabelSetTable.entry(of: pod))
            }
            for pod in node.podsWithRequiredAntiAffinity {
                for t in pod.requiredAntiAffinityTerms { expectedTerms[t, default: [:]][slot, default: 0] += 1 }
            }
            let zones = s.topology.domains(for: zoneKey)!
            #expect(zones.values[Int(zones.domainOfSlot[slot])] == node.labels[zoneKey])
            let cpu = node.pods.reduce(Int64(0)) { $0 + $1.nonZeroRequests.milliCPU }
            #expect(node.nonZeroRequested.milliCPU == cpu)
        }
        let indexed = zip(s.podIndex.slots, s.podIndex.labelSets).map { [$0, $1] }
        #expect(indexed.sorted { $0.lexicographicallyPrecedes($1) } == expected.sorted { $0.lexicographicallyPrecedes($1) })
        #expect(s.podCount == pods.count)
        #expect(s.requiredAntiAffinityTerms.slotsByTerm == expectedTerms)
        #expect(s.topology.slotCount == s.nodeCount)
    }

    @Test func labelSetIDsAreReusedWhenFreed() {
        var s = ClusterSnapshot(nodes: [makeNode("a")])
        s.addPod(makePod("p1", labels: ["app": "x"], nodeName: "a"))
        s.addPod(makePod("p2", labels: ["app": "x"], nodeName: "a"))
        #expect(s.info("a").podLabelSets == [0, 0])
        s.addPod(makePod("p3", labels: ["app": "y"], nodeName: "a"))
        s.removePod(makePod("p3", nodeName: "a"))
        s.addPod(makePod("p4", labels: ["app": "z"], nodeName: "a"))
        #expect(s.info("a").podLabelSets == [0, 0, 1])
        #expect(s.labelSets.capacity == 2)
    }
}
