import Foundation
import Testing
@testable import CapstanImages

@Suite struct AuthTests {
    @Test func bearerChallenge() throws {
        let c = try #require(AuthChallenge(parsing: #"Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/busybox:pull""#))
        #expect(c.scheme == "bearer")
        #expect(c.parameters == ["realm": "https://auth.docker.io/token", "service": "registry.docker.io", "scope": "repository:library/busybox:pull"])
    }

    @Test func basicChallenge() throws {
        let c = try #require(AuthChallenge(parsing: #"Basic realm="capstan test""#))
        #expect(c.scheme == "basic")
        #expect(c.parameters["realm"] == "capstan test")
    }

    @Test func dockerConfigJSON() throws {
        let auth = Data("bob:s3:cret".utf8).base64EncodedString()
        let json = """
            {"auths": {
              "https://index.docker.io/v1/": {"auth": "\(auth)"},
              "127.0.0.1:5000": {"username": "alice", "password": "pw"},
              "http://reg.lan:5000/v2/": {"username": "u", "password": "p", "auth": ""}
            }}
            """
        let creds = try DockerConfigCredentials(json: Data(json.utf8))
        #expect(creds.byRegistry["docker.io"] == RegistryCredentials(username: "bob", password: "s3:cret"))
        #expect(creds.byRegistry["127.0.0.1:5000"] == RegistryCredentials(username: "alice", password: "pw"))
        #expect(creds.byRegistry["reg.lan:5000"] == RegistryCredentials(username: "u", password: "p"))
        #expect(creds.credentials(for: try ImageReference(parsing: "busybox")) == RegistryCredentials(username: "bob", password: "s3:cret"))
        #expect(throws: ImageStoreError.self) { try DockerConfigCredentials(json: Data(#"{"auths": {"x": {"auth": "!!"}}}"#.utf8)) }
    }
}
