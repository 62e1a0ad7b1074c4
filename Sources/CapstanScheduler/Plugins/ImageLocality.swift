/// Prefers nodes that already have the pod's images, weighting each image's
/// size by the fraction of nodes that have it (so an image on every node does
/// not dominate), clamped between 23 MB and 1000 MB per container.
public struct ImageLocalityPlugin: PreScorePlugin, ScorePlugin {
    public static let name = "ImageLocality"
    public var name: String { Self.name }

    static let mb: Int64 = 1024 * 1024
    static let minThreshold: Int64 = 23 * mb
    static let maxContainerThreshold: Int64 = 1000 * mb

    /// The pod's images present on at least one node, with their spread.
    public struct ScoreState: Sendable {
        var images: [(id: Int32, nodes: Int)]
        var totalNodes: Int
        var containerCount: Int
    }

    public init() {}

    public func preScore(_ pod: PodInfo, feasibleNodes: [Int], in snapshot: ClusterSnapshot,
                         state: inout CycleState) -> PluginStatus {
        let images = pod.images.compactMap { name -> (id: Int32, nodes: Int)? in
            guard let nodes = snapshot.imageNodeCounts[name], let id = snapshot.imageIDs[name] else { return nil }
            return (id, nodes)
        }
        state.write(ScoreState(images: images, totalNodes: snapshot.nodeCount, containerCount: pod.containerCount),
                    for: name)
        return .success
    }

    public func score(_ pod: PodInfo, node: NodeInfo, state: ScoreState) -> Int64 {
        var sum: Int64 = 0
        if !state.images.isEmpty && state.totalNodes > 0 {
            let present = node.images
            for image in state.images {
                // A node lists few images: a scan of ids beats hashing the name.
                guard let entry = present.first(where: { $0.id == image.id }) else { continue }
                sum += Int64(Double(entry.sizeBytes) * (Double(image.nodes) / Double(state.totalNodes)))
            }
        }
        return Self.priority(sum, containers: state.containerCount)
    }

    /// kube-scheduler's `calculatePriority`.
    static func priority(_ sumScores: Int64, containers: Int) -> Int64 {
        let maxThreshold = maxContainerThreshold * Int64(containers)
        guard maxThreshold > minThreshold else { return 0 }
        let clamped = min(max(sumScores, minThreshold), maxThreshold)
        return maxNodeScore * (clamped - minThreshold) / (maxThreshold - minThreshold)
    }
}
