import CapstanAPI
import Foundation

/// Server-side apply on top of the managedFields bookkeeping: the applied
/// configuration is the manager's whole intent. Fields it sets that another
/// manager owns with a different value are conflicts (409) unless forced;
/// fields it applied before and leaves out now are removed when nobody else
/// owns them; afterwards it owns exactly what it applied.
enum ServerSideApply {
    struct Conflict: Error {
        var manager: String
        var apiVersion: String
        var paths: [String]
    }

    /// Computes the object after applying `applied` for `manager` onto `live`.
    static func merge(
        applied: JSONValue, live: JSONValue, manager: String, force: Bool, def: ResourceDefinition
    ) throws -> JSONValue {
        let appliedLeaves = ManagedFields.leaves(of: applied, schema: def.schema)
        let liveLeaves = ManagedFields.leaves(of: live, schema: def.schema)
        let entries = live[path: ["metadata", "managedFields"]]?.arrayValue ?? []
        var othersOwned = Set<String>()
        var previous = Set<String>()
        var conflicts: [Conflict] = []
        for e in entries {
            let set = ManagedFields.paths(fromFieldsV1: e["fieldsV1"] ?? .emptyObject)
            let isMe = e["manager"]?.stringValue == manager && e["operation"]?.stringValue == "Apply"
            if isMe {
                previous = set
                continue
            }
            othersOwned.formUnion(set)
            if force { continue }
            let clashing = set.filter { p in
                !p.hasSuffix("\u{0}.") && appliedLeaves[p] != nil && liveLeaves[p] != nil && appliedLeaves[p] != liveLeaves[p]
            }
            if !clashing.isEmpty {
                conflicts.append(Conflict(
                    manager: e["manager"]?.stringValue ?? "", apiVersion: e["apiVersion"]?.stringValue ?? def.apiVersion,
                    paths: clashing.map(Self.dotted).sorted()))
            }
        }
        if !conflicts.isEmpty { throw conflictError(conflicts, def: def, name: live[path: ["metadata", "name"]]?.stringValue ?? "") }
        let dropped = previous.subtracting(appliedLeaves.keys).subtracting(othersOwned)
        var base = live
        for p in dropped.sorted(by: { $0.count > $1.count }) { remove(p, from: &base, schema: def.schema) }
        var patch = applied
        patch[path: ["metadata", "managedFields"]] = nil
        patch[path: ["metadata", "resourceVersion"]] = nil
        return try StrategicMergePatch.apply(patch, to: base, schema: def.schema)
    }

    /// `.spec.replicas`, `.spec.containers[name="web"].image`
    static func dotted(_ p: String) -> String {
        var out = ""
        for seg in p.split(separator: "\u{0}") {
            if seg.hasPrefix("f:") { out += "." + seg.dropFirst(2) }
            else if seg.hasPrefix("k:") {
                let inner = (try? JSONValue.parse(String(seg.dropFirst(2))))?.objectValue ?? [:]
                out += "[" + inner.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.serializedString())" }.joined(separator: ",") + "]"
            } else if seg.hasPrefix("v:") { out += "[" + seg.dropFirst(2) + "]" }
        }
        return out
    }

    static func conflictError(_ cs: [Conflict], def: ResourceDefinition, name: String) -> APIError {
        let total = cs.reduce(0) { $0 + $1.paths.count }
        var lines: [String] = []
        var causes: [StatusCause] = []
        for c in cs {
            for p in c.paths {
                lines.append("- \(c.manager): \(p)")
                causes.append(StatusCause(reason: "FieldManagerConflict", message: "conflict with \"\(c.manager)\" using \(c.apiVersion)", field: p))
            }
        }
        let message: String
        if total == 1, let c = cs.first {
            message = "Apply failed with 1 conflict: conflict with \"\(c.manager)\" using \(c.apiVersion): \(c.paths[0])"
        } else {
            message = "Apply failed with \(total) conflicts: " + cs.map { c in "conflicts with \"\(c.manager)\" using \(c.apiVersion):\n" + c.paths.map { "- \($0)" }.joined(separator: "\n") }.joined(separator: "\n")
        }
        return APIError(code: 409, reason: "Conflict", message: message,
                        details: StatusDetails(name: name, group: def.group, kind: def.plural, causes: causes))
    }

    /// Removes one owned path from an object.
    static func remove(_ p: String, from obj: inout JSONValue, schema: Schema?) {
        var segs = p.split(separator: "\u{0}").map(String.init)
        if segs.last == "." { segs.removeLast() }
        guard !segs.isEmpty else { return }
        obj = removing(segs[...], from: obj)
    }

    private static func removing(_ segs: ArraySlice<String>, from v: JSONValue) -> JSONValue {
        guard let first = segs.first else { return v }
        let rest = segs.dropFirst()
        if first.hasPrefix("f:"), case .object(var o) = v {
            let k = String(first.dropFirst(2))
            if rest.isEmpty { o[k] = nil } else if let child = o[k] { o[k] = removing(rest, from: child) }
            return .object(o)
        }
        if first.hasPrefix("k:"), case .array(var a) = v, let key = try? JSONValue.parse(String(first.dropFirst(2))).objectValue {
            guard let i = a.firstIndex(where: { item in key.allSatisfy { item[$0.key] == $0.value } }) else { return v }
            if rest.isEmpty { a.remove(at: i) } else { a[i] = removing(rest, from: a[i]) }
            return .array(a)
        }
        if first.hasPrefix("v:"), case .array(var a) = v, let item = try? JSONValue.parse(String(first.dropFirst(2))) {
            a.removeAll { $0 == item }
            return .array(a)
        }
        return v
    }
}
