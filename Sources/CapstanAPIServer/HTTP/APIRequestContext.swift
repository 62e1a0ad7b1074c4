import Hummingbird
import NIOCore
import NIOSSL

/// Per-request context: Hummingbird's core storage plus the connection
/// channel, from which the client certificate is read.
public struct APIRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }

    /// Our own limit check gives Kubernetes' 413 Status; keep Hummingbird's above it.
    public var maxUploadSize: Int { 4 * 1024 * 1024 }

    /// DER bytes of the verified client certificate, if the client sent one.
    /// An HTTP/1.1 request runs on the connection channel itself (whose
    /// parent is the listening socket); an HTTP/2 stream is a child channel
    /// whose parent, the connection, holds the TLS handler.
    func peerCertificateDER() async -> [UInt8]? { await Self.peerCertificateDER(of: channel) }

    public static func peerCertificateDER(of channel: any Channel) async -> [UInt8]? {
        for candidate in [channel, channel.parent].compactMap({ $0 }) {
            if let cert = try? await candidate.nioSSL_peerCertificate().get() {
                return try? cert.toDERBytes()
            }
        }
        return nil
    }
}

/// Who is making a request.
public struct UserInfo: Sendable, Equatable {
    public var name: String
    public var groups: [String]
    public init(name: String, groups: [String]) {
        self.name = name
        self.groups = groups
    }
}
