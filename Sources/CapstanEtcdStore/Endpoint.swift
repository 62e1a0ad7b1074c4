import CapstanStore
import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One etcd member's client URL, `http://host:port`.
struct Endpoint: Sendable, Hashable, CustomStringConvertible {
    let url: String
    let host: String
    let port: Int

    var description: String { url }
    /// The Host header: the authority as written in the URL.
    var authority: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    init(parsing url: String) throws(StoreError) {
        if url.hasPrefix("https://") {
            throw .backend("etcd endpoint \(url) uses TLS, which EtcdStore does not support yet; give its http:// client URL")
        }
        guard url.hasPrefix("http://") else {
            throw .backend("etcd endpoint \"\(url)\" is not a URL; write it as http://host:port")
        }
        var authority = url.dropFirst("http://".count)
        if let slash = authority.firstIndex(of: "/") { authority = authority[..<slash] }
        var host = authority
        var port = 2379
        if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
            host = authority[authority.index(after: authority.startIndex)..<close]
            let rest = authority[authority.index(after: close)...]
            if rest.hasPrefix(":") { port = Int(rest.dropFirst()) ?? -1 }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            port = Int(authority[authority.index(after: colon)...]) ?? -1
        }
        guard !host.isEmpty, (1...65535).contains(port) else {
            throw .backend("etcd endpoint \"\(url)\" has no valid host and port; write it as http://host:port")
        }
        self.url = url
        self.host = String(host)
        self.port = port
    }
}

/// A request that got no HTTP response, classified by whether etcd may have
/// seen it: that decides whether a write can be retried elsewhere.
struct TransportError: Error, Sendable, CustomStringConvertible {
    enum Stage: Sendable, Equatable {
        /// No connection was made; nothing was sent.
        case connect
        /// The connection failed before the whole request was written.
        case beforeSending
        /// The request was sent; the response never came.
        case afterSending
    }

    var endpoint: Endpoint
    var stage: Stage
    var reason: String

    /// A write that failed this way may or may not have been applied.
    var mayHaveReachedEtcd: Bool { stage == .afterSending }

    var description: String { "\(endpoint): \(reason)" }

    /// Short text for a NIO or system error, e.g. "connection refused".
    static func describe(_ error: any Error) -> String {
        switch error {
        case let error as TransportError: return error.reason
        case let error as NIOConnectionError:
            return error.connectionErrors.first.map { describe($0.error) } ?? "no address for \(error.host)"
        case let error as IOError: return String(cString: strerror(error.errnoCode)).lowercased()
        case ChannelError.connectTimeout: return "connect timed out"
        case ChannelError.ioOnClosedChannel, ChannelError.alreadyClosed, ChannelError.eof: return "connection closed"
        default: return "\(error)"
        }
    }
}
