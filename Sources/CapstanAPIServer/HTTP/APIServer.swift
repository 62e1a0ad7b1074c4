import CapstanAPI
import CapstanStore
import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdHTTP2
import HummingbirdTLS
import Logging
import NIOSSL
import ServiceLifecycle

/// The HTTPS API server as a Service: TLS with optional client
/// certificates, HTTP/1.1 and HTTP/2 negotiated by ALPN, WebSocket
/// upgrades on HTTP/1.1 for pods/exec and pods/attach.
public struct APIServerConfiguration: Sendable {
    public var bindAddress: String = "127.0.0.1"
    public var port: Int = 6443
    public var pki: ClusterPKI
    /// Lets `capstan agent` nodes join with the token (nil: no joining).
    public var join: NodeJoinAuthority?
    public init(bindAddress: String, port: Int, pki: ClusterPKI, join: NodeJoinAuthority? = nil) {
        self.bindAddress = bindAddress
        self.port = port
        self.pki = pki
        self.join = join
    }
}

public struct APIServerService: ServiceLifecycle.Service {
    let core: APIServerCore
    let config: APIServerConfiguration
    let onRunning: @Sendable (Int) async -> Void

    public init(core: APIServerCore, config: APIServerConfiguration, onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) {
        self.core = core
        self.config = config
        self.onRunning = onRunning
    }

    func tlsConfiguration() throws -> TLSConfiguration {
        let cert = try NIOSSLCertificate(bytes: Array(config.pki.serving.certificatePEM.utf8), format: .pem)
        let key = try NIOSSLPrivateKey(bytes: Array(config.pki.serving.keyPEM.utf8), format: .pem)
        let ca = try NIOSSLCertificate(bytes: Array(config.pki.ca.certificatePEM.utf8), format: .pem)
        var tls = TLSConfiguration.makeServerConfiguration(certificateChain: [.certificate(cert)], privateKey: .privateKey(key))
        tls.trustRoots = .certificates([ca])
        tls.certificateVerification = .optionalVerification
        tls.minimumTLSVersion = .tlsv12
        return tls
    }

    /// TLS, HTTP/2 or HTTP/1.1 by ALPN, and WebSocket upgrades for the
    /// remote-command subresources on HTTP/1.1.
    func serverBuilder() throws -> HTTPServerBuilder {
        let tls = try tlsConfiguration()
        let upgrade = StreamUpgrade(server: core)
        return HTTPServerBuilder { responder in
            try APIServerChannel(tls: tls, responder: responder) { head, channel, logger in
                await upgrade.decide(head, channel: channel, logger: logger)
            }
        }
    }

    public func run() async throws {
        let app = Application(
            responder: APIResponder(server: core, join: config.join),
            server: try serverBuilder(),
            configuration: .init(address: .hostname(config.bindAddress, port: config.port), serverName: nil),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                await onRunning(port)
            },
            logger: core.logger
        )
        // The enclosing ServiceGroup owns the signals and the shutdown order;
        // runService() would install its own SIGTERM handler and stop the
        // listener while other services still need the API.
        // On shutdown the server waits for every open request, so open watches
        // are ended first (as kube-apiserver does): a watch whose client
        // vanished would otherwise wait for its next event for ever.
        let core = self.core
        try await withGracefulShutdownHandler {
            try await app.run()
        } onGracefulShutdown: {
            Task { await core.stop() }
        }
    }
}

extension APIServerService: CustomStringConvertible {
    /// Keeps key material out of logs (ServiceGroup errors print the service).
    public var description: String { "APIServerService(\(config.bindAddress):\(config.port))" }
}
