/// The distinct (namespace, labels, terminating) combinations of the pods in
/// a snapshot, each with a small integer id. Pods of one controller share a
/// combination, so topology spread and inter-pod affinity evaluate a
/// selector once per combination per cycle (`LabelSetCache`) instead of once
/// per pod. Ids are reference-counted and reused.
public struct LabelSetTable: Sendable {
    public struct Entry: Sendable, Hashable {
        public var namespace: String
        public var labels: [String: String]
        /// `metadata.deletionTimestamp` is set (topology spread ignores such pods).
        public var terminating: Bool
    }

    private var idByEntry: [Entry: Int32] = [:]
    public private(set) var entries: [Entry] = []
    private var refCounts: [Int32] = []
    private var freeIDs: [Int32] = []

    public init() {}

    /// Number of ids in use or free (the size a per-cycle cache needs).
    public var capacity: Int { entries.count }

    static func entry(of pod: PodInfo) -> Entry {
        Entry(namespace: pod.namespace, labels: pod.labels, terminating: pod.isTerminating)
    }

    /// The id of the pod's combination, if some pod in the table has it.
    public func id(of pod: PodInfo) -> Int32? { idByEntry[Self.entry(of: pod)] }

    /// Counts one more pod with the combination; returns its id.
    mutating func retain(_ pod: PodInfo) -> Int32 {
        let e = Self.entry(of: pod)
        if let id = idByEntry[e] {
            refCounts[Int(id)] += 1
            return id
        }
        let id: Int32
        if let reused = freeIDs.popLast() {
            id = reused
            entries[Int(id)] = e
            refCounts[Int(id)] = 1
        } else {
            id = Int32(entries.count)
            entries.append(e)
            refCounts.append(1)
        }
        idByEntry[e] = id
        return id
    }

    /// Counts one pod less; the id is freed when no pod has it any more.
    mutating func release(_ id: Int32) {
        guard id >= 0, Int(id) < refCounts.count, refCounts[Int(id)] > 0 else { return }
        refCounts[Int(id)] -= 1
        if refCounts[Int(id)] == 0 {
            idByEntry[entries[Int(id)]] = nil
            entries[Int(id)] = Entry(namespace: "", labels: [:], terminating: false)
            freeIDs.append(id)
        }
    }
}

/// Per-cycle memo of a predicate over label-set ids.
struct LabelSetCache {
    private var known: [UInt8]

    init(capacity: Int) {
        known = Array(repeating: 0, count: capacity)
    }

    /// The predicate's value for `id`, computing it from the table entry once.
    @inline(__always)
    mutating func matches(_ id: Int32, in table: LabelSetTable,
                          _ predicate: (LabelSetTable.Entry) -> Bool) -> Bool {
        let i = Int(id)
        switch known[i] {
        case 1: return false
        case 2: return true
        default:
            let m = predicate(table.entries[i])
            known[i] = m ? 2 : 1
            return m
        }
    }
}
