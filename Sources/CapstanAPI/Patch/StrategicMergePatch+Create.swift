/// Creating a two-way strategic merge patch (apimachinery
/// `CreateTwoWayMergePatch`): applying the result to `original` yields `modified`.
extension StrategicMergePatch {
    /// The patch from `original` to `modified` (both JSON objects). Changed
    /// and added fields carry their new value, removed fields are `null`;
    /// merge-keyed lists send only changed elements plus `$patch: delete`
    /// entries and a `$setElementOrder` list; merged scalar lists send
    /// additions plus `$deleteFromPrimitiveList`; fields with the
    /// `retainKeys` strategy carry a `$retainKeys` list.
    public static func createTwoWay(original: JSONValue, modified: JSONValue,
                                    schema: Schema?) throws(PatchError) -> JSONValue {
        guard let o = objectOrEmpty(original), let m = objectOrEmpty(modified) else { throw SMPError.badJSONDoc }
        return .object(try diffMaps(o, m, schema, buildRetainKeys: false))
    }

    private static func objectOrEmpty(_ v: JSONValue) -> [String: JSONValue]? {
        switch v {
        case .null: return [:]
        case .object(let o): return o
        default: return nil
        }
    }

    static func diffMaps(_ original: [String: JSONValue], _ modified: [String: JSONValue], _ schema: Schema?,
                         buildRetainKeys: Bool) throws(PatchError) -> [String: JSONValue] {
        var patch: [String: JSONValue] = [:]
        var retainKeys: [String] = []
        for key in modified.keys.sorted(by: goLess) {
            let modV = modified[key]!
            if buildRetainKeys && !modV.isNull { retainKeys.append(key) }
            guard let origV = original[key] else {
                patch[key] = modV
                continue
            }
            if key == Directive.marker {
                if !origV.goEquals(modV) { patch[key] = modV }
                continue
            }
            guard origV.goKind == modV.goKind else {
                patch[key] = modV
                continue
            }
            switch (origV, modV) {
            case (.object(let o), .object(let m)):
                let meta = try FieldMeta(schema, key)
                if meta.strategy == Directive.replace {
                    patch[key] = modV
                } else {
                    let sub = try diffMaps(o, m, meta.schema, buildRetainKeys: meta.retainKeys)
                    if !sub.isEmpty { patch[key] = .object(sub) }
                }
            case (.array(let o), .array(let m)):
                let meta = try FieldMeta(schema, key)
                if meta.strategy == Directive.merge {
                    let diff = try diffLists(o, m, meta)
                    if !diff.changes.isEmpty { patch[key] = .array(diff.changes) }
                    if !diff.deletions.isEmpty {
                        patch[Directive.deleteFromPrimitiveList + "/" + key] = .array(diff.deletions)
                    }
                    if !diff.order.isEmpty { patch[Directive.setElementOrder + "/" + key] = .array(diff.order) }
                } else if !origV.goEquals(modV) {
                    patch[key] = modV
                }
            default:
                if !origV.goEquals(modV) { patch[key] = modV }
            }
        }
        for key in original.keys where modified[key] == nil {
            patch[key] = .null
        }
        let originalHasMore = original.contains { k, v in !v.isNull && modified[k] == nil }
        if !retainKeys.isEmpty && (!patch.isEmpty || originalHasMore) {
            patch[Directive.retainKeys] = .array(retainKeys.map { .string($0) })
        }
        return patch
    }

    private struct ListDiff {
        var changes: [JSONValue] = []
        var deletions: [JSONValue] = []
        var order: [JSONValue] = []
    }

    private static func diffLists(_ original: [JSONValue], _ modified: [JSONValue],
                                  _ meta: FieldMeta) throws(PatchError) -> ListDiff {
        if original.isEmpty {
            return ListDiff(changes: modified)
        }
        let kind = try elementKind(of: original + modified)
        var diff = ListDiff()
        if kind == .object {
            guard let mergeKey = meta.mergeKey else { throw SMPError.noMergeKeyForList(meta) }
            let (changes, deletions) = try diffListsOfMaps(original, modified, mergeKey: mergeKey,
                                                           schema: meta.elementSchema, retainKeys: meta.retainKeys)
            var sortedChanges = try normalizeChanges(changes, order: modified, mergeKey: mergeKey)
            let orderSame = original.count == modified.count
                && zip(original, modified).allSatisfy { ($0[mergeKey] ?? .null).goEquals($1[mergeKey] ?? .null) }
            sortedChanges += deletions
            diff.changes = sortedChanges
            if !sortedChanges.isEmpty || !orderSame {
                diff.order = modified.map { .object([mergeKey: $0[mergeKey] ?? .null]) }
            }
        } else {
            let (adds, deletions) = diffListsOfScalars(original, modified)
            diff.changes = try normalizeChanges(adds, order: modified, mergeKey: nil)
            diff.deletions = deletions
            if !deletions.isEmpty || !JSONValue.array(original).goEquals(.array(modified)) {
                diff.order = modified
            }
        }
        return diff
    }

    /// Orders changed elements as they appear in `order`.
    private static func normalizeChanges(_ items: [JSONValue], order: [JSONValue],
                                         mergeKey: String?) throws(PatchError) -> [JSONValue] {
        if items.isEmpty { return items }
        return try normalizeOrder(patchItems: items, serverOnly: [], patchOrder: order, serverOrder: [],
                                  mergeKey: mergeKey, kind: mergeKey == nil ? items[0].goKind : .object)
    }

    /// Walks both lists sorted by merge key: recursive diffs for elements in
    /// both, whole elements for additions, `$patch: delete` for removals.
    private static func diffListsOfMaps(_ original: [JSONValue], _ modified: [JSONValue], mergeKey: String,
                                        schema: Schema?, retainKeys: Bool) throws(PatchError) -> ([JSONValue], [JSONValue]) {
        let o = try keyed(original, mergeKey)
        let m = try keyed(modified, mergeKey)
        var changes: [JSONValue] = []
        var deletions: [JSONValue] = []
        var i = 0
        var j = 0
        while i < o.count || j < m.count {
            if i < o.count && j < m.count && o[i].text == m[j].text {
                var sub = try diffMaps(o[i].map, m[j].map, schema, buildRetainKeys: retainKeys)
                if !sub.isEmpty {
                    sub[mergeKey] = m[j].key
                    changes.append(.object(sub))
                }
                i += 1
                j += 1
            } else if i >= o.count || (j < m.count && goLess(m[j].text, o[i].text)) {
                changes.append(.object(m[j].map))
                j += 1
            } else {
                deletions.append(.object([mergeKey: o[i].key, Directive.marker: .string(Directive.delete)]))
                i += 1
            }
        }
        return (changes, deletions)
    }

    private static func keyed(_ list: [JSONValue], _ mergeKey: String) throws(PatchError)
        -> [(text: String, key: JSONValue, map: [String: JSONValue])]
    {
        var out: [(text: String, key: JSONValue, map: [String: JSONValue])] = []
        for v in list {
            guard case .object(let o) = v else { throw SMPError.badArgType("map[string]interface {}", v) }
            guard let key = o[mergeKey] else { throw SMPError.noMergeKey(o, mergeKey) }
            out.append((key.goDescription, key, o))
        }
        return out.enumerated().sorted { a, b in
            a.element.text != b.element.text ? goLess(a.element.text, b.element.text) : a.offset < b.offset
        }.map(\.element)
    }

    /// Additions (in sorted order) and de-duplicated removals of a scalar list.
    private static func diffListsOfScalars(_ original: [JSONValue], _ modified: [JSONValue]) -> ([JSONValue], [JSONValue]) {
        func sortedByText(_ l: [JSONValue]) -> [(String, JSONValue)] {
            l.map { ($0.goDescription, $0) }.enumerated().sorted { a, b in
                a.element.0 != b.element.0 ? goLess(a.element.0, b.element.0) : a.offset < b.offset
            }.map(\.element)
        }
        let o = sortedByText(original)
        let m = sortedByText(modified)
        var adds: [JSONValue] = []
        var deletions: [JSONValue] = []
        var i = 0
        var j = 0
        while i < o.count || j < m.count {
            if i < o.count && j < m.count && o[i].0 == m[j].0 {
                i += 1
                j += 1
            } else if i >= o.count || (j < m.count && goLess(m[j].0, o[i].0)) {
                adds.append(m[j].1)
                j += 1
            } else {
                deletions.append(o[i].1)
                i += 1
            }
        }
        return (adds, deduplicated(deletions))
    }
}
