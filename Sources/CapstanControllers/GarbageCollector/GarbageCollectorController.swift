import CapstanAPI
import CapstanClient

/// Runs the `GarbageCollector` under the controller manager.
///
/// The collector's event sources are not known up front (they come from
/// discovery and grow with CRDs) and it keeps two queues of its own, so it
/// does not fit the runner's fixed `sources`. The runner starts it once
/// through one key, queued when the namespace informer has synced, and the
/// reconcile of that key *is* the collector's run: it returns only when the
/// manager cancels the term, so the collector's tasks stay children of the
/// runner's and stop with it. (A `run()` hook on `Controller` would say
/// this more directly; see the report.)
public struct GarbageCollectorController: Controller {
    public let name = "garbage-collector-controller"
    public var workers: Int { 1 }
    public let collector: GarbageCollector
    static let runKey = "garbage-collector"

    public init(context: ControllerContext) {
        collector = GarbageCollector(context: context)
    }

    public var sources: [EventSource] {
        [
            EventSource(.namespaces) { event in
                if case .synced = event { return [Self.runKey] }
                return []
            }
        ]
    }

    public func reconcile(_ key: String) async throws -> ReconcileResult {
        guard key == Self.runKey else { return .done }
        await collector.run()
        // Only cancellation ends run(); should it return otherwise, start again.
        return Task.isCancelled ? .done : .requeue(after: .seconds(1))
    }
}
