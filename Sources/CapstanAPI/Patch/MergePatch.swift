/// RFC 7386 JSON merge patch, as Kubernetes applies it (evanphx json-patch):
/// objects merge recursively, `null` deletes a member, everything else
/// replaces; nulls inside newly introduced objects are dropped.
public enum MergePatch {
    /// Applies `patch` to `document`. Both must be JSON objects, except that a
    /// patch that is an array replaces the document outright (Kubernetes
    /// accepts that form too). A `null` or scalar patch is rejected with
    /// `Invalid JSON Patch`; a `null` or scalar document with `Invalid JSON Document`.
    public static func apply(_ patch: JSONValue, to document: JSONValue) throws(PatchError) -> JSONValue {
        switch patch {
        case .object(let p):
            switch document {
            case .object(let d): return .object(mergeObjects(d, p))
            case .null: throw PatchError(.badRequest, "Invalid JSON Document")
            // Not an object document: the patch becomes the document.
            default: return .object(pruneNulls(inObject: p))
            }
        case .array(let a):
            if document.isNull { throw PatchError(.badRequest, "Invalid JSON Document") }
            return .array(a.map(pruneNulls))
        default:
            throw PatchError(.badRequest, "Invalid JSON Patch")
        }
    }

    /// A merge patch that turns `original` into `modified` when applied:
    /// changed and added members carry their new value, removed members are
    /// `null`, nested objects are diffed, arrays are replaced whole. Both
    /// documents must be objects. A `null` inside `modified` cannot be
    /// expressed (it would read as a deletion) — RFC 7386's known limit.
    public static func create(original: JSONValue, modified: JSONValue) throws(PatchError) -> JSONValue {
        guard case .object(let a) = original, case .object(let b) = modified else {
            throw PatchError(.badRequest, "Invalid JSON Document")
        }
        return .object(diff(a, b))
    }

    // MARK: -

    static func mergeObjects(_ doc: [String: JSONValue], _ patch: [String: JSONValue]) -> [String: JSONValue] {
        var doc = doc
        for (k, v) in patch {
            if v.isNull {
                doc[k] = nil
                continue
            }
            guard let cur = doc[k], !cur.isNull else {
                doc[k] = pruneNulls(v)
                continue
            }
            doc[k] = merge(cur, v)
        }
        return doc
    }

    private static func merge(_ cur: JSONValue, _ patch: JSONValue) -> JSONValue {
        guard case .object(let c) = cur else { return pruneNulls(patch) }
        guard case .object(let p) = patch else { return patch }
        return .object(mergeObjects(c, p))
    }

    /// Drops null members of objects, at any depth (array elements are kept).
    static func pruneNulls(_ v: JSONValue) -> JSONValue {
        switch v {
        case .object(let o): return .object(pruneNulls(inObject: o))
        case .array(let a): return .array(a.map(pruneNulls))
        default: return v
        }
    }

    private static func pruneNulls(inObject o: [String: JSONValue]) -> [String: JSONValue] {
        var out: [String: JSONValue] = [:]
        for (k, v) in o where !v.isNull { out[k] = pruneNulls(v) }
        return out
    }

    private static func diff(_ a: [String: JSONValue], _ b: [String: JSONValue]) -> [String: JSONValue] {
        var into: [String: JSONValue] = [:]
        for (key, bv) in b {
            guard let av = a[key] else {
                into[key] = bv
                continue
            }
            if case .object(let ao) = av, case .object(let bo) = bv {
                let sub = diff(ao, bo)
                if !sub.isEmpty { into[key] = .object(sub) }
            } else if av.goKind != bv.goKind || !av.goEquals(bv) {
                into[key] = bv
            }
        }
        for key in a.keys where b[key] == nil {
            into[key] = .null
        }
        return into
    }
}
