import CapstanStore
import Foundation
import Logging

/// Drops store history periodically, as kube-apiserver compacts etcd: each
/// tick compacts to the revision seen one tick earlier, so history is kept
/// for between one and two intervals. Reads and watches from before that get
/// 410 Gone.
public struct Compactor: Sendable {
    let store: any Store
    let interval: Duration
    let logger: Logger

    public init(store: any Store, interval: Duration = .seconds(300), logger: Logger) {
        self.store = store
        self.interval = interval
        self.logger = logger
    }

    public func run() async {
        var previous: Int64? = nil
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: interval)
            } catch { return }
            do {
                let current = try await store.currentRevision()
                if let previous, previous > (try await store.compactRevision()) {
                    try await store.compact(revision: previous)
                    logger.debug("compacted store to revision \(previous)")
                }
                previous = current
            } catch {
                logger.warning("compaction failed: \(error)")
            }
        }
    }
}
