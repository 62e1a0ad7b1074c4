import CapstanAPI
import Foundation

/// One request to the Kubernetes API, independent of how it travels.
public struct APIRequest: Sendable {
    public enum Method: String, Sendable { case get = "GET", post = "POST", put = "PUT", patch = "PATCH", delete = "DELETE" }
    public var method: Method
    /// Absolute path, e.g. `/api/v1/namespaces/default/pods`.
    public var path: String
    public var query: [(String, String)]
    public var body: [UInt8]?
    public var contentType: String?

    public init(_ method: Method, _ path: String, query: [(String, String)] = [], body: [UInt8]? = nil, contentType: String? = nil) {
        self.method = method
        self.path = path
        self.query = query
        self.body = body
        self.contentType = contentType
    }

    /// Path plus the percent-encoded query string.
    public var target: String {
        guard !query.isEmpty else { return path }
        return path + "?" + query.map { "\(Self.escape($0.0))=\(Self.escape($0.1))" }.joined(separator: "&")
    }

    /// RFC 3986 unreserved characters: everything else in a query is escaped.
    static let unreserved = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")

    static func escape(_ s: String) -> String {
        s.addingPercentEncoding(withAllowedCharacters: unreserved) ?? s
    }
}

/// The response to an `APIRequest`: status code and body bytes.
public struct APIResponse: Sendable {
    public var status: Int
    public var body: [UInt8]
    public init(status: Int, body: [UInt8]) {
        self.status = status
        self.body = body
    }
}

/// How a client reaches the API server: over HTTPS, or in process through
/// the server's own request pipeline (authorization and admission included,
/// no network hop), as the scheduler and controllers inside `capstan server` do.
public protocol APITransport: Sendable {
    func send(_ request: APIRequest) async throws -> APIResponse
    /// A watch: the stream yields one element per JSON line the server sends,
    /// and ends when the server ends the watch. A non-200 answer throws.
    func watch(_ request: APIRequest) async throws -> AsyncThrowingStream<[UInt8], any Error>
}
