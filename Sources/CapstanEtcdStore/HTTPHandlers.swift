import CapstanAPI
import NIOCore
import NIOHTTP1

/// A whole HTTP response.
struct HTTPResult: Sendable {
    var status: HTTPResponseStatus
    var body: ByteBuffer
    /// The connection can carry another request.
    var reusable: Bool
    /// The member that answered.
    var endpoint: Endpoint
}

/// A POST for `UnaryHandler`; `promise` gets the response or a `TransportError`.
struct UnaryRequest: Sendable {
    var path: String
    var body: ByteBuffer
    var promise: EventLoopPromise<HTTPResult>
}

/// Runs one request at a time on a keep-alive connection. There is no
/// pipelining: the pool never hands out a connection that has a request in
/// flight, so one pending promise is all the state needed.
final class UnaryHandler: ChannelDuplexHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundIn = UnaryRequest
    typealias OutboundOut = HTTPClientRequestPart

    private let endpoint: Endpoint
    private let timeout: TimeAmount
    private var pending: EventLoopPromise<HTTPResult>?
    private var sent = false
    private var head: HTTPResponseHead?
    private var body: ByteBuffer?
    private var timer: Scheduled<Void>?

    init(endpoint: Endpoint, timeout: TimeAmount) {
        self.endpoint = endpoint
        self.timeout = timeout
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        guard pending == nil, context.channel.isActive else {
            request.promise.fail(TransportError(endpoint: endpoint, stage: .beforeSending, reason: "connection closed"))
            return
        }
        pending = request.promise
        sent = false
        head = nil
        body = nil
        var headers = HTTPHeaders()
        headers.add(name: "Host", value: endpoint.authority)
        headers.add(name: "Content-Type", value: "application/json")
        headers.add(name: "Content-Length", value: String(request.body.readableBytes))
        context.write(wrapOutboundOut(.head(HTTPRequestHead(version: .http1_1, method: .POST, uri: request.path, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(request.body))), promise: nil)
        let written = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: written)
        written.futureResult.assumeIsolated().whenSuccess { self.sent = true }
        // A server that stops answering must not hang the caller forever;
        // closing the connection fails the request through channelInactive.
        timer = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) {
            self.fail(reason: "no response within \(self.timeout.nanoseconds / 1_000_000) ms")
            context.close(promise: nil)
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
        case .body(var part):
            if body == nil { body = part } else { body!.writeBuffer(&part) }
        case .end:
            guard let head, let promise = pending else { return }
            pending = nil
            timer?.cancel()
            let result = HTTPResult(status: head.status, body: body ?? ByteBuffer(), reusable: head.isKeepAlive, endpoint: endpoint)
            body = nil
            promise.succeed(result)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(reason: "connection closed")
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(reason: TransportError.describe(error))
        context.close(promise: nil)
    }

    private func fail(reason: String) {
        timer?.cancel()
        guard let promise = pending else { return }
        pending = nil
        promise.fail(TransportError(endpoint: endpoint, stage: sent ? .afterSending : .beforeSending, reason: reason))
    }
}

/// Reads a streaming response whose body is newline-delimited JSON (the
/// gateway's server streams, e.g. /v3/watch) and yields each object as it
/// arrives. A non-200 response yields nothing and ends the stream with the
/// error object the gateway sent, as `GatewayError`.
final class StreamHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias Messages = AsyncThrowingStream<JSONValue, any Error>

    private let endpoint: Endpoint
    private let continuation: Messages.Continuation
    private var status: HTTPResponseStatus = .ok
    private var buffer = ByteBuffer()

    init(endpoint: Endpoint, continuation: Messages.Continuation) {
        self.endpoint = endpoint
        self.continuation = continuation
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            status = head.status
        case .body(var part):
            buffer.writeBuffer(&part)
            guard status == .ok else { return }
            while let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) {
                let line = buffer.readSlice(length: newline - buffer.readerIndex + 1)!
                yield(line.readableBytesView.dropLast())
            }
            buffer.discardReadBytes()
        case .end:
            if status == .ok {
                yield(buffer.readableBytesView)
                continuation.finish()
            } else {
                let json = try? JSONValue.parse(buffer.readableBytesView)
                continuation.finish(throwing: GatewayError(status: status, json: json, endpoint: endpoint))
            }
            context.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        continuation.finish(throwing: TransportError(endpoint: endpoint, stage: .afterSending, reason: "connection closed"))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        continuation.finish(throwing: TransportError(endpoint: endpoint, stage: .afterSending, reason: TransportError.describe(error)))
        context.close(promise: nil)
    }

    private func yield(_ bytes: ByteBufferView) {
        guard bytes.contains(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\r") }) else { return }
        do {
            continuation.yield(try JSONValue.parse(bytes))
        } catch {
            continuation.finish(throwing: GatewayError(status: status, json: nil, endpoint: endpoint, detail: "invalid JSON in the watch stream: \(error)"))
        }
    }
}
