import CapstanAPI
import CapstanClient
import Foundation

/// Deletes finished Jobs `spec.ttlSecondsAfterFinished` after they finished
/// (Kubernetes' ttl-after-finished controller), counting from the
/// Complete/Failed condition's transition time. The Job is re-read from the
/// API server before the delete, since its TTL may have been changed, and
/// deleted with a uid precondition so a same-named successor is safe.
///
/// Propagation is Background (Kubernetes uses Foreground, which needs a
/// garbage collector that honours `foregroundDeletion`); the pods go with
/// the garbage collector either way.
public struct TTLAfterFinishedController: Controller {
    public let name = "ttl-after-finished-controller"
    let context: ControllerContext

    public init(context: ControllerContext) {
        self.context = context
    }

    public var sources: [EventSource] { [.own(.jobs)] }

    public func object(forKey key: String) -> JSONValue? { context.informers.cache(for: .jobs).get(key) }

    public func reconcile(_ key: String) async throws -> ReconcileResult {
        guard let cached = context.informers.cache(for: .jobs).get(key) else { return .done }
        guard case .expired = expiry(of: cached) else { return result(for: expiry(of: cached)) }
        let (namespace, name) = OwnerReferences.split(key)
        let fresh: JSONValue
        do {
            fresh = try await context.client.get(.jobs, namespace: namespace, name: name)
        } catch let error as APIStatusError where error.isNotFound {
            return .done
        }
        let state = expiry(of: fresh)
        guard case .expired = state else { return result(for: state) }
        do {
            try await context.client.delete(
                .jobs, namespace: namespace, name: name, preconditionUID: OwnerReferences.uid(fresh), propagationPolicy: "Background")
            context.logger.debug("\(self.name): deleted \(key), finished more than its TTL ago")
        } catch let error as APIStatusError where error.isNotFound {
        }
        return .done
    }

    enum Expiry: Equatable {
        /// No TTL, not finished, or already being deleted.
        case notApplicable
        case pending(TimeInterval)
        case expired
    }

    func expiry(of job: JSONValue) -> Expiry {
        guard let ttl = JobSpecView(job).ttlSecondsAfterFinished, !OwnerReferences.isBeingDeleted(job),
            let finishedAt = JobConditions.finishTime(job)
        else { return .notApplicable }
        let left = finishedAt.addingTimeInterval(Double(ttl)).timeIntervalSince(context.clock.now())
        return left > 0 ? .pending(left) : .expired
    }

    func result(for expiry: Expiry) -> ReconcileResult {
        guard case .pending(let left) = expiry else { return .done }
        return .requeue(after: .milliseconds(Int64((left * 1000).rounded(.up))))
    }
}
