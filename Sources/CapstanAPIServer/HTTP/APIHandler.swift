import CapstanAPI
import CapstanStore
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// The request pipeline: authenticate → authorize → route. Non-resource
/// paths (health, version, discovery, OpenAPI) are answered here; resource
/// requests go to `ResourceHandler`.
public struct APIResponder: HTTPResponder {
    public typealias Context = APIRequestContext
    let server: APIServerCore
    /// Answers `/cacerts` and node certificate requests (nil: nodes cannot join).
    var join: NodeJoinAuthority? = nil

    public func respond(to request: Request, context: Context) async throws -> Response {
        let path = request.uri.path
        // Health and version are public, as Kubernetes' system:public-info-viewer role makes them.
        switch path {
        case "/healthz", "/livez": return text("ok")
        case "/readyz":
            return await server.isReady ? text("ok") : text("[-]informer-sync failed: reason withheld\nreadyz check failed", status: .internalServerError)
        case "/version": return Negotiation.json(server.versionInfo)
        default: break
        }
        if let join, let answer = await join.respond(to: request) { return answer }
        guard let user = await authenticate(request, context: context) else {
            return Negotiation.error(.unauthorized)
        }
        return await serve(request, user: user, logger: context.logger)
    }

    /// Everything after authentication: authorize, route, map errors to
    /// Status responses. The in-process client (`LocalTransport`) enters here
    /// with the identity it was created for.
    func serve(_ request: Request, user: UserInfo, logger: Logger) async -> Response {
        do {
            try server.authorize(user, request)
            return try await route(request, user: user)
        } catch let e as APIError {
            return Negotiation.error(e)
        } catch let e as StoreError {
            return Negotiation.error(APIError.from(e))
        } catch {
            logger.error("request \(request.method) \(request.uri.path) failed: \(error)")
            return Negotiation.error(.internalError(String(describing: error)))
        }
    }

    func authenticate(_ request: Request, context: Context) async -> UserInfo? {
        await Self.authenticate(request.headers, channel: context.channel, server: server)
    }

    /// The client certificate of the connection, else a bearer token. Also
    /// used for WebSocket upgrades, which are decided before routing.
    static func authenticate(_ headers: HTTPFields, channel: any Channel, server: APIServerCore) async -> UserInfo? {
        if let der = await APIRequestContext.peerCertificateDER(of: channel), let id = ClusterPKI.identity(fromCertificateDER: der) {
            return UserInfo(name: id.user, groups: id.groups + ["system:authenticated"])
        }
        if let auth = headers[.authorization], auth.hasPrefix("Bearer ") {
            return server.authenticateToken(String(auth.dropFirst(7)))
        }
        return nil
    }

    func route(_ request: Request, user: UserInfo) async throws -> Response {
        let path = request.uri.path
        let accept = request.headers[.accept]
        guard request.method == .get || RequestInfo(path: path) != nil else {
            if path.hasPrefix("/api") || path.hasPrefix("/openapi") { throw APIError.methodNotAllowed() }
            throw APIError.pathNotFound()
        }
        switch path {
        case "/api", "/api/":
            if Negotiation.wantsAggregatedDiscovery(accept) {
                return Negotiation.json(Discovery.aggregated(server.registry, core: true), contentType: Negotiation.aggregatedDiscoveryType)
            }
            return Negotiation.json(Discovery.apiVersions(address: server.advertiseAddress))
        case "/apis", "/apis/":
            if Negotiation.wantsAggregatedDiscovery(accept) {
                return Negotiation.json(Discovery.aggregated(server.registry, core: false), contentType: Negotiation.aggregatedDiscoveryType)
            }
            return Negotiation.json(Discovery.groupList(server.registry))
        case "/api/v1":
            return Negotiation.json(Discovery.resourceList(server.registry, group: "", version: "v1"))
        case "/openapi/v3", "/openapi/v3/":
            return try await server.openAPI.root(request)
        case "/openapi/v2":
            throw APIError(code: 404, reason: "NotFound", message: "the server could not find the requested resource")
        default: break
        }
        if path.hasPrefix("/openapi/v3/") {
            return try await server.openAPI.document(String(path.dropFirst("/openapi/v3/".count)), request: request)
        }
        let parts = path.split(separator: "/").map(String.init)
        if parts.first == "apis" && parts.count == 2 {
            guard let g = Discovery.group(server.registry, name: parts[1]) else { throw APIError.pathNotFound() }
            return Negotiation.json(g)
        }
        if parts.first == "apis" && parts.count == 3 {
            let list = Discovery.resourceList(server.registry, group: parts[1], version: parts[2])
            if list["resources"]?.arrayValue?.isEmpty ?? true, server.registry.resources(group: parts[1], version: parts[2]).isEmpty {
                throw APIError.pathNotFound()
            }
            return Negotiation.json(list)
        }
        guard let info = RequestInfo(path: path) else { throw APIError.pathNotFound() }
        return try await ResourceHandler(server: server).handle(request, info: info, user: user)
    }

    func text(_ s: String, status: HTTPResponse.Status = .ok) -> Response {
        Negotiation.bytes(Array(s.utf8), status: status, contentType: "text/plain; charset=utf-8")
    }
}

extension APIError {
    static func from(_ e: StoreError) -> APIError {
        switch e {
        case .compacted(let r, let c):
            return .gone("The resourceVersion for the provided watch is too old. (requested \(r), compacted \(c))")
        case .futureRevision(let r, let c):
            return APIError(code: 504, reason: "Timeout", message: "Too large resource version: \(r), current: \(c)",
                            details: StatusDetails(causes: [StatusCause(reason: "ResourceVersionTooLarge", message: "Too large resource version")], retryAfterSeconds: 1))
        case .closed: return .serviceUnavailable("the storage is shutting down")
        default: return .internalError(String(describing: e))
        }
    }
}
