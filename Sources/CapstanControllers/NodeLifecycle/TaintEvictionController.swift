import CapstanAPI
import CapstanClient
import Foundation

/// Deletes pods from nodes with NoExecute taints they do not tolerate:
/// at once without a matching toleration, otherwise once the shortest
/// matching tolerationSeconds has passed since the taint was added
/// (Kubernetes' taint eviction controller). The pod gets the
/// DisruptionTarget condition first, so its owner and users can see why.
public struct TaintEvictionController: Controller {
    public let name = "taint-eviction-controller"
    public var workers: Int { 4 }
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
        return [
            EventSource(.pods) { event in
                switch event {
                case .added(let p), .updated(_, let p):
                    p[path: ["spec", "nodeName"]]?.stringValue == nil ? [] : [ObjectCache.key(p)]
                case .deleted, .synced: []
                }
            },
            EventSource(.nodes) { event in
                switch event {
                case .added(let n):
                    return Self.hasNoExecute(n) ? pods.byIndex(Pods.nodeNameIndex, OwnerReferences.name(n)).map(ObjectCache.key) : []
                case .updated(let old, let n):
                    // Only a change of NoExecute taints can change a verdict.
                    guard Self.noExecute(old) != Self.noExecute(n) else { return [] }
                    return pods.byIndex(Pods.nodeNameIndex, OwnerReferences.name(n)).map(ObjectCache.key)
                case .deleted, .synced: return []
                }
            },
        ]
    }

    static func noExecute(_ node: JSONValue) -> [JSONValue] {
        Taints.of(node).filter { $0["effect"]?.stringValue == "NoExecute" }
    }
    static func hasNoExecute(_ node: JSONValue) -> Bool { !noExecute(node).isEmpty }

    public func object(forKey key: String) -> JSONValue? { pods.get(key) }

    /// When the pod must go: nil if never (all taints tolerated forever).
    static func evictionTime(pod: JSONValue, taints: [JSONValue], now: Date) -> Date? {
        let tolerations = pod[path: ["spec", "tolerations"]]?.arrayValue ?? []
        var deadline: Date? = nil
        for taint in taints {
            let matching = tolerations.filter { Taints.tolerates($0, taint) }
            if matching.isEmpty { return now }
            let limits = matching.compactMap { $0["tolerationSeconds"]?.intValue }
            guard limits.count == matching.count, let shortest = limits.min() else { continue }  // one tolerates forever
            let added = taint["timeAdded"]?.stringValue.flatMap(Time.parse) ?? now
            let due = added.addingTimeInterval(TimeInterval(max(0, shortest)))
            deadline = min(deadline ?? due, due)
        }
        return deadline
    }

    public func reconcile(_ key: String) async throws -> ReconcileResult {
        guard let pod = pods.get(key), !OwnerReferences.isBeingDeleted(pod),
            let nodeName = pod[path: ["spec", "nodeName"]]?.stringValue, let node = nodes.get(nodeName)
        else { return .done }
        let taints = Self.noExecute(node)
        guard !taints.isEmpty else { return .done }
        let now = context.clock.now()
        guard let due = Self.evictionTime(pod: pod, taints: taints, now: now) else { return .done }
        if due > now {
            return .requeue(after: .milliseconds(Int64((due.timeIntervalSince(now) * 1000).rounded(.up))))
        }
        let (ns, name) = OwnerReferences.split(key)
        await context.recorder.record(pod, .normal, reason: "TaintManagerEviction", message: "Marking for deletion Pod \(key)")
        var conditions = pod[path: ["status", "conditions"]]?.arrayValue ?? []
        if !conditions.contains(where: { $0["type"]?.stringValue == "DisruptionTarget" }) {
            conditions.append([
                "type": "DisruptionTarget", "status": "True", "reason": "DeletionByTaintManager",
                "message": "Taint manager: deleting due to NoExecute taint", "lastTransitionTime": .string(Time.format(now, fractional: false)),
            ])
            do {
                _ = try await context.client.patch(
                    .pods, namespace: ns, name: name, .merge, ["status": ["conditions": .array(conditions)]], subresource: "status")
            } catch let e as APIStatusError where e.isNotFound { return .done }
        }
        do {
            try await context.client.delete(.pods, namespace: ns, name: name, preconditionUID: OwnerReferences.uid(pod))
        } catch let e as APIStatusError where e.isNotFound || e.isConflict {}
        return .done
    }
}
