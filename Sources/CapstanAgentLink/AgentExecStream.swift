import CapstanAPIServer
import CapstanNode

/// An agent's exec process as the API server's container stream.
public struct AgentExecStream: ContainerStream {
    let process: ExecProcess
    public let output: AsyncStream<ContainerStreamOutput>

    public init(process: ExecProcess) {
        self.process = process
        let (stream, cont) = AsyncStream<ContainerStreamOutput>.makeStream()
        let source = process.output
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

    public func write(stdin: [UInt8]) async { await process.write(stdin) }
    public func closeStdin() { process.closeStdin() }
    public func resize(width: UInt16, height: UInt16) { process.resize(width: width, height: height) }
    public func wait() async -> Int32 { await process.wait() }
    public func terminate() { process.terminate() }
}
