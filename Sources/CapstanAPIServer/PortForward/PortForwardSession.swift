import HummingbirdWebSocket
import Logging
import NIOCore
import Synchronization

/// What a port-forward session forwards to: one pod, through its node.
struct PortForwardTarget: Sendable {
    var namespace: String
    var pod: String
    var uid: String
    var connector: any NodeConnector
}

/// One `kubectl port-forward` over one WebSocket (`SPDY/3.1+portforward.k8s.io`):
/// the binary messages carry a SPDY/3.1 session in which kubectl opens a
/// data and an error stream per local connection (`PortForwardStreams`).
/// Each pair is relayed to a TCP connection in the pod; a failure to
/// connect is written on the error stream as the kubelet words it, which
/// kubectl prints and then gives up.
///
/// Tasks: this one reads frames (and alone touches the header
/// decompressor and the stream table); one writer task encodes and sends
/// every outgoing frame in order (alone touching the compressor); one task
/// per connection relays the pod's bytes out, and one per connection feeds
/// the client's bytes in.
struct PortForwardSession: Sendable {
    static let subprotocol = "SPDY/3.1+portforward.k8s.io"
    /// Pod bytes per DATA frame.
    static let chunk = 32 * 1024

    let target: PortForwardTarget
    let logger: Logger

    func run(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async {
        let (queue, outbox) = SPDYOutbox.make()
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await SPDYOutbox.drain(queue, to: outbound) }
            await withTaskGroup(of: Void.self) { connections in
                await readFrames(inbound, outbox: outbox, connections: &connections)
                await connections.waitForAll()
            }
            outbox.finish()
            await group.waitForAll()
        }
        try? await outbound.close(.normalClosure, reason: nil)
    }

    /// Reads the client's frames until the WebSocket ends, then ends every connection.
    private func readFrames(_ inbound: WebSocketInboundStream, outbox: SPDYOutbox, connections: inout TaskGroup<Void>) async {
        let decompressor = SPDYHeaderInflater()
        var decoder = SPDYFrameDecoder()
        var streams = PortForwardStreams()
        var inboxes: [String: AsyncStream<ClientInput>.Continuation] = [:]
        var pairs: [String: PortForwardStreams.Pair] = [:]
        /// Input of requests whose pair is not complete yet.
        var inputs: [String: (AsyncStream<ClientInput>, AsyncStream<ClientInput>.Continuation)] = [:]
        let finished = Finished()
        defer { for c in inboxes.values { c.finish() } }
        do {
            for try await message in inbound.messages(maxSize: 16 << 20) {
                guard case .binary(let buffer) = message else { continue }
                // Forget connections that have ended, so a long session does not accumulate them.
                for request in finished.take() {
                    inboxes.removeValue(forKey: request)?.finish()
                    if let pair = pairs.removeValue(forKey: request) { streams.close(pair) }
                }
                decoder.append(buffer.readableBytesView)
                while let frame = try decoder.next(decompressor: decompressor) {
                    switch frame {
                    case .synStream(let id, let headers, _):
                        switch streams.open(stream: id, headers: headers) {
                        case .rejected(let why):
                            logger.debug("port-forward to \(target.namespace)/\(target.pod): stream \(id) refused: \(why)")
                            outbox.send(.rstStream(stream: id, status: .cancel))
                        case .waiting:
                            outbox.send(.synReply(stream: id, headers: [:], fin: false))
                            // kubectl opens the error stream first; should the data stream come
                            // first, its bytes wait here until the pair is complete.
                            if let request = streams.lookup(id)?.requestID, inputs[request] == nil {
                                inputs[request] = AsyncStream<ClientInput>.makeStream()
                                inboxes[request] = inputs[request]!.1
                            }
                        case .ready(let pair):
                            outbox.send(.synReply(stream: id, headers: [:], fin: false))
                            let (input, inbox) = inputs.removeValue(forKey: pair.requestID) ?? AsyncStream<ClientInput>.makeStream()
                            inboxes[pair.requestID] = inbox
                            pairs[pair.requestID] = pair
                            connections.addTask {
                                await forward(pair, input: input, outbox: outbox)
                                finished.add(pair.requestID)
                            }
                        }
                    case .data(let id, let payload, let fin):
                        // Only the data stream carries bytes; kubectl just closes its error stream.
                        guard let (request, role) = streams.lookup(id), role == .data, let inbox = inboxes[request] else { continue }
                        if !payload.isEmpty { inbox.yield(.bytes(payload)) }
                        if fin { inbox.yield(.end) }
                    case .rstStream(let id, _):
                        guard let (request, _) = streams.lookup(id), let inbox = inboxes.removeValue(forKey: request) else { continue }
                        inbox.yield(.reset)
                        inbox.finish()
                    case .ping(let id) where id % 2 == 1:
                        outbox.send(.ping(id: id))  // the client's (odd ids): echo
                    case .goAway:
                        // kubectl is closing; its streams end on their own, then the WebSocket.
                        break
                    case .ping, .settings, .windowUpdate, .headers, .synReply, .unknown:
                        // No server push; our sends never wait for a window (kubectl's spdystream enforces none).
                        break
                    }
                }
            }
        } catch {
            logger.debug("port-forward to \(target.namespace)/\(target.pod) ended: \(error)")
        }
    }

    /// Request ids of connections whose forwarding has ended (the reader cleans up their streams).
    final class Finished: Sendable {
        private let ids = Mutex<[String]>([])
        func add(_ id: String) { ids.withLock { $0.append(id) } }
        func take() -> [String] { ids.withLock { ids in defer { ids = [] }; return ids } }
    }

    /// What the client sent on a connection's data stream.
    enum ClientInput: Sendable {
        case bytes([UInt8])
        /// FIN: the client sends nothing more.
        case end
        /// RST_STREAM: drop the connection.
        case reset
    }

    /// Relays one connection until the pod closes it (as the kubelet: the
    /// pod's side ending ends the connection), then closes both streams.
    private func forward(_ pair: PortForwardStreams.Pair, input: AsyncStream<ClientInput>, outbox: SPDYOutbox) async {
        let connection: any PodPortStream
        do {
            connection = try await target.connector.portForward(
                namespace: target.namespace, pod: target.pod, uid: target.uid, port: pair.port)
        } catch {
            let why = (error as? NodeRequestError)?.message ?? "\(error)"
            let message = "error forwarding port \(pair.port) to pod \(target.pod), uid \(target.uid): \(why)"
            logger.debug("port-forward: \(message)")
            outbox.send(.data(stream: pair.errorStream, payload: Array(message.utf8), fin: true))
            outbox.send(.data(stream: pair.dataStream, payload: [], fin: true))
            return
        }
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await item in input {
                    switch item {
                    case .bytes(let bytes):
                        guard await connection.write(bytes) else { continue }
                        // Credit the window back once the pod has taken the bytes (stream and session).
                        outbox.send(.windowUpdate(stream: pair.dataStream, delta: UInt32(bytes.count)))
                        outbox.send(.windowUpdate(stream: 0, delta: UInt32(bytes.count)))
                    case .end:
                        connection.closeWrite()
                    case .reset:
                        connection.close()
                        return
                    }
                }
                // The session ended (or this task was cancelled after the pod closed).
                connection.close()
            }
            while let bytes = await connection.read() {
                var rest = bytes[...]
                while !rest.isEmpty {
                    await outbox.sendAndWait(.data(stream: pair.dataStream, payload: Array(rest.prefix(Self.chunk)), fin: false))
                    rest = rest.dropFirst(Self.chunk)
                }
            }
            outbox.send(.data(stream: pair.dataStream, payload: [], fin: true))
            outbox.send(.data(stream: pair.errorStream, payload: [], fin: true))
            connection.close()
            group.cancelAll()
        }
    }
}

/// The session's outgoing frames, in one queue so they are compressed and
/// written in the order they were produced.
struct SPDYOutbox: Sendable {
    struct Item: Sendable {
        var frame: SPDYFrame
        var written: CheckedContinuation<Void, Never>?
    }
    private let continuation: AsyncStream<Item>.Continuation

    static func make() -> (AsyncStream<Item>, SPDYOutbox) {
        let (stream, c) = AsyncStream<Item>.makeStream()
        return (stream, SPDYOutbox(continuation: c))
    }

    func send(_ frame: SPDYFrame) { continuation.yield(Item(frame: frame)) }

    /// Returns once the frame is written (or the session is gone), so a
    /// fast pod cannot queue unbounded data for a slow client.
    func sendAndWait(_ frame: SPDYFrame) async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            if case .terminated = continuation.yield(Item(frame: frame, written: c)) { c.resume() }
        }
    }

    func finish() { continuation.finish() }

    /// Encodes and writes every frame; after a failed write (the client is
    /// gone) it keeps releasing waiters without writing.
    static func drain(_ queue: AsyncStream<Item>, to outbound: WebSocketOutboundWriter) async {
        let compressor = SPDYHeaderDeflater()
        var broken = false
        for await item in queue {
            if !broken {
                let bytes = SPDYFrameEncoder.encode(item.frame, compressor: compressor)
                do {
                    try await outbound.write(.binary(ByteBuffer(bytes: bytes)))
                } catch {
                    broken = true
                }
            }
            item.written?.resume()
        }
    }
}
