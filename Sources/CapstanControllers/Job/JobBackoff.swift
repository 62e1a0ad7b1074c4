import Foundation
import Synchronization

/// Failures since the Job's last success, for the delay before replacing a
/// failed pod: 10 s after the first failure, doubling, at most 6 minutes
/// (Kubernetes' pod failure backoff). Kept in memory as Kubernetes does: a
/// restarted controller starts without delays rather than guessing.
struct BackoffRecord: Sendable, Equatable {
    var failuresAfterLastSuccess = 0
    var lastFailureTime: Date?

    static let base: TimeInterval = 10
    static let cap: TimeInterval = 360

    /// How long to wait at `now` before creating replacement pods.
    func remaining(now: Date) -> TimeInterval {
        guard failuresAfterLastSuccess > 0, let last = lastFailureTime else { return 0 }
        var delay = Self.base
        for _ in 1..<failuresAfterLastSuccess {
            delay *= 2
            if delay >= Self.cap {
                delay = Self.cap
                break
            }
        }
        let elapsed = now.timeIntervalSince(last)
        return elapsed >= delay ? 0 : delay - elapsed
    }

    /// The record after newly finished pods (their finish times): a success
    /// resets the count, and only failures after the latest success count.
    func adding(succeeded: [Date], failed: [Date]) -> BackoffRecord {
        let failed = failed.sorted()
        guard let lastSuccess = succeeded.max() else {
            guard let lastFailure = failed.last else { return self }
            return BackoffRecord(failuresAfterLastSuccess: failuresAfterLastSuccess + failed.count, lastFailureTime: lastFailure)
        }
        let after = failed.filter { $0 > lastSuccess }
        return BackoffRecord(failuresAfterLastSuccess: after.count, lastFailureTime: after.last)
    }
}

/// Per-Job state the controller keeps between reconciles, keyed by Job key.
/// (Mutex-protected dictionaries: reconciles of different Jobs run on
/// different workers.)
final class JobMemory: Sendable {
    private let backoff = Mutex<[String: BackoffRecord]>([:])
    /// uids whose tracking finalizer we removed but whose update the pod
    /// informer has not delivered yet: they must not be counted again.
    private let finalizerRemovals = Mutex<[String: Set<String>]>([:])

    func backoff(_ key: String) -> BackoffRecord { backoff.withLock { $0[key] ?? BackoffRecord() } }
    func setBackoff(_ key: String, _ record: BackoffRecord) { backoff.withLock { $0[key] = record } }

    func removedFinalizer(_ key: String, uid: String) { finalizerRemovals.withLock { _ = $0[key, default: []].insert(uid) } }

    /// The uids still awaiting their update, after dropping those the
    /// cache now shows without the finalizer (or gone).
    func pendingFinalizerRemovals(_ key: String, stillHolding: Set<String>) -> Set<String> {
        finalizerRemovals.withLock { all in
            let left = (all[key] ?? []).intersection(stillHolding)
            all[key] = left.isEmpty ? nil : left
            return left
        }
    }

    func forget(_ key: String) {
        backoff.withLock { $0[key] = nil }
        finalizerRemovals.withLock { $0[key] = nil }
    }
}
