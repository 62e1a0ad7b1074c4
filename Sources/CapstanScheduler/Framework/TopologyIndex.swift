/// For every node label key, the topology domain (label value) of each node
/// slot as a small integer, so topology spread and inter-pod affinity look up
/// a node's domain by array index instead of hashing label strings per node.
/// Maintained by `ClusterSnapshot` in O(label keys) per node change.
public struct TopologyIndex: Sendable {
    /// The domains of one label key.
    public struct Domains: Sendable {
        /// Domain id of each node slot; -1 when the node lacks the label.
        public fileprivate(set) var domainOfSlot: [Int32]
        /// Label value of each domain id (ids are never reused).
        public fileprivate(set) var values: [String] = []
        /// Nodes currently in each domain.
        public fileprivate(set) var nodeCount: [Int32] = []
        fileprivate var idByValue: [String: Int32] = [:]

        fileprivate init(slots: Int) {
            domainOfSlot = Array(repeating: -1, count: slots)
        }

        /// The domain id of a label value, if some node ever had it.
        public func domain(of value: String) -> Int32? { idByValue[value] }

        /// Number of domains that currently have at least one node.
        public var populatedDomainCount: Int { nodeCount.reduce(0) { $0 + ($1 > 0 ? 1 : 0) } }

        fileprivate mutating func id(for value: String) -> Int32 {
            if let id = idByValue[value] { return id }
            let id = Int32(values.count)
            values.append(value)
            nodeCount.append(0)
            idByValue[value] = id
            return id
        }

        fileprivate mutating func assign(_ slot: Int, _ value: String?) {
            let old = domainOfSlot[slot]
            if old >= 0 { nodeCount[Int(old)] -= 1 }
            guard let value else {
                domainOfSlot[slot] = -1
                return
            }
            let id = id(for: value)
            nodeCount[Int(id)] += 1
            domainOfSlot[slot] = id
        }
    }

    public private(set) var byKey: [String: Domains] = [:]
    public private(set) var slotCount = 0

    public init() {}

    /// The domains of `key`; nil when no node ever had the label.
    public func domains(for key: String) -> Domains? { byKey[key] }

    mutating func appendSlot(labels: [String: String]) {
        let slot = slotCount
        slotCount += 1
        for i in byKey.values.indices { byKey.values[i].domainOfSlot.append(-1) }
        for (key, value) in labels {
            if byKey[key] == nil { byKey[key] = Domains(slots: slotCount) }
            byKey[key]!.assign(slot, value)
        }
    }

    mutating func updateSlot(_ slot: Int, from old: [String: String], to new: [String: String]) {
        for key in old.keys where new[key] == nil {
            byKey[key]?.assign(slot, nil)
        }
        for (key, value) in new where old[key] != value {
            if byKey[key] == nil { byKey[key] = Domains(slots: slotCount) }
            byKey[key]!.assign(slot, value)
        }
    }

    /// Removes `slot` by moving the last slot into it (as the snapshot does).
    mutating func removeSlot(_ slot: Int, labels: [String: String]) {
        for key in labels.keys { byKey[key]?.assign(slot, nil) }
        let last = slotCount - 1
        for i in byKey.values.indices {
            if slot != last { byKey.values[i].domainOfSlot[slot] = byKey.values[i].domainOfSlot[last] }
            byKey.values[i].domainOfSlot.removeLast()
        }
        slotCount -= 1
    }
}
