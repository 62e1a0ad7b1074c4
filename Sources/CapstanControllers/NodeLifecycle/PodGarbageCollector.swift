import CapstanAPI
import CapstanClient
import Foundation
import Synchronization

/// Removes pods bound to nodes that no longer exist (Kubernetes' pod GC,
/// orphaned-pod part): nothing will ever run or finalize them, so they are
/// deleted with grace period 0. As in Kubernetes, a node must have been
/// missing for a quarantine period (40 s) before its pods go — a pod may be
/// bound just before its node registers — and its absence is confirmed
/// with a live read, since the node cache can lag.
public struct PodGarbageCollector: Controller {
    public let name = "pod-garbage-collector"
    public var workers: Int { 1 }
    static let quarantine: TimeInterval = 40
    let context: ControllerContext
    let nodes: ObjectCache
    let pods: ObjectCache
    /// When each pod was first seen bound to a missing node.
    let firstMissing = FirstSeen()

    public init(context: ControllerContext) {
        self.context = context
        nodes = context.informers.cache(for: .nodes)
        pods = context.informers.cache(for: .pods)
    }

    public var sources: [EventSource] {
        let pods = self.pods
        let nodes = self.nodes
        return [
            EventSource(.pods) { event in
                guard case .added(let p) = event, let n = p[path: ["spec", "nodeName"]]?.stringValue, nodes.get(n) == nil else { return [] }
                return [ObjectCache.key(p)]
            },
            EventSource(.nodes) { event in
                guard case .deleted(let n) = event else { return [] }
                return pods.byIndex(Pods.nodeNameIndex, OwnerReferences.name(n)).map(ObjectCache.key)
            },
        ]
    }

    public func reconcile(_ key: String) async throws -> ReconcileResult {
        guard let pod = pods.get(key), let nodeName = pod[path: ["spec", "nodeName"]]?.stringValue,
            nodes.get(nodeName) == nil
        else {
            firstMissing.forget(key)
            return .done
        }
        let now = context.clock.now()
        let waited = now.timeIntervalSince(firstMissing.first(key, now: now))
        if waited < Self.quarantine {
            return .requeue(after: .milliseconds(Int64(((Self.quarantine - waited) * 1000).rounded(.up))))
        }
        firstMissing.forget(key)
        do {
            _ = try await context.client.get(.nodes, name: nodeName)
            return .done  // the node exists; the cache was behind
        } catch let e as APIStatusError where e.isNotFound {}
        let (ns, name) = OwnerReferences.split(key)
        context.logger.info("deleting pod \(key) bound to missing node \(nodeName)")
        do {
            try await context.client.delete(.pods, namespace: ns, name: name, gracePeriodSeconds: 0, preconditionUID: OwnerReferences.uid(pod))
        } catch let e as APIStatusError where e.isNotFound || e.isConflict {}
        return .done
    }
}

/// When each key was first seen in some condition. Thread-safe (a mutex).
final class FirstSeen: Sendable {
    private let times = Mutex<[String: Date]>([:])

    /// The time `key` was first reported; `now` if this is the first time.
    func first(_ key: String, now: Date) -> Date {
        times.withLock { seen in
            if let t = seen[key] { return t }
            seen[key] = now
            return now
        }
    }

    func forget(_ key: String) { times.withLock { _ = $0.removeValue(forKey: key) } }
}
