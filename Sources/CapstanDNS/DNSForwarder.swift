import Logging
import NIOCore
import NIOPosix

/// Sends queries for names outside the cluster domain to the host's
/// nameservers: over UDP from a fresh socket (random source port), again
/// over TCP when the answer comes back truncated; the next nameserver when
/// one does not answer within `timeout`. Thread-safe.
public final class DNSForwarder: Sendable {
    public let upstreams: [SocketAddress]
    let group: any EventLoopGroup
    let timeout: TimeAmount

    public init(upstreams: [SocketAddress], group: any EventLoopGroup, timeout: TimeAmount = .seconds(2)) {
        self.upstreams = upstreams
        self.group = group
        self.timeout = timeout
    }

    /// The nameservers of a resolv.conf, port 53, without `excluding` (our
    /// own address: forwarding to ourselves would loop).
    public static func nameservers(resolvConf: String, excluding: Set<String>) -> [SocketAddress] {
        var out: [SocketAddress] = []
        for line in resolvConf.split(separator: "\n") {
            let f = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard f.count >= 2, f[0] == "nameserver" else { continue }
            let ip = String(f[1].split(separator: "%").first ?? f[1])
            guard !excluding.contains(ip), let a = try? SocketAddress(ipAddress: ip, port: 53) else { continue }
            out.append(a)
        }
        return out
    }

    /// The first usable answer from the upstreams, or nil when none answers.
    public func exchange(_ query: [UInt8]) async -> [UInt8]? {
        for upstream in upstreams {
            if let answer = try? await udp(query, to: upstream) {
                // TC bit: the whole answer needs TCP.
                if answer.count > 2, answer[2] & 0x02 != 0, let full = try? await tcp(query, to: upstream) { return full }
                return answer
            }
        }
        return nil
    }

    func udp(_ query: [UInt8], to upstream: SocketAddress) async throws -> [UInt8] {
        let loop = group.next()
        let promise = loop.makePromise(of: [UInt8].self)
        let id = (query[0], query[1])
        let bootstrap = DatagramBootstrap(group: loop).channelInitializer { ch in
            ch.eventLoop.makeCompletedFuture {
                try ch.pipeline.syncOperations.addHandler(OneReply(promise: promise, from: upstream, id: id))
            }
        }
        let channel = try await bootstrap.bind(host: upstream.protocol == .inet6 ? "::" : "0.0.0.0", port: 0).get()
        let timer = loop.scheduleTask(in: timeout) { promise.fail(ChannelError.connectTimeout(self.timeout)) }
        defer {
            timer.cancel()
            channel.close(promise: nil)
        }
        var buffer = channel.allocator.buffer(capacity: query.count)
        buffer.writeBytes(query)
        channel.writeAndFlush(AddressedEnvelope(remoteAddress: upstream, data: buffer), promise: nil)
        return try await promise.futureResult.get()
    }

    func tcp(_ query: [UInt8], to upstream: SocketAddress) async throws -> [UInt8] {
        let loop = group.next()
        let promise = loop.makePromise(of: [UInt8].self)
        let bootstrap = ClientBootstrap(group: loop)
            .connectTimeout(timeout)
            .channelInitializer { ch in
                ch.eventLoop.makeCompletedFuture {
                    try ch.pipeline.syncOperations.addHandler(ByteToMessageHandler(DNSLengthFrameDecoder()))
                    try ch.pipeline.syncOperations.addHandler(FirstFrame(promise: promise))
                }
            }
        let channel = try await bootstrap.connect(to: upstream).get()
        let timer = loop.scheduleTask(in: timeout) { promise.fail(ChannelError.connectTimeout(self.timeout)) }
        defer {
            timer.cancel()
            channel.close(promise: nil)
        }
        var buffer = channel.allocator.buffer(capacity: query.count + 2)
        buffer.writeInteger(UInt16(query.count))
        buffer.writeBytes(query)
        channel.writeAndFlush(buffer, promise: nil)
        return try await promise.futureResult.get()
    }
}

/// Completes the promise with the first datagram from the upstream carrying the query's id.
private final class OneReply: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    let promise: EventLoopPromise<[UInt8]>
    let from: SocketAddress
    let id: (UInt8, UInt8)

    init(promise: EventLoopPromise<[UInt8]>, from: SocketAddress, id: (UInt8, UInt8)) {
        self.promise = promise
        self.from = from
        self.id = id
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        let bytes = Array(envelope.data.readableBytesView)
        guard envelope.remoteAddress == from, bytes.count >= 12, bytes[0] == id.0, bytes[1] == id.1 else { return }
        promise.succeed(bytes)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) { promise.fail(error) }
}

private final class FirstFrame: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    let promise: EventLoopPromise<[UInt8]>
    init(promise: EventLoopPromise<[UInt8]>) { self.promise = promise }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        promise.succeed(Array(unwrapInboundIn(data).readableBytesView))
    }

    func channelInactive(context: ChannelHandlerContext) { promise.fail(ChannelError.eof) }
    func errorCaught(context: ChannelHandlerContext, error: any Error) { promise.fail(error) }
}

/// RFC 1035 4.2.2: over TCP each message is preceded by its length in two bytes.
struct DNSLengthFrameDecoder: ByteToMessageDecoder {
    typealias InboundOut = ByteBuffer

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let length = buffer.getInteger(at: buffer.readerIndex, as: UInt16.self),
              buffer.readableBytes >= 2 + Int(length)
        else { return .needMoreData }
        buffer.moveReaderIndex(forwardBy: 2)
        context.fireChannelRead(wrapInboundOut(buffer.readSlice(length: Int(length))!))
        return .continue
    }
}
