import CapstanAPIServer
import CapstanAgentLink
import CapstanNode
import Foundation

/// The embedded agent as the API server's connection to this node: calls
/// in process, where a remote agent would be reached over HTTPS.
struct LocalNodeConnector: NodeConnector {
    let agent: NodeAgent

    func containerLogs(namespace: String, pod: String, uid: String, container: String, options: ContainerLogOptions)
        async throws -> AsyncThrowingStream<[UInt8], any Error>
    {
        var since = options.sinceTime
        if let s = options.sinceSeconds { since = Date().addingTimeInterval(-Double(s)) }
        let o = LogReader.Options(tailLines: options.tailLines, sinceTime: since, timestamps: options.timestamps, limitBytes: options.limitBytes)
        do {
            return try await agent.containerLogs(
                podUID: uid, podName: pod, container: container, previous: options.previous, follow: options.follow, options: o)
        } catch let e as LogRequestError {
            throw NodeRequestError(e.description)
        }
    }

    func exec(namespace: String, pod: String, uid: String, container: String, options: ContainerExecOptions)
        async throws -> any ContainerStream
    {
        let spec = ExecSpec(command: options.command, stdin: options.stdin, tty: options.tty)
        do {
            return AgentExecStream(process: try await agent.exec(podUID: uid, container: container, spec: spec))
        } catch let e as ExecRequestError {
            throw NodeRequestError(e.description)
        }
    }

    func get(path: String) async throws -> NodeProxyResponse {
        let r = await agent.serve(path: path)
        return NodeProxyResponse(status: r.status, contentType: r.contentType, body: r.body)
    }

    func attach(namespace: String, pod: String, uid: String, container: String, options: ContainerExecOptions)
        async throws -> any ContainerStream
    {
        do {
            let session = try await agent.attach(podUID: uid, container: container, spec: AttachSpec(stdin: options.stdin, tty: options.tty))
            return LocalAttachStream(session: session)
        } catch let e as ExecRequestError {
            throw NodeRequestError(e.description)
        }
    }

    func portForward(namespace: String, pod: String, uid: String, port: Int) async throws -> any PodPortStream {
        do {
            return LocalPortStream(connection: try await agent.portForward(podUID: uid, port: port))
        } catch let e as PortForwardError {
            throw NodeRequestError(e.description)
        }
    }

    func checkExec(namespace: String, pod: String, uid: String, container: String) async throws {
        do {
            _ = try await agent.runningContainer(podUID: uid, container: container)
        } catch let e as ExecRequestError {
            throw NodeRequestError(e.description)
        }
    }
}

/// An attached container's stdio as the API server's container stream.
struct LocalAttachStream: ContainerStream {
    let session: AttachSession
    let output: AsyncStream<ContainerStreamOutput>

    init(session: AttachSession) {
        self.session = session
        let (stream, cont) = AsyncStream<ContainerStreamOutput>.makeStream()
        let source = session.output
        Task {
            for await chunk in source {
                switch chunk {
                case .stdout(let b): cont.yield(.stdout(b))
                case .stderr(let b): cont.yield(.stderr(b))
                }
            }
            cont.finish()
        }
        self.output = stream
    }

    func write(stdin: [UInt8]) async { await session.write(stdin) }
    func closeStdin() { session.closeStdin() }
    func resize(width: UInt16, height: UInt16) { session.resize(width: width, height: height) }
    func wait() async -> Int32 { await session.wait() }
    /// Detaches only: the container keeps running.
    func terminate() { session.terminate() }
}

/// A connection into a pod as the API server's port-forward stream.
struct LocalPortStream: PodPortStream {
    let connection: PortConnection
    func read() async -> [UInt8]? { await connection.read() }
    func write(_ bytes: [UInt8]) async -> Bool { await connection.write(bytes) }
    func closeWrite() { connection.closeWrite() }
    func close() { connection.close() }
}
