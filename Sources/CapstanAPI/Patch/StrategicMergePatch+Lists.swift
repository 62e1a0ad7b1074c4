/// List merging and ordering for strategic merge patch, following
/// apimachinery's mergeSlice / normalizeElementOrder.
extension StrategicMergePatch {
    /// Merges a patch list into an original list whose field has
    /// `patchStrategy: merge` (or is the target of a deletion list).
    static func mergeSlice(_ original: [JSONValue], _ patch: [JSONValue], _ meta: FieldMeta,
                           isDeleteList: Bool) throws(PatchError) -> [JSONValue] {
        if original.isEmpty && patch.isEmpty { return original }
        let kind = try elementKind(of: original + patch)
        if kind != .object {
            if isDeleteList {
                return original.filter { v in !patch.contains { $0.goEquals(v) } }
            }
            let merged = deduplicated(original + patch)
            let (inPatch, serverOnly) = try partition(merged, by: patch, mergeKey: nil)
            return try normalizeOrder(patchItems: inPatch, serverOnly: serverOnly, patchOrder: patch,
                                      serverOrder: original, mergeKey: nil, kind: kind)
        }
        guard let mergeKey = meta.mergeKey else { throw SMPError.noMergeKeyForList(meta) }
        let (base, patchItems) = try applySpecialElements(original, patch, mergeKey: mergeKey)
        let merged = try mergeElements(base, patchItems, mergeKey: mergeKey, elementSchema: meta.elementSchema)
        let (inPatch, serverOnly) = try partition(merged, by: patchItems, mergeKey: mergeKey)
        return try normalizeOrder(patchItems: inPatch, serverOnly: serverOnly, patchOrder: patchItems,
                                  serverOrder: base, mergeKey: mergeKey, kind: kind)
    }

    /// Handles list elements carrying `$patch`: `delete` removes every
    /// original element with that merge key, `replace` makes the other patch
    /// elements the whole list. Returns the new base list and the plain patch elements.
    private static func applySpecialElements(_ original: [JSONValue], _ patch: [JSONValue],
                                             mergeKey: String) throws(PatchError) -> ([JSONValue], [JSONValue]) {
        var original = original
        var plain: [JSONValue] = []
        var replace = false
        for v in patch {
            guard case .object(let o) = v, let directive = o[Directive.marker] else {
                plain.append(v)
                continue
            }
            switch directive {
            case .string(Directive.delete):
                guard let key = o[mergeKey] else { throw SMPError.noMergeKey(o, mergeKey) }
                var kept: [JSONValue] = []
                for (i, e) in original.enumerated() {
                    guard case .object(let eo) = e else {
                        throw PatchError(.internalError, "value for key \(i) is not a map")
                    }
                    if let ev = eo[mergeKey], ev.goEquals(key) { continue }
                    kept.append(e)
                }
                original = kept
            case .string(Directive.replace):
                replace = true
            case .string(Directive.merge):
                throw PatchError(.internalError, "merging lists cannot yet be specified in the patch")
            default:
                throw SMPError.badPatchType(directive, o)
            }
        }
        if replace { return (plain.map(decoded), []) }
        return (original, plain)
    }

    /// Merges each patch element into the first original element with the
    /// same merge key, or appends it.
    private static func mergeElements(_ original: [JSONValue], _ patch: [JSONValue], mergeKey: String,
                                      elementSchema: Schema?) throws(PatchError) -> [JSONValue] {
        var result = original
        for v in patch {
            guard case .object(let p) = v else { throw SMPError.badArgType("map[string]interface {}", v) }
            guard let key = p[mergeKey] else { throw SMPError.noMergeKey(p, mergeKey) }
            if let (i, o) = try find(key, mergeKey: mergeKey, in: result) {
                result[i] = .object(try mergeMap(o, p, elementSchema))
            } else {
                result.append(decoded(v))
            }
        }
        return result
    }

    private static func find(_ key: JSONValue, mergeKey: String,
                             in list: [JSONValue]) throws(PatchError) -> (Int, [String: JSONValue])? {
        for (i, e) in list.enumerated() {
            guard case .object(let o) = e else { throw PatchError(.internalError, "value for key \(i) is not a map") }
            if let v = o[mergeKey], v.goEquals(key) { return (i, o) }
        }
        return nil
    }

    // MARK: - Ordering

    /// Splits `merged` into elements present in `partitionBy` and the rest.
    static func partition(_ merged: [JSONValue], by partitionBy: [JSONValue],
                          mergeKey: String?) throws(PatchError) -> ([JSONValue], [JSONValue]) {
        var inPatch: [JSONValue] = []
        var serverOnly: [JSONValue] = []
        for v in merged {
            let found: Bool
            if let mergeKey {
                guard case .object(let o) = v else { throw SMPError.badArgType("map[string]interface {}", v) }
                guard let key = o[mergeKey] else { throw SMPError.noMergeKey(o, mergeKey) }
                found = try find(key, mergeKey: mergeKey, in: partitionBy) != nil
            } else {
                found = partitionBy.contains { $0.goEquals(v) }
            }
            if found { inPatch.append(v) } else { serverOnly.append(v) }
        }
        return (inPatch, serverOnly)
    }

    /// Orders patch elements by `patchOrder` and server-only elements by
    /// `serverOrder`, then interleaves them: a server-only element goes before
    /// a patch element when it came before it in the original list.
    static func normalizeOrder(patchItems: [JSONValue], serverOnly: [JSONValue], patchOrder: [JSONValue],
                               serverOrder: [JSONValue], mergeKey: String?,
                               kind: GoKind) throws(PatchError) -> [JSONValue] {
        let right = try sorted(patchItems, by: patchOrder, mergeKey: mergeKey, kind: kind)
        let left = try sorted(serverOnly, by: serverOrder, mergeKey: mergeKey, kind: kind)
        var out: [JSONValue] = []
        out.reserveCapacity(left.count + right.count)
        var i = 0
        var j = 0
        while i < left.count || j < right.count {
            if i >= left.count {
                out.append(right[j]); j += 1
            } else if j >= right.count {
                out.append(left[i]); i += 1
            } else {
                let li = index(of: left[i], in: serverOrder, mergeKey: mergeKey, kind: kind)
                let ri = index(of: right[j], in: serverOrder, mergeKey: mergeKey, kind: kind)
                if li >= 0 && ri >= 0 && li < ri {
                    out.append(left[i]); i += 1
                } else {
                    out.append(right[j]); j += 1
                }
            }
        }
        return out
    }

    /// Stable sort of `items` by position in `order`; `$patch: delete`
    /// elements go last.
    private static func sorted(_ items: [JSONValue], by order: [JSONValue], mergeKey: String?,
                               kind: GoKind) throws(PatchError) -> [JSONValue] {
        var items = items
        var deletions: [JSONValue] = []
        if kind == .object, let mergeKey {
            for v in items + order {
                guard case .object(let o) = v else { throw SMPError.badArgType("map[string]interface {}", v) }
                if o[mergeKey] == nil { throw SMPError.noMergeKey(o, mergeKey) }
            }
            (items, deletions) = try splitDeletions(items)
        }
        let keyed = items.enumerated().map { (offset, v) in
            (position: index(of: v, in: order, mergeKey: mergeKey, kind: kind), offset: offset, value: v)
        }
        let ordered = keyed.sorted { a, b in
            let pa = a.position < 0 ? Int.max : a.position
            let pb = b.position < 0 ? Int.max : b.position
            return pa != pb ? pa < pb : a.offset < b.offset
        }
        return ordered.map(\.value) + deletions
    }

    /// Elements without and with `$patch: delete`.
    static func splitDeletions(_ list: [JSONValue]) throws(PatchError) -> (kept: [JSONValue], deleted: [JSONValue]) {
        var kept: [JSONValue] = []
        var deleted: [JSONValue] = []
        for v in list {
            guard case .object(let o) = v else { throw SMPError.badArgType("map[string]interface {}", v) }
            if o[Directive.marker] == .string(Directive.delete) { deleted.append(v) } else { kept.append(v) }
        }
        return (kept, deleted)
    }

    private static func index(of item: JSONValue, in list: [JSONValue], mergeKey: String?, kind: GoKind) -> Int {
        func key(_ v: JSONValue) -> JSONValue {
            guard kind == .object else { return v }
            return v[mergeKey ?? ""] ?? .null
        }
        let k = key(item)
        return list.firstIndex { key($0).goEquals(k) } ?? -1
    }

    // MARK: - Elements

    /// The common Go type of all elements; lists of lists and mixed lists are errors.
    static func elementKind(of list: [JSONValue]) throws(PatchError) -> GoKind {
        guard let first = list.first else {
            throw PatchError(.internalError, "no elements in any of the given slices")
        }
        let kind = first.goKind
        if kind == .array { throw SMPError.listOfLists }
        for v in list.dropFirst() where v.goKind != kind {
            throw PatchError(.internalError, "list element types are not identical: \(JSONValue.array(list).goDescription)")
        }
        return kind
    }

    static func deduplicated(_ list: [JSONValue]) -> [JSONValue] {
        var out: [JSONValue] = []
        for v in list where !out.contains(where: { $0.goEquals(v) }) { out.append(v) }
        return out
    }

    /// A patch value for a field the original lacks (Kubernetes'
    /// `discardNullValuesFromPatch` + `removeDirectives`): null members are
    /// dropped and any object carrying `$patch` is removed. Nil means "drop".
    static func sanitized(_ v: JSONValue) -> JSONValue? {
        switch v {
        case .object(let o):
            if o[Directive.marker] != nil { return nil }
            var out: [String: JSONValue] = [:]
            for (k, v) in o where !v.isNull && !Directive.isDirectiveKey(k) {
                if let s = sanitized(v) { out[k] = s }
            }
            return .object(out)
        case .array(let a):
            return .array(a.compactMap(sanitized))
        default:
            return v
        }
    }

    /// A patch value Kubernetes takes verbatim (replaced lists and maps,
    /// appended list elements): its typed decoder then ignores the directive
    /// keys and nulls, which is what this does.
    static func decoded(_ v: JSONValue) -> JSONValue {
        switch v {
        case .object(let o): return .object(decodedObject(o))
        case .array(let a): return .array(a.map(decoded))
        default: return v
        }
    }

    static func decodedObject(_ o: [String: JSONValue]) -> [String: JSONValue] {
        var out: [String: JSONValue] = [:]
        for (k, v) in o where !v.isNull && !Directive.isDirectiveKey(k) { out[k] = decoded(v) }
        return out
    }
}
