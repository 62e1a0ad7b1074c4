import CapstanAPI
import Foundation
import Hummingbird

/// POST pods/NAME/eviction (policy/v1 Eviction): a delete that respects
/// PodDisruptionBudgets. A ready pod covered by a budget with no disruption
/// left is refused with 429, as Kubernetes does; the budget's allowance is
/// computed from the pods as they are now (healthy vs. minAvailable or
/// maxUnavailable), so it holds without a disruption controller.
struct PodEviction {
    let server: APIServerCore

    func evict(_ request: Request, def: ResourceDefinition, rs: ResourceStore, namespace: String?, name: String) async throws -> Response {
        let handler = ResourceHandler(server: server)
        let body = try await handler.optionalBody(request) ?? .emptyObject
        let ns = namespace ?? "default"
        let pod = try await rs.get(namespace: ns, name: name)
        if Self.isHealthy(pod) {
            try await checkBudgets(pod: pod, namespace: ns)
        }
        let options = try DeleteOptions(body: body["deleteOptions"], query: [:])
        _ = try await rs.delete(namespace: ns, name: name, options: options)
        return Negotiation.createdStatus()
    }

    /// Ready and not being deleted: what a budget counts as available.
    static func isHealthy(_ pod: JSONValue) -> Bool {
        pod[path: ["metadata", "deletionTimestamp"]] == nil
            && (pod[path: ["status", "conditions"]]?.arrayValue ?? []).contains {
                $0["type"]?.stringValue == "Ready" && $0["status"]?.stringValue == "True"
            }
    }

    func checkBudgets(pod: JSONValue, namespace: String) async throws {
        // Budgets and pods as of now, not as of the last event the cache applied.
        _ = try await server.hub.sync()
        let labels = (pod[path: ["metadata", "labels"]]?.objectValue ?? [:]).compactMapValues(\.stringValue)
        var matching: [(budget: JSONValue, selector: LabelSelectorExpression)] = []
        for cached in await server.cachedObjects(group: "policy", version: "v1", plural: "poddisruptionbudgets", namespace: namespace) {
            let pdb = cached.object()
            guard let selector = pdb[path: ["spec", "selector"]], let expr = try? LabelSelectorExpression(decodingJSON: selector),
                expr.matches(labels)
            else { continue }
            matching.append((pdb, expr))
        }
        guard let (pdb, selector) = matching.first else { return }
        if matching.count > 1 {
            throw APIError(code: 500, reason: "InternalError", message: "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.")
        }
        var expected = 0
        var healthy = 0
        for cached in await server.cachedObjects(group: "", version: "v1", plural: "pods", namespace: namespace)
        where selector.matches(cached.labels) {
            let p = cached.object()
            let phase = p[path: ["status", "phase"]]?.stringValue
            if phase == "Succeeded" || phase == "Failed" { continue }
            expected += 1
            if Self.isHealthy(p) { healthy += 1 }
        }
        // Percentages round up for both fields, as Kubernetes' disruption controller does.
        func scaled(_ v: JSONValue) -> Int {
            (try? JSONValueDecoder().decode(IntOrString.self, from: v))?.scaled(total: expected, roundUp: true) ?? 0
        }
        let desired: Int
        if let min = pdb[path: ["spec", "minAvailable"]] {
            desired = scaled(min)
        } else if let max = pdb[path: ["spec", "maxUnavailable"]] {
            desired = Swift.max(expected - scaled(max), 0)
        } else {
            desired = expected
        }
        if healthy - desired <= 0 {
            let pdbName = pdb[path: ["metadata", "name"]]?.stringValue ?? ""
            throw APIError(
                code: 429, reason: "TooManyRequests", message: "Cannot evict pod as it would violate the pod's disruption budget.",
                details: StatusDetails(causes: [
                    StatusCause(reason: "DisruptionBudget", message: "The disruption budget \(pdbName) needs \(desired) healthy pods and has \(healthy) currently", field: nil)
                ]))
        }
    }
}
