import CapstanAPI
import Crypto
import Foundation
import HTTPTypes
import Hummingbird

/// Serves /openapi/v3 and the per-group-version documents, rebuilt when the
/// registry changes (CRDs) and answered with ETags so kubectl's cache works.
actor OpenAPIService {
    private let registry: APIRegistry
    private var builtAt = -1
    private var docs: [String: (bytes: [UInt8], hash: String)] = [:]

    init(registry: APIRegistry) { self.registry = registry }

    private func refresh() {
        let gen = registry.generation
        guard gen != builtAt else { return }
        var out: [String: (bytes: [UInt8], hash: String)] = [:]
        for g in registry.groups {
            for v in g.versions {
                let defs = registry.resources(group: g.name, version: v)
                let doc = OpenAPIBuilder.document(for: defs, groupVersion: GroupVersion(group: g.name, version: v))
                let bytes = doc.serialized()
                let hash = SHA256.hash(data: bytes).map { String(format: "%02X", $0) }.joined()
                let path = g.name.isEmpty ? "api/\(v)" : "apis/\(g.name)/\(v)"
                out[path] = (bytes, hash)
            }
        }
        docs = out
        builtAt = gen
    }

    func root(_ request: Request) throws -> Response {
        refresh()
        var paths: [String: JSONValue] = [:]
        for (p, d) in docs { paths[p] = ["serverRelativeURL": .string("/openapi/v3/\(p)?hash=\(d.hash)")] }
        let body = JSONValue.object(["paths": .object(paths)]).serialized()
        return respond(body, etag: "\"" + SHA256.hash(data: body).map { String(format: "%02x", $0) }.joined() + "\"", request: request)
    }

    func document(_ path: String, request: Request) throws -> Response {
        refresh()
        guard let d = docs[path] else { throw APIError.pathNotFound() }
        return respond(d.bytes, etag: "\"\(d.hash)\"", request: request)
    }

    private func respond(_ body: [UInt8], etag: String, request: Request) -> Response {
        var headers = HTTPFields()
        headers[.eTag] = etag
        headers[.contentType] = "application/json"
        headers[.cacheControl] = "no-cache, private"
        if request.headers[.ifNoneMatch] == etag {
            return Response(status: .notModified, headers: headers)
        }
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}
