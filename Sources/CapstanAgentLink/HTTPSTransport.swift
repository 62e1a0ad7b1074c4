import AsyncHTTPClient
import CapstanClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL

/// The client transport over the network: a node agent on another machine
/// (`capstan agent`) reaches the API server through it, authenticated by its
/// client certificate. One `HTTPClient` (connection pool, HTTP/2 by ALPN)
/// carries every request and watch.
public final class HTTPSTransport: APITransport {
    let client: HTTPClient
    let base: String

    /// - Parameter server: `https://host:port`.
    public init(server: String, tls: TLSConfiguration) {
        var config = HTTPClient.Configuration(tlsConfiguration: tls)
        config.timeout.connect = .seconds(10)
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: config)
        base = server.hasSuffix("/") ? String(server.dropLast()) : server
    }

    public func shutdown() async {
        try? await client.shutdown()
    }

    func request(_ r: APIRequest) -> HTTPClientRequest {
        var req = HTTPClientRequest(url: base + r.target)
        req.method = HTTPMethod(rawValue: r.method.rawValue)
        req.headers.add(name: "Accept", value: "application/json")
        req.headers.add(name: "User-Agent", value: "capstan-agent")
        if let ct = r.contentType { req.headers.add(name: "Content-Type", value: ct) }
        if let b = r.body { req.body = .bytes(ByteBuffer(bytes: b)) }
        return req
    }

    public func send(_ r: APIRequest) async throws -> APIResponse {
        let resp = try await client.execute(request(r), timeout: .seconds(60))
        let body = try await resp.body.collect(upTo: 256 << 20)
        return APIResponse(status: Int(resp.status.code), body: Array(buffer: body))
    }

    /// One element per line of the watch's JSON stream. The deadline only
    /// bounds a watch the server never ends; the informer watches again.
    public func watch(_ r: APIRequest) async throws -> AsyncThrowingStream<[UInt8], any Error> {
        let resp = try await client.execute(request(r), timeout: .hours(1))
        guard resp.status == .ok else {
            let body = try await resp.body.collect(upTo: 1 << 20)
            throw APIStatusError(response: APIResponse(status: Int(resp.status.code), body: Array(buffer: body)))
        }
        let (stream, continuation) = AsyncThrowingStream<[UInt8], any Error>.makeStream()
        let task = Task {
            var pending: [UInt8] = []
            do {
                for try await chunk in resp.body {
                    pending += chunk.readableBytesView
                    var start = 0
                    while let nl = pending[start...].firstIndex(of: UInt8(ascii: "\n")) {
                        if nl > start { continuation.yield(Array(pending[start..<nl])) }
                        start = nl + 1
                    }
                    pending.removeFirst(start)
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }
}
