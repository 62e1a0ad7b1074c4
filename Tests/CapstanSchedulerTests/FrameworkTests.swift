import CapstanAPI
import Testing
@testable import CapstanScheduler

@Suite struct PodRequestsTests {
    @Test func initContainersUseTheMaxRuleAndOverheadIsAdded() {
        let pod = makePod("p") { spec in
            spec.containers = [
                Container(name: "a", resources: ResourceRequirements(requests: ["cpu": "100m", "memory": "100Mi"])),
                Container(name: "b", resources: ResourceRequirements(requests: ["cpu": "200m"])),
            ]
            spec.initContainers = [
                Container(name: "init", resources: ResourceRequirements(requests: ["cpu": "500m", "memory": "50Mi"])),
            ]
            spec.overhead = ["cpu": "10m"]
        }
        let info = PodInfo(pod)
        #expect(info.requests.milliCPU == 510)
        #expect(info.requests.memory == 100 * 1024 * 1024)
        #expect(info.requests.pods == 1)
    }

    @Test func sidecarsAddToContainersAndToLaterInitContainers() {
        let pod = makePod("p", cpu: "200m") { spec in
            spec.initContainers = [
                Container(name: "sidecar", resources: ResourceRequirements(requests: ["cpu": "100m"]),
                          restartPolicy: "Always"),
                Container(name: "migrate", resources: ResourceRequirements(requests: ["cpu": "1"])),
            ]
        }
        // containers 200m + sidecar 100m = 300m; init phase: 1000m + sidecar 100m = 1100m.
        #expect(PodInfo(pod).requests.milliCPU == 1100)
    }

    @Test func nonZeroRequestsDefaultMissingCPUAndMemoryPerContainer() {
        let pod = makePod("p") { spec in
            spec.containers = [
                Container(name: "a"),
                Container(name: "b", resources: ResourceRequirements(requests: ["cpu": "50m"])),
            ]
        }
        let info = PodInfo(pod)
        #expect(info.requests.milliCPU == 50)
        #expect(info.requests.memory == 0)
        #expect(info.nonZeroRequests.milliCPU == 150)
        #expect(info.nonZeroRequests.memory == 400 * 1024 * 1024)
    }

    @Test func extendedResourcesAreScalar() {
        let info = PodInfo(makePod("p", cpu: "1", extra: ["nvidia.com/gpu": "2", "storage": "1Gi"]))
        #expect(info.requests.scalar == ["nvidia.com/gpu": 2])
    }
}

@Suite struct NodeInfoTests {
    @Test func podLimitDefaultsTo110() {
        #expect(NodeInfo(node: makeNode("a", pods: nil)).allocatable.pods == 110)
        #expect(NodeInfo(node: makeNode("a", pods: "20")).allocatable.pods == 20)
    }

    @Test func addAndRemovePodKeepAggregates() {
        var node = NodeInfo(node: makeNode("a"))
        let p1 = PodInfo(makePod("p1", cpu: "1", memory: "1Gi", nodeName: "a"))
        let p2 = PodInfo(makePod("p2", nodeName: "a") { spec in
            spec.containers[0].ports = [ContainerPort(hostPort: 8080, containerPort: 80)]
        })
        node.addPod(p1)
        node.addPod(p2)
        #expect(node.requested.milliCPU == 1000)
        #expect(node.nonZeroRequested.milliCPU == 1100)
        #expect(node.usedPorts.conflicts(with: HostPort(ip: nil, proto: nil, port: 8080)))
        node.removePod(p2.key)
        #expect(node.pods.count == 1)
        #expect(node.nonZeroRequested.milliCPU == 1000)
        #expect(!node.usedPorts.conflicts(with: HostPort(ip: nil, proto: nil, port: 8080)))
    }

    @Test(arguments: [
        // used, wanted, conflict
        (HostPort(ip: nil, proto: nil, port: 80), HostPort(ip: "10.0.0.1", proto: "TCP", port: 80), true),
        (HostPort(ip: "10.0.0.1", proto: nil, port: 80), HostPort(ip: "10.0.0.2", proto: nil, port: 80), false),
        (HostPort(ip: "10.0.0.1", proto: nil, port: 80), HostPort(ip: nil, proto: nil, port: 80), true),
        (HostPort(ip: nil, proto: "TCP", port: 80), HostPort(ip: nil, proto: "UDP", port: 80), false),
        (HostPort(ip: nil, proto: nil, port: 80), HostPort(ip: nil, proto: nil, port: 81), false),
    ])
    func hostPortConflicts(used: HostPort, wanted: HostPort, conflict: Bool) {
        var usage = HostPortUsage()
        usage.add([used])
        #expect(usage.conflicts(with: wanted) == conflict)
    }
}

@Suite struct ClusterSnapshotTests {
    @Test func removingANodeMovesTheLastIntoItsSlot() {
        var s = ClusterSnapshot(nodes: [
            makeNode("a", labels: [zoneKey: "z1"]), makeNode("b", labels: [zoneKey: "z2"]),
            makeNode("c", labels: [zoneKey: "z3"]),
        ])
        let anti = makePod("anti", labels: ["app": "x"], nodeName: "c") { spec in
            spec.affinity = Affinity(podAntiAffinity: PodAntiAffinity(requiredDuringSchedulingIgnoredDuringExecution: [
                PodAffinityTerm(labelSelector: LabelSelector(matchLabels: ["app": "x"]),
                                topologyKey: "kubernetes.io/hostname"),
            ]))
        }
        s.addPod(anti)
        #expect(Array(s.requiredAntiAffinityTerms.slotsByTerm.values) == [[2: 1]])
        s.removeNode(named: "b")
        #expect(s.nodes.map(\.name) == ["a", "c"])
        #expect(s.info("c").slot == 1)
        #expect(Array(s.requiredAntiAffinityTerms.slotsByTerm.values) == [[1: 1]])
        let zones = s.topology.domains(for: zoneKey)!
        #expect(zones.domainOfSlot.map { zones.values[Int($0)] } == ["z1", "z3"])
        #expect(zones.populatedDomainCount == 2)
    }

    @Test func podsOnUnknownNodesAttachWhenTheNodeArrives() {
        var s = ClusterSnapshot()
        s.addPod(makePod("p", cpu: "1", nodeName: "late"))
        #expect(s.podCount == 1)
        s.upsertNode(makeNode("late"))
        #expect(s.info("late").requested.milliCPU == 1000)
        s.removeNode(named: "late")
        s.upsertNode(makeNode("late"))
        #expect(s.info("late").pods.count == 1)
        s.removePod(makePod("p", nodeName: "late"))
        #expect(s.info("late").pods.isEmpty)
        #expect(s.podCount == 0)
    }

    @Test func updatesReplacePodsAndFinishedPodsLeave() {
        var s = ClusterSnapshot(nodes: [makeNode("a")])
        let old = makePod("p", cpu: "1", nodeName: "a")
        s.addPod(old)
        var done = old
        done.status = PodStatus(phase: "Succeeded")
        s.updatePod(old: old, new: done)
        #expect(s.info("a").pods.isEmpty)
        s.addPod(makePod("unbound", cpu: "1"))
        #expect(s.podCount == 0)
    }

    @Test func nodeUpdatesRefreshLabelsAndImages() {
        var s = ClusterSnapshot(nodes: [
            makeNode("a", labels: [zoneKey: "z1"],
                     images: [ContainerImage(names: ["nginx:1", "nginx@sha256:1"], sizeBytes: 100)]),
            makeNode("b", images: [ContainerImage(names: ["nginx:1"], sizeBytes: 100)]),
        ])
        #expect(s.imageNodeCounts["nginx:1"] == 2)
        #expect(s.imageNodeCounts["nginx@sha256:1"] == 1)
        s.upsertNode(makeNode("a", labels: [zoneKey: "z2"]))
        #expect(s.imageNodeCounts["nginx:1"] == 1)
        #expect(s.imageNodeCounts["nginx@sha256:1"] == nil)
        let zones = s.topology.domains(for: zoneKey)!
        #expect(zones.values[Int(zones.domainOfSlot[0])] == "z2")
        #expect(zones.domainOfSlot[1] == -1)
        #expect(zones.populatedDomainCount == 1)
    }
}
