import CapstanAPI

/// The scheduler's view of the cluster: every node with the pods bound or
/// assumed to it, plus indexes the plugins need (topology domains, image
/// spread, nodes holding pods with affinity, namespace labels).
///
/// A value type updated incrementally from informer events: each update is
/// O(1) or O(pods on one node / labels on one node); nothing walks the
/// cluster. A scheduling cycle reads it without mutating or copying it.
/// Node slots are stable except that removing a node moves the last node
/// into the freed slot.
public struct ClusterSnapshot: Sendable {
    /// Nodes by slot.
    public private(set) var nodes: [NodeInfo] = []
    private var slotByName: [String: Int] = [:]
    /// Node name of every pod in the snapshot, including pods whose node is unknown.
    private var nodeOfPod: [PodKey: String] = [:]
    /// Pods whose node is not (or no longer) in the snapshot, kept until the
    /// node appears or the pod is removed; they count nowhere.
    private var podsOnUnknownNodes: [String: [PodInfo]] = [:]
    public private(set) var topology = TopologyIndex()
    /// Distinct label sets of the pods on known nodes.
    public private(set) var labelSets = LabelSetTable()
    /// The pods on known nodes as flat (slot, label set) arrays.
    public private(set) var podIndex = PodIndex()
    /// Image name → number of nodes having it (ImageLocality's spread).
    public private(set) var imageNodeCounts: [String: Int] = [:]
    /// Image name → dense id, so ImageLocality compares integers per node
    /// instead of hashing the name into each node's dictionary (that lookup
    /// was 9 % of the server's CPU in the scheduler benchmark). Ids are not
    /// reused; the table grows with the distinct names nodes ever reported.
    public private(set) var imageIDs: [String: Int32] = [:]
    /// Namespace name → labels, for affinity terms with a namespace selector.
    public private(set) var namespaceLabels: [String: [String: String]] = [:]
    /// Slots of nodes with at least one pod whose affinity terms
    /// InterPodAffinity's score reads (see `PodInfo.hasScoredAffinityTerms`).
    public private(set) var nodesWithPodAffinity: Set<Int> = []
    /// Existing pods' required anti-affinity terms per distinct term and node.
    private(set) var requiredAntiAffinityTerms = AntiAffinityTermIndex()

    public init() {}

    /// A snapshot of `nodes` with `pods` added (pods without `spec.nodeName` are ignored).
    public init(nodes: [Node], pods: [Pod] = []) {
        for n in nodes { upsertNode(n) }
        for p in pods { addPod(p) }
    }

    public var nodeCount: Int { nodes.count }
    public var podCount: Int { nodeOfPod.count }

    public func slot(ofNode name: String) -> Int? { slotByName[name] }

    public func node(named name: String) -> NodeInfo? {
        slotByName[name].map { nodes[$0] }
    }

    /// The node a pod in the snapshot is on.
    public func nodeName(of key: PodKey) -> String? { nodeOfPod[key] }

    // MARK: Nodes

    /// Adds a node or replaces its object (labels, taints, allocatable, images
    /// may change); the pods on it are kept. O(labels + images of the node).
    public mutating func upsertNode(_ node: Node) {
        let name = node.metadata.name ?? ""
        if let slot = slotByName[name] {
            let old = nodes[slot].details
            nodes[slot].replaceNode(node)
            let new = nodes[slot].details
            if old.labels != new.labels { topology.updateSlot(slot, from: old.labels, to: new.labels) }
            if old.imageSizes != new.imageSizes {
                countImages(old.imageSizes, -1)
                countImages(new.imageSizes, 1)
                nodes[slot].setImages(imageEntries(new.imageSizes))
            }
            return
        }
        let slot = nodes.count
        var info = NodeInfo(node: node, slot: slot)
        info.setImages(imageEntries(info.imageSizes))
        for pod in podsOnUnknownNodes.removeValue(forKey: name) ?? [] {
            let id = labelSets.retain(pod)
            info.addPod(pod, labelSet: id)
            podIndex.insert(pod.key, slot: slot, labelSet: id)
            requiredAntiAffinityTerms.count(pod, slot: slot, 1)
        }
        nodes.append(info)
        slotByName[name] = slot
        topology.appendSlot(labels: info.labels)
        countImages(info.imageSizes, 1)
        refreshAffinitySets(slot)
    }

    /// Removes a node; its pods stay known (and come back if the node does). O(pods on it).
    public mutating func removeNode(named name: String) {
        guard let slot = slotByName.removeValue(forKey: name) else { return }
        let removed = nodes[slot]
        if !removed.pods.isEmpty { podsOnUnknownNodes[name, default: []].append(contentsOf: removed.pods) }
        for id in removed.podLabelSets { labelSets.release(id) }
        for pod in removed.pods { podIndex.remove(pod.key) }
        for pod in removed.podsWithRequiredAntiAffinity { requiredAntiAffinityTerms.count(pod, slot: slot, -1) }
        countImages(removed.imageSizes, -1)
        topology.removeSlot(slot, labels: removed.labels)
        nodesWithPodAffinity.remove(slot)
        let last = nodes.count - 1
        if slot != last {
            nodes.swapAt(slot, last)
            nodes[slot].slot = slot
            slotByName[nodes[slot].name] = slot
            for pod in nodes[slot].pods { podIndex.move(pod.key, toSlot: slot) }
            requiredAntiAffinityTerms.move(nodes[slot].podsWithRequiredAntiAffinity, from: last, to: slot)
            if nodesWithPodAffinity.remove(last) != nil { nodesWithPodAffinity.insert(slot) }
        }
        nodes.removeLast()
    }

    // MARK: Pods

    /// Adds a pod bound or assumed to `spec.nodeName`. Pods without a node
    /// and finished pods (Succeeded/Failed) are ignored; adding a pod that is
    /// already present replaces it. O(pods on its node).
    public mutating func addPod(_ pod: Pod) {
        guard let nodeName = pod.spec?.nodeName, !nodeName.isEmpty, !Self.isFinished(pod) else {
            removePod(key: PodKey(pod))
            return
        }
        addPod(PodInfo(pod))
    }

    /// Adds a pod from its precomputed info (see `addPod(_: Pod)`).
    public mutating func addPod(_ info: PodInfo) {
        guard let nodeName = info.nodeName, !Self.isFinished(info.pod) else { return }
        if nodeOfPod[info.key] != nil { removePod(key: info.key) }
        nodeOfPod[info.key] = nodeName
        if let slot = slotByName[nodeName] {
            let id = labelSets.retain(info)
            nodes[slot].addPod(info, labelSet: id)
            podIndex.insert(info.key, slot: slot, labelSet: id)
            requiredAntiAffinityTerms.count(info, slot: slot, 1)
            refreshAffinitySets(slot)
        } else {
            podsOnUnknownNodes[nodeName, default: []].append(info)
        }
    }

    public mutating func removePod(_ pod: Pod) {
        removePod(key: PodKey(pod))
    }

    /// Removes a pod by namespace/name/UID; no-op if unknown. O(pods on its node).
    public mutating func removePod(key: PodKey) {
        guard let nodeName = nodeOfPod.removeValue(forKey: key) else { return }
        if let slot = slotByName[nodeName] {
            labelSets.release(nodes[slot].labelSet(of: key))
            podIndex.remove(key)
            if let removed = nodes[slot].removePod(key) { requiredAntiAffinityTerms.count(removed, slot: slot, -1) }
            refreshAffinitySets(slot)
        } else if var pending = podsOnUnknownNodes[nodeName] {
            pending.removeAll { $0.key == key }
            podsOnUnknownNodes[nodeName] = pending.isEmpty ? nil : pending
        }
    }

    /// An informer update: the old version goes, the new one comes (if it is
    /// bound and not finished).
    public mutating func updatePod(old: Pod, new: Pod) {
        removePod(key: PodKey(old))
        addPod(new)
    }

    // MARK: Namespaces

    /// Records a namespace's labels (for namespace selectors in affinity terms).
    public mutating func upsertNamespace(named name: String, labels: [String: String]) {
        namespaceLabels[name] = labels
    }

    public mutating func removeNamespace(named name: String) {
        namespaceLabels[name] = nil
    }

    // MARK: Helpers

    static func isFinished(_ pod: Pod) -> Bool {
        let phase = pod.status?.phase
        return phase == "Succeeded" || phase == "Failed"
    }

    private mutating func refreshAffinitySets(_ slot: Int) {
        if nodes[slot].podsWithAffinity.isEmpty {
            nodesWithPodAffinity.remove(slot)
        } else {
            nodesWithPodAffinity.insert(slot)
        }
    }

    private mutating func imageEntries(_ sizes: [String: Int64]) -> [NodeImage] {
        sizes.map { name, size in
            let id = imageIDs[name] ?? {
                let next = Int32(imageIDs.count)
                imageIDs[name] = next
                return next
            }()
            return NodeImage(id: id, sizeBytes: size)
        }
    }

    private mutating func countImages(_ images: [String: Int64], _ delta: Int) {
        for name in images.keys {
            let n = (imageNodeCounts[name] ?? 0) + delta
            imageNodeCounts[name] = n > 0 ? n : nil
        }
    }
}
