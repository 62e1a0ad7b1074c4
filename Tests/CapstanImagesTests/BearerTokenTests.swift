import Crypto
import Foundation
import Testing
@testable import CapstanImages

/// The Bearer token flow against a real docker-registry with `auth: token`:
/// the registry answers 401 with a challenge naming a realm; the realm here is
/// busybox httpd serving one JWT signed (ES256, x5c) by a certificate the
/// registry trusts.
@Suite(.enabled(if: RegistryProcess.available && hasTool("umoci") && hasTool("openssl")
    && FileManager.default.isExecutableFile(atPath: "/bin/busybox"), "needs docker-registry, skopeo, umoci, openssl, busybox"),
    .timeLimit(.minutes(3)))
struct BearerTokenTests {
    @Test func pullsWithABearerToken() async throws {
        let tmp = try TempDir()
        let tokenDir = tmp.path("www")
        try FileManager.default.createDirectory(at: tokenDir, withIntermediateDirectories: true)
        try sh(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
                "-subj", "/CN=capstan-token", "-keyout", tmp.path("key.pem").path, "-out", tmp.path("cert.pem").path])
        let key = try P256.Signing.PrivateKey(pemRepresentation: try String(contentsOf: tmp.path("key.pem"), encoding: .utf8))
        let certDER = try derOf(tmp.path("cert.pem"))
        let token = try jwt(key: key, certDER: certDER, repository: "busybox")
        try Data(#"{"token":"\#(token)"}"#.utf8).write(to: tokenDir.appendingPathComponent("token"))

        let tokenPort = try freePort()
        let httpd = Process()
        httpd.executableURL = URL(fileURLWithPath: "/bin/busybox")
        httpd.arguments = ["httpd", "-f", "-p", "127.0.0.1:\(tokenPort)", "-h", tokenDir.path]
        try httpd.run()
        defer { kill(httpd.processIdentifier, SIGKILL); httpd.waitUntilExit() }  // busybox httpd ignores SIGTERM

        let registry = try RegistryProcess(extraConfig: """
            auth:
              token:
                realm: http://127.0.0.1:\(tokenPort)/token
                service: capstan-test
                issuer: capstan-test-issuer
                rootcertbundle: \(tmp.path("cert.pem").path)

            """)
        defer { registry.stop() }
        let archive = tmp.path("busybox.tar")
        try sh(["bash", repoRoot.appendingPathComponent("scripts/busybox-image.sh").path, archive.path])
        try registry.push(archive, as: "busybox:latest", creds: "any:thing")

        let store = try ImageStore(root: tmp.path("store"))
        let image = try await store.pull("\(registry.host)/busybox:latest", auth: RegistryCredentials(username: "any", password: "thing"))
        #expect(image.config.cmd == ["sh"])
        #expect(try await store.lowerDirs(for: image).count == 1)
    }

    private func derOf(_ pem: URL) throws -> Data {
        let text = try String(contentsOf: pem, encoding: .utf8)
        let body = text.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        guard let der = Data(base64Encoded: body) else { throw TestError("bad PEM") }
        return der
    }

    private func jwt(key: P256.Signing.PrivateKey, certDER: Data, repository: String) throws -> String {
        func b64url(_ d: Data) -> String {
            d.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
                .replacingOccurrences(of: "=", with: "")
        }
        let now = Int(Date().timeIntervalSince1970)
        let header = try JSONSerialization.data(withJSONObject: ["alg": "ES256", "typ": "JWT", "x5c": [certDER.base64EncodedString()]])
        let claims = try JSONSerialization.data(withJSONObject: [
            "iss": "capstan-test-issuer", "sub": "any", "aud": "capstan-test", "exp": now + 3600, "nbf": now - 60, "iat": now - 60,
            "jti": UUID().uuidString, "access": [["type": "repository", "name": repository, "actions": ["pull", "push"]]],
        ] as [String: Any])
        let input = b64url(header) + "." + b64url(claims)
        let signature = try key.signature(for: Data(input.utf8))
        return input + "." + b64url(signature.rawRepresentation)
    }
}
