import CapstanAPI
import CapstanClient
import Foundation
import Hummingbird
import NIOCore
import Synchronization

/// What `kubectl logs` asks for (the query of pods/NAME/log).
public struct ContainerLogOptions: Sendable {
    public var follow = false
    public var previous = false
    public var tailLines: Int?
    public var sinceSeconds: Int?
    public var sinceTime: Date?
    public var timestamps = false
    public var limitBytes: Int?
    public init() {}
}

extension ContainerLogOptions {
    /// From a pods/log query; a remote agent's `/containerLogs` takes the same parameters.
    public init(_ query: Query) throws(APIError) {
        self.init()
        follow = query.bool("follow")
        previous = query.bool("previous")
        timestamps = query.bool("timestamps")
        tailLines = query.int("tailLines")
        limitBytes = query.int("limitBytes")
        sinceSeconds = query.int("sinceSeconds")
        if let t = query["sinceTime"] {
            guard let d = Time.parse(t) else { throw APIError.badRequest("invalid sinceTime \(t)") }
            sinceTime = d
        }
    }

    /// The same options as query parameters (what `init(_:)` reads back).
    public var queryItems: [(String, String)] {
        var q: [(String, String)] = []
        if follow { q.append(("follow", "true")) }
        if previous { q.append(("previous", "true")) }
        if timestamps { q.append(("timestamps", "true")) }
        if let t = tailLines { q.append(("tailLines", String(t))) }
        if let l = limitBytes { q.append(("limitBytes", String(l))) }
        if let s = sinceSeconds { q.append(("sinceSeconds", String(s))) }
        if let t = sinceTime { q.append(("sinceTime", Time(t).rfc3339)) }
        return q
    }
}

/// A node agent as the API server reaches it for the pod subresources
/// that are served by the node (pods/log, pods/exec, pods/attach,
/// pods/portforward). The embedded agent is reached in process; a remote agent
/// through its HTTPS endpoint. Refusals are `NodeRequestError`s.
public protocol NodeConnector: Sendable {
    func containerLogs(namespace: String, pod: String, uid: String, container: String, options: ContainerLogOptions)
        async throws -> AsyncThrowingStream<[UInt8], any Error>
    /// Starts a command in the running container (pods/exec).
    func exec(namespace: String, pod: String, uid: String, container: String, options: ContainerExecOptions)
        async throws -> any ContainerStream
    /// Throws what `exec` would refuse with, without running anything
    /// (for an exec request that does not upgrade).
    func checkExec(namespace: String, pod: String, uid: String, container: String) async throws
    /// Attaches to the running container's own stdio (pods/attach); ending
    /// the stream detaches, the container keeps running.
    func attach(namespace: String, pod: String, uid: String, container: String, options: ContainerExecOptions)
        async throws -> any ContainerStream
    /// A TCP connection to `port` inside the pod's network namespace
    /// (pods/portforward), as the kubelet makes it: to localhost there, so
    /// ports bound only to the pod's loopback are reachable too.
    func portForward(namespace: String, pod: String, uid: String, port: Int) async throws -> any PodPortStream
    /// GET of one of the node's own paths (nodes/NAME/proxy/PATH): stats, metrics, health.
    func get(path: String) async throws -> NodeHTTPResponse
}


extension NodeConnector {
    public func exec(namespace: String, pod: String, uid: String, container: String, options: ContainerExecOptions)
        async throws -> any ContainerStream
    {
        throw NodeRequestError("this node does not support exec")
    }
    public func checkExec(namespace: String, pod: String, uid: String, container: String) async throws {
        throw NodeRequestError("this node does not support exec")
    }
    public func get(path: String) async throws -> NodeHTTPResponse {
        throw NodeRequestError("this node does not serve \(path)")
    }
    public func attach(namespace: String, pod: String, uid: String, container: String, options: ContainerExecOptions)
        async throws -> any ContainerStream
    {
        throw NodeRequestError("this node does not support attach")
    }
    public func portForward(namespace: String, pod: String, uid: String, port: Int) async throws -> any PodPortStream {
        throw NodeRequestError("this node does not support port forwarding")
    }
}

/// One forwarded TCP connection into a pod. Thread-safe; one reader and
/// one writer may use it at once.
public protocol PodPortStream: Sendable {
    /// The next bytes from the pod; nil once it has closed its side (or the connection broke).
    func read() async -> [UInt8]?
    /// Sends bytes to the pod; false if the connection is gone.
    func write(_ bytes: [UInt8]) async -> Bool
    /// The client sends nothing more (TCP half-close).
    func closeWrite()
    /// Ends the connection; a pending read returns nil.
    func close()
}

/// A node agent's refusal, shown to the user as a 400 like the kubelet's.
public struct NodeRequestError: Error, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
}

/// Node name → how to reach it.
public final class NodeConnectors: Sendable {
    private let state = Mutex<[String: any NodeConnector]>([:])
    public init() {}
    public func register(_ node: String, _ c: any NodeConnector) { state.withLock { $0[node] = c } }
    public func unregister(_ node: String) { _ = state.withLock { $0.removeValue(forKey: node) } }
    public func connector(for node: String) -> (any NodeConnector)? { state.withLock { $0[node] } }
}

/// GET pods/NAME/log.
struct PodLogHandler {
    let server: APIServerCore

    func logs(_ request: Request, rs: ResourceStore, namespace: String, name: String, query: Query) async throws -> Response {
        let pod = try await rs.get(namespace: namespace, name: name)
        let container = try PodContainers.select(in: pod, pod: name, requested: query["container"])
        let connector = try PodContainers.connector(server: server, pod: pod, name: name)
        let o = try ContainerLogOptions(query)
        let stream: AsyncThrowingStream<[UInt8], any Error>
        do {
            stream = try await connector.containerLogs(
                namespace: namespace, pod: name, uid: pod[path: ["metadata", "uid"]]?.stringValue ?? "", container: container, options: o)
        } catch let e as NodeRequestError {
            throw APIError.badRequest(e.message)
        }
        let body = ResponseBody { writer in
            for try await chunk in stream {
                try await writer.write(ByteBuffer(bytes: chunk))
            }
            try await writer.finish(nil)
        }
        var headers = HTTPFields()
        headers[.contentType] = "text/plain"
        return Response(status: .ok, headers: headers, body: body)
    }
}

/// GET nodes/NAME/proxy/PATH: the node's own paths (`/stats/summary`,
/// `/metrics/resource`, `/healthz`), answered by its agent.
struct NodeProxyHandler {
    let server: APIServerCore

    func get(rs: ResourceStore, node: String, path: String) async throws -> Response {
        _ = try await rs.get(namespace: nil, name: node)
        guard let connector = server.nodes.connector(for: node) else {
            throw APIError.serviceUnavailable("no connection to node \(node): its agent is not reachable from this server")
        }
        let answer: NodeHTTPResponse
        do {
            answer = try await connector.get(path: path)
        } catch let e as NodeRequestError {
            throw APIError.serviceUnavailable(e.message)
        }
        var headers = HTTPFields()
        headers[.contentType] = answer.contentType
        return Response(status: .init(code: answer.status), headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: answer.body)))
    }
}
