import Foundation
import Synchronization

/// Time as controllers see it. Injected so tests drive it by hand: every
/// delay in the controllers (requeue after, backoff, deadlines, lease
/// renewals) goes through `now()` and `sleep(for:)`.
public protocol ControllerClock: Sendable {
    func now() -> Date
    func sleep(for duration: Duration) async throws
}

public struct SystemClock: ControllerClock {
    public init() {}
    public func now() -> Date { Date() }
    public func sleep(for duration: Duration) async throws { try await Task.sleep(for: duration) }
}

/// A clock that moves only when `advance(by:)` is called; sleepers whose
/// deadline has passed are resumed then, in deadline order.
public final class ManualClock: ControllerClock {
    struct Sleeper {
        var deadline: Date
        var id: Int
        var continuation: CheckedContinuation<Void, any Error>
    }
    struct State {
        var now: Date
        var sleepers: [Sleeper] = []
        var nextID = 0
    }
    private let state: Mutex<State>

    public init(now: Date = Date(timeIntervalSince1970: 1_800_000_000)) {
        state = Mutex(State(now: now))
    }

    public func now() -> Date { state.withLock { $0.now } }

    /// Number of tasks currently sleeping on this clock.
    public var sleeperCount: Int { state.withLock { $0.sleepers.count } }

    public func sleep(for duration: Duration) async throws {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        let id = state.withLock { s in
            s.nextID += 1
            return s.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (c: CheckedContinuation<Void, any Error>) in
                let resumeNow = state.withLock { s -> Bool in
                    let deadline = s.now.addingTimeInterval(seconds)
                    if seconds <= 0 { return true }
                    s.sleepers.append(Sleeper(deadline: deadline, id: id, continuation: c))
                    return false
                }
                if resumeNow { c.resume() }
            }
        } onCancel: {
            let c = state.withLock { s -> CheckedContinuation<Void, any Error>? in
                guard let i = s.sleepers.firstIndex(where: { $0.id == id }) else { return nil }
                return s.sleepers.remove(at: i).continuation
            }
            c?.resume(throwing: CancellationError())
        }
    }

    public func advance(by duration: Duration) {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        let due = state.withLock { s -> [Sleeper] in
            s.now = s.now.addingTimeInterval(seconds)
            let now = s.now
            let due = s.sleepers.filter { $0.deadline <= now }.sorted { ($0.deadline, $0.id) < ($1.deadline, $1.id) }
            s.sleepers.removeAll { $0.deadline <= now }
            return due
        }
        for s in due { s.continuation.resume() }
    }
}
