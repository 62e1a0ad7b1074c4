import CapstanAPIServer
import Foundation
import HTTPTypes
import HummingbirdWSClient
import Logging
import NIOCore
import NIOSSL

/// One port-forward connection into a pod on a joined node: a WebSocket to
/// the agent's `/portForward/...` in `PortTunnelFrames` framing.
final class WebSocketPortStream: PodPortStream {
    private let incoming: AsyncStream<[UInt8]>
    private let outgoing: AsyncStream<[UInt8]>.Continuation
    private let task: Task<Void, Never>
    /// One reader at a time (the protocol's contract), so the iterator needs no lock.
    private nonisolated(unsafe) var iterator: AsyncStream<[UInt8]>.Iterator

    /// Connects and waits for the agent's first word: connected, or the pod's refusal (thrown).
    static func connect(url: String, serverName: String, tls: TLSConfiguration, logger: Logger) async throws -> WebSocketPortStream {
        let (incoming, incomingCont) = AsyncStream<[UInt8]>.makeStream()
        let (outgoing, outgoingCont) = AsyncStream<[UInt8]>.makeStream()
        let (first, firstCont) = AsyncStream<PortTunnelFrames.Frame>.makeStream()
        let task = Task {
            var config = WebSocketClientConfiguration()
            config.additionalHeaders = [.secWebSocketProtocol: PortTunnelFrames.protocolName]
            config.maxFrameSize = 1 << 20
            config.sniHostname = serverName
            do {
                try await WebSocketClient.connect(url: url, configuration: config, tlsConfiguration: tls, logger: logger) { inbound, outbound, _ in
                    try? await outbound.write(.binary(ByteBuffer(bytes: PortTunnelFrames.hello)))
                    await withTaskGroup(of: Void.self) { group in
                        group.addTask {
                            for await frame in outgoing { try? await outbound.write(.binary(ByteBuffer(bytes: frame))) }
                        }
                        do {
                            for try await message in inbound.messages(maxSize: 1 << 20) {
                                guard case .binary(let b) = message else { continue }
                                switch PortTunnelFrames.parse(Array(b.readableBytesView)) {
                                case .data(let bytes): incomingCont.yield(bytes)
                                case let frame: firstCont.yield(frame)
                                }
                            }
                        } catch {}
                        group.cancelAll()
                    }
                }
            } catch {
                firstCont.yield(.refused("error trying to reach the node's agent at \(url): \(error)"))
            }
            firstCont.yield(.refused("the node's agent closed the connection"))
            incomingCont.finish()
        }
        // The agent answers at once; a bounded wait keeps a lost answer from hanging kubectl's connection.
        let timer = Task {
            try? await Task.sleep(for: .seconds(10))
            if !Task.isCancelled { firstCont.yield(.refused("no answer from the node's agent at \(url) within 10 s")) }
        }
        var answer = PortTunnelFrames.Frame.unknown
        for await f in first {
            answer = f
            break
        }
        timer.cancel()
        if case .refused(let why) = answer, why.hasPrefix("no answer") { logger.warning("port-forward: \(why)") }
        guard answer == .connected else {
            task.cancel()
            if case .refused(let message) = answer { throw NodeRequestError(message) }
            throw NodeRequestError("unexpected answer from the node's agent")
        }
        return WebSocketPortStream(incoming: incoming, outgoing: outgoingCont, task: task)
    }

    private init(incoming: AsyncStream<[UInt8]>, outgoing: AsyncStream<[UInt8]>.Continuation, task: Task<Void, Never>) {
        self.incoming = incoming
        self.outgoing = outgoing
        self.task = task
        self.iterator = incoming.makeAsyncIterator()
    }

    func read() async -> [UInt8]? {
        var it = iterator
        let next = await it.next()
        iterator = it
        return next
    }

    func write(_ bytes: [UInt8]) async -> Bool {
        if case .terminated = outgoing.yield(PortTunnelFrames.data(bytes)) { return false }
        return true
    }

    func closeWrite() { outgoing.yield(PortTunnelFrames.closeWrite) }

    func close() {
        outgoing.finish()
        task.cancel()
    }
}
