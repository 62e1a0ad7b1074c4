import CapstanAPI
import Testing
@testable import CapstanScheduler

@Suite struct ConfigurationTests {
    @Test func defaultsMatchKubernetes() throws {
        let profile = SchedulingProfile.defaultProfile()
        #expect(profile.schedulerName == "default-scheduler")
        #expect(profile.enabledPlugins["filter"] == [
            "NodeUnschedulable", "NodeName", "TaintToleration", "NodeAffinity", "NodePorts", "NodeResourcesFit",
            "PodTopologySpread", "InterPodAffinity",
        ])
        #expect(profile.enabledPlugins["preFilter"] == [
            "NodeAffinity", "NodePorts", "PodTopologySpread", "InterPodAffinity",
        ])
        #expect(profile.scoreWeights == [
            "TaintToleration": 3, "NodeAffinity": 2, "PodTopologySpread": 2, "InterPodAffinity": 2,
            "NodeResourcesFit": 1, "NodeResourcesBalancedAllocation": 1, "ImageLocality": 1,
        ])
        #expect(profile.enabledPlugins["postFilter"] == ["DefaultPreemption"])
        #expect(profile.enabledPlugins["bind"] == ["DefaultBinder"])
        #expect(profile.percentageOfNodesToScore == nil)
    }

    @Test func emptyDocumentGivesTheDefaultProfile() throws {
        let config = try SchedulerConfiguration(yaml: """
            apiVersion: kubescheduler.config.k8s.io/v1
            kind: KubeSchedulerConfiguration
            """)
        #expect(config == .default)
    }

    @Test func customWeightsDisabledPluginsAndASecondProfile() throws {
        let config = try SchedulerConfiguration(yaml: """
            apiVersion: kubescheduler.config.k8s.io/v1
            kind: KubeSchedulerConfiguration
            percentageOfNodesToScore: 40
            profiles:
            - schedulerName: default-scheduler
              plugins:
                score:
                  enabled:
                  - name: NodeResourcesFit
                    weight: 5
                  disabled:
                  - name: ImageLocality
                multiPoint:
                  enabled:
                  - name: InterPodAffinity
                    weight: 7
            - schedulerName: bin-packer
              percentageOfNodesToScore: 100
              plugins:
                filter:
                  disabled:
                  - name: NodePorts
              pluginConfig:
              - name: NodeResourcesFit
                args:
                  scoringStrategy:
                    type: MostAllocated
                    resources:
                    - name: cpu
                      weight: 2
                    - name: memory
            """)
        let profiles = try config.makeProfiles()
        #expect(profiles.map(\.schedulerName) == ["default-scheduler", "bin-packer"])
        let first = profiles[0]
        #expect(first.scoreWeights["NodeResourcesFit"] == 5)
        #expect(first.scoreWeights["InterPodAffinity"] == 7)
        #expect(first.scoreWeights["ImageLocality"] == nil)
        #expect(first.enabledPlugins["score"]?.first == "NodeResourcesFit")
        #expect(first.percentageOfNodesToScore == 40)
        let second = profiles[1]
        #expect(second.percentageOfNodesToScore == 100)
        #expect(second.enabledPlugins["filter"]?.contains("NodePorts") == false)
        #expect(second.enabledPlugins["preFilter"]?.contains("NodePorts") == true)
        #expect(config.profiles[1].pluginConfig == [PluginConfig(name: "NodeResourcesFit", args: .nodeResourcesFit(
            NodeResourcesFitArgs(scoringStrategy: ScoringStrategy(type: .mostAllocated, resources: [
                ResourceSpec(name: "cpu", weight: 2), ResourceSpec(name: "memory", weight: 1),
            ]))))])
    }

    @Test func mostAllocatedProfilePacksNodes() throws {
        let config = try SchedulerConfiguration(yaml: """
            profiles:
            - schedulerName: spread
              plugins:
                score:
                  disabled: [{name: "*"}]
                  enabled: [{name: NodeResourcesFit}]
            - schedulerName: pack
              plugins:
                score:
                  disabled: [{name: "*"}]
                  enabled: [{name: NodeResourcesFit}]
              pluginConfig:
              - name: NodeResourcesFit
                args: {scoringStrategy: {type: MostAllocated}}
            """)
        var profiles = try config.makeProfiles()
        #expect(profiles[0].enabledPlugins["score"] == ["NodeResourcesFit"])
        var s = ClusterSnapshot(nodes: [makeNode("empty"), makeNode("busy")])
        s.addPod(makePod("used", cpu: "2", memory: "4Gi", nodeName: "busy"))
        var rng = SplitMix64(seed: 42)
        let pod = makePod("p", cpu: "1", memory: "1Gi")
        #expect(profiles[0].schedule(pod, in: s, using: &rng) == .scheduled(node: "empty", evaluatedNodes: 2,
                                                                             feasibleNodes: 2))
        #expect(profiles[1].schedule(pod, in: s, using: &rng) == .scheduled(node: "busy", evaluatedNodes: 2,
                                                                             feasibleNodes: 2))
    }

    @Test func topologySpreadAndRatioArgsParse() throws {
        let config = try SchedulerConfiguration(yaml: """
            apiVersion: kubescheduler.config.k8s.io/v1
            kind: KubeSchedulerConfiguration
            profiles:
            - pluginConfig:
              - name: PodTopologySpread
                args:
                  defaultingType: List
                  defaultConstraints:
                  - maxSkew: 1
                    topologyKey: topology.kubernetes.io/zone
                    whenUnsatisfiable: DoNotSchedule
              - name: NodeResourcesFit
                args:
                  scoringStrategy:
                    type: RequestedToCapacityRatio
                    requestedToCapacityRatio:
                      shape:
                      - {utilization: 0, score: 0}
                      - {utilization: 100, score: 10}
              - name: InterPodAffinity
                args: {hardPodAffinityWeight: 3}
            """)
        #expect(try config.makeProfiles().count == 1)
        guard case .podTopologySpread(let args) = config.profiles[0].pluginConfig[0].args else {
            Issue.record("wrong args")
            return
        }
        #expect(args.defaultingType == .list)
        #expect(args.defaultConstraints?.first?.maxSkew == 1)
    }

    @Test(arguments: [
        ("profiles: [{schedulerName: x, plugins: {filter: {enabled: [{name: Foo}]}}}]",
         "profiles[0] \"x\": plugin \"Foo\" does not exist"),
        ("profiles: [{plugins: {bind: {enabled: [{name: NodeResourcesFit}]}}}]",
         "profiles[0] \"default-scheduler\": plugin \"NodeResourcesFit\" does not extend Bind plugin"),
        ("profiles: [{plugins: {bind: {disabled: [{name: DefaultBinder}]}}}]",
         "profiles[0] \"default-scheduler\": at least one bind plugin is needed"),
        ("profiles: [{schedulerName: a}, {schedulerName: a}]",
         "profiles[1].schedulerName: Duplicate value: \"a\""),
        ("percentageOfNodesToScore: 120", "percentageOfNodesToScore: Invalid value: 120: not in valid range [0-100]"),
        ("apiVersion: kubescheduler.config.k8s.io/v1beta3",
         "apiVersion \"kubescheduler.config.k8s.io/v1beta3\" is not supported; use \"kubescheduler.config.k8s.io/v1\""),
        ("""
         profiles:
         - pluginConfig:
           - {name: NodeResourcesFit, args: {scoringStrategy: {type: RequestedToCapacityRatio}}}
         """,
         "profiles[0] \"default-scheduler\": plugin \"NodeResourcesFit\": "
            + "NodeResourcesFit: requestedToCapacityRatio.shape must not be empty"),
    ])
    func invalidConfigurationsAreExplained(yaml: String, message: String) {
        do {
            _ = try SchedulerConfiguration(yaml: yaml).makeProfiles()
            Issue.record("expected an error")
        } catch {
            #expect(error.message == message)
        }
    }

    @Test func malformedYAMLNamesTheField() {
        do {
            _ = try SchedulerConfiguration(yaml: "profiles: [{percentageOfNodesToScore: lots}]")
            Issue.record("expected an error")
        } catch {
            #expect(error.message.hasPrefix(
                "invalid scheduler configuration: profiles[0].percentageOfNodesToScore: "), "\(error.message)")
        }
    }

    @Test func mergeReplacesDefaultsInPlaceAndAppendsOthers() {
        var custom = PluginsConfiguration()
        custom.multiPoint.enabled = [PluginReference(name: "Extra"), PluginReference(name: "NodeName", weight: 9)]
        custom.multiPoint.disabled = [PluginReference(name: "NodePorts")]
        let merged = SchedulingProfile.merge(defaults: .defaults, custom: custom)
        let names = merged.multiPoint.enabled.map(\.name)
        #expect(names.firstIndex(of: "NodeName") == 3)
        #expect(merged.multiPoint.enabled[3].weight == 9)
        #expect(!names.contains("NodePorts"))
        #expect(names.last == "Extra")
    }
}
