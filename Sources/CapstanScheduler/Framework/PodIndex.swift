/// Every pod on a known node as parallel flat arrays (node slot, label-set
/// id), so "count the pods matching a selector per topology domain" is one
/// tight pass over integers instead of a walk through every node's pods.
/// Order is arbitrary (removal moves the last entry into the hole).
public struct PodIndex: Sendable {
    /// Node slot of each entry.
    public private(set) var slots: [Int32] = []
    /// Label-set id (`ClusterSnapshot.labelSets`) of each entry.
    public private(set) var labelSets: [Int32] = []
    private var keys: [PodKey] = []
    private var position: [PodKey: Int] = [:]

    public init() {}

    public var count: Int { slots.count }

    mutating func insert(_ key: PodKey, slot: Int, labelSet: Int32) {
        if position[key] != nil { remove(key) }
        position[key] = slots.count
        keys.append(key)
        slots.append(Int32(slot))
        labelSets.append(labelSet)
    }

    mutating func remove(_ key: PodKey) {
        guard let i = position.removeValue(forKey: key) else { return }
        let last = slots.count - 1
        if i != last {
            slots[i] = slots[last]
            labelSets[i] = labelSets[last]
            keys[i] = keys[last]
            position[keys[i]] = i
        }
        slots.removeLast()
        labelSets.removeLast()
        keys.removeLast()
    }

    mutating func move(_ key: PodKey, toSlot slot: Int) {
        if let i = position[key] { slots[i] = Int32(slot) }
    }
}
