import Logging
import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#endif

/// The DNS server's sockets: UDP (one socket per event loop with
/// SO_REUSEPORT, so the kernel spreads queries over the cores; replies are
/// flushed once per batch of reads) and TCP (RFC 1035 length framing, many
/// queries per connection, idle connections closed after 10 s).
public final class DNSServer: Sendable {
    let engine: DNSEngine
    let group: any EventLoopGroup
    let channels: [any Channel]

    /// The addresses actually bound (port 0 picks one; UDP and TCP then share it).
    public let udpAddress: SocketAddress
    public let tcpAddress: SocketAddress

    private init(engine: DNSEngine, group: any EventLoopGroup, channels: [any Channel], udp: SocketAddress, tcp: SocketAddress) {
        self.engine = engine
        self.group = group
        self.channels = channels
        self.udpAddress = udp
        self.tcpAddress = tcp
    }

    /// Binds UDP and TCP on `host:port`.
    public static func start(engine: DNSEngine, host: String, port: Int, group: any EventLoopGroup, udpSockets: Int = System.coreCount) async throws -> DNSServer {
        var channels: [any Channel] = []
        do {
            let tcp = try await ServerBootstrap(group: group)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelInitializer { ch in
                    ch.eventLoop.makeCompletedFuture {
                        try ch.pipeline.syncOperations.addHandler(IdleStateHandler(readTimeout: .seconds(10)))
                        try ch.pipeline.syncOperations.addHandler(ByteToMessageHandler(DNSLengthFrameDecoder()))
                        try ch.pipeline.syncOperations.addHandler(TCPHandler(engine: engine))
                    }
                }
                .bind(host: host, port: port).get()
            channels.append(tcp)
            let boundPort = tcp.localAddress?.port ?? port
            for _ in 0..<max(1, udpSockets) {
                let udp = try await DatagramBootstrap(group: group)
                    .channelOption(.socketOption(.so_reuseaddr), value: 1)
                    .channelOption(ChannelOptions.Types.SocketOption(level: NIOBSDSocket.OptionLevel(rawValue: CInt(SOL_SOCKET)), name: NIOBSDSocket.Option(rawValue: CInt(SO_REUSEPORT))), value: 1)
                    .channelOption(.datagramVectorReadMessageCount, value: 32)
                    .channelOption(.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: 32 * 2048))
                    .channelInitializer { ch in
                        ch.eventLoop.makeCompletedFuture { try ch.pipeline.syncOperations.addHandler(UDPHandler(engine: engine)) }
                    }
                    .bind(host: host, port: boundPort).get()
                channels.append(udp)
            }
            return DNSServer(
                engine: engine, group: group, channels: channels, udp: channels[1].localAddress!, tcp: tcp.localAddress!)
        } catch {
            for c in channels { try? await c.close() }
            throw error
        }
    }

    public func stop() async {
        for c in channels { try? await c.close() }
    }
}

private final class UDPHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundOut = AddressedEnvelope<ByteBuffer>
    let engine: DNSEngine

    init(engine: DNSEngine) { self.engine = engine }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        let remote = envelope.remoteAddress
        switch engine.handle(Array(envelope.data.readableBytesView), transport: .udp) {
        case .drop: return
        case .reply(let bytes):
            context.write(wrapOutboundOut(AddressedEnvelope(remoteAddress: remote, data: context.channel.allocator.buffer(bytes: bytes))), promise: nil)
        case .upstream(let pending):
            let channel = context.channel
            let engine = self.engine
            Task {
                let bytes = await engine.complete(pending)
                channel.writeAndFlush(AddressedEnvelope(remoteAddress: remote, data: channel.allocator.buffer(bytes: bytes)), promise: nil)
            }
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) { context.flush() }

    // A refused reply (ICMP port unreachable to a client gone) must not close the socket.
    func errorCaught(context: ChannelHandlerContext, error: any Error) {}
}

private final class TCPHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer
    let engine: DNSEngine

    init(engine: DNSEngine) { self.engine = engine }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch engine.handle(Array(unwrapInboundIn(data).readableBytesView), transport: .tcp) {
        case .drop: context.close(promise: nil)
        case .reply(let bytes): context.write(wrapOutboundOut(framed(bytes, context.channel.allocator)), promise: nil)
        case .upstream(let pending):
            let channel = context.channel
            let engine = self.engine
            Task {
                let bytes = await engine.complete(pending)
                channel.writeAndFlush(framed(bytes, channel.allocator), promise: nil)
            }
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) { context.flush() }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent { context.close(promise: nil) } else { context.fireUserInboundEventTriggered(event) }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) { context.close(promise: nil) }
}

/// A TCP message: its length in two bytes, then the message.
private func framed(_ bytes: [UInt8], _ allocator: ByteBufferAllocator) -> ByteBuffer {
    var b = allocator.buffer(capacity: bytes.count + 2)
    b.writeInteger(UInt16(bytes.count))
    b.writeBytes(bytes)
    return b
}
