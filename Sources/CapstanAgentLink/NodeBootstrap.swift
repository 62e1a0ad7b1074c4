import AsyncHTTPClient
import CapstanAPIServer
import Crypto
import Foundation
import Logging
import NIOCore
import NIOSSL
import SwiftASN1
import X509

/// A joined node's key material, kept under `DATA-DIR/agent/tls/`.
public struct NodeCredentials: Sendable {
    public var caPEM: String
    public var clientCertificatePEM: String
    public var servingCertificatePEM: String
    public var keyPEM: String

    /// TLS towards the API server: trust only the cluster CA, present the node's client certificate.
    public func clientTLS() throws -> TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates([try NIOSSLCertificate(bytes: Array(caPEM.utf8), format: .pem)])
        tls.certificateChain = [.certificate(try NIOSSLCertificate(bytes: Array(clientCertificatePEM.utf8), format: .pem))]
        tls.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: Array(keyPEM.utf8), format: .pem))
        return tls
    }
}

/// How `capstan agent` gets its certificates: trust the server's CA once
/// its hash matches the join token's, then have the server sign the node's
/// own key (generated here; it never leaves the node) for a client
/// certificate `system:node:NAME` and a serving certificate for its
/// endpoint. Reuses what an earlier start saved while the CA is the same.
public enum NodeBootstrap {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public static func credentials(
        server: String, token: NodeJoinToken, nodeName: String, addresses: [String], dir: URL, logger: Logger
    ) async throws -> NodeCredentials {
        let fm = FileManager.default
        try fm.createDirectory(at: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        func file(_ n: String) -> URL { dir.appendingPathComponent(n) }
        func read(_ n: String) -> String? { try? String(contentsOf: file(n), encoding: .utf8) }

        let key: P256.Signing.PrivateKey
        if let pem = read("node.key"), let k = try? P256.Signing.PrivateKey(pemRepresentation: pem) {
            key = k
        } else {
            key = P256.Signing.PrivateKey()
            try ClusterPKI.write(key.pemRepresentation, to: file("node.key"))
        }
        if let ca = read("ca.crt"), let client = read("client.crt"), let serving = read("serving.crt"),
           token.caHash == nil || NodeJoinToken.hash(caBundle: ca) == token.caHash,
           let saved = try? Certificate(pemEncoded: client), ClusterPKI.identity(fromCertificateDER: Self.der(saved))?.user == "system:node:\(nodeName)",
           saved.publicKey == Certificate.PublicKey(key.publicKey),
           read("serving.hosts") == addresses.sorted().joined(separator: ",")
        {
            return NodeCredentials(caPEM: ca, clientCertificatePEM: client, servingCertificatePEM: serving, keyPEM: key.pemRepresentation)
        }

        let base = server.hasSuffix("/") ? String(server.dropLast()) : server
        // First contact: the CA is not trusted yet, so the answer is checked against the token instead.
        var insecure = TLSConfiguration.makeClientConfiguration()
        insecure.certificateVerification = .none
        let ca = try await fetch(HTTPClientRequest(url: base + "/cacerts"), tls: insecure, what: "the server's CA")
        if let expected = token.caHash {
            guard NodeJoinToken.hash(caBundle: ca) == expected else {
                throw Failure(description: "the CA of \(server) does not match the join token: check --server and --token (the token is in the server's DATA-DIR/node-token)")
            }
        } else {
            logger.warning("the join token carries no CA hash: trusting the CA \(server) presented on first use")
        }

        let csr = try CertificateSigningRequest(
            version: .v1, subject: try DistinguishedName { CommonName("system:node:\(nodeName)") },
            privateKey: .init(key), attributes: .init())
        let body = try JSONEncoder().encode(
            NodeCertificateRequest(nodeName: nodeName, csr: try csr.serializeAsPEM().pemString, addresses: addresses))
        var req = HTTPClientRequest(url: base + "/v1-capstan/node-certificate")
        req.method = .POST
        req.headers.add(name: "Authorization", value: "Bearer \(token)")
        req.headers.add(name: "Content-Type", value: "application/json")
        req.body = .bytes(ByteBuffer(bytes: body))
        var trusted = TLSConfiguration.makeClientConfiguration()
        trusted.trustRoots = .certificates([try NIOSSLCertificate(bytes: Array(ca.utf8), format: .pem)])
        let answer = try await fetch(req, tls: trusted, what: "node certificates")
        let issued = try JSONDecoder().decode(NodeCertificateResponse.self, from: Data(answer.utf8))
        try ClusterPKI.write(issued.ca, to: file("ca.crt"))
        try ClusterPKI.write(issued.clientCertificate, to: file("client.crt"))
        try ClusterPKI.write(issued.servingCertificate, to: file("serving.crt"))
        // What the serving certificate covers: a changed --node-ip asks for a new one.
        try ClusterPKI.write(addresses.sorted().joined(separator: ","), to: file("serving.hosts"))
        logger.info("joined \(server) as system:node:\(nodeName)")
        return NodeCredentials(
            caPEM: issued.ca, clientCertificatePEM: issued.clientCertificate, servingCertificatePEM: issued.servingCertificate,
            keyPEM: key.pemRepresentation)
    }

    static func der(_ cert: Certificate) -> [UInt8] {
        var serializer = DER.Serializer()
        try? serializer.serialize(cert)
        return serializer.serializedBytes
    }

    static func fetch(_ req: HTTPClientRequest, tls: TLSConfiguration, what: String) async throws -> String {
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(tlsConfiguration: tls))
        do {
            let resp = try await client.execute(req, timeout: .seconds(15))
            let body = String(buffer: try await resp.body.collect(upTo: 1 << 20))
            try await client.shutdown()
            guard resp.status == .ok else {
                throw Failure(description: "\(req.url) refused \(what) (\(resp.status.code)): \(body.trimmingCharacters(in: .whitespacesAndNewlines))")
            }
            return body
        } catch let e as Failure {
            throw e
        } catch {
            try? await client.shutdown()
            throw Failure(description: "cannot get \(what) from \(req.url): \(error)")
        }
    }
}
