import CapstanAPI
import Foundation

/// What one DaemonSet sync does, decided from the cache before any API
/// call (Kubernetes' manage + rollingUpdate):
/// - `manage`: a pod on every node that should run one, none elsewhere,
///   failed pods replaced, duplicates on a node removed (oldest kept);
///   pods for nodes that no longer exist deleted.
/// - `rollingUpdate` (only when `manage` had nothing to do): old pods
///   deleted while at most maxUnavailable nodes are without an available
///   new pod; with maxSurge, new pods started beside available old ones
///   and the old deleted once the new is available.
struct DaemonSetPlan: Sendable {
    struct Deletion: Equatable, Sendable {
        enum Reason: Equatable, Sendable { case failed, excess, misscheduled, orphaned, update }
        var name: String
        var uid: String
        var node: String
        var reason: Reason
    }

    struct Actions: Equatable, Sendable {
        var createOn: [String] = []
        var delete: [Deletion] = []
        var isEmpty: Bool { createOn.isEmpty && delete.isEmpty }
    }

    var nodes: [JSONValue]
    /// node name → the DaemonSet's pods targeting it (finished pods being deleted excluded).
    var podsByNode: [String: [JSONValue]]
    var verdicts: [String: NodeEligibility.Verdict]
    var hash: String
    var minReadySeconds: Int64
    var rollingUpdate: Bool
    var maxSurge: IntOrString?
    var maxUnavailable: IntOrString?
    var now: Date

    init(ds: JSONValue, nodes: [JSONValue], pods: [JSONValue], hash: String, now: Date) {
        let spec = ds["spec"] ?? .emptyObject
        let podSpec = DaemonPods.effectiveTemplate(ds)["spec"] ?? .emptyObject
        self.nodes = nodes.sorted { OwnerReferences.name($0) < OwnerReferences.name($1) }
        var verdicts: [String: NodeEligibility.Verdict] = [:]
        for n in nodes { verdicts[OwnerReferences.name(n)] = NodeEligibility.evaluate(node: n, podSpec: podSpec) }
        self.verdicts = verdicts
        var byNode: [String: [JSONValue]] = [:]
        for p in pods where !(OwnerReferences.isBeingDeleted(p) && ["Failed", "Succeeded"].contains(Pods.phase(p))) {
            guard let node = DaemonPods.targetNode(of: p) else { continue }
            byNode[node, default: []].append(p)
        }
        self.podsByNode = byNode
        self.hash = hash
        self.minReadySeconds = spec["minReadySeconds"]?.intValue ?? 0
        self.rollingUpdate = (spec[path: ["updateStrategy", "type"]]?.stringValue ?? "RollingUpdate") == "RollingUpdate"
        self.maxSurge = spec[path: ["updateStrategy", "rollingUpdate", "maxSurge"]].flatMap { try? JSONValueDecoder().decode(IntOrString.self, from: $0) }
        self.maxUnavailable = spec[path: ["updateStrategy", "rollingUpdate", "maxUnavailable"]].flatMap { try? JSONValueDecoder().decode(IntOrString.self, from: $0) }
        self.now = now
    }

    var desiredNumberScheduled: Int { verdicts.values.filter(\.shouldRun).count }

    /// (maxSurge, maxUnavailable) over the desired node count, rounded up;
    /// both zero falls back to one unavailable, as Kubernetes does.
    var limits: (surge: Int, unavailable: Int) {
        guard rollingUpdate else { return (0, 1) }
        let total = desiredNumberScheduled
        let surge = maxSurge?.scaled(total: total, roundUp: true) ?? 0
        let unavailable = maxUnavailable?.scaled(total: total, roundUp: true) ?? 1
        return surge == 0 && unavailable == 0 ? (0, 1) : (surge, unavailable)
    }

    func actions() -> Actions {
        let m = manage()
        return m.isEmpty && rollingUpdate ? rollout() : m
    }

    func manage() -> Actions {
        var a = Actions()
        let surging = limits.surge > 0
        for node in nodes {
            let name = OwnerReferences.name(node)
            let verdict = verdicts[name] ?? .no
            let pods = podsByNode[name] ?? []
            if verdict.shouldRun && pods.isEmpty {
                a.createOn.append(name)
            } else if verdict.shouldContinueRunning {
                var running: [JSONValue] = []
                for p in pods where !OwnerReferences.isBeingDeleted(p) {
                    if ["Failed", "Succeeded"].contains(Pods.phase(p)) { a.delete.append(deletion(p, name, .failed)) } else { running.append(p) }
                }
                let keep = surging ? keepWhileSurging(running) : Array(DaemonPods.oldestFirst(running).prefix(1))
                for p in running where !keep.contains(p) { a.delete.append(deletion(p, name, .excess)) }
                // Surging keeps a pod on the node at all times: replace at once.
                if surging && running.isEmpty && verdict.shouldRun { a.createOn.append(name) }
            } else {
                for p in pods where !OwnerReferences.isBeingDeleted(p) { a.delete.append(deletion(p, name, .misscheduled)) }
            }
        }
        // Pods whose node is gone (the brief asks for this; Kubernetes leaves bound ones to the pod GC).
        let known = Set(verdicts.keys)
        for (node, pods) in podsByNode.sorted(by: { $0.key < $1.key }) where !known.contains(node) {
            for p in pods where !OwnerReferences.isBeingDeleted(p) { a.delete.append(deletion(p, node, .orphaned)) }
        }
        return a
    }

    /// With surge, an old and a new pod may share a node only while the new
    /// one is not Ready and the old one is; otherwise one (the new) is kept.
    func keepWhileSurging(_ running: [JSONValue]) -> [JSONValue] {
        let sorted = DaemonPods.oldestFirst(running)
        let oldestNew = sorted.first { DaemonPods.hash(of: $0) == hash }
        let oldestOld = sorted.first { DaemonPods.hash(of: $0) != hash }
        guard let oldestNew, let oldestOld else { return [oldestNew ?? oldestOld].compactMap { $0 } }
        return Pods.isReady(oldestOld) && !Pods.isReady(oldestNew) ? [oldestNew, oldestOld] : [oldestNew]
    }

    func rollout() -> Actions {
        var a = Actions()
        let (maxSurge, maxUnavailable) = limits
        // Nodes counting against the budget: unavailable (no surge) or surging.
        var spent = 0
        var candidates: [(node: String, pod: JSONValue)] = []
        // Old pods that are unavailable anyway: replaced without budget.
        var immediate: [(node: String, pod: JSONValue)] = []
        for (node, pods) in podsByNode.sorted(by: { $0.key < $1.key }) {
            guard let (new, old) = split(pods) else {
                spent += 1  // several pods: manage sorts the node out first
                continue
            }
            if maxSurge == 0 {
                switch (new, old) {
                case (nil, let old?): if available(old) { candidates.append((node, old)) } else { immediate.append((node, old)) }
                case (let new?, nil): if !available(new) { spent += 1 }
                default: spent += 1  // none or both: manage's business
                }
            } else {
                switch (new, old) {
                case (nil, let old?): if available(old) { candidates.append((node, old)) } else { immediate.append((node, old)) }
                case (let new?, let old?): if available(new) { a.delete.append(deletion(old, node, .update)) } else { spent += 1 }
                default: break  // no old pod: nothing to update
                }
            }
        }
        let chosen = immediate + candidates.prefix(max(0, (maxSurge > 0 ? maxSurge : maxUnavailable) - spent))
        if maxSurge > 0 {
            a.createOn += chosen.map(\.node)
        } else {
            a.delete += chosen.map { deletion($0.pod, $0.node, .update) }
        }
        return a
    }

    /// The node's live new and old pod; nil when there is more than one of either.
    func split(_ pods: [JSONValue]) -> (new: JSONValue?, old: JSONValue?)? {
        var new: JSONValue?, old: JSONValue?
        for p in pods where !OwnerReferences.isBeingDeleted(p) {
            if DaemonPods.hash(of: p) == hash {
                if new != nil { return nil }
                new = p
            } else {
                if old != nil { return nil }
                old = p
            }
        }
        return (new, old)
    }

    func available(_ pod: JSONValue) -> Bool { Pods.isAvailable(pod, minReadySeconds: minReadySeconds, now: now) }

    func deletion(_ pod: JSONValue, _ node: String, _ reason: Deletion.Reason) -> Deletion {
        Deletion(name: OwnerReferences.name(pod), uid: OwnerReferences.uid(pod), node: node, reason: reason)
    }
}
