import Foundation
import Synchronization

/// What a controller has asked for and not yet seen in its informer
/// (client-go's ControllerExpectations). A ReplicaSet that created 5 pods
/// must not create 5 more just because the watch has not delivered them
/// yet: it raises expectations before the writes, the informer lowers them
/// as the pods arrive, and `satisfied` gates the next sync. Expectations
/// expire after `ttl`, so a lost event cannot wedge a controller.
public final class Expectations: Sendable {
    struct Entry {
        var adds: Int
        var deletes: Int
        /// uids expected to disappear, so a delete event is counted once
        var deleting: Set<String>
        var timestamp: Date
    }
    private let entries = Mutex<[String: Entry]>([:])
    let clock: any ControllerClock
    let ttl: TimeInterval

    public init(clock: any ControllerClock, ttl: TimeInterval = 300) {
        self.clock = clock
        self.ttl = ttl
    }

    public func expect(_ key: String, adds: Int = 0, deletingUIDs: [String] = []) {
        let now = clock.now()
        entries.withLock {
            $0[key] = Entry(adds: adds, deletes: deletingUIDs.count, deleting: Set(deletingUIDs), timestamp: now)
        }
    }

    public func creationObserved(_ key: String) {
        entries.withLock { e in e[key]?.adds -= 1 }
    }

    /// A create call failed: the object will never be observed.
    public func creationFailed(_ key: String) { creationObserved(key) }

    public func deletionObserved(_ key: String, uid: String) {
        entries.withLock { e in
            guard e[key]?.deleting.remove(uid) != nil else { return }
            e[key]?.deletes -= 1
        }
    }

    public func satisfied(_ key: String) -> Bool {
        let now = clock.now()
        return entries.withLock { e in
            guard let entry = e[key] else { return true }
            if entry.adds <= 0 && entry.deletes <= 0 { return true }
            return now.timeIntervalSince(entry.timestamp) > ttl
        }
    }

    public func forget(_ key: String) { entries.withLock { $0[key] = nil } }
}
