import CapstanAPI
import Foundation
import Hummingbird

/// PATCH in its four flavours. The patch is applied to the stored object
/// (resourceVersion included, so a patch that sets it acts as a
/// precondition), then the result goes through the same path as an update.
struct PatchHandler {
    let server: APIServerCore

    enum PatchType: String {
        case json = "application/json-patch+json"
        case merge = "application/merge-patch+json"
        case strategic = "application/strategic-merge-patch+json"
        case apply = "application/apply-patch+yaml"
    }

    func patch(
        _ request: Request, def: ResourceDefinition, rs: ResourceStore, namespace: String?, name: String,
        target: ResourceStore.UpdateTarget, query: Query
    ) async throws -> Response {
        let ctype = (request.headers[.contentType] ?? "").split(separator: ";").first.map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        } ?? ""
        guard let type = PatchType(rawValue: ctype) else {
            throw APIError(
                code: 415, reason: "UnsupportedMediaType",
                message: "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json")
        }
        if type == .strategic && def.group != "" && !def.isBuiltin {
            throw APIError(code: 415, reason: "UnsupportedMediaType", message: "strategic merge patch is not supported for custom resources; use merge patch")
        }
        let handler = ResourceHandler(server: server)
        let patch = try await handler.decodeBody(request, def: def)
        var opts = try handler.writeOptions(query, request)
        if target == .status { opts.subresource = "status" }
        if type == .apply {
            guard query["fieldManager"] != nil else {
                throw APIError.badRequest("PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch")
            }
            return try await apply(patch, def: def, rs: rs, namespace: namespace, name: name, target: target, options: opts)
        }
        let out = try await patchExisting(patch, type: type, def: def, rs: rs, namespace: namespace, name: name, target: target, options: opts)
        return Negotiation.json(out.object, warnings: out.warnings)
    }

    static func applyPatch(_ patch: JSONValue, type: PatchType, to old: JSONValue, schema: Schema) throws(APIError) -> JSONValue {
        do {
            switch type {
            case .json: return try JSONPatch.apply(patch, to: old)
            case .merge: return try MergePatch.apply(patch, to: old)
            case .strategic, .apply: return try StrategicMergePatch.apply(patch, to: old, schema: schema)
            }
        } catch {
            let reason = switch error.code {
            case .badRequest: "BadRequest"
            case .unprocessableEntity: "Invalid"
            case .requestEntityTooLarge: "RequestEntityTooLarge"
            case .internalError: "InternalError"
            }
            throw APIError(code: error.code.httpStatus, reason: reason, message: error.message)
        }
    }

    func patchExisting(
        _ patch: JSONValue, type: PatchType, def: ResourceDefinition, rs: ResourceStore, namespace: String?, name: String,
        target: ResourceStore.UpdateTarget, options: WriteOptions
    ) async throws -> ResourceStore.Outcome {
        var warnings: [String] = []
        var out = try await rs.guaranteedUpdate(namespace: namespace, name: name, precondition: nil, options: options) { old in
            var patched = try Self.applyPatch(patch, type: type, to: old, schema: def.schema)
            let oldRV = old[path: ["metadata", "resourceVersion"]]
            if let newRV = patched[path: ["metadata", "resourceVersion"]], newRV != oldRV {
                throw APIError.staleResourceVersion(def.groupResource, name)
            }
            if let u = patched[path: ["metadata", "uid"]], u != old[path: ["metadata", "uid"]] {
                throw APIError.conflict(def.groupResource, name, "Precondition failed: UID in precondition: \(u.stringValue ?? ""), UID in object meta: \(old[path: ["metadata", "uid"]]?.stringValue ?? "")")
            }
            let (admitted, w) = try rs.admit(patched, options: options)
            warnings = w
            patched = admitted
            patched[path: ["metadata", "resourceVersion"]] = nil
            return rs.mergeForTarget(new: patched, old: old, target: target)
        }
        out.warnings = warnings
        return out
    }

    /// Server-side apply: creates the object when missing, else merges the
    /// applied configuration into it and records the manager as an Apply.
    /// Conflict detection between managers is not implemented yet.
    func apply(
        _ body: JSONValue, def: ResourceDefinition, rs: ResourceStore, namespace: String?, name: String,
        target: ResourceStore.UpdateTarget, options: WriteOptions
    ) async throws -> Response {
        var options = options
        options.operation = .apply
        var applied = body
        applied[path: ["metadata", "name"]] = .string(name)
        let (pruned, warnings) = try rs.admit(applied, options: options)
        options.appliedConfig = pruned
        if try await rs.current(namespace: namespace, name: name) == nil {
            let out = try await rs.create(namespace: namespace, body: pruned, options: options)
            return Negotiation.json(out.object, status: .created, warnings: warnings + out.warnings)
        }
        let manager = options.fieldManager ?? "unknown"
        let force = options.force
        var out = try await rs.guaranteedUpdate(namespace: namespace, name: name, precondition: nil, options: options) { old in
            var merged = try ServerSideApply.merge(applied: pruned, live: old, manager: manager, force: force, def: def)
            if let rv = pruned[path: ["metadata", "resourceVersion"]], rv != old[path: ["metadata", "resourceVersion"]] {
                throw APIError.staleResourceVersion(def.groupResource, name)
            }
            merged[path: ["metadata", "resourceVersion"]] = nil
            merged[path: ["metadata", "managedFields"]] = old[path: ["metadata", "managedFields"]]
            return rs.mergeForTarget(new: merged, old: old, target: target)
        }
        out.warnings += warnings
        return Negotiation.json(out.object, warnings: out.warnings)
    }
}
