import CapstanAPI
import Testing
@testable import CapstanScheduler

@Suite struct NodeResourcesFitFilterTests {
    /// Node: 4 CPU, 8Gi, 1 GPU, room for 2 pods; one pod uses 3 CPU and 1Gi.
    func snapshot(pods: String = "2") -> ClusterSnapshot {
        var s = ClusterSnapshot(nodes: [makeNode("a", pods: pods, extra: ["nvidia.com/gpu": "1"])])
        s.addPod(makePod("used", cpu: "3", memory: "1Gi", nodeName: "a"))
        return s
    }

    @Test(arguments: [
        (makePod("fits", cpu: "1", memory: "1Gi"), [String]()),
        (makePod("cpu", cpu: "2"), ["Insufficient cpu"]),
        (makePod("mem", memory: "8Gi"), ["Insufficient memory"]),
        (makePod("both", cpu: "2", memory: "8Gi"), ["Insufficient cpu", "Insufficient memory"]),
        (makePod("gpu", cpu: "100m", extra: ["nvidia.com/gpu": "2"]), ["Insufficient nvidia.com/gpu"]),
        (makePod("besteffort"), []),
    ])
    func filterReasons(pod: Pod, reasons: [String]) throws {
        let status = runFilterOnly(try NodeResourcesFitPlugin(), pod, snapshot())["a"]!
        #expect(status.reasons == reasons)
        #expect(status.code == (reasons.isEmpty ? .success : .unschedulable))
    }

    @Test func podCountIsChecked() throws {
        let status = runFilterOnly(try NodeResourcesFitPlugin(), makePod("p"), snapshot(pods: "1"))["a"]!
        #expect(status.reasons == ["Too many pods"])
    }

    @Test func ignoredExtendedResourcesAreNotChecked() throws {
        let pod = makePod("gpu", extra: ["nvidia.com/gpu": "2"])
        let byName = try NodeResourcesFitPlugin(args: NodeResourcesFitArgs(ignoredResources: ["nvidia.com/gpu"]))
        let byGroup = try NodeResourcesFitPlugin(args: NodeResourcesFitArgs(ignoredResourceGroups: ["nvidia.com"]))
        #expect(runFilterOnly(byName, pod, snapshot())["a"] == .success)
        #expect(runFilterOnly(byGroup, pod, snapshot())["a"] == .success)
    }
}

@Suite struct ResourceScoringTests {
    /// "half": 1 CPU / 2Gi used of 4 CPU / 8Gi; "empty": nothing used.
    var snapshot: ClusterSnapshot {
        var s = ClusterSnapshot(nodes: [makeNode("half"), makeNode("empty")])
        s.addPod(makePod("used", cpu: "1", memory: "2Gi", nodeName: "half"))
        return s
    }

    func fit(_ strategy: ScoringStrategy) throws -> NodeResourcesFitPlugin {
        try NodeResourcesFitPlugin(args: NodeResourcesFitArgs(scoringStrategy: strategy))
    }

    @Test func leastAllocatedPrefersFreeNodes() throws {
        let scores = runScore(try fit(ScoringStrategy()), makePod("p", cpu: "1", memory: "2Gi"), snapshot)!
        #expect(scores.normalized == [50, 75])
    }

    @Test func leastAllocatedUsesNonZeroDefaultsForBestEffortPods() throws {
        // 100m of 4000m -> 97; 200Mi of 8192Mi -> 97.
        let scores = runScore(try fit(ScoringStrategy()), makePod("p"), snapshot)!
        #expect(scores.normalized[1] == 97)
    }

    @Test func mostAllocatedPrefersFullNodes() throws {
        let scores = runScore(try fit(ScoringStrategy(type: .mostAllocated)), makePod("p", cpu: "1", memory: "2Gi"),
                              snapshot)!
        #expect(scores.normalized == [50, 25])
    }

    @Test func requestedToCapacityRatioFollowsTheShape() throws {
        let pod = makePod("p", cpu: "1", memory: "2Gi")
        let binPacking = ScoringStrategy(type: .requestedToCapacityRatio, requestedToCapacityRatio: .init(shape: [
            UtilizationShapePoint(utilization: 0, score: 0), UtilizationShapePoint(utilization: 100, score: 10),
        ]))
        #expect(runScore(try fit(binPacking), pod, snapshot)!.normalized == [50, 25])
        let spreading = ScoringStrategy(type: .requestedToCapacityRatio, requestedToCapacityRatio: .init(shape: [
            UtilizationShapePoint(utilization: 0, score: 10), UtilizationShapePoint(utilization: 100, score: 0),
        ]))
        #expect(runScore(try fit(spreading), pod, snapshot)!.normalized == [50, 75])
        #expect(throws: SchedulerConfigurationError.self) {
            try fit(ScoringStrategy(type: .requestedToCapacityRatio))
        }
    }

    @Test func weightsAndExtendedResourcesCount() throws {
        var s = ClusterSnapshot(nodes: [makeNode("gpu", extra: ["nvidia.com/gpu": "4"])])
        s.addPod(makePod("used", nodeName: "gpu", extra: ["nvidia.com/gpu": "1"]))
        let strategy = ScoringStrategy(type: .mostAllocated, resources: [
            ResourceSpec(name: "cpu", weight: 1), ResourceSpec(name: "nvidia.com/gpu", weight: 3),
        ])
        // cpu: 100m (non-zero default) + 1000m of 4000m -> 27; gpu 2 of 4 -> 50; (27 + 3*50) / 4 = 44.
        let scores = runScore(try fit(strategy), makePod("p", cpu: "1", extra: ["nvidia.com/gpu": "1"]), s)!
        #expect(scores.normalized == [44])
        // A pod without GPUs is scored on cpu alone: (100 + 100) of 4000 -> 5.
        #expect(runScore(try fit(strategy), makePod("q", cpu: "100m"), s)!.normalized == [5])
    }

    @Test func balancedAllocationUsesTheStandardDeviation() {
        var s = ClusterSnapshot(nodes: [makeNode("used"), makeNode("empty")])
        s.addPod(makePod("existing", cpu: "1", memory: "1Gi", nodeName: "used"))
        // used: cpu 2/4 = .5, memory 2/8 = .25 -> std .125 -> 87; empty: .25/.125 -> 93.
        let scores = runScore(BalancedAllocationPlugin(), makePod("p", cpu: "1", memory: "1Gi"), s)!
        #expect(scores.normalized == [87, 93])
        #expect(runScore(BalancedAllocationPlugin(), makePod("besteffort"), s) == nil)
    }

    @Test func balancedAllocationWithThreeResources() {
        let s = ClusterSnapshot(nodes: [makeNode("n", extra: ["example.com/foo": "10"])])
        let args = NodeResourcesBalancedAllocationArgs(resources: [
            ResourceSpec(name: "cpu"), ResourceSpec(name: "memory"), ResourceSpec(name: "example.com/foo"),
        ])
        // fractions .5, .25, .9: mean .55, std sqrt((.0025+.09+.1225)/3) = .2677 -> 73.
        let pod = makePod("p", cpu: "2", memory: "2Gi", extra: ["example.com/foo": "9"])
        #expect(runScore(BalancedAllocationPlugin(args: args), pod, s)!.normalized == [73])
    }
}

@Suite struct ImageLocalityTests {
    @Test func scoresImageSizeScaledBySpread() {
        let mb: Int64 = 1024 * 1024
        let image = ContainerImage(names: ["registry.example/app:1"], sizeBytes: 300 * mb)
        let s = ClusterSnapshot(nodes: [
            makeNode("a", images: [image]), makeNode("b", images: [image]), makeNode("c"),
        ])
        // 300MB * 2/3 = 200MB; 100 * (200MB - 23MB) / (1000MB - 23MB) = 18.
        #expect(runScore(ImageLocalityPlugin(), makePod("p"), s)!.normalized == [18, 18, 0])
    }

    @Test func untaggedImagesAreNormalizedToLatest() {
        let mb: Int64 = 1024 * 1024
        let s = ClusterSnapshot(nodes: [
            makeNode("a", images: [ContainerImage(names: ["nginx:latest"], sizeBytes: 1000 * mb)]),
        ])
        #expect(runScore(ImageLocalityPlugin(), makePod("p", image: "nginx"), s)!.normalized == [100])
        #expect(PodInfo.normalizedImageName("host:5000/app") == "host:5000/app:latest")
        #expect(PodInfo.normalizedImageName("app@sha256:abc") == "app@sha256:abc")
    }
}
