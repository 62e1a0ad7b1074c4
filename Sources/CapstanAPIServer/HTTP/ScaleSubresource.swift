import CapstanAPI
import Foundation
import Hummingbird

/// The autoscaling/v1 Scale view of a workload (`/scale`): read it, and
/// write spec.replicas back through it.
struct ScaleSubresource {
    let server: APIServerCore

    static func scale(of obj: JSONValue, def: ResourceDefinition) -> JSONValue {
        var meta: JSONValue = .emptyObject
        for k in ["name", "namespace", "uid", "resourceVersion", "creationTimestamp"] {
            if let v = obj[path: ["metadata", k]] { meta[k] = v }
        }
        var status: JSONValue = ["replicas": obj[path: def.scale.statusReplicas] ?? .int(0)]
        if let sel = obj[path: ["spec", "selector"]] {
            status["selector"] = .string(BuiltinTables.selectorString(sel).replacingOccurrences(of: "<none>", with: ""))
        }
        return [
            "kind": "Scale", "apiVersion": "autoscaling/v1", "metadata": meta,
            "spec": ["replicas": obj[path: def.scale.specReplicas] ?? .int(0)], "status": status,
        ]
    }

    func write(
        _ request: Request, def: ResourceDefinition, rs: ResourceStore, namespace: String?, name: String, query: Query
    ) async throws -> Response {
        let handler = ResourceHandler(server: server)
        let body = try await handler.decodeBody(request, def: def)
        var opts = try handler.writeOptions(query, request)
        opts.subresource = "scale"
        let isPatch = request.method == .patch
        let ctype = (request.headers[.contentType] ?? "application/merge-patch+json").split(separator: ";").first.map(String.init) ?? ""
        let out = try await rs.guaranteedUpdate(namespace: namespace, name: name, precondition: nil, options: opts) { old in
            let current = Self.scale(of: old, def: def)
            var desired: JSONValue
            if isPatch {
                let type = PatchHandler.PatchType(rawValue: ctype) ?? .merge
                desired = try PatchHandler.applyPatch(body, type: type == .apply ? .merge : type, to: current, schema: .any)
            } else {
                desired = body
            }
            if let rv = desired[path: ["metadata", "resourceVersion"]]?.stringValue, !rv.isEmpty,
                rv != current[path: ["metadata", "resourceVersion"]]?.stringValue
            {
                throw APIError.staleResourceVersion(def.groupResource, name)
            }
            guard let replicas = desired[path: ["spec", "replicas"]]?.intValue else {
                throw APIError.invalid(kind: "Scale", group: "autoscaling", name: name, errors: [.required("spec.replicas")])
            }
            if replicas < 0 {
                throw APIError.invalid(kind: "Scale", group: "autoscaling", name: name,
                                       errors: [.invalid("spec.replicas", .int(replicas), "must be greater than or equal to 0")])
            }
            var n = old
            n[path: def.scale.specReplicas] = .int(replicas)
            return n
        }
        return Negotiation.json(Self.scale(of: out.object, def: def))
    }
}

/// pods/binding: assigns a pod to a node, once.
struct PodSubresources {
    let server: APIServerCore

    func bind(
        _ request: Request, def: ResourceDefinition, rs: ResourceStore, namespace: String?, name: String, query: Query
    ) async throws -> Response {
        let handler = ResourceHandler(server: server)
        let body = try await handler.decodeBody(request, def: def)
        guard let node = body[path: ["target", "name"]]?.stringValue, !node.isEmpty else {
            throw APIError.invalid(kind: "Binding", group: "", name: name, errors: [.required("target.name")])
        }
        var opts = try handler.writeOptions(query, request)
        opts.subresource = "binding"
        _ = try await rs.guaranteedUpdate(namespace: namespace, name: name, precondition: nil, options: opts) { old in
            if old[path: ["metadata", "deletionTimestamp"]] != nil {
                throw APIError.conflict("pods", name, "pod \(name) is being deleted, cannot be assigned to a host")
            }
            if let existing = old[path: ["spec", "nodeName"]]?.stringValue, !existing.isEmpty {
                throw APIError.conflict("pods/binding", name, "pod \(name) is already assigned to node \"\(existing)\"")
            }
            var n = old
            n[path: ["spec", "nodeName"]] = .string(node)
            var conds = n[path: ["status", "conditions"]]?.arrayValue ?? []
            conds.removeAll { $0["type"]?.stringValue == "PodScheduled" }
            conds.append(["type": "PodScheduled", "status": "True", "lastProbeTime": .null,
                          "lastTransitionTime": .string(Time.now().rfc3339)])
            n[path: ["status", "conditions"]] = .array(conds)
            return n
        }
        return Negotiation.createdStatus()
    }
}
