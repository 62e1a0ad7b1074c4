import CapstanAPI

/// What the scheduler derives from a Node object once per node update:
/// labels, taints, allocatable resources, images. Immutable and shared, so
/// copying a `NodeInfo` does not copy the Node.
public final class NodeDetails: Sendable {
    /// Pod limit used when `status.allocatable.pods` is absent.
    public static let defaultPodLimit: Int64 = 110

    public let node: Node
    public let name: String
    public let labels: [String: String]
    public let taints: [Taint]
    /// `spec.unschedulable` (cordoned).
    public let unschedulable: Bool
    /// `status.allocatable`; `pods` defaults to 110.
    public let allocatable: Resources
    /// Every name of every image in `status.images` → its size in bytes.
    public let imageSizes: [String: Int64]

    public init(_ node: Node) {
        self.node = node
        self.name = node.metadata.name ?? ""
        self.labels = node.metadata.labels ?? [:]
        self.taints = node.spec?.taints ?? []
        self.unschedulable = node.spec?.unschedulable ?? false
        var allocatable = Resources(node.status?.allocatable)
        if node.status?.allocatable?[ResourceName.pods] == nil { allocatable.pods = NodeDetails.defaultPodLimit }
        self.allocatable = allocatable
        var images: [String: Int64] = [:]
        for image in node.status?.images ?? [] {
            for name in image.names ?? [] { images[name] = image.sizeBytes ?? 0 }
        }
        self.imageSizes = images
    }
}

/// One node of the snapshot with the pods on it and their aggregates,
/// updated incrementally as pods come and go (kube-scheduler's `NodeInfo`).
///
/// A value type with copy-on-write storage: copying it (the scheduling
/// loops do, preemption's what-ifs do) costs one reference count; a copy
/// that is mutated gets its own storage.
public struct NodeInfo: Sendable {
    /// Mutated only through `NodeInfo`'s mutating methods, and only when
    /// uniquely referenced (copy-on-write), so a shared instance is never
    /// written: safe to share across threads.
    final class Storage: @unchecked Sendable {
        // The fields every Filter reads come first and are copied out of
        // `details`, so filtering a node touches this object only: with
        // 5,000 nodes the filter loop is bound by cache misses, and each
        // dereference (details, the pods array) was one more.
        var unschedulable: Bool
        var podCount = 0
        var taints: [Taint]
        var allocatable: Resources
        var requested = Resources()
        var details: NodeDetails
        var slot: Int
        var pods: [PodInfo] = []
        var podLabelSets: [Int32] = []
        var podsWithAffinity: [PodInfo] = []
        var podsWithRequiredAntiAffinity: [PodInfo] = []
        var nonZeroRequested = Resources()
        var usedPorts = HostPortUsage()
        /// `details.imageSizes` by the snapshot's image ids (set by the snapshot).
        var images: [NodeImage] = []

        init(details: NodeDetails, slot: Int) {
            self.details = details
            self.slot = slot
            unschedulable = details.unschedulable
            taints = details.taints
            allocatable = details.allocatable
        }

        func setDetails(_ d: NodeDetails) {
            details = d
            unschedulable = d.unschedulable
            taints = d.taints
            allocatable = d.allocatable
        }

        func copy() -> Storage {
            let c = Storage(details: details, slot: slot)
            c.podCount = podCount
            c.pods = pods
            c.podLabelSets = podLabelSets
            c.podsWithAffinity = podsWithAffinity
            c.podsWithRequiredAntiAffinity = podsWithRequiredAntiAffinity
            c.requested = requested
            c.nonZeroRequested = nonZeroRequested
            c.usedPorts = usedPorts
            c.images = images
            return c
        }
    }

    private var storage: Storage

    public init(node: Node, slot: Int = 0) {
        storage = Storage(details: NodeDetails(node), slot: slot)
    }

    private mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
    }

    public var details: NodeDetails { storage.details }
    /// Position in `ClusterSnapshot.nodes`; indexes per-node arrays such as
    /// topology domains. Maintained by the snapshot.
    public internal(set) var slot: Int {
        get { storage.slot }
        set {
            makeUnique()
            storage.slot = newValue
        }
    }
    /// Pods bound or assumed to this node.
    public var pods: [PodInfo] { storage.pods }
    /// Label-set id (in the snapshot's `LabelSetTable`) of each pod, parallel
    /// to `pods`; -1 for pods added outside a snapshot.
    public var podLabelSets: [Int32] { storage.podLabelSets }
    /// Pods with affinity terms InterPodAffinity's score reads (`PodInfo.hasScoredAffinityTerms`).
    public var podsWithAffinity: [PodInfo] { storage.podsWithAffinity }
    /// Pods with required pod anti-affinity.
    public var podsWithRequiredAntiAffinity: [PodInfo] { storage.podsWithRequiredAntiAffinity }
    /// Sum of the pods' requests.
    public var requested: Resources { storage.requested }
    /// Sum of the pods' non-zero requests (CPU and memory defaults applied).
    public var nonZeroRequested: Resources { storage.nonZeroRequested }
    public var usedPorts: HostPortUsage { storage.usedPorts }

    public var node: Node { storage.details.node }
    public var name: String { storage.details.name }
    public var labels: [String: String] { storage.details.labels }
    public var taints: [Taint] { storage.taints }
    public var unschedulable: Bool { storage.unschedulable }
    public var allocatable: Resources { storage.allocatable }
    /// `pods.count`, without loading the array.
    public var podCount: Int { storage.podCount }
    public var imageSizes: [String: Int64] { storage.details.imageSizes }
    /// The node's images by `ClusterSnapshot.imageIDs` (empty outside a snapshot).
    public var images: [NodeImage] { storage.images }

    mutating func replaceNode(_ node: Node) {
        makeUnique()
        storage.setDetails(NodeDetails(node))
    }

    mutating func setImages(_ images: [NodeImage]) {
        makeUnique()
        storage.images = images
    }

    /// Adds a pod and its requests, ports and affinity bookkeeping. O(1).
    public mutating func addPod(_ pod: PodInfo) {
        addPod(pod, labelSet: -1)
    }

    mutating func addPod(_ pod: PodInfo, labelSet: Int32) {
        makeUnique()
        let s = storage
        s.pods.append(pod)
        s.podCount = s.pods.count
        s.podLabelSets.append(labelSet)
        if pod.hasScoredAffinityTerms { s.podsWithAffinity.append(pod) }
        if pod.hasRequiredAntiAffinity { s.podsWithRequiredAntiAffinity.append(pod) }
        s.requested.add(pod.requests)
        s.nonZeroRequested.milliCPU += pod.nonZeroRequests.milliCPU
        s.nonZeroRequested.memory += pod.nonZeroRequests.memory
        if !pod.hostPorts.isEmpty { s.usedPorts.add(pod.hostPorts) }
    }

    /// The label-set id of the pod with `key` (-1 if unknown or absent).
    func labelSet(of key: PodKey) -> Int32 {
        guard let i = storage.pods.firstIndex(where: { $0.key == key }) else { return -1 }
        return storage.podLabelSets[i]
    }

    /// Removes the pod with `key`, returning it; nil if it is not on the node.
    /// O(pods on the node).
    @discardableResult
    public mutating func removePod(_ key: PodKey) -> PodInfo? {
        guard let i = storage.pods.firstIndex(where: { $0.key == key }) else { return nil }
        makeUnique()
        let s = storage
        let pod = s.pods.remove(at: i)
        s.podCount = s.pods.count
        s.podLabelSets.remove(at: i)
        if pod.hasScoredAffinityTerms, let j = s.podsWithAffinity.firstIndex(where: { $0 === pod }) {
            s.podsWithAffinity.remove(at: j)
        }
        if pod.hasRequiredAntiAffinity, let j = s.podsWithRequiredAntiAffinity.firstIndex(where: { $0 === pod }) {
            s.podsWithRequiredAntiAffinity.remove(at: j)
        }
        s.requested.subtract(pod.requests)
        s.nonZeroRequested.milliCPU -= pod.nonZeroRequests.milliCPU
        s.nonZeroRequested.memory -= pod.nonZeroRequests.memory
        if !pod.hostPorts.isEmpty { s.usedPorts.remove(pod.hostPorts) }
        return pod
    }
}

/// One image name on a node: its id in the snapshot's image table and size.
public struct NodeImage: Sendable, Equatable {
    public var id: Int32
    public var sizeBytes: Int64
}
