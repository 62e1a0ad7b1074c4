import CapstanAPI
import Foundation
@testable import CapstanScheduler

func makeNode(_ name: String, cpu: String = "4", memory: String = "8Gi", pods: String? = "110",
              labels: [String: String] = [:], taints: [Taint] = [], unschedulable: Bool = false,
              extra: [String: String] = [:], images: [ContainerImage] = []) -> Node {
    var allocatable: [String: Quantity] = ["cpu": Quantity(cpu), "memory": Quantity(memory)]
    if let pods { allocatable["pods"] = Quantity(pods) }
    for (k, v) in extra { allocatable[k] = Quantity(v) }
    var allLabels = labels
    allLabels["kubernetes.io/hostname"] = allLabels["kubernetes.io/hostname"] ?? name
    return Node(
        metadata: ObjectMeta(name: name, labels: allLabels),
        spec: NodeSpec(unschedulable: unschedulable ? true : nil, taints: taints.isEmpty ? nil : taints),
        status: NodeStatus(capacity: allocatable, allocatable: allocatable, images: images.isEmpty ? nil : images))
}

func makePod(_ name: String, namespace: String = "default", cpu: String? = nil, memory: String? = nil,
             labels: [String: String] = [:], nodeName: String? = nil, priority: Int32? = nil,
             extra: [String: String] = [:], image: String = "registry.example/app:1",
             configure: (inout PodSpec) -> Void = { _ in }) -> Pod {
    var requests: [String: Quantity] = [:]
    if let cpu { requests["cpu"] = Quantity(cpu) }
    if let memory { requests["memory"] = Quantity(memory) }
    for (k, v) in extra { requests[k] = Quantity(v) }
    var spec = PodSpec(containers: [
        Container(name: "app", image: image,
                  resources: requests.isEmpty ? nil : ResourceRequirements(requests: requests))
    ])
    spec.nodeName = nodeName
    spec.priority = priority
    configure(&spec)
    return Pod(metadata: ObjectMeta(name: name, namespace: namespace, uid: "uid-\(namespace)-\(name)",
                                    labels: labels.isEmpty ? nil : labels),
               spec: spec)
}

extension ClusterSnapshot {
    func info(_ name: String) -> NodeInfo { node(named: name)! }
}

/// Runs one plugin's PreFilter and Filter against every node; returns node → status.
func runFilter<P: PreFilterPlugin & FilterPlugin>(_ plugin: P, _ pod: Pod, _ snapshot: ClusterSnapshot)
    -> [String: PluginStatus]
{
    let info = PodInfo(pod)
    var state = CycleState()
    let pre = plugin.preFilter(info, in: snapshot, state: &state)
    if pre.status.code == .skip {
        return Dictionary(uniqueKeysWithValues: snapshot.nodes.map { ($0.name, PluginStatus.success) })
    }
    if !pre.status.isSuccess {
        return Dictionary(uniqueKeysWithValues: snapshot.nodes.map { ($0.name, pre.status) })
    }
    let s = plugin.filterState(from: state)!
    return Dictionary(uniqueKeysWithValues: snapshot.nodes.map { ($0.name, plugin.filter(info, node: $0, state: s)) })
}

/// Runs one plugin's Filter (no PreFilter) against every node.
func runFilterOnly<P: FilterPlugin>(_ plugin: P, _ pod: Pod, _ snapshot: ClusterSnapshot) -> [String: PluginStatus]
    where P.FilterState == NoState
{
    let info = PodInfo(pod)
    return Dictionary(uniqueKeysWithValues: snapshot.nodes.map {
        ($0.name, plugin.filter(info, node: $0, state: NoState()))
    })
}

/// Raw and normalized scores of one plugin over the given nodes (all by default), in that order.
func runScore<P: PreScorePlugin & ScorePlugin>(_ plugin: P, _ pod: Pod, _ snapshot: ClusterSnapshot,
                                               nodes: [String]? = nil) -> (raw: [Int64], normalized: [Int64])? {
    let info = PodInfo(pod)
    let slots = (nodes ?? snapshot.nodes.map(\.name)).map { snapshot.slot(ofNode: $0)! }
    var state = CycleState()
    let pre = plugin.preScore(info, feasibleNodes: slots, in: snapshot, state: &state)
    if pre.code == .skip { return nil }
    let s = plugin.scoreState(from: state)!
    let raw = slots.map { plugin.score(info, node: snapshot.nodes[$0], state: s) }
    var normalized = raw
    plugin.normalizeScores(&normalized, state: s)
    return (raw, normalized)
}

let zoneKey = "topology.kubernetes.io/zone"

extension Quantity: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) { self.init(value) }
}
