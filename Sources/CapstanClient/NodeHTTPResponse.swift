/// An answer from a node agent's own HTTP paths (the kubelet's read-only
/// endpoints: stats, metrics, health), as the agent gives it and as the API
/// server passes it on for `nodes/NAME/proxy/PATH`.
public struct NodeHTTPResponse: Sendable {
    public var status: Int
    public var contentType: String
    public var body: [UInt8]
    public init(status: Int, contentType: String, body: [UInt8]) {
        self.status = status
        self.contentType = contentType
        self.body = body
    }
}
