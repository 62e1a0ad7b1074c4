import CapstanAPI
import CapstanStore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// REST verbs on one resource path: get, list, watch, create, update,
/// patch, delete, deletecollection, and the status and scale subresources.
struct ResourceHandler {
    let server: APIServerCore
    static let maxBody = 3 * 1024 * 1024

    func handle(_ request: Request, info: RequestInfo, user: UserInfo) async throws -> Response {
        guard let def = server.registry.lookup(group: info.group, version: info.version, plural: info.resource) else {
            throw APIError.pathNotFound()
        }
        if !def.namespaced && info.namespace != nil { throw APIError.pathNotFound() }
        let query = Query(request.uri.query)
        let rs = server.resourceStore(def)
        let ns = def.namespaced ? info.namespace : nil
        let accept = request.headers[.accept]
        let table = Negotiation.wantsTable(accept)

        if let sub = info.subresource {
            guard let name = info.name else { throw APIError.pathNotFound() }
            if sub == "proxy", def.group == "", def.plural == "nodes", request.method == .get, let path = info.proxyPath {
                return try await NodeProxyHandler(server: server).get(rs: rs, node: name, path: path)
            }
            return try await subresource(sub, request: request, def: def, rs: rs, ns: ns, name: name, query: query, table: table)
        }
        switch request.method {
        case .get:
            if let name = info.name {
                let obj = try await rs.get(namespace: ns, name: name)
                return table ? Negotiation.json(TableRenderer.table(def: def, objects: [def.storageForm(obj)], listMeta: [:])) : Negotiation.json(obj)
            }
            if query.bool("watch") {
                return try await WatchHandler(server: server).watch(def: def, namespace: ns, query: query, table: table)
            }
            return try await ListHandler(server: server).list(def: def, namespace: ns, query: query, table: table)
        case .post:
            guard info.name == nil else { throw APIError.methodNotAllowed() }
            if def.namespaced && ns == nil { throw APIError.pathNotFound() }
            var body = try await decodeBody(request, def: def)
            // Admission sees the namespace the object will have (the URL's, unless the body disagrees: then create refuses).
            if def.namespaced, let ns, body[path: ["metadata", "namespace"]] == nil { body[path: ["metadata", "namespace"]] = .string(ns) }
            try await server.admitCreate(def, &body)
            let options = try writeOptions(query, request)
            let out = try await rs.create(namespace: ns, body: body, options: options)
            // A dry run keeps nothing: the ClusterIP and NodePorts admission took go back at once.
            if options.dryRun, def.kind == "Service", def.group.isEmpty { await server.serviceAllocator?.release(service: out.object) }
            return Negotiation.json(out.object, status: out.created && !query.has("dryRun") ? .created : .ok, warnings: out.warnings)
        case .put:
            guard let name = info.name else { throw APIError.methodNotAllowed() }
            let body = try await decodeBody(request, def: def)
            let out = try await rs.update(namespace: ns, name: name, body: body, target: .main, options: try writeOptions(query, request))
            return Negotiation.json(out.object, warnings: out.warnings)
        case .patch:
            guard let name = info.name else { throw APIError.methodNotAllowed() }
            return try await PatchHandler(server: server).patch(request, def: def, rs: rs, namespace: ns, name: name, target: .main, query: query)
        case .delete:
            let opts = try DeleteOptions(body: try await optionalBody(request), query: query.values)
            if let name = info.name {
                switch try await rs.delete(namespace: ns, name: name, options: opts) {
                case .marked(let obj): return Negotiation.json(obj)
                case .deleted(let obj):
                    if def.kind == "Pod" { return Negotiation.json(obj) }
                    return Negotiation.json(Self.successStatus(def: def, obj: obj))
                }
            }
            return try await deleteCollection(def: def, rs: rs, namespace: ns, query: query, options: opts)
        default:
            throw APIError.methodNotAllowed()
        }
    }

    static func successStatus(def: ResourceDefinition, obj: JSONValue) -> JSONValue {
        [
            "kind": "Status", "apiVersion": "v1", "metadata": .emptyObject, "status": "Success",
            "details": [
                "name": obj[path: ["metadata", "name"]] ?? "", "group": .string(def.group), "kind": .string(def.plural),
                "uid": obj[path: ["metadata", "uid"]] ?? "",
            ],
        ]
    }

    func deleteCollection(def: ResourceDefinition, rs: ResourceStore, namespace: String?, query: Query, options: DeleteOptions)
        async throws -> Response
    {
        let filter = try ListHandler.filter(def: def, namespace: namespace, query: query)
        guard let cache = await server.hub.cache(for: def) else { throw APIError.serviceUnavailable("cache not ready") }
        let rev = try await server.hub.sync()
        let page = await cache.list(prefix: def.keyPrefix(namespace: namespace), filter: filter)
        var deleted: [JSONValue] = []
        for o in page.items {
            do {
                switch try await rs.delete(namespace: o.namespace, name: o.name, options: options) {
                case .deleted(let obj), .marked(let obj): deleted.append(obj)
                }
            } catch let e as APIError where e.code == 404 {}
        }
        return Negotiation.json([
            "kind": .string(def.listKind), "apiVersion": .string(def.apiVersion),
            "metadata": ["resourceVersion": .string(String(rev))], "items": .array(deleted),
        ])
    }

    // MARK: subresources

    func subresource(
        _ sub: String, request: Request, def: ResourceDefinition, rs: ResourceStore, ns: String?, name: String, query: Query,
        table: Bool
    ) async throws -> Response {
        guard let kind = ResourceDefinition.Subresource(rawValue: sub), def.subresources.contains(kind) else {
            throw APIError.pathNotFound()
        }
        switch (kind, request.method) {
        case (.status, .get):
            return Negotiation.json(try await rs.get(namespace: ns, name: name))
        case (.status, .put):
            var opts = try writeOptions(query, request)
            opts.subresource = "status"
            let body = try await decodeBody(request, def: def)
            let out = try await rs.update(namespace: ns, name: name, body: body, target: .status, options: opts)
            return Negotiation.json(out.object, warnings: out.warnings)
        case (.status, .patch):
            return try await PatchHandler(server: server).patch(request, def: def, rs: rs, namespace: ns, name: name, target: .status, query: query)
        case (.scale, .get):
            return Negotiation.json(ScaleSubresource.scale(of: try await rs.get(namespace: ns, name: name), def: def))
        case (.scale, .put), (.scale, .patch):
            return try await ScaleSubresource(server: server).write(request, def: def, rs: rs, namespace: ns, name: name, query: query)
        case (.eviction, .post):
            return try await PodEviction(server: server).evict(request, def: def, rs: rs, namespace: ns, name: name)
        case (.log, .get):
            return try await PodLogHandler(server: server).logs(request, rs: rs, namespace: ns ?? "default", name: name, query: query)
        case (.exec, .get), (.exec, .post):
            // An upgrade to WebSocket never gets here (StreamUpgrade takes it first).
            return try await PodExecHandler(server: server).refuse(request, namespace: ns ?? "default", name: name, query: query)
        case (.attach, .get), (.attach, .post):
            return try await PodExecHandler(server: server).refuse(request, kind: .attach, namespace: ns ?? "default", name: name, query: query)
        case (.portforward, .get), (.portforward, .post):
            return try await PodPortForwardHandler(server: server).refuse(namespace: ns ?? "default", name: name)
        case (.binding, .post):
            return try await PodSubresources(server: server).bind(request, def: def, rs: rs, namespace: ns, name: name, query: query)
        case (.finalize, .put):
            let body = try await decodeBody(request, def: def)
            var opts = try writeOptions(query, request)
            opts.subresource = "finalize"
            let out = try await rs.guaranteedUpdate(namespace: ns, name: name, precondition: nil, options: opts) { old in
                var n = old
                n[path: ["spec", "finalizers"]] = body[path: ["spec", "finalizers"]] ?? .array([])
                return n
            }
            return Negotiation.json(out.object)
        default:
            throw APIError(code: 405, reason: "MethodNotAllowed", message: "the server does not allow this method on the requested resource (\(request.method) \(def.plural)/\(sub))")
        }
    }

    // MARK: bodies

    func writeOptions(_ query: Query, _ request: Request) throws(APIError) -> WriteOptions {
        var o = WriteOptions()
        if let d = query["dryRun"] {
            guard d == "All" else { throw APIError.badRequest("Invalid dry run value: \(d)") }
            o.dryRun = true
        }
        o.fieldManager = query["fieldManager"] ?? Self.defaultManager(request.headers[.userAgent])
        o.fieldValidation = try FieldValidationMode(query: query["fieldValidation"])
        o.force = query.bool("force")
        return o
    }

    /// Kubernetes names an unnamed manager after the client's User-Agent program.
    static func defaultManager(_ ua: String?) -> String {
        guard let ua, !ua.isEmpty else { return "unknown" }
        let prog = ua.split(separator: "/").first.map(String.init) ?? ua
        return String(prog.prefix(128))
    }

    func readBody(_ request: Request) async throws -> [UInt8] {
        var collected: [UInt8] = []
        for try await var chunk in request.body {
            if collected.count + chunk.readableBytes > Self.maxBody { throw APIError.tooLarge }
            collected += chunk.readBytes(length: chunk.readableBytes) ?? []
        }
        return collected
    }

    func optionalBody(_ request: Request) async throws -> JSONValue? {
        let bytes = try await readBody(request)
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return nil }
        return try BodyDecoder.decode(bytes, contentType: request.headers[.contentType], def: nil)
    }

    func decodeBody(_ request: Request, def: ResourceDefinition) async throws -> JSONValue {
        let bytes = try await readBody(request)
        return try BodyDecoder.decode(bytes, contentType: request.headers[.contentType], def: def)
    }
}

extension Query {
    func has(_ k: String) -> Bool { values[k] != nil }
}
