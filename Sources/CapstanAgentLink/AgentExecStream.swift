import CapstanAPIServer
import CapstanNode

/// An agent's exec'd command or attached container as the API server's
/// container stream (the embedded node's connector and the agent endpoint's
/// WebSocket sessions both hand it to `RemoteCommandSession`).
public struct AgentStdioStream: ContainerStream {
    let session: any StdioSession
    public let output: AsyncStream<ContainerStreamOutput>

    public init(_ session: any StdioSession) {
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

    public func write(stdin: [UInt8]) async { await session.write(stdin) }
    public func closeStdin() { session.closeStdin() }
    public func resize(width: UInt16, height: UInt16) { session.resize(width: width, height: height) }
    public func wait() async -> Int32 { await session.wait() }
    /// Stops an exec'd command; only detaches from an attached container (it keeps running).
    public func terminate() { session.terminate() }
}

/// A connection into a pod as the API server's port-forward stream.
public struct AgentPortStream: PodPortStream {
    let connection: PortConnection
    public init(connection: PortConnection) { self.connection = connection }
    public func read() async -> [UInt8]? { await connection.read() }
    public func write(_ bytes: [UInt8]) async -> Bool { await connection.write(bytes) }
    public func closeWrite() { connection.closeWrite() }
    public func close() { connection.close() }
}
