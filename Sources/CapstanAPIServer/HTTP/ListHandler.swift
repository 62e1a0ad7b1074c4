import CapstanAPI
import CapstanStore
import Foundation
import Hummingbird

/// Lists, with Kubernetes' resourceVersion semantics: no resourceVersion
/// (or a continue token) is a consistent read; "0" is "any", served from the
/// cache as it is. `limit` pages through the store at the list's revision so
/// every page of one list sees the same snapshot.
struct ListHandler {
    let server: APIServerCore

    static func filter(def: ResourceDefinition, namespace: String?, query: Query) throws(APIError) -> ObjectFilter {
        var label: LabelSelectorExpression? = nil
        if let s = query["labelSelector"], !s.isEmpty {
            do { label = try LabelSelectorExpression(parsing: s) } catch {
                throw APIError.badRequest("\(error)")
            }
        }
        var field: FieldSelector? = nil
        if let s = query["fieldSelector"], !s.isEmpty {
            do { field = try FieldSelector(parsing: s) } catch {
                throw APIError.badRequest("\(error)")
            }
            if let field {
                let supported = Set(FieldSelector.fieldSet(kind: def.kind, object: .emptyObject, namespaced: def.namespaced).keys)
                for f in field.fieldNames where !supported.contains(f) {
                    throw APIError.badRequest("field label not supported: \(f)")
                }
            }
        }
        let ns = namespace
        let labelSel = label
        let fieldSel = field
        return { o in
            if let ns, o.namespace != ns { return false }
            if let labelSel, !labelSel.matches(o.labels) { return false }
            if let fieldSel, !fieldSel.matches(o.fields) { return false }
            return true
        }
    }

    struct ContinueToken: Codable {
        var rv: Int64
        var start: String
    }

    func list(def: ResourceDefinition, namespace: String?, query: Query, table: Bool) async throws -> Response {
        let filter = try Self.filter(def: def, namespace: namespace, query: query)
        let limit = query.int("limit").flatMap { $0 > 0 ? $0 : nil }
        let prefix = def.keyPrefix(namespace: namespace)
        guard let cache = await server.hub.cache(for: def) else { throw APIError.serviceUnavailable("cache for \(def.plural) not ready") }

        var items: [CachedObject]
        var rev: Int64
        var cont: String? = nil
        var remaining = 0
        if let token = query["continue"], !token.isEmpty {
            guard let data = Data(base64Encoded: token), let t = try? JSONDecoder().decode(ContinueToken.self, from: data) else {
                throw APIError.badRequest("continue key is not valid: illegal base64 data")
            }
            do {
                (items, remaining) = try await storePage(def: def, prefix: prefix, after: t.start, limit: limit, rev: t.rv, filter: filter)
            } catch StoreError.compacted {
                throw APIError.gone("The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.")
            }
            rev = t.rv
        } else if let rvString = query["resourceVersion"], !rvString.isEmpty {
            guard let requested = Int64(rvString) else {
                throw APIError.badRequest("invalid resourceVersion \"\(rvString)\"")
            }
            if requested > 0 { await server.hub.waitFor(revision: requested) }
            rev = await server.hub.processedRevision
            let page = await cache.list(prefix: prefix, filter: filter, limit: limit)
            items = page.items
            remaining = page.remaining
        } else if limit != nil {
            rev = try await server.store.currentRevision()
            (items, remaining) = try await storePage(def: def, prefix: prefix, after: nil, limit: limit, rev: rev, filter: filter)
        } else {
            rev = try await server.hub.sync()
            items = await cache.list(prefix: prefix, filter: filter).items
        }
        if remaining > 0, let last = items.last {
            let token = try JSONEncoder().encode(ContinueToken(rv: rev, start: last.key))
            cont = token.base64EncodedString()
        }
        var meta: [String: JSONValue] = ["resourceVersion": .string(String(rev))]
        if let cont {
            meta["continue"] = .string(cont)
            meta["remainingItemCount"] = .int(Int64(remaining))
        }
        if table {
            return Negotiation.json(TableRenderer.table(def: def, objects: items.map { $0.object() }, listMeta: meta))
        }
        return Negotiation.bytes(Self.listBytes(def: def, items: items, meta: .object(meta)))
    }

    /// A page read from the store at a fixed revision, filtered.
    func storePage(def: ResourceDefinition, prefix: String, after: String?, limit: Int?, rev: Int64, filter: ObjectFilter)
        async throws -> ([CachedObject], Int)
    {
        var out: [CachedObject] = []
        var cursor = after
        let fieldSet = CacheHub.fieldSetter(def)
        while true {
            let want = max((limit ?? 500) - out.count, 1)
            let page = try await server.store.list(ListOptions(prefix: prefix, startAfter: cursor, limit: want, revision: rev))
            for kv in page.items {
                let o = try CachedObject(kv: kv, fieldSet: fieldSet)
                if filter(o) { out.append(o) }
            }
            cursor = page.items.last?.key
            if page.remaining == 0 || cursor == nil { return (out, 0) }
            if let limit, out.count >= limit { return (out, page.remaining) }
        }
    }

    /// Builds `{"apiVersion":..,"items":[...],"kind":..,"metadata":..}` from
    /// cached bytes without re-encoding each item.
    static func listBytes(def: ResourceDefinition, items: [CachedObject], meta: JSONValue) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(items.reduce(128) { $0 + $1.bytes.count + 1 })
        out += Array("{\"apiVersion\":".utf8)
        JSONValue.writeString(def.apiVersion, into: &out)
        out += Array(",\"items\":[".utf8)
        for (i, o) in items.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            out += def.servedBytes(o)
        }
        out += Array("],\"kind\":".utf8)
        JSONValue.writeString(def.listKind, into: &out)
        out += Array(",\"metadata\":".utf8)
        JSONValue.write(meta, into: &out)
        out.append(UInt8(ascii: "}"))
        return out
    }
}

/// meta.k8s.io/v1 Table responses, with PartialObjectMetadata in each row.
enum TableRenderer {
    static func columnDefinitions(_ def: ResourceDefinition) -> JSONValue {
        .array(def.table.columns.map { c in
            ["name": .string(c.name), "type": .string(c.type), "format": .string(c.format),
             "description": .string(c.description), "priority": .int(Int64(c.priority))]
        })
    }

    static func table(def: ResourceDefinition, objects: [JSONValue], listMeta: [String: JSONValue], now: Date = Date()) -> JSONValue {
        [
            "kind": "Table", "apiVersion": "meta.k8s.io/v1", "metadata": .object(listMeta),
            "columnDefinitions": columnDefinitions(def),
            "rows": .array(objects.map { row(def: def, object: $0, now: now) }),
        ]
    }

    static func row(def: ResourceDefinition, object: JSONValue, now: Date) -> JSONValue {
        var meta = object["metadata"] ?? .emptyObject
        meta["managedFields"] = nil
        return [
            "cells": .array(def.table.cells(object, now)),
            "object": ["kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1", "metadata": meta],
        ]
    }
}
