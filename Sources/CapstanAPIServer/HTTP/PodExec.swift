import CapstanAPI
import Foundation
import HTTPTypes
import Hummingbird

/// What `kubectl exec` asks for (the query of pods/NAME/exec).
public struct ContainerExecOptions: Sendable, Equatable {
    public var command: [String]
    public var stdin: Bool
    public var stdout: Bool
    public var stderr: Bool
    public var tty: Bool
    public init(command: [String], stdin: Bool = false, stdout: Bool = true, stderr: Bool = true, tty: Bool = false) {
        self.command = command
        self.stdin = stdin
        self.stdout = stdout
        self.stderr = stderr
        self.tty = tty
    }
}

/// One chunk of a streamed command's output.
public enum ContainerStreamOutput: Sendable, Equatable {
    case stdout([UInt8])
    case stderr([UInt8])
}

/// A command running in a container, as a node connector hands it to the
/// API server. Thread-safe.
public protocol ContainerStream: Sendable {
    /// stdout and stderr in the order read; finishes when the command has exited and its output is drained.
    var output: AsyncStream<ContainerStreamOutput> { get }
    func write(stdin: [UInt8]) async
    /// The command reads EOF next.
    func closeStdin()
    func resize(width: UInt16, height: UInt16)
    /// The exit status (128+N for signal N).
    func wait() async -> Int32
    /// For a client that went away: stops the command.
    func terminate()
}

/// A pods/exec or pods/attach request resolved to its container and node,
/// with the checks kube-apiserver makes before it proxies to the kubelet.
/// Used by the WebSocket upgrade and by the plain request, so both refuse alike.
struct PodExecTarget {
    enum Kind: String, Sendable {
        case exec, attach
    }
    var kind: Kind
    var namespace: String
    var pod: String
    var uid: String
    var container: String
    var options: ContainerExecOptions
    var connector: any NodeConnector

    static func resolve(server: APIServerCore, kind: Kind = .exec, namespace: String, name: String, query: Query) async throws -> PodExecTarget {
        guard let def = server.registry.lookup(group: "", version: "v1", plural: "pods") else { throw APIError.pathNotFound() }
        let pod = try await server.resourceStore(def).get(namespace: namespace, name: name)
        let container = try PodContainers.select(in: pod, pod: name, requested: query["container"])
        let options = ContainerExecOptions(
            command: query.all("command"), stdin: query.bool("stdin"), stdout: query.bool("stdout"), stderr: query.bool("stderr"),
            tty: query.bool("tty"))
        guard kind == .attach || !options.command.isEmpty else {
            throw APIError.badRequest("you must specify at least one command for the container")
        }
        guard options.stdin || options.stdout || options.stderr else {
            throw APIError.badRequest("you must specify at least 1 of stdin, stdout, stderr")
        }
        if let phase = pod[path: ["status", "phase"]]?.stringValue, phase == "Succeeded" || phase == "Failed" {
            let verb = kind == .exec ? "exec into" : "attach to"
            throw APIError.badRequest("cannot \(verb) a container in a completed pod; current phase is \(phase)")
        }
        return PodExecTarget(
            kind: kind, namespace: namespace, pod: name, uid: pod[path: ["metadata", "uid"]]?.stringValue ?? "", container: container,
            options: options, connector: try PodContainers.connector(server: server, pod: pod, name: name))
    }

    func start() async throws -> any ContainerStream {
        switch kind {
        case .exec: try await connector.exec(namespace: namespace, pod: pod, uid: uid, container: container, options: options)
        case .attach: try await connector.attach(namespace: namespace, pod: pod, uid: uid, container: container, options: options)
        }
    }
}

/// pods/NAME/exec (or attach) without a WebSocket upgrade: kubectl's SPDY fallback
/// (POST), or a client that does not upgrade at all. Refuses as the
/// upgrade would, else says what this server speaks.
struct PodExecHandler {
    let server: APIServerCore

    func refuse(_ request: Request, kind: PodExecTarget.Kind = .exec, namespace: String, name: String, query: Query) async throws -> Response {
        let target = try await PodExecTarget.resolve(server: server, kind: kind, namespace: namespace, name: name, query: query)
        do {
            try await target.connector.checkExec(namespace: namespace, pod: name, uid: target.uid, container: target.container)
        } catch let e as NodeRequestError {
            // The kubelet answers 500 with its message as text; kubectl shows
            // "unable to upgrade connection: <message>".
            return Negotiation.bytes(Array(e.message.utf8), status: .internalServerError, contentType: "text/plain; charset=utf-8")
        }
        throw APIError.badRequest(
            "Upgrade request required: this server streams \(kind.rawValue) over WebSocket only (\(RemoteCommandProtocol.offered)), "
                + "not SPDY; use kubectl 1.30 or newer")
    }
}

/// Which container of a pod a subresource addresses, and which node serves it.
enum PodContainers {
    /// The requested container (any of containers, initContainers,
    /// ephemeralContainers), or the only container; kube-apiserver's messages.
    static func select(in pod: JSONValue, pod name: String, requested: String?) throws -> String {
        func names(_ field: String) -> [String] {
            (pod[path: ["spec", field]]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
        }
        let containers = names("containers"), inits = names("initContainers")
        if let c = requested, !c.isEmpty {
            guard containers.contains(c) || inits.contains(c) || names("ephemeralContainers").contains(c) else {
                throw APIError.badRequest("container \(c) is not valid for pod \(name)")
            }
            return c
        }
        if containers.count == 1 { return containers[0] }
        throw APIError.badRequest(
            "a container name must be specified for pod \(name), choose one of: [\(containers.joined(separator: " "))]"
                + (inits.isEmpty ? "" : " or one of the init containers: [\(inits.joined(separator: " "))]"))
    }

    static func connector(server: APIServerCore, pod: JSONValue, name: String) throws -> any NodeConnector {
        guard let node = pod[path: ["spec", "nodeName"]]?.stringValue, !node.isEmpty else {
            throw APIError.badRequest("pod \(name) does not have a host assigned")
        }
        guard let connector = server.nodes.connector(for: node) else {
            throw APIError.serviceUnavailable("no connection to node \(node): its agent is not reachable from this server")
        }
        return connector
    }
}
