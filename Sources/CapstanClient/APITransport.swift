import CapstanAPI

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

    static func escape(_ s: String) -> String {
        var out = ""
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(b))
            default:
                out += "%" + String(b, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }
}

extension String {
    fileprivate func leftPadded(to n: Int) -> String { count >= n ? self : String(repeating: "0", count: n - count) + self }
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
