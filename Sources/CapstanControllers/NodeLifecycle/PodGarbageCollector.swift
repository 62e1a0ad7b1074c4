import CapstanAPI
import CapstanClient
import Foundation

/// Removes pods bound to nodes that no longer exist (Kubernetes' pod GC,
/// orphaned-pod part): nothing will ever run or finalize them, so they are
/// deleted with grace period 0. Absence of the node is confirmed with a
/// live read, since the node cache can lag a just-registered node.
public struct PodGarbageCollector: Controller {
    public let name = "pod-garbage-collector"
    public var workers: Int { 1 }
    let context: ControllerContext
    let nodes: ObjectCache
    let pods: ObjectCache

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
        else { return .done }
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
