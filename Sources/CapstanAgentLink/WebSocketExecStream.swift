import CapstanAPI
import CapstanAPIServer
import CapstanNode
import Foundation
import HTTPTypes
import Logging
import NIOCore
import NIOSSL
import Synchronization
import HummingbirdWSClient

/// An exec (or attach) on a joined node, as the API server's container stream:
/// a WebSocket to the agent's `/exec/...` (`/attach/...`) in the `v5.channel.k8s.io`
/// framing. Output arrives on channels 1 and 2, the exit status as a Status
/// on channel 3; stdin, its close and terminal sizes go the other way.
final class WebSocketExecStream: ContainerStream {
    let output: AsyncStream<ContainerStreamOutput>
    private let outgoing: AsyncStream<[UInt8]>.Continuation
    private let exit: ExitBox
    private let task: Task<Void, Never>

    /// Connects; returns once the agent accepted the upgrade, or throws what went wrong.
    /// - Parameter serverName: the node's name, sent as SNI and checked against its serving
    ///   certificate (which names it; an IP address cannot be an SNI name).
    static func connect(url: String, serverName: String, tls: TLSConfiguration, logger: Logger) async throws -> WebSocketExecStream {
        let (output, outputCont) = AsyncStream<ContainerStreamOutput>.makeStream()
        let (outgoing, outgoingCont) = AsyncStream<[UInt8]>.makeStream()
        let exit = ExitBox()
        // The first word: nil once the agent accepted the upgrade, else why not.
        let started = AsyncStream<String?>.makeStream()
        let task = Task {
            var config = WebSocketClientConfiguration()
            config.additionalHeaders = [.secWebSocketProtocol: RemoteCommandProtocol.v5.rawValue]
            config.maxFrameSize = 1 << 20
            config.sniHostname = serverName
            do {
                try await WebSocketClient.connect(url: url, configuration: config, tlsConfiguration: tls, logger: logger) { inbound, outbound, _ in
                    // The agent writes nothing before this hello (an ignored resize with no size).
                    try? await outbound.write(.binary(ByteBuffer(bytes: [4])))
                    started.continuation.yield(nil)
                    await withTaskGroup(of: Void.self) { group in
                        group.addTask {
                            for await frame in outgoing {
                                try? await outbound.write(.binary(ByteBuffer(bytes: frame)))
                            }
                        }
                        do {
                            for try await message in inbound.messages(maxSize: 1 << 20) {
                                guard case .binary(let buffer) = message else { continue }
                                let bytes = Array(buffer.readableBytesView)
                                guard let channel = bytes.first else { continue }
                                let payload = Array(bytes.dropFirst())
                                switch channel {
                                case 1: outputCont.yield(.stdout(payload))
                                case 2: outputCont.yield(.stderr(payload))
                                case 3: exit.set(Self.exitCode(status: payload, stderr: outputCont))
                                default: break
                                }
                            }
                        } catch {}
                        group.cancelAll()
                    }
                }
            } catch {
                started.continuation.yield("\(error)")
            }
            started.continuation.yield("the agent closed the connection")
            outputCont.finish()
            exit.set(1)  // no status from the agent: the connection broke
        }
        var failure: String? = "no answer"
        for await s in started.stream {
            failure = s
            break
        }
        let stream = WebSocketExecStream(output: output, outgoing: outgoingCont, exit: exit, task: task)
        if let failure {
            task.cancel()
            throw NodeRequestError("error trying to reach the node's agent at \(url): \(failure)")
        }
        return stream
    }

    private init(output: AsyncStream<ContainerStreamOutput>, outgoing: AsyncStream<[UInt8]>.Continuation, exit: ExitBox, task: Task<Void, Never>) {
        self.output = output
        self.outgoing = outgoing
        self.exit = exit
        self.task = task
    }

    /// 0 for Success, the ExitCode cause of NonZeroExitCode; other failures are shown on stderr and give 1.
    static func exitCode(status payload: [UInt8], stderr: AsyncStream<ContainerStreamOutput>.Continuation) -> Int32 {
        guard let v = try? JSONValue.parse(payload) else { return 1 }
        if v["status"]?.stringValue == "Success" { return 0 }
        if case .array(let causes)? = v[path: ["details", "causes"]],
           let code = causes.first(where: { $0["reason"]?.stringValue == "ExitCode" })?["message"]?.stringValue.flatMap({ Int32($0) }) {
            return code
        }
        if let m = v["message"]?.stringValue { stderr.yield(.stderr(Array((m + "\n").utf8))) }
        return 1
    }

    func write(stdin: [UInt8]) async { outgoing.yield([0] + stdin) }
    func closeStdin() { outgoing.yield([255, 0]) }
    func resize(width: UInt16, height: UInt16) { outgoing.yield([4] + Array(#"{"Width":\#(width),"Height":\#(height)}"#.utf8)) }
    func wait() async -> Int32 { await exit.value() }
    func terminate() {
        outgoing.finish()
        task.cancel()
    }
}
