import CapstanAPI
import CapstanClient
import Foundation
import Synchronization

/// Gives every node a pod range: a node without spec.podCIDR gets the
/// lowest subnet of the cluster CIDR (default 10.42.0.0/16, /24 each) that
/// no other node holds, written to spec.podCIDR and spec.podCIDRs
/// (Kubernetes' RangeAllocator). The node agent builds its CNI
/// configuration from it.
///
/// What is taken is read from the node cache on every reconcile, so a
/// restarted controller never hands out a range twice. The one gap a cache
/// leaves—an assignment written but not yet seen by the informer—is
/// covered by `pending`, ranges assigned by this process and not yet
/// observed; one worker keeps two nodes from racing for the same range.
/// When the cluster CIDR is exhausted the node gets a CIDRNotAvailable
/// Event and waits: deleting a node re-queues every node still without one.
public struct NodeIPAMController: Controller {
    public struct Settings: Sendable {
        /// `capstan server --cluster-cidr`.
        public var clusterCIDR = "10.42.0.0/16"
        /// `capstan server --node-cidr-mask-size`.
        public var nodeCIDRMaskSize = 24
        public init() {}
    }

    public let name = "node-ipam-controller"
    public var workers: Int { 1 }
    let context: ControllerContext
    let settings: Settings
    let nodes: ObjectCache
    let pending: PendingAllocations

    public init(context: ControllerContext, settings: Settings = Settings()) {
        self.context = context
        self.settings = settings
        nodes = context.informers.cache(for: .nodes)
        pending = PendingAllocations()
    }

    public var sources: [EventSource] {
        let nodes = self.nodes
        return [
            EventSource(.nodes) { event in
                switch event {
                case .added(let n), .updated(_, let n):
                    Self.podCIDR(n) == nil ? [OwnerReferences.name(n)] : []
                case .deleted:
                    // A range may have come free.
                    nodes.items.filter { Self.podCIDR($0) == nil }.map(OwnerReferences.name)
                case .synced: []
                }
            }
        ]
    }

    public func object(forKey key: String) -> JSONValue? { nodes.get(key) }

    static func podCIDR(_ node: JSONValue) -> String? {
        let cidr = node[path: ["spec", "podCIDR"]]?.stringValue ?? node[path: ["spec", "podCIDRs"]]?.arrayValue?.first?.stringValue
        return (cidr ?? "").isEmpty ? nil : cidr
    }

    public func reconcile(_ key: String) async throws -> ReconcileResult {
        guard let node = nodes.get(key), Self.podCIDR(node) == nil, !OwnerReferences.isBeingDeleted(node) else { return .done }
        guard let cluster = IPv4CIDR(settings.clusterCIDR, strict: true),
            let count = cluster.subnetCount(prefixLength: settings.nodeCIDRMaskSize)
        else {
            // Checked at startup by the server; a bad value here is a programming error, not worth retrying.
            context.logger.error("node-ipam: cluster CIDR \(settings.clusterCIDR) cannot hold /\(settings.nodeCIDRMaskSize) ranges")
            return .done
        }
        let all = nodes.items
        pending.forgetObserved(nodes: all)
        let taken = all.compactMap { Self.podCIDR($0).flatMap { IPv4CIDR($0) } } + pending.ranges(excludingNode: key)
        // A range already handed to this node (write not yet seen) is kept, not replaced by a lower one.
        guard let free = pending.range(of: key)
            ?? Self.lowestFree(in: cluster, maskSize: settings.nodeCIDRMaskSize, count: count, taken: taken)
        else {
            await context.recorder.record(
                node, .warning, reason: "CIDRNotAvailable",
                message: "Node \(key) status is now: CIDRNotAvailable (no /\(settings.nodeCIDRMaskSize) left in \(settings.clusterCIDR))")
            context.logger.warning("node-ipam: no free /\(settings.nodeCIDRMaskSize) in \(settings.clusterCIDR) for node \(key)")
            return .done
        }
        var updated = node
        updated[path: ["spec", "podCIDR"]] = .string(free.description)
        updated[path: ["spec", "podCIDRs"]] = [.string(free.description)]
        pending.add(free, node: key)
        do {
            // An update with the cached resourceVersion: a conflict means the
            // node changed (maybe someone set a CIDR); the retry re-reads.
            _ = try await context.client.update(.nodes, updated)
        } catch let e as APIStatusError where e.isNotFound {
            pending.remove(node: key)
            return .done
        } catch {
            pending.remove(node: key)
            throw error
        }
        await context.recorder.record(node, .normal, reason: "CIDRAssignmentSucceeded", message: "Node \(key) was assigned pod CIDR \(free)")
        context.logger.info("node-ipam: node \(key) gets pod CIDR \(free)")
        return .done
    }

    /// The lowest `maskSize` subnet of `cluster` overlapping nothing in `taken`.
    static func lowestFree(in cluster: IPv4CIDR, maskSize: Int, count: Int, taken: [IPv4CIDR]) -> IPv4CIDR? {
        let relevant = taken.filter { $0.overlaps(cluster) }
        for i in 0..<count {
            guard let candidate = cluster.subnet(prefixLength: maskSize, index: i) else { return nil }
            if !relevant.contains(where: { $0.overlaps(candidate) }) { return candidate }
        }
        return nil
    }
}

/// Ranges this process assigned whose node the cache has not yet shown
/// with a CIDR. Shared by the controller's (single) worker and nothing
/// else; a Mutex because the controller value is Sendable.
final class PendingAllocations: Sendable {
    private let state = Mutex<[String: IPv4CIDR]>([:])  // node name → range

    func add(_ range: IPv4CIDR, node: String) { state.withLock { $0[node] = range } }
    func range(of node: String) -> IPv4CIDR? { state.withLock { $0[node] } }
    func remove(node: String) { _ = state.withLock { $0.removeValue(forKey: node) } }
    func ranges(excludingNode node: String) -> [IPv4CIDR] {
        state.withLock { s in s.filter { $0.key != node }.map(\.value) }
    }

    /// Drops entries whose node is gone or now shows a CIDR in the cache.
    func forgetObserved(nodes: [JSONValue]) {
        let byName = Dictionary(nodes.map { (OwnerReferences.name($0), $0) }, uniquingKeysWith: { a, _ in a })
        state.withLock { s in
            s = s.filter { name, _ in byName[name].map { NodeIPAMController.podCIDR($0) == nil } ?? false }
        }
    }
}
