/// Kubernetes strategic merge patch (apimachinery `strategicpatch`), applied to
/// JSON guided by the structural `Schema` of the object's kind.
///
/// Objects merge key by key and `null` deletes. A list whose schema says
/// `patchStrategy: merge` is merged: lists of objects element by element on
/// `patchMergeKey` (existing elements merged recursively, new ones added),
/// lists of scalars as a union. The merged list is ordered as Kubernetes
/// orders it: the patch's elements in patch order, and each element only the
/// original has kept ahead of the patch elements that followed it in the
/// original — so an element new to the list comes before the original-only
/// elements (kubectl shows an added container first). Other lists are
/// replaced. Where the schema is missing or `.any` the subtree behaves like
/// a JSON merge patch (objects merge, lists are replaced).
///
/// Directives: `$patch: replace | delete` on objects and on merge-list
/// elements (`$patch: merge` is rejected, as in Kubernetes), `$retainKeys`,
/// `$deleteFromPrimitiveList/<field>` and `$setElementOrder/<field>`.
/// Directives never appear in the result: where Kubernetes would keep one in
/// a value it takes verbatim, its typed decoder drops it, and so do we.
public enum StrategicMergePatch {
    /// Applies `patch` to `original`; both must be JSON objects (a `null`
    /// patch changes nothing). Pure; safe to call from any thread.
    public static func apply(_ patch: JSONValue, to original: JSONValue, schema: Schema?) throws(PatchError) -> JSONValue {
        guard case .object(let doc) = original else { throw SMPError.badJSONDoc }
        switch patch {
        case .null: return original
        case .object(let p): return .object(try mergeMap(doc, p, schema))
        default: throw SMPError.badJSONDoc
        }
    }

    // MARK: - Objects

    static func mergeMap(_ original: [String: JSONValue], _ patch: [String: JSONValue],
                         _ schema: Schema?) throws(PatchError) -> [String: JSONValue] {
        if let directive = patch[Directive.marker] {
            switch directive {
            case .string(Directive.replace):
                var p = patch
                p[Directive.marker] = nil
                return decodedObject(p)
            case .string(Directive.delete):
                return [:]
            default:
                throw SMPError.badPatchType(directive, patch)
            }
        }
        var original = original
        var patch = patch
        try applyRetainKeys(&original, &patch)
        try applySetElementOrder(&original, &patch, schema)

        // Kubernetes visits the keys in Go's random map order; deletion lists
        // go last here so that "add x" and "delete x" together delete x.
        let keys = patch.keys.sorted(by: goLess)
        let ordered = keys.filter { !$0.hasPrefix(Directive.deleteFromPrimitiveList) }
            + keys.filter { $0.hasPrefix(Directive.deleteFromPrimitiveList) }
        for k in ordered {
            let patchV = patch[k]!
            var key = k
            var isDeleteList = false
            if k.hasPrefix(Directive.deleteFromPrimitiveList) {
                key = try extractKey(k, Directive.deleteFromPrimitiveList)
                isDeleteList = true
            }
            if patchV.isNull {
                original[key] = nil
                continue
            }
            guard let origV = original[key], origV.goKind == patchV.goKind else {
                if !isDeleteList { original[key] = sanitized(patchV) }
                continue
            }
            switch (origV, patchV) {
            case (.object(let o), .object(let p)):
                let meta = try FieldMeta(schema, key)
                original[key] = meta.strategy == Directive.replace ? decoded(patchV) : .object(try mergeMap(o, p, meta.schema))
            case (.array(let o), .array(let p)):
                let meta = try FieldMeta(schema, key)
                if meta.strategy == Directive.merge || isDeleteList {
                    original[key] = .array(try mergeSlice(o, p, meta, isDeleteList: isDeleteList))
                } else {
                    original[key] = decoded(patchV)
                }
            default:
                original[key] = patchV
            }
        }
        return original
    }

    /// `$retainKeys`: members of the original not listed are cleared; every
    /// non-null member of the patch must be listed.
    private static func applyRetainKeys(_ original: inout [String: JSONValue],
                                        _ patch: inout [String: JSONValue]) throws(PatchError) {
        guard let retain = patch.removeValue(forKey: Directive.retainKeys) else { return }
        guard case .array(let list) = retain else { throw SMPError.badRetainKeys }
        let keep = Set(list.compactMap(\.stringValue))
        for (k, v) in patch where !v.isNull {
            if k.hasPrefix(Directive.deleteFromPrimitiveList) || k.hasPrefix(Directive.setElementOrder) { continue }
            if !keep.contains(k) { throw SMPError.badRetainKeys }
        }
        for k in original.keys where !keep.contains(k) {
            original[k] = nil
        }
    }

    /// `$setElementOrder/<field>`: merges the field's list (if the patch has
    /// one) and orders the result: elements the directive names in its
    /// order, the others interleaved by their original positions.
    private static func applySetElementOrder(_ original: inout [String: JSONValue], _ patch: inout [String: JSONValue],
                                             _ schema: Schema?) throws(PatchError) {
        for key in patch.keys.sorted(by: goLess) where key.hasPrefix(Directive.setElementOrder) {
            let directive = patch.removeValue(forKey: key)!
            guard case .array(let order) = directive else { throw SMPError.badArgType("[]interface {}", directive) }
            let field = try extractKey(key, Directive.setElementOrder)
            let originalList = try listValue(original[field])
            let patchList = try listValue(patch[field])
            let meta = try FieldMeta(schema, field)
            try validate(patchList ?? [], against: order, mergeKey: meta.mergeKey)

            let merged: [JSONValue]
            switch (originalList, patchList) {
            case (let o?, nil): merged = o
            case (nil, let p?): merged = p.compactMap(sanitized)
            case (let o?, let p?): merged = meta.strategy == Directive.merge
                ? try mergeSlice(o, p, meta, isDeleteList: false) : p.map(decoded)
            case (nil, nil): continue
            }
            let kind = try elementKind(of: (originalList ?? []) + (patchList ?? []))
            guard kind != .object || meta.mergeKey != nil else { throw SMPError.noMergeKeyForList(meta) }
            var serverOrder = originalList ?? []
            if let p = patchList, let mergeKey = meta.mergeKey, kind == .object, meta.strategy == Directive.merge {
                serverOrder = aliasedOriginalView(serverOrder, patch: p, mergeKey: mergeKey)
            }
            let (inPatch, serverOnly) = try partition(merged, by: order, mergeKey: meta.mergeKey)
            original[field] = .array(try normalizeOrder(
                patchItems: inPatch, serverOnly: serverOnly, patchOrder: order,
                serverOrder: serverOrder, mergeKey: meta.mergeKey, kind: kind))
            patch[field] = nil
        }
    }

    /// What Kubernetes' `originalFieldValue` holds after merging: Go deletes
    /// list elements by shifting them left within the same array and appends
    /// new elements into the slots that frees, so the original list it orders
    /// by sees deleted slots overwritten by appended elements (or stale
    /// copies). That decides where elements the directive does not name go.
    private static func aliasedOriginalView(_ original: [JSONValue], patch: [JSONValue],
                                            mergeKey: String) -> [JSONValue] {
        var slots = original  // the Go backing array; its first original.count slots are the view
        var count = original.count
        func firstIndex(of key: JSONValue) -> Int? {
            (0..<count).first { slots[$0][mergeKey].map { $0.goEquals(key) } ?? false }
        }
        var plain: [JSONValue] = []
        var replace = false
        for v in patch {
            guard let directive = v[Directive.marker] else {
                plain.append(v)
                continue
            }
            if directive == .string(Directive.replace) { replace = true }
            guard directive == .string(Directive.delete), let key = v[mergeKey] else { continue }
            while let i = firstIndex(of: key) {
                for j in i..<(count - 1) { slots[j] = slots[j + 1] }
                count -= 1
            }
        }
        // After `$patch: replace` new elements go to a fresh array.
        for v in plain where !replace {
            guard let key = v[mergeKey], firstIndex(of: key) == nil else { continue }
            if count < slots.count { slots[count] = v } else { slots.append(v) }
            count += 1
        }
        return Array(slots[..<original.count])
    }

    private static func listValue(_ v: JSONValue?) throws(PatchError) -> [JSONValue]? {
        guard let v else { return nil }
        guard case .array(let a) = v else { throw SMPError.badArgType("[]interface {}", v) }
        return a
    }

    /// The patch list must be in the directive's relative order and contain
    /// nothing the directive does not name (deletions excepted).
    private static func validate(_ patchList: [JSONValue], against order: [JSONValue],
                                 mergeKey: String?) throws(PatchError) {
        if order.isEmpty || patchList.isEmpty { return }
        let items = mergeKey == nil ? patchList : try splitDeletions(patchList).kept
        var pi = 0
        var si = 0
        while pi < items.count && si < order.count {
            if case .object(let o) = items[pi], o[Directive.marker] != nil {
                pi += 1
                continue
            }
            if try mergeKeyValueEqual(items[pi], order[si], mergeKey) { pi += 1 }
            si += 1
        }
        if pi < items.count && si >= order.count {
            throw PatchError(.internalError, "the order in patch list:\n\(JSONValue.array(patchList).goDescription)\n"
                + " doesn't match $setElementOrder list:\n\(JSONValue.array(order).goDescription)")
        }
    }

    private static func mergeKeyValueEqual(_ l: JSONValue, _ r: JSONValue, _ mergeKey: String?) throws(PatchError) -> Bool {
        guard let mergeKey else { return l.goEquals(r) }
        guard case .object(let lo) = l else { throw SMPError.badArgType("map[string]interface {}", l) }
        guard case .object(let ro) = r else { throw SMPError.badArgType("map[string]interface {}", r) }
        guard let lv = lo[mergeKey] else { throw SMPError.noMergeKey(lo, mergeKey) }
        guard let rv = ro[mergeKey] else { throw SMPError.noMergeKey(ro, mergeKey) }
        return lv.goEquals(rv)
    }

    static func extractKey(_ s: String, _ prefix: String) throws(PatchError) -> String {
        guard let slash = s.firstIndex(of: "/"), s[..<slash] == prefix else {
            throw prefix == Directive.deleteFromPrimitiveList ? SMPError.badPrimitiveList : SMPError.badSetElementOrder
        }
        return String(s[s.index(after: slash)...])
    }
}

// MARK: - Directives, field metadata and errors

enum Directive {
    static let marker = "$patch"
    static let replace = "replace"
    static let delete = "delete"
    static let merge = "merge"
    static let retainKeys = "$retainKeys"
    static let deleteFromPrimitiveList = "$deleteFromPrimitiveList"
    static let setElementOrder = "$setElementOrder"

    /// Keys that only carry instructions and never belong in a result.
    static func isDirectiveKey(_ k: String) -> Bool {
        k == marker || k == retainKeys || k.hasPrefix(deleteFromPrimitiveList + "/") || k.hasPrefix(setElementOrder + "/")
    }
}

/// What the schema says about one field of an object.
struct FieldMeta {
    /// The field's own schema (for a list: the array schema; `items` is the element).
    var schema: Schema?
    /// `merge`, `replace` or empty.
    var strategy: String = ""
    var retainKeys = false
    var mergeKey: String?

    init(_ parent: Schema?, _ key: String) throws(PatchError) {
        guard let parent, parent.kind != .any, let field = parent.property(key) ?? parent.additionalProperties else {
            return
        }
        schema = field
        if let mk = field.patchMergeKey, !mk.isEmpty { mergeKey = mk }
        let strategies = (field.patchStrategy ?? "").split(separator: ",").map { String($0) }
        switch strategies.count {
        case 0: break
        case 1:
            if strategies[0] == "retainKeys" { retainKeys = true } else { strategy = strategies[0] }
        case 2 where strategies[0] == "retainKeys":
            retainKeys = true
            strategy = strategies[1]
        case 2 where strategies[1] == "retainKeys":
            retainKeys = true
            strategy = strategies[0]
        default:
            throw PatchError(.internalError, "unexpected patch strategy: [\(strategies.joined(separator: " "))]")
        }
    }

    var elementSchema: Schema? {
        guard let schema, schema.kind != .any else { return nil }
        return schema.items
    }
}

/// Kubernetes' strategic-merge error messages (mergepatch/errors.go).
enum SMPError {
    static let badJSONDoc = PatchError(.badRequest, "invalid JSON document")
    static let listOfLists = PatchError(.unprocessableEntity, "lists of lists are not supported")
    static let badPrimitiveList = PatchError(.badRequest, "invalid patch format of primitive list")
    static let badRetainKeys = PatchError(.badRequest, "invalid patch format of retainKeys")
    static let badSetElementOrder = PatchError(.badRequest, "invalid patch format of setElementOrder list")

    static func noMergeKey(_ m: [String: JSONValue], _ key: String) -> PatchError {
        PatchError(.internalError, "map: \(JSONValue.object(m).goDescription) does not contain declared merge key: \(key)")
    }
    static func badArgType(_ expected: String, _ actual: JSONValue) -> PatchError {
        PatchError(.internalError, "expected a \(expected), but received a \(actual.goTypeName)")
    }
    static func badPatchType(_ t: JSONValue, _ m: [String: JSONValue]) -> PatchError {
        PatchError(.internalError, "unknown patch type: \(t.goDescription) in map: \(JSONValue.object(m).goDescription)")
    }
    static func noMergeKeyForList(_ meta: FieldMeta) -> PatchError {
        PatchError(.internalError, "cannot merge lists without merge key for \(meta.schema?.name ?? "type map")")
    }
}
