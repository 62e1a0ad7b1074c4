/// Which SPDY streams of a port-forward session belong together. For every
/// local connection kubectl opens two streams with the same `requestID`
/// header: `streamType: error` (the server writes a failure there as text)
/// and `streamType: data` (the connection's bytes), both naming the pod's
/// `port`. Forwarding starts once both are open. Pure state; the session
/// does the I/O.
struct PortForwardStreams {
    enum Role: Equatable, Sendable { case data, error }

    /// A connection whose two streams are open.
    struct Pair: Equatable, Sendable {
        var requestID: String
        var port: Int
        var dataStream: UInt32
        var errorStream: UInt32
    }

    enum Opened: Equatable {
        /// Refuse the stream (RST_STREAM), with the reason for the log.
        case rejected(String)
        /// Accepted; the other stream of its pair has not come yet.
        case waiting
        /// Accepted, and its pair is complete: start forwarding.
        case ready(Pair)
    }

    private struct Partial {
        var port: Int?
        var dataStream: UInt32?
        var errorStream: UInt32?
    }

    private var partial: [String: Partial] = [:]
    private var streams: [UInt32: (requestID: String, role: Role)] = [:]

    /// A SYN_STREAM from the client. Checks the headers as the kubelet does.
    mutating func open(stream: UInt32, headers: SPDYHeaders) -> Opened {
        guard streams[stream] == nil else { return .rejected("stream \(stream) is already open") }
        let role: Role
        switch headers["streamtype"] {
        case "data": role = .data
        case "error": role = .error
        case let other: return .rejected("invalid stream type \(other.map { "\"\($0)\"" } ?? "(none)")")
        }
        guard let portText = headers["port"], let port = Int(portText), (1...65535).contains(port) else {
            return .rejected("invalid port header \(headers["port"] ?? "(none)")")
        }
        // Clients older than kubectl 1.6 send no request id: the kubelet
        // pairs an error stream with the data stream two ids later.
        let requestID = headers["requestid"] ?? String(role == .error ? stream : stream &- 2)
        var p = partial[requestID] ?? Partial()
        switch role {
        case .data:
            guard p.dataStream == nil else { return .rejected("request \(requestID) already has a data stream") }
            p.dataStream = stream
            p.port = port
        case .error:
            guard p.errorStream == nil else { return .rejected("request \(requestID) already has an error stream") }
            p.errorStream = stream
            if p.port == nil { p.port = port }
        }
        streams[stream] = (requestID, role)
        if let d = p.dataStream, let e = p.errorStream, let port = p.port {
            partial[requestID] = nil
            return .ready(Pair(requestID: requestID, port: port, dataStream: d, errorStream: e))
        }
        partial[requestID] = p
        return .waiting
    }

    /// The request and role of an open stream.
    func lookup(_ stream: UInt32) -> (requestID: String, role: Role)? { streams[stream] }

    /// Forgets a finished connection's streams.
    mutating func close(_ pair: Pair) {
        streams[pair.dataStream] = nil
        streams[pair.errorStream] = nil
    }
}
