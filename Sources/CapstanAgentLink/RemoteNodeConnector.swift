import AsyncHTTPClient
import CapstanAPI
import CapstanAPIServer
import CapstanClient
import Foundation
import Logging
import NIOCore
import NIOSSL

/// The API server's connection to a node agent on another machine (or
/// another process): HTTPS to the address and port the node reports
/// (InternalIP, `daemonEndpoints.kubeletEndpoint.Port`), authenticated with
/// the API server's kubelet-client certificate; the node's serving
/// certificate is checked against the cluster CA.
public struct RemoteNodeConnector: NodeConnector {
    let nodeName: String
    let base: String
    let client: HTTPClient
    let tls: TLSConfiguration
    let logger: Logger

    public func containerLogs(namespace: String, pod: String, uid: String, container: String, options: ContainerLogOptions)
        async throws -> AsyncThrowingStream<[UInt8], any Error>
    {
        let path = APIRequest(.get, "/containerLogs/\(namespace)/\(pod)/\(container)", query: [("podUID", uid)] + options.queryItems).target
        let resp = try await execute(path, timeout: options.follow ? .hours(24) : .seconds(60))
        guard resp.status == .ok else { throw NodeRequestError(try await Self.text(resp)) }
        let (stream, continuation) = AsyncThrowingStream<[UInt8], any Error>.makeStream()
        let task = Task {
            do {
                for try await chunk in resp.body { continuation.yield(Array(chunk.readableBytesView)) }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    public func get(path: String) async throws -> NodeHTTPResponse {
        let resp = try await execute(path, timeout: .seconds(30))
        let body = try await resp.body.collect(upTo: 64 << 20)
        return NodeHTTPResponse(
            status: Int(resp.status.code), contentType: resp.headers.first(name: "Content-Type") ?? "text/plain",
            body: Array(buffer: body))
    }

    public func exec(namespace: String, pod: String, uid: String, container: String, options: ContainerExecOptions)
        async throws -> any ContainerStream
    {
        try await checkExec(namespace: namespace, pod: pod, uid: uid, container: container)
        var q: [(String, String)] = [("podUID", uid)]
        q += options.command.map { ("command", $0) }
        if options.stdin { q.append(("stdin", "true")) }
        if options.tty { q.append(("tty", "true")) }
        let target = APIRequest(.get, "/exec/\(namespace)/\(pod)/\(container)", query: q).target
        return try await WebSocketExecStream.connect(url: wss + target, serverName: nodeName, tls: tls, logger: logger)
    }

    public func attach(namespace: String, pod: String, uid: String, container: String, options: ContainerExecOptions)
        async throws -> any ContainerStream
    {
        try await checkExec(namespace: namespace, pod: pod, uid: uid, container: container)
        var q: [(String, String)] = [("podUID", uid)]
        if options.stdin { q.append(("stdin", "true")) }
        if options.tty { q.append(("tty", "true")) }
        let target = APIRequest(.get, "/attach/\(namespace)/\(pod)/\(container)", query: q).target
        return try await WebSocketExecStream.connect(url: wss + target, serverName: nodeName, tls: tls, logger: logger)
    }

    public func portForward(namespace: String, pod: String, uid: String, port: Int) async throws -> any PodPortStream {
        let target = APIRequest(.get, "/portForward/\(namespace)/\(pod)", query: [("podUID", uid), ("port", String(port))]).target
        return try await WebSocketPortStream.connect(url: wss + target, serverName: nodeName, tls: tls, logger: logger)
    }

    var wss: String { base.replacingOccurrences(of: "https://", with: "wss://") }

    /// The agent's answer to "is this container running", with the kubelet's refusal text.
    public func checkExec(namespace: String, pod: String, uid: String, container: String) async throws {
        let resp = try await execute(APIRequest(.get, "/running/\(namespace)/\(pod)/\(container)", query: [("podUID", uid)]).target, timeout: .seconds(30))
        let text = try await Self.text(resp)
        guard resp.status == .ok else { throw NodeRequestError(text) }
    }

    func execute(_ path: String, timeout: TimeAmount) async throws -> HTTPClientResponse {
        do {
            return try await client.execute(HTTPClientRequest(url: base + path), timeout: timeout)
        } catch {
            throw NodeRequestError("error trying to reach the node's agent at \(base): \(error)")
        }
    }

    static func text(_ resp: HTTPClientResponse) async throws -> String {
        String(buffer: try await resp.body.collect(upTo: 1 << 20)).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// Keeps the API server's node connectors in step with the Node objects:
/// every node that is not served in process gets a `RemoteNodeConnector`
/// to the address and port it reports.
public struct RemoteNodeConnectors: Sendable {
    let core: APIServerCore
    let client: KubeClient
    let localNodes: Set<String>
    let http: HTTPClient
    let tls: TLSConfiguration
    let logger: Logger

    public init(core: APIServerCore, client: KubeClient, pki: ClusterPKI, localNodes: Set<String>, logger: Logger) throws {
        var tls = TLSConfiguration.makeClientConfiguration()
        // Nodes' endpoints present certificates of the node-serving CA only: an
        // address that points elsewhere (the API server itself, say) fails the handshake.
        tls.trustRoots = .certificates([try NIOSSLCertificate(bytes: Array(pki.nodeServingCA.certificatePEM.utf8), format: .pem)])
        tls.certificateChain = [.certificate(try NIOSSLCertificate(bytes: Array(pki.kubeletClient.certificatePEM.utf8), format: .pem))]
        tls.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: Array(pki.kubeletClient.keyPEM.utf8), format: .pem))
        self.tls = tls
        var config = HTTPClient.Configuration(tlsConfiguration: tls)
        config.timeout.connect = .seconds(5)
        self.http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: config)
        self.core = core
        self.client = client
        self.localNodes = localNodes
        self.logger = logger
    }

    public func run() async {
        let informer = Informer(client: client, resource: .nodes, logger: logger)
        let watching = Task { await informer.run() }
        var known: [String: String] = [:]
        for await event in await informer.events() {
            switch event {
            case .added(let node), .updated(_, let node):
                guard let name = node[path: ["metadata", "name"]]?.stringValue, !localNodes.contains(name),
                      let base = Self.endpoint(of: node), known[name] != base
                else { continue }
                known[name] = base
                core.nodes.register(name, RemoteNodeConnector(nodeName: name, base: base, client: http, tls: tls, logger: logger))
                logger.info("node \(name): agent endpoint \(base)")
            case .deleted(let node):
                guard let name = node[path: ["metadata", "name"]]?.stringValue, known.removeValue(forKey: name) != nil else { continue }
                core.nodes.unregister(name)
            case .synced:
                continue
            }
        }
        watching.cancel()
        try? await http.shutdown()
    }

    /// `https://InternalIP:port` from the node's status; nil until it reports both.
    static func endpoint(of node: JSONValue) -> String? {
        guard let port = node[path: ["status", "daemonEndpoints", "kubeletEndpoint", "Port"]]?.intValue, port > 0,
              case .array(let addresses)? = node[path: ["status", "addresses"]]
        else { return nil }
        let ip = addresses.first { $0["type"]?.stringValue == "InternalIP" }?["address"]?.stringValue
        guard let ip else { return nil }
        return ip.contains(":") ? "https://[\(ip)]:\(port)" : "https://\(ip):\(port)"
    }
}
