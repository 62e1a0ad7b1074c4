import CapstanAPI
import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import X509

/// The secret a node presents to join (`capstan agent --token`), in k3s'
/// format `K10<sha256 of the CA bundle>::node:<secret>`: the hash lets the
/// agent trust the server's CA before it has any certificate, the secret
/// lets the server trust the agent. Stored in `DATA-DIR/node-token`.
public struct NodeJoinToken: Sendable, Equatable, CustomStringConvertible {
    public var caHash: String?
    public var secret: String

    /// The full form (`K10...::node:...`), or a bare secret.
    public init?(_ s: String) {
        let t = s.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !t.isEmpty else { return nil }
        if t.hasPrefix("K10"), let sep = t.range(of: "::") {
            caHash = String(t[t.index(t.startIndex, offsetBy: 3)..<sep.lowerBound])
            let cred = t[sep.upperBound...]
            secret = cred.split(separator: ":", maxSplits: 1).last.map(String.init) ?? ""
            guard !secret.isEmpty, caHash?.count == 64 else { return nil }
        } else {
            caHash = nil
            secret = t
        }
    }

    init(caHash: String, secret: String) {
        self.caHash = caHash
        self.secret = secret
    }

    /// The full form, or the bare secret when there is no CA hash.
    public var description: String { caHash.map { "K10\($0)::node:\(secret)" } ?? secret }

    /// Hex SHA-256 of the CA bundle exactly as `GET /cacerts` serves it.
    public static func hash(caBundle: String) -> String {
        SHA256.hash(data: Data(caBundle.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Reads `dir/node-token`, or creates it with a new random secret.
    public static func loadOrCreate(dataDir dir: URL, caPEM: String) throws -> NodeJoinToken {
        let url = dir.appendingPathComponent("node-token")
        let hash = hash(caBundle: caPEM)
        if let text = try? String(contentsOf: url, encoding: .utf8), let t = NodeJoinToken(text), t.caHash == hash {
            return t
        }
        let secret = (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
        let token = NodeJoinToken(caHash: hash, secret: secret)
        try ClusterPKI.write(token.description + "\n", to: url)
        return token
    }

    /// Compares secrets in time independent of where they differ.
    func accepts(_ presented: NodeJoinToken) -> Bool {
        if let h = presented.caHash, h != caHash { return false }
        let a = Array(secret.utf8), b = Array(presented.secret.utf8)
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

/// What an agent sends to `POST /v1-capstan/node-certificate` with its
/// join token as the bearer, and gets back.
public struct NodeCertificateRequest: Codable, Sendable {
    public var nodeName: String
    /// PEM CSR signed by the node's own key (which never leaves the node).
    public var csr: String
    /// Names and addresses the node's serving certificate must cover.
    public var addresses: [String]
    public init(nodeName: String, csr: String, addresses: [String]) {
        self.nodeName = nodeName
        self.csr = csr
        self.addresses = addresses
    }
}

public struct NodeCertificateResponse: Codable, Sendable {
    /// CN `system:node:NAME`, O `system:nodes`: the node's identity towards the API.
    public var clientCertificate: String
    /// For the agent's own HTTPS endpoint, which the API server calls; signed
    /// by the node-serving CA, which only the API server trusts.
    public var servingCertificate: String
    public var ca: String
}

/// Serves the two unauthenticated join paths: `GET /cacerts` (the CA
/// bundle, checked by the agent against the token's hash) and
/// `POST /v1-capstan/node-certificate` (authorized by the token).
public struct NodeJoinAuthority: Sendable {
    let token: NodeJoinToken
    let caPEM: String
    let caCert: Certificate
    let caKey: P256.Signing.PrivateKey
    let servingCACert: Certificate
    let servingCAKey: P256.Signing.PrivateKey

    public init(pki: ClusterPKI, token: NodeJoinToken) throws {
        self.token = token
        self.caPEM = pki.ca.certificatePEM
        self.caCert = try Certificate(pemEncoded: pki.ca.certificatePEM)
        self.caKey = try P256.Signing.PrivateKey(pemRepresentation: pki.ca.keyPEM)
        self.servingCACert = try Certificate(pemEncoded: pki.nodeServingCA.certificatePEM)
        self.servingCAKey = try P256.Signing.PrivateKey(pemRepresentation: pki.nodeServingCA.keyPEM)
    }

    /// nil when the path is not one of the join paths.
    func respond(to request: Request) async -> Response? {
        switch (request.method, request.uri.path) {
        case (.get, "/cacerts"):
            return Self.plain(caPEM, status: .ok)
        case (.post, "/v1-capstan/node-certificate"):
            guard let auth = request.headers[.authorization], auth.hasPrefix("Bearer "),
                  let presented = NodeJoinToken(String(auth.dropFirst(7))), token.accepts(presented)
            else {
                return Self.plain("invalid node join token: use the one in the server's DATA-DIR/node-token\n", status: .unauthorized)
            }
            var body: [UInt8] = []
            do {
                for try await var chunk in request.body {
                    body += chunk.readBytes(length: chunk.readableBytes) ?? []
                    if body.count > 64 << 10 { return Self.plain("request too large\n", status: .contentTooLarge) }
                }
                let req = try JSONDecoder().decode(NodeCertificateRequest.self, from: Data(body))
                let issued = try issue(req)
                let data = try JSONEncoder().encode(issued)
                var headers = HTTPFields()
                headers[.contentType] = "application/json"
                return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
            } catch let e as JoinError {
                return Self.plain(e.message + "\n", status: .badRequest)
            } catch {
                return Self.plain("invalid node certificate request: \(error)\n", status: .badRequest)
            }
        default:
            return nil
        }
    }

    struct JoinError: Error { var message: String }

    func issue(_ req: NodeCertificateRequest) throws -> NodeCertificateResponse {
        let problems = NameValidation.dns1123Subdomain(req.nodeName)
        guard problems.isEmpty else { throw JoinError(message: "invalid node name \(req.nodeName): \(problems.joined(separator: "; "))") }
        let csr = try CertificateSigningRequest(pemEncoded: req.csr)
        guard csr.publicKey.isValidSignature(csr.signature, for: csr) else {
            throw JoinError(message: "the certificate request's signature does not match its key")
        }
        let client = try ClusterPKI.sign(
            publicKey: csr.publicKey, commonName: "system:node:\(req.nodeName)", organization: "system:nodes", hosts: [],
            usage: .clientAuth, caCert: caCert, caKey: caKey)
        let serving = try ClusterPKI.sign(
            publicKey: csr.publicKey, commonName: "system:node:\(req.nodeName)", organization: "system:nodes",
            hosts: Array(Set([req.nodeName] + req.addresses)).sorted(), usage: .serverAuth, caCert: servingCACert,
            caKey: servingCAKey)
        return NodeCertificateResponse(
            clientCertificate: try client.serializeAsPEM().pemString, servingCertificate: try serving.serializeAsPEM().pemString,
            ca: caPEM)
    }

    static func plain(_ s: String, status: HTTPResponse.Status) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; charset=utf-8"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: s)))
    }
}
