import CapstanAPI
import CapstanAPIServer
import CapstanNode
import Foundation
import HTTPTypes
import HummingbirdWebSocket
import Logging
import NIOCore

/// The streaming requests of the agent endpoint, all WebSocket upgrades
/// from the API server:
/// - `/exec/NS/POD/CONTAINER?podUID=&command=...&stdin=&tty=` and
///   `/attach/NS/POD/CONTAINER?podUID=&stdin=&tty=` speak the same
///   `v5.channel.k8s.io` framing kubectl speaks to the API server, so the
///   agent runs the same `RemoteCommandSession` the embedded path runs;
/// - `/portForward/NS/POD?podUID=&port=N` carries one TCP connection into
///   the pod (`PortTunnelFrames`).
struct AgentStreamUpgrade: Sendable {
    let agent: NodeAgent
    typealias Decision = ShouldUpgradeResult<WebSocketDataHandler<HTTP1WebSocketUpgradeChannel.Context>>

    func decide(_ head: HTTPRequest, channel: any Channel, logger: Logger) async -> Decision {
        guard head.method == .get, let target = head.path, await AgentResponder.callerAllowed(channel: channel) else {
            return .dontUpgrade
        }
        let split = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let parts = split[0].split(separator: "/").map(String.init)
        let query = Query(split.count > 1 ? String(split[1]) : nil)
        let offered = head.headerFields[values: .secWebSocketProtocol]
        guard parts.count >= 3 else { return .dontUpgrade }
        let podUID = query["podUID"] ?? ""
        if parts[0] == "portForward", parts.count == 3, offered.contains(PortTunnelFrames.protocolName),
           let port = query["port"].flatMap({ Int($0) }) {
            return await portForward(podUID: podUID, port: port, logger: logger)
        }
        guard parts.count == 4, ["exec", "attach"].contains(parts[0]), let proto = RemoteCommandProtocol.negotiate(offered) else {
            return .dontUpgrade
        }
        let tty = query.bool("tty")
        let options = ContainerExecOptions(command: query.all("command"), stdin: query.bool("stdin"), stdout: true, stderr: !tty, tty: tty)
        do {
            let session: any StdioSession = parts[0] == "exec"
                ? try await agent.exec(podUID: podUID, container: parts[3], spec: ExecSpec(command: options.command, stdin: options.stdin, tty: tty))
                : try await agent.attach(podUID: podUID, container: parts[3], spec: AttachSpec(stdin: options.stdin, tty: tty))
            let run = RemoteCommandSession(stream: AgentStdioStream(session), protocol: proto, options: options)
            return .upgrade([.secWebSocketProtocol: proto.rawValue]) { inbound, outbound, _ in
                await run.run(inbound: inbound, outbound: outbound, awaitHello: true)
            }
        } catch {
            logger.debug("\(parts[0]) in \(parts[1])/\(parts[2]) refused: \(error)")
            return .dontUpgrade
        }
    }

    /// Upgrades whether or not the pod accepts the connection, so the
    /// refusal reaches the API server in words (the first message).
    func portForward(podUID: String, port: Int, logger: Logger) async -> Decision {
        let connection: PortConnection
        do {
            connection = try await agent.portForward(podUID: podUID, port: port)
        } catch {
            let message = (error as? PortForwardError)?.description ?? "\(error)"
            logger.info("port-forward to port \(port) refused: \(message)")
            return .upgrade([.secWebSocketProtocol: PortTunnelFrames.protocolName]) { inbound, outbound, _ in
                await PortTunnelFrames.awaitHello(inbound)
                try? await outbound.write(.binary(ByteBuffer(bytes: PortTunnelFrames.refused(message))))
                try? await outbound.close(.normalClosure, reason: nil)
            }
        }
        return .upgrade([.secWebSocketProtocol: PortTunnelFrames.protocolName]) { inbound, outbound, _ in
            // One iterator only (an inbound stream may be iterated once): the hello, then the data.
            var messages = inbound.messages(maxSize: 1 << 20).makeAsyncIterator()
            _ = try? await messages.next()
            try? await outbound.write(.binary(ByteBuffer(bytes: PortTunnelFrames.connected)))
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    while let bytes = await connection.read() {
                        do { try await outbound.write(.binary(ByteBuffer(bytes: PortTunnelFrames.data(bytes)))) } catch { break }
                    }
                    try? await outbound.close(.normalClosure, reason: nil)
                }
                do {
                    while let message = try await messages.next() {
                        guard case .binary(let b) = message else { continue }
                        switch PortTunnelFrames.parse(Array(b.readableBytesView)) {
                        case .data(let bytes): _ = await connection.write(bytes)
                        case .closeWrite: connection.closeWrite()
                        default: break
                        }
                    }
                } catch {}
                connection.close()
                group.cancelAll()
            }
        }
    }
}

/// One TCP connection over a WebSocket between the API server and an agent
/// (our own framing, both ends are Capstan's): a leading byte 0 is data,
/// 1 "no more data from the client" (half-close), 2 a refusal with its
/// text (first and only message), 3 "connected" (first message), 4 the
/// client's hello. The agent says nothing before the hello: a message it
/// sent right behind the 101 was sometimes lost on a busy machine (seen as
/// a port-forward whose refusal never reached kubectl).
enum PortTunnelFrames {
    static let hello: [UInt8] = [4]

    /// Returns once the client's first message (its hello) has come, or it went away.
    static func awaitHello(_ inbound: WebSocketInboundStream) async {
        var it = inbound.messages(maxSize: 1 << 20).makeAsyncIterator()
        _ = try? await it.next()
    }

    static let protocolName = "portforward.capstan.dev"
    enum Frame: Equatable {
        case data([UInt8]), closeWrite, refused(String), connected, unknown
    }
    static func data(_ b: [UInt8]) -> [UInt8] { [0] + b }
    static let closeWrite: [UInt8] = [1]
    static func refused(_ m: String) -> [UInt8] { [2] + Array(m.utf8) }
    static let connected: [UInt8] = [3]

    static func parse(_ m: [UInt8]) -> Frame {
        switch m.first {
        case 0: return .data(Array(m.dropFirst()))
        case 1: return .closeWrite
        case 2: return .refused(String(decoding: m.dropFirst(), as: UTF8.self))
        case 3: return .connected
        default: return .unknown
        }
    }
}
