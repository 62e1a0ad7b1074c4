import CapstanAPI
import CapstanClient
import Foundation

/// Kubernetes' disruption controller: keeps each PodDisruptionBudget's
/// status — expectedPods, currentHealthy, desiredHealthy,
/// disruptionsAllowed, disruptedPods, observedGeneration and the
/// DisruptionAllowed condition — in step with its pods and their
/// controllers' scale. The status is written through the status
/// subresource, only when it changed.
public struct DisruptionController: Controller {
    public let name = "disruption-controller"
    let context: ControllerContext

    public init(context: ControllerContext) { self.context = context }

    var budgets: ObjectCache { context.informers.cache(for: .podDisruptionBudgets) }
    var pods: ObjectCache { context.informers.cache(for: .pods) }
    var scale: ExpectedScale {
        ExpectedScale(
            replicaSets: context.informers.cache(for: .replicaSets), deployments: context.informers.cache(for: .deployments),
            statefulSets: context.informers.cache(for: .statefulSets))
    }

    public var sources: [EventSource] {
        let budgets = self.budgets
        let pods = self.pods
        let replicaSets = context.informers.cache(for: .replicaSets)
        // A pod concerns the budgets selecting it, before and after a label change.
        let forPods: @Sendable ([JSONValue]) -> [String] = { changed in
            var keys = Set<String>()
            for pod in changed {
                for pdb in Self.budgets(selecting: pod, in: budgets) { keys.insert(ObjectCache.key(pdb)) }
            }
            return keys.sorted()
        }
        // A controller's scale concerns the budgets of the pods it controls.
        let forController: @Sendable (JSONValue) -> [String] = { owner in
            var owned = pods.byIndex(OwnerReferences.controllerUIDIndex, OwnerReferences.uid(owner))
            for rs in replicaSets.byIndex(OwnerReferences.controllerUIDIndex, OwnerReferences.uid(owner)) {
                owned += pods.byIndex(OwnerReferences.controllerUIDIndex, OwnerReferences.uid(rs))
            }
            return forPods(owned)
        }
        return [
            .own(.podDisruptionBudgets),
            EventSource(.pods) { event in
                switch event {
                case .added(let p), .deleted(let p): forPods([p])
                case .updated(let old, let new): forPods([old, new])
                case .synced: []
                }
            },
        ]
            + [APIResource.replicaSets, .deployments, .statefulSets].map { r in
                EventSource(r) { event in
                    switch event {
                    case .added(let o), .deleted(let o): forController(o)
                    case .updated(let old, let new):
                        old[path: ["spec", "replicas"]] == new[path: ["spec", "replicas"]] ? [] : forController(new)
                    case .synced: []
                    }
                }
            }
    }

    public func object(forKey key: String) -> JSONValue? { budgets.get(key) }

    static func selector(_ pdb: JSONValue) -> LabelSelectorExpression? {
        try? LabelSelectorExpression(decodingJSON: pdb[path: ["spec", "selector"]] ?? .null)
    }

    static func budgets(selecting pod: JSONValue, in cache: ObjectCache) -> [JSONValue] {
        let labels = OwnerReferences.labels(pod)
        return cache.list(namespace: OwnerReferences.namespace(pod)).filter { selector($0)?.matches(labels) == true }
    }

    public func reconcile(_ key: String) async throws -> ReconcileResult {
        guard let pdb = budgets.get(key) else { return .done }
        let now = context.clock.now()
        do {
            return try await sync(pdb, now: now)
        } catch let e as APIStatusError where e.isConflict || e.isNotFound {
            throw e
        } catch {
            // As Kubernetes: a budget that cannot be computed allows no disruption.
            let generation = pdb[path: ["metadata", "generation"]]?.intValue ?? 0
            try await write(pdb, DisruptionBudget.failSafeStatus(replacing: pdb["status"], generation: generation, now: now, error: "\(error)"))
            return .done
        }
    }

    func sync(_ pdb: JSONValue, now: Date) async throws -> ReconcileResult {
        guard let selector = Self.selector(pdb) else {
            throw SelectorInvalid()
        }
        let selected = pods.list(namespace: OwnerReferences.namespace(pdb)).filter { selector.matches(OwnerReferences.labels($0)) }
        if selected.isEmpty { await context.recorder.record(pdb, .normal, reason: "NoPods", message: "No matching pods found") }
        var unmanaged: [String] = []
        let (expected, desired) = try DisruptionBudget.targets(spec: pdb["spec"], podCount: selected.count) {
            let r = try scale.expectedCount(selected)
            unmanaged = r.unmanaged
            return r.expected
        }
        if !unmanaged.isEmpty {
            let sel = pdb[path: ["spec", "selector"]]?.serializedString() ?? "{}"
            await context.recorder.record(
                pdb, .normal, reason: "UnmanagedPods",
                message: "Pods selected by this PodDisruptionBudget (selector: \(sel)) were found to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. To account for these pods please set \".spec.minAvailable\" field of the PDB to an integer value.")
        }
        let recorded = (pdb[path: ["status", "disruptedPods"]]?.objectValue ?? [:]).compactMapValues(\.stringValue)
        let disrupted = DisruptionBudget.disruptedPods(recorded: recorded, pods: selected, now: now)
        for name in disrupted.expired {
            if let pod = selected.first(where: { OwnerReferences.name($0) == name }) {
                await context.recorder.record(
                    pod, .warning, reason: "NotDeleted",
                    message: "Pod was expected by PDB \(OwnerReferences.namespace(pdb))/\(OwnerReferences.name(pdb)) to be deleted but it wasn't")
            }
        }
        let budget = DisruptionBudget(
            expectedPods: expected, desiredHealthy: desired,
            currentHealthy: DisruptionBudget.healthyCount(selected, disrupted: disrupted.kept), disruptedPods: disrupted.kept)
        let generation = pdb[path: ["metadata", "generation"]]?.intValue ?? 0
        try await write(pdb, budget.status(replacing: pdb["status"], generation: generation, now: now))
        // Look again when the oldest disruption record expires.
        guard let recheck = disrupted.recheck else { return .done }
        return .requeue(after: .milliseconds(Int64(max(0, recheck.timeIntervalSince(now)) * 1000) + 1))
    }

    struct SelectorInvalid: Error, CustomStringConvertible {
        var description: String { "invalid label selector" }
    }

    /// PUT status when it differs (resourceVersion guards it: 409 retries).
    func write(_ pdb: JSONValue, _ status: JSONValue) async throws {
        guard status != pdb["status"] else { return }
        var updated = pdb
        updated["status"] = status
        _ = try await context.client.update(.podDisruptionBudgets, updated, subresource: "status")
    }
}
