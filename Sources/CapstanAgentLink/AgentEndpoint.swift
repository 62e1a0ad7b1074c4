import CapstanAPI
import CapstanAPIServer
import CapstanNode
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTLS
import HummingbirdWebSocket
import Logging
import NIOCore
import NIOSSL
import ServiceLifecycle

/// The agent's own HTTPS endpoint (the kubelet's port 10250), which the API
/// server calls for what only the node can answer: container logs, stats,
/// metrics, health. Only the API server may call it: TLS requires a client
/// certificate from the cluster CA, and the identity must be the API
/// server's (`kube-apiserver-kubelet-client`) or a cluster admin's; other
/// nodes' certificates are refused.
public struct AgentEndpoint: ServiceLifecycle.Service {
    let agent: NodeAgent
    let credentials: NodeCredentials
    let bindAddress: String
    let port: Int
    let logger: Logger

    public init(agent: NodeAgent, credentials: NodeCredentials, bindAddress: String, port: Int, logger: Logger) {
        self.agent = agent
        self.credentials = credentials
        self.bindAddress = bindAddress
        self.port = port
        self.logger = logger
    }

    func tls() throws -> TLSConfiguration {
        var tls = TLSConfiguration.makeServerConfiguration(
            certificateChain: [.certificate(try NIOSSLCertificate(bytes: Array(credentials.servingCertificatePEM.utf8), format: .pem))],
            privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(credentials.keyPEM.utf8), format: .pem)))
        tls.trustRoots = .certificates([try NIOSSLCertificate(bytes: Array(credentials.caPEM.utf8), format: .pem)])
        tls.certificateVerification = .noHostnameVerification
        tls.minimumTLSVersion = .tlsv12
        return tls
    }

    public func run() async throws {
        let upgrade = AgentStreamUpgrade(agent: agent)
        let app = Application(
            responder: AgentResponder(agent: agent),
            server: try .tls(
                .http1WebSocketUpgrade { head, channel, logger in await upgrade.decide(head, channel: channel, logger: logger) },
                tlsConfiguration: tls()),
            configuration: .init(address: .hostname(bindAddress, port: port), serverName: nil),
            logger: logger)
        try await app.run()
    }
}

/// Routes of the agent endpoint, after the caller's identity is checked.
struct AgentResponder: HTTPResponder {
    typealias Context = APIRequestContext
    let agent: NodeAgent

    static let allowedUsers: Set<String> = ["kube-apiserver-kubelet-client"]

    static func callerAllowed(channel: any Channel) async -> Bool {
        guard let der = await APIRequestContext.peerCertificateDER(of: channel),
              let id = ClusterPKI.identity(fromCertificateDER: der)
        else { return false }
        return allowedUsers.contains(id.user) || id.groups.contains("system:masters")
    }

    func respond(to request: Request, context: Context) async throws -> Response {
        guard await Self.callerAllowed(channel: context.channel) else {
            return Self.text("Forbidden: only the API server may call a node's endpoint\n", status: .forbidden)
        }
        guard request.method == .get else { return Self.text("method not allowed\n", status: .methodNotAllowed) }
        let path = request.uri.path
        let parts = path.split(separator: "/").map(String.init)
        if parts.first == "running", parts.count == 4 {
            // What an exec would refuse, without running anything (the API server's check before it upgrades).
            do {
                _ = try await agent.runningContainer(podUID: request.uri.queryParameters["podUID"].map(String.init) ?? "", container: parts[3])
                return Self.text("ok", status: .ok)
            } catch let e as ExecRequestError {
                return Self.text(e.description, status: .badRequest)
            }
        }
        if parts.first == "containerLogs", parts.count == 4 {
            return try await logs(namespace: parts[1], pod: parts[2], container: parts[3], query: Query(request.uri.query))
        }
        let answer = await agent.serve(path: path)
        var headers = HTTPFields()
        headers[.contentType] = answer.contentType
        return Response(status: .init(code: answer.status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: answer.body)))
    }

    /// The kubelet's `/containerLogs/NS/POD/CONTAINER`, with pods/log's
    /// parameters plus `podUID` (the API server knows it; the kubelet would look it up).
    func logs(namespace: String, pod: String, container: String, query: Query) async throws -> Response {
        let stream: AsyncThrowingStream<[UInt8], any Error>
        do {
            stream = try await agent.containerLogs(
                uid: query["podUID"] ?? "", pod: pod, container: container, options: try ContainerLogOptions(query))
        } catch let e as NodeRequestError {
            return Self.text(e.message, status: .badRequest)
        } catch let e as APIError {
            return Self.text(e.status.message ?? "\(e)", status: .badRequest)
        }
        let body = ResponseBody { writer in
            for try await chunk in stream { try await writer.write(ByteBuffer(bytes: chunk)) }
            try await writer.finish(nil)
        }
        var headers = HTTPFields()
        headers[.contentType] = "text/plain"
        return Response(status: .ok, headers: headers, body: body)
    }

    static func text(_ s: String, status: HTTPResponse.Status) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: s)))
    }
}
