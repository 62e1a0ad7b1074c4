import CapstanAPI
import CapstanClient
import Synchronization

/// Kubernetes' namespace controller: a namespace marked for deletion (it
/// has a deletionTimestamp and phase Terminating) is emptied — every
/// object of every namespaced resource deleted — and then finalized:
/// "kubernetes" is removed from spec.finalizers through the
/// namespaces/NAME/finalize subresource, after which the API server
/// removes the namespace (once metadata.finalizers are empty too).
///
/// While content remains, the status conditions say what is left and the
/// key comes back after a delay growing from 1 to 15 s.
public struct NamespaceController: Controller {
    public let name = "namespace-controller"
    let context: ControllerContext
    let deleter: NamespaceContentDeleter
    let backoff = RequeueBackoff()

    static let finalizer = "kubernetes"

    public init(context: ControllerContext) {
        self.context = context
        deleter = NamespaceContentDeleter(client: context.client)
    }

    public var sources: [EventSource] { [.own(.namespaces)] }

    public func object(forKey key: String) -> JSONValue? { context.informers.cache(for: .namespaces).get(key) }

    public func reconcile(_ key: String) async throws -> ReconcileResult {
        guard let cached = context.informers.cache(for: .namespaces).get(key), OwnerReferences.isBeingDeleted(cached) else {
            backoff.reset(key)
            return .done
        }
        // Decide on the live object: the cache may trail a finalize already done.
        let ns: JSONValue
        do {
            ns = try await context.client.get(.namespaces, name: key)
        } catch let e as APIStatusError where e.isNotFound {
            backoff.reset(key)
            return .done
        }
        guard OwnerReferences.isBeingDeleted(ns), Self.specFinalizers(ns).contains(Self.finalizer) else {
            backoff.reset(key)
            return .done
        }
        let report = await deleter.deleteContent(of: key)
        try await updateConditions(ns, report: report)
        guard report.isEmpty else { return .requeue(after: backoff.next(key)) }
        try await finalize(key)
        backoff.reset(key)
        return .done
    }

    static func specFinalizers(_ ns: JSONValue) -> [String] {
        (ns[path: ["spec", "finalizers"]]?.arrayValue ?? []).compactMap(\.stringValue)
    }

    /// Writes the five conditions (and phase Terminating) when they changed.
    func updateConditions(_ ns: JSONValue, report: NamespaceDeletionReport) async throws {
        let existing = ns[path: ["status", "conditions"]]?.arrayValue ?? []
        let conditions = NamespaceConditions.merged(
            existing, with: NamespaceConditions.conditions(for: report), now: context.clock.now())
        guard conditions != existing || ns[path: ["status", "phase"]]?.stringValue != "Terminating" else { return }
        var updated = ns
        updated[path: ["status", "phase"]] = "Terminating"
        updated[path: ["status", "conditions"]] = .array(conditions)
        _ = try await context.client.update(.namespaces, updated, subresource: "status")
    }

    /// Removes our finalizer from spec.finalizers (read fresh: the status
    /// write moved the resourceVersion, and other finalizers may have gone).
    func finalize(_ name: String) async throws {
        var ns: JSONValue
        do {
            ns = try await context.client.get(.namespaces, name: name)
        } catch let e as APIStatusError where e.isNotFound { return }
        let finalizers = Self.specFinalizers(ns)
        guard finalizers.contains(Self.finalizer) else { return }
        ns[path: ["spec", "finalizers"]] = .array(finalizers.filter { $0 != Self.finalizer }.map { .string($0) })
        _ = try await context.client.update(.namespaces, ns, subresource: "finalize")
    }
}

/// Per-key requeue delays for content that is still going away:
/// 1, 2, 4, 8, then 15 s. (Thread-safe; shared by the controller's workers.)
final class RequeueBackoff: Sendable {
    private let attempts = Mutex<[String: Int]>([:])

    func next(_ key: String) -> Duration {
        let n = attempts.withLock { a -> Int in
            let n = a[key, default: 0]
            a[key] = n + 1
            return n
        }
        return .seconds(min(1 << min(n, 4), 15))
    }

    func reset(_ key: String) { _ = attempts.withLock { $0.removeValue(forKey: key) } }
}
