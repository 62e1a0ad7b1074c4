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
    /// HTTP/2 streams are child channels: TLS lives on the parent.
    func peerCertificateDER() async -> [UInt8]? {
        let conn = channel.parent ?? channel
        guard let cert = try? await conn.nioSSL_peerCertificate().get() else { return nil }
        return try? cert.toDERBytes()
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
