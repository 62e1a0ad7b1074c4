/// Counts per (topology key, domain) built during one cycle, with dense
/// per-domain arrays taken from the snapshot's `TopologyIndex`
/// (kube-scheduler's `topologyToMatchedTermCount` / `scoreMap`).
struct DomainCounts: Sendable {
    private(set) var keys: [String] = []
    private var domainOfSlot: [[Int32]] = []
    private var counts: [[Int64]] = []
    /// Number of (key, domain) entries with a non-zero count.
    private(set) var nonZeroEntries = 0
    /// Some entry was written (even if it summed back to zero).
    private(set) var touched = false

    /// The index of `key`, registering it on first use; nil when no node has the label.
    mutating func keyIndex(_ key: String, in snapshot: ClusterSnapshot) -> Int? {
        if let i = keys.firstIndex(of: key) { return i }
        guard let domains = snapshot.topology.domains(for: key) else { return nil }
        keys.append(key)
        domainOfSlot.append(domains.domainOfSlot)
        counts.append(Array(repeating: 0, count: domains.values.count))
        return keys.count - 1
    }

    /// Adds `delta` to the domain of node `slot` for key `k`; no-op (false)
    /// when the node lacks the label.
    @discardableResult
    mutating func add(_ k: Int, slot: Int, _ delta: Int64) -> Bool {
        let d = domain(k, slot)
        guard d >= 0 else { return false }
        touched = true
        let old = counts[k][Int(d)]
        let new = old + delta
        counts[k][Int(d)] = new
        if old == 0 && new != 0 { nonZeroEntries += 1 } else if old != 0 && new == 0 { nonZeroEntries -= 1 }
        return true
    }

    /// The count of the node's domain for key `k`; nil when the node lacks the label.
    @inline(__always)
    func count(_ k: Int, slot: Int) -> Int64? {
        let d = domain(k, slot)
        return d >= 0 ? counts[k][Int(d)] : nil
    }

    @inline(__always)
    private func domain(_ k: Int, _ slot: Int) -> Int32 {
        let domains = domainOfSlot[k]
        return slot < domains.count ? domains[slot] : -1
    }
}
