import CapstanAPI
import CapstanStore
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// HTTP/1.1 connections to a list of etcd members: keep-alive connections
/// for unary calls, and a fresh connection per stream. Members are tried in
/// turn, starting with the one that last worked; a member that fails is
/// skipped until the others fail too.
///
/// Thread-safety: all mutable state sits behind one mutex, never held across
/// an await.
final class ConnectionPool: Sendable {
    /// Whether a request may be sent again after a failure.
    enum Retry: Sendable {
        /// Reads, and writes whose repetition is harmless.
        case always
        /// Writes: only if etcd cannot have seen the request.
        case ifNotSent
    }

    private struct State {
        var idle: [[any Channel]]
        var preferred = 0
        var closed = false
    }

    let endpoints: [Endpoint]
    private let group: any EventLoopGroup
    private let requestTimeout: TimeAmount
    private let logger: Logger
    private let state: Mutex<State>
    /// Idle connections kept per member; more are opened under load and
    /// closed when returned.
    private let maxIdle = 64

    init(endpoints: [Endpoint], requestTimeout: TimeAmount, logger: Logger) {
        self.endpoints = endpoints
        self.group = MultiThreadedEventLoopGroup.singleton
        self.requestTimeout = requestTimeout
        self.logger = logger
        state = Mutex(State(idle: Array(repeating: [], count: endpoints.count)))
    }

    /// POSTs `body` to `path` and returns the whole response. Throws
    /// `StoreError.backend` when no member answered (or, for `.ifNotSent`,
    /// when the answer was lost after sending) and `.closed` after `close`.
    func post(_ path: String, _ body: ByteBuffer, retry: Retry) async throws -> HTTPResult {
        var failures: [TransportError] = []
        // Every member once, plus one retry for a pooled connection that
        // turned out to have been closed by the server.
        for _ in 0...endpoints.count {
            let (index, pooled) = try checkOut()
            let channel: any Channel
            do {
                if let pooled {
                    channel = pooled
                } else {
                    channel = try await connect(index) { channel in
                        try channel.pipeline.syncOperations.addHandler(
                            UnaryHandler(endpoint: self.endpoints[index], timeout: self.requestTimeout))
                    }
                }
            } catch let error as TransportError {
                failures.append(error)
                demote(index)
                continue
            }
            let promise = channel.eventLoop.makePromise(of: HTTPResult.self)
            channel.writeAndFlush(UnaryRequest(path: path, body: body, promise: promise), promise: nil)
            do {
                let result = try await promise.futureResult.get()
                checkIn(channel, index, reusable: result.reusable)
                return result
            } catch let error as TransportError {
                channel.close(promise: nil)
                failures.append(error)
                if error.mayHaveReachedEtcd, retry == .ifNotSent {
                    throw StoreError.backend(
                        "etcd at \(error.endpoint) failed after receiving a write (\(error.reason)); "
                            + "the write may or may not have been applied — read the key before retrying")
                }
                if pooled == nil { demote(index) }
            }
        }
        throw StoreError.backend(Self.unreachable(failures))
    }

    /// Opens a connection for a streaming POST whose response body is
    /// newline-delimited JSON. The returned stream ends when the server ends
    /// the response or the connection drops; closing the channel stops it.
    func openStream(_ path: String, _ body: ByteBuffer) async throws -> (any Channel, StreamHandler.Messages) {
        var failures: [TransportError] = []
        for _ in 0..<endpoints.count {
            let (index, _) = try checkOut(reuse: false)
            let (messages, continuation) = StreamHandler.Messages.makeStream()
            do {
                let channel = try await connect(index) { channel in
                    try channel.pipeline.syncOperations.addHandler(StreamHandler(endpoint: self.endpoints[index], continuation: continuation))
                }
                var headers = HTTPHeaders()
                headers.add(name: "Host", value: endpoints[index].authority)
                headers.add(name: "Content-Type", value: "application/json")
                headers.add(name: "Content-Length", value: String(body.readableBytes))
                channel.write(HTTPClientRequestPart.head(HTTPRequestHead(version: .http1_1, method: .POST, uri: path, headers: headers)), promise: nil)
                channel.write(HTTPClientRequestPart.body(.byteBuffer(body)), promise: nil)
                channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
                return (channel, messages)
            } catch let error as TransportError {
                failures.append(error)
                demote(index)
            }
        }
        throw StoreError.backend(Self.unreachable(failures))
    }

    /// Closes idle connections; later calls throw `.closed`. Requests in
    /// flight finish on their own connections.
    func close() {
        let idle = state.withLock { state in
            state.closed = true
            defer { state.idle = Array(repeating: [], count: state.idle.count) }
            return state.idle.flatMap { $0 }
        }
        for channel in idle { channel.close(promise: nil) }
    }

    // MARK: - Internals

    private func checkOut(reuse: Bool = true) throws(StoreError) -> (index: Int, channel: (any Channel)?) {
        try state.withLock { state throws(StoreError) in
            if state.closed { throw .closed }
            let index = state.preferred
            while reuse, let channel = state.idle[index].popLast() {
                // The server closes idle connections when it restarts;
                // NIO notices the FIN before we would write into it.
                if channel.isActive { return (index, channel) }
            }
            return (index, nil)
        }
    }

    private func checkIn(_ channel: any Channel, _ index: Int, reusable: Bool) {
        let kept = reusable && channel.isActive && state.withLock { state in
            guard !state.closed, state.idle[index].count < maxIdle else { return false }
            state.idle[index].append(channel)
            return true
        }
        if !kept { channel.close(promise: nil) }
    }

    /// Moves on from a failing member, unless another caller already did.
    private func demote(_ index: Int) {
        guard endpoints.count > 1 else { return }
        let moved = state.withLock { state in
            guard state.preferred == index else { return false }
            state.preferred = (index + 1) % endpoints.count
            return true
        }
        if moved { logger.warning("etcd at \(endpoints[index]) failed; switching to \(endpoints[(index + 1) % endpoints.count])") }
    }

    private func connect(_ index: Int, handlers: @escaping @Sendable (any Channel) throws -> Void) async throws -> any Channel {
        let endpoint = endpoints[index]
        do {
            return try await ClientBootstrap(group: group)
                .connectTimeout(.seconds(3))
                .channelOption(.tcpOption(.tcp_nodelay), value: 1)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHTTPClientHandlers()
                        try handlers(channel)
                    }
                }
                .connect(host: endpoint.host, port: endpoint.port)
                .get()
        } catch {
            throw TransportError(endpoint: endpoint, stage: .connect, reason: TransportError.describe(error))
        }
    }

    private static func unreachable(_ failures: [TransportError]) -> String {
        if let only = failures.first, failures.allSatisfy({ $0.endpoint == only.endpoint }) {
            return "etcd at \(only.endpoint) is unreachable: \(only.reason) — is etcd running?"
        }
        let seen = failures.map(\.description).reduce(into: [String]()) { if !$1.isEmpty, !$0.contains($1) { $0.append($1) } }
        return "no etcd member answered (\(seen.joined(separator: "; "))) — are the etcd members running?"
    }
}
