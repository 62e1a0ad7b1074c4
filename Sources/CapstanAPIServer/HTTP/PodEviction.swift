import CapstanAPI
import CapstanStore
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
        if Self.isReady(pod) && pod[path: ["metadata", "deletionTimestamp"]] == nil {
            try await checkBudgets(pod: pod, namespace: ns, name: name)
        }
        let options = try DeleteOptions(body: body["deleteOptions"], query: [:])
        _ = try await rs.delete(namespace: ns, name: name, options: options)
        return Negotiation.json(["kind": "Status", "apiVersion": "v1", "metadata": .emptyObject, "status": "Success", "code": 201], status: .created)
    }

    static func isReady(_ pod: JSONValue) -> Bool {
        (pod[path: ["status", "conditions"]]?.arrayValue ?? []).contains {
            $0["type"]?.stringValue == "Ready" && $0["status"]?.stringValue == "True"
        }
    }

    func checkBudgets(pod: JSONValue, namespace: String, name: String) async throws {
        let labels = (pod[path: ["metadata", "labels"]]?.objectValue ?? [:]).compactMapValues(\.stringValue)
        let budgets = try await server.store.list(ListOptions(prefix: "/registry/policy/poddisruptionbudgets/\(namespace)/"))
        var matching: [JSONValue] = []
        for kv in budgets.items {
            guard let pdb = try? JSONValue.parse(kv.value), let selector = pdb[path: ["spec", "selector"]],
                let expr = try? LabelSelectorExpression(decodingJSON: selector), expr.matches(labels)
            else { continue }
            matching.append(pdb)
        }
        guard !matching.isEmpty else { return }
        if matching.count > 1 {
            throw APIError(code: 500, reason: "InternalError", message: "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.")
        }
        let pdb = matching[0]
        let expr = try LabelSelectorExpression(decodingJSON: pdb[path: ["spec", "selector"]] ?? .emptyObject)
        let pods = try await server.store.list(ListOptions(prefix: "/registry/core/pods/\(namespace)/"))
        var expected = 0
        var healthy = 0
        for kv in pods.items {
            guard let p = try? JSONValue.parse(kv.value) else { continue }
            let l = (p[path: ["metadata", "labels"]]?.objectValue ?? [:]).compactMapValues(\.stringValue)
            guard expr.matches(l) else { continue }
            let phase = p[path: ["status", "phase"]]?.stringValue
            if phase == "Succeeded" || phase == "Failed" { continue }
            expected += 1
            if Self.isReady(p) && p[path: ["metadata", "deletionTimestamp"]] == nil { healthy += 1 }
        }
        let desired: Int
        if let min = pdb[path: ["spec", "minAvailable"]] {
            desired = Self.scaled(min, of: expected)
        } else if let max = pdb[path: ["spec", "maxUnavailable"]] {
            desired = Swift.max(expected - Self.scaled(max, of: expected), 0)
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

    /// An IntOrString: a count, or a percentage of `total` rounded up.
    static func scaled(_ v: JSONValue, of total: Int) -> Int {
        if let i = v.intValue { return Int(i) }
        if let s = v.stringValue, s.hasSuffix("%"), let p = Double(s.dropLast()) {
            return Int((p * Double(total) / 100).rounded(.up))
        }
        return 0
    }
}
