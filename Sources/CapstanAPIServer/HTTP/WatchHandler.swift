import CapstanAPI
import Foundation
import Hummingbird
import NIOCore

/// Watches: a chunked stream of `{"type":..,"object":..}` lines from the
/// resource's watch cache. resourceVersion unset or "0" starts with the
/// current objects as ADDED events; a number starts after that revision
/// (410 Gone if the cache no longer has it).
struct WatchHandler {
    let server: APIServerCore

    func watch(def: ResourceDefinition, namespace: String?, query: Query, table: Bool) async throws -> Response {
        let filter = try ListHandler.filter(def: def, namespace: namespace, query: query)
        guard let cache = await server.hub.cache(for: def) else { throw APIError.serviceUnavailable("cache not ready") }
        let prefix = def.keyPrefix(namespace: namespace)
        let rvParam = query["resourceVersion"] ?? ""
        let subscription: (id: Int, stream: AsyncStream<CacheEvent>)
        if rvParam.isEmpty || rvParam == "0" {
            if rvParam.isEmpty { _ = try await server.hub.sync() }
            subscription = try await cache.subscribeWithInitial(prefix: prefix, filter: filter)
        } else {
            guard let rv = Int64(rvParam) else { throw APIError.badRequest("invalid resourceVersion \"\(rvParam)\"") }
            await server.hub.waitFor(revision: rv)
            subscription = try await cache.subscribe(fromRevision: rv, filter: filter)
        }
        let timeout = query.int("timeoutSeconds").map { Double($0) } ?? Double.random(in: 1800...3600)
        let bookmarks = query.bool("allowWatchBookmarks")
        let hub = server.hub
        let events = subscription.stream
        let kind = def.kind
        let apiVersion = def.apiVersion

        let body = ResponseBody { writer in
            let deadline = ContinuousClock.now + .seconds(timeout)
            try await withThrowingTaskGroup(of: Void.self) { group in
                let (out, cont) = AsyncStream<ByteBuffer>.makeStream()
                group.addTask {
                    for await e in events {
                        cont.yield(ByteBuffer(bytes: Self.encode(e, def: def, table: table)))
                    }
                    cont.finish()
                }
                group.addTask {
                    try? await Task.sleep(until: deadline)
                    cont.finish()
                }
                if bookmarks {
                    group.addTask {
                        while !Task.isCancelled {
                            try? await Task.sleep(for: .seconds(30))
                            if Task.isCancelled { break }
                            let rev = await hub.processedRevision
                            let bm: JSONValue = [
                                "type": "BOOKMARK",
                                "object": ["kind": .string(kind), "apiVersion": .string(apiVersion),
                                           "metadata": ["resourceVersion": .string(String(rev))]],
                            ]
                            cont.yield(ByteBuffer(bytes: bm.serialized() + [0x0A]))
                        }
                    }
                }
                for await chunk in out {
                    try await writer.write(chunk)
                }
                group.cancelAll()
            }
            try await writer.finish(nil)
        }
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        headers[.cacheControl] = "no-cache, private"
        return Response(status: .ok, headers: headers, body: body)
    }

    static func encode(_ e: CacheEvent, def: ResourceDefinition, table: Bool) -> [UInt8] {
        var out: [UInt8] = Array("{\"type\":\"\(e.type.rawValue)\",\"object\":".utf8)
        if table {
            let obj = e.object.object()
            var t = TableRenderer.table(def: def, objects: [obj], listMeta: ["resourceVersion": .string(String(e.revision))])
            t["columnDefinitions"] = TableRenderer.columnDefinitions(def)
            out += t.serialized()
        } else {
            out += def.servedBytes(e.object)
        }
        out += Array("}\n".utf8)
        return out
    }
}
