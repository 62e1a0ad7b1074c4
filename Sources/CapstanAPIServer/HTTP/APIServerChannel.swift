import Hummingbird
import HummingbirdCore
import HummingbirdHTTP2
import HummingbirdWebSocket
import Logging
import NIOCore
import NIOHTTP1
import NIOSSL
import NIOTLS

/// One accepted connection of the API server: TLS, then by ALPN either
/// HTTP/2 or HTTP/1.1 that may upgrade to a WebSocket (kubectl's exec and
/// attach dial HTTP/1.1 for that). Hummingbird's HTTP2UpgradeChannel is
/// this with a plain HTTP/1.1 channel, which cannot upgrade.
struct APIServerChannel: ServerChildChannel {
    enum Negotiated: Sendable {
        case http1(HTTP1WebSocketUpgradeChannel.Value)
        case http2(HTTP2Channel.Value)
    }
    struct Value: ServerChildChannelValue {
        let negotiated: EventLoopFuture<Negotiated>
        let channel: any Channel
    }

    let sslContext: NIOSSLContext
    let http1: HTTP1WebSocketUpgradeChannel
    let http2: HTTP2Channel

    /// - Parameter shouldUpgrade: decides a WebSocket upgrade request (see `StreamUpgrade`).
    init(
        tls: TLSConfiguration, responder: @escaping HTTPChannelHandler.Responder,
        shouldUpgrade: @escaping @Sendable (HTTPRequest, any Channel, Logger) async throws
            -> ShouldUpgradeResult<WebSocketDataHandler<HTTP1WebSocketUpgradeChannel.Context>>
    ) throws {
        var tls = tls
        tls.applicationProtocols = ["h2", "http/1.1"]
        sslContext = try NIOSSLContext(configuration: tls)
        // The client pings every 5s (client-go); our own pings keep idle sessions alive through proxies.
        http1 = HTTP1WebSocketUpgradeChannel(
            responder: responder,
            configuration: .init(http1: .init(), ws: .init(maxFrameSize: 1 << 20, autoPing: .enabled(timePeriod: .seconds(30)))),
            shouldUpgrade: shouldUpgrade)
        http2 = HTTP2Channel(responder: responder)
    }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: sslContext))
            let alpn = NIOTypedApplicationProtocolNegotiationHandler<Negotiated> { result in
                switch result {
                case .negotiated("h2"):
                    return http2.setup(channel: channel, logger: logger).map { .http2($0) }
                case .negotiated("http/1.1"), .fallback:
                    return http1.setup(channel: channel, logger: logger).flatMapThrowing { value in
                        let ops = channel.pipeline.syncOperations
                        let upgrader = try ops.handler(type: NIOTypedHTTPServerUpgradeHandler<HTTP1WebSocketUpgradeChannel.UpgradeResult>.self)
                        try ops.addHandler(ForeignUpgradeFilter(), position: .before(upgrader))
                        return .http1(value)
                    }
                case .negotiated:
                    return channel.close().flatMap { channel.eventLoop.makeFailedFuture(ChannelError.inappropriateOperationForState) }
                }
            }
            try channel.pipeline.syncOperations.addHandler(alpn)
            return Value(negotiated: alpn.protocolNegotiationResult, channel: channel)
        }
    }

    func handle(value: Value, logger: Logger) async {
        do {
            switch try await value.negotiated.get() {
            case .http1(let v): await http1.handle(value: v, logger: logger)
            case .http2(let v): await http2.handle(value: v, logger: logger)
            }
        } catch {
            logger.debug("connection setup failed: \(error)")
        }
    }
}

/// Drops an `Upgrade` header that names no WebSocket (kubectl's SPDY/3.1
/// fallback), so the request reaches the router as a plain one: NIO's
/// upgrade handler loses the request of an upgrade it cannot serve. Only
/// a connection's first request can upgrade, so it leaves the pipeline
/// after that one's head (before a WebSocket's frames could reach it).
final class ForeignUpgradeFilter: ChannelInboundHandler, RemovableChannelHandler, Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .head(var head) = unwrapInboundIn(data) else {
            context.fireChannelRead(data)
            return
        }
        let upgrades = head.headers[canonicalForm: "upgrade"]
        if !upgrades.isEmpty && !upgrades.contains(where: { $0.lowercased() == "websocket" }) {
            head.headers.remove(name: "upgrade")
        }
        context.fireChannelRead(wrapInboundOut(.head(head)))
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }
}
