import CapstanAPI
import CapstanClient
import Foundation

/// Watches node heartbeats (the node's Lease in kube-node-lease and its
/// Ready condition) and, for a node silent longer than the grace period,
/// turns its conditions Unknown, marks its pods not ready, and taints it
/// unreachable (NoSchedule so nothing new lands there, NoExecute so the
/// taint eviction controller moves pods away after their tolerationSeconds).
/// It also keeps the condition taints (not-ready, memory/disk/pid pressure,
/// unschedulable) in step with the node's status, as Kubernetes'
/// TaintNodesByCondition does, and removes them when the node recovers.
public struct NodeLifecycleController: Controller {
    public struct Settings: Sendable {
        /// Kubernetes 1.32's --node-monitor-grace-period default.
        public var gracePeriod: Duration = .seconds(50)
        /// How often a healthy node is re-checked at most.
        public var monitorPeriod: Duration = .seconds(5)
        public init() {}
    }

    public let name = "node-lifecycle-controller"
    public var workers: Int { 2 }
    let context: ControllerContext
    let settings: Settings
    let nodes: ObjectCache
    let leases: ObjectCache
    let pods: ObjectCache

    public init(context: ControllerContext, settings: Settings = Settings()) {
        self.context = context
        self.settings = settings
        nodes = context.informers.cache(for: .nodes)
        leases = context.informers.cache(for: .leases)
        pods = context.informers.cache(for: .pods)
    }

    public var sources: [EventSource] {
        [
            .own(.nodes),
            EventSource(.leases) { event in
                switch event {
                case .added(let l), .updated(_, let l), .deleted(let l):
                    OwnerReferences.namespace(l) == "kube-node-lease" ? [OwnerReferences.name(l)] : []
                case .synced: []
                }
            },
        ]
    }

    public func object(forKey key: String) -> JSONValue? { nodes.get(key) }

    static let conditionTypes = ["Ready", "MemoryPressure", "DiskPressure", "PIDPressure"]

    public func reconcile(_ key: String) async throws -> ReconcileResult {
        guard var node = nodes.get(key) else { return .done }
        let now = context.clock.now()
        let grace = Self.seconds(settings.gracePeriod)
        let heartbeat = lastHeartbeat(node)
        let silentFor = now.timeIntervalSince(heartbeat)

        if silentFor >= grace, readyStatus(node) != "Unknown" {
            node = try await markUnknown(node, now: now)
            try await markPodsNotReady(onNode: key, now: now)
        }
        try await syncTaints(node, now: now)

        if silentFor >= grace { return .requeue(after: settings.monitorPeriod) }
        let remaining = grace - silentFor
        return .requeue(after: min(settings.monitorPeriod, .milliseconds(Int64((remaining * 1000).rounded(.up)))))
    }

    /// Newest of: the node Lease's renewTime, the Ready condition's
    /// lastHeartbeatTime, and the node's creation (a node that never
    /// reported gets one grace period from registration).
    func lastHeartbeat(_ node: JSONValue) -> Date {
        let name = OwnerReferences.name(node)
        var times: [Date] = []
        if let t = node[path: ["metadata", "creationTimestamp"]]?.stringValue.flatMap(Time.parse) { times.append(t) }
        if let ready = Self.condition(node, "Ready"), let t = ready["lastHeartbeatTime"]?.stringValue.flatMap(Time.parse) {
            times.append(t)
        }
        if let lease = leases.get("kube-node-lease/" + name),
            let t = lease[path: ["spec", "renewTime"]]?.stringValue.flatMap(Time.parse)
        {
            times.append(t)
        }
        return times.max() ?? .distantPast
    }

    func readyStatus(_ node: JSONValue) -> String { Self.condition(node, "Ready")?["status"]?.stringValue ?? "Unknown" }

    static func condition(_ node: JSONValue, _ type: String) -> JSONValue? {
        node[path: ["status", "conditions"]]?.arrayValue?.first { $0["type"]?.stringValue == type }
    }

    func markUnknown(_ node: JSONValue, now: Date) async throws -> JSONValue {
        let stamp = JSONValue.string(Time.format(now, fractional: false))
        var conditions = node[path: ["status", "conditions"]]?.arrayValue ?? []
        for type in Self.conditionTypes {
            let i = conditions.firstIndex { $0["type"]?.stringValue == type }
            var c: JSONValue = i.map { conditions[$0] } ?? ["type": .string(type)]
            if c["status"]?.stringValue == "Unknown" { continue }
            c["status"] = "Unknown"
            c["reason"] = "NodeStatusUnknown"
            c["message"] = "Kubelet stopped posting node status."
            c["lastTransitionTime"] = stamp
            if c["lastHeartbeatTime"] == nil { c["lastHeartbeatTime"] = stamp }
            if let i { conditions[i] = c } else { conditions.append(c) }
        }
        var updated = node
        updated[path: ["status", "conditions"]] = .array(conditions)
        // Not put into the cache: only the informer writes it, or other
        // subscribers would see an update whose old object is already new.
        let written = try await context.client.update(.nodes, updated, subresource: "status")
        await context.recorder.record(node, .normal, reason: "NodeNotReady", message: "Node \(OwnerReferences.name(node)) status is now: NodeNotReady")
        context.logger.info("node \(OwnerReferences.name(node)) stopped posting status; marked Unknown")
        return written
    }

    /// Pods on a node that cannot report them are not ready (Endpoints stop
    /// sending traffic there), as Kubernetes' MarkPodsNotReady does.
    func markPodsNotReady(onNode node: String, now: Date) async throws {
        for pod in pods.byIndex(Pods.nodeNameIndex, node) where Pods.isReady(pod) {
            var conditions = pod[path: ["status", "conditions"]]?.arrayValue ?? []
            guard let i = conditions.firstIndex(where: { $0["type"]?.stringValue == "Ready" }) else { continue }
            conditions[i]["status"] = "False"
            conditions[i]["lastTransitionTime"] = .string(Time.format(now, fractional: false))
            do {
                _ = try await context.client.patch(
                    .pods, namespace: OwnerReferences.namespace(pod), name: OwnerReferences.name(pod), .merge,
                    ["status": ["conditions": .array(conditions)]], subresource: "status")
            } catch let e as APIStatusError where e.isNotFound {}
        }
    }

    /// The taints the node's status calls for, among those this controller owns.
    static func desiredTaints(_ node: JSONValue, now: Date) -> [JSONValue] {
        var out: [JSONValue] = []
        func add(_ key: String, _ effect: String) {
            var t: JSONValue = ["key": .string(key), "effect": .string(effect)]
            if effect == "NoExecute" { t["timeAdded"] = .string(Time.format(now, fractional: false)) }
            out.append(t)
        }
        switch condition(node, "Ready")?["status"]?.stringValue ?? "Unknown" {
        case "False": add(Taints.notReady, "NoSchedule"); add(Taints.notReady, "NoExecute")
        case "True": break
        default: add(Taints.unreachable, "NoSchedule"); add(Taints.unreachable, "NoExecute")
        }
        for (type, key) in [
            ("MemoryPressure", "node.kubernetes.io/memory-pressure"), ("DiskPressure", "node.kubernetes.io/disk-pressure"),
            ("PIDPressure", "node.kubernetes.io/pid-pressure"), ("NetworkUnavailable", "node.kubernetes.io/network-unavailable"),
        ] where condition(node, type)?["status"]?.stringValue == "True" {
            add(key, "NoSchedule")
        }
        if node[path: ["spec", "unschedulable"]]?.boolValue == true { add("node.kubernetes.io/unschedulable", "NoSchedule") }
        return out
    }

    static let ownedKeys: Set<String> = [
        Taints.notReady, Taints.unreachable, "node.kubernetes.io/memory-pressure", "node.kubernetes.io/disk-pressure",
        "node.kubernetes.io/pid-pressure", "node.kubernetes.io/network-unavailable", "node.kubernetes.io/unschedulable",
    ]

    func syncTaints(_ node: JSONValue, now: Date) async throws {
        let current = Taints.of(node)
        let desired = Self.desiredTaints(node, now: now)
        var next = current.filter { t in
            // keep others' taints, and ours that are still wanted (with their original timeAdded)
            !Self.ownedKeys.contains(t["key"]?.stringValue ?? "") || desired.contains { Taints.same($0, t) }
        }
        for t in desired where !next.contains(where: { Taints.same($0, t) }) { next.append(t) }
        guard next != current else { return }
        var updated = node
        var spec = node["spec"]?.objectValue ?? [:]
        spec["taints"] = next.isEmpty ? nil : .array(next)
        updated["spec"] = .object(spec)
        _ = try await context.client.update(.nodes, updated)
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}
