/// The window of revisions a store can still serve: reads at
/// [compacted, current], watches after any revision >= compacted.
struct RevisionBounds: Sendable, Equatable {
    var current: Int64
    var compacted: Int64

    /// The revision a read at `requested` (nil: current) is served at.
    func readRevision(_ requested: Int64?) throws(StoreError) -> Int64 {
        guard let requested else { return current }
        if requested < compacted {
            throw .compacted(requested: requested, compactRevision: compacted)
        }
        if requested > current {
            throw .futureRevision(requested: requested, current: current)
        }
        return requested
    }

    /// History after `afterRevision` is complete only if nothing above it was
    /// compacted away.
    func checkWatch(afterRevision: Int64) throws(StoreError) {
        if afterRevision < compacted {
            throw .compacted(requested: afterRevision, compactRevision: compacted)
        }
    }

    /// Whether compacting at `revision` has anything to do; throws when the
    /// revision is in the future.
    func needsCompaction(at revision: Int64) throws(StoreError) -> Bool {
        if revision > current {
            throw .futureRevision(requested: revision, current: current)
        }
        return revision > compacted
    }
}
