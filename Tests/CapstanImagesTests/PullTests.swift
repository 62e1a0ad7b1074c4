import Foundation
import Testing
@testable import CapstanImages

@Suite(.enabled(if: RegistryProcess.available && hasTool("umoci"), "needs docker-registry, skopeo and umoci"), .timeLimit(.minutes(3)))
struct PullTests {
    @Test func pullsFromALoopbackRegistry() async throws {
        let tmp = try TempDir()
        let archive = tmp.path("busybox.tar")
        try sh(["bash", repoRoot.appendingPathComponent("scripts/busybox-image.sh").path, archive.path])
        let registry = try RegistryProcess()
        defer { registry.stop() }
        try registry.push(archive, as: "busybox:latest")

        let store = try ImageStore(root: tmp.path("store"))
        let lines = LineSink()
        let start = ContinuousClock.now
        let image = try await store.pull("\(registry.host)/busybox:latest", auth: nil, progress: lines.add)
        print("pull of busybox from a loopback registry took \(ContinuousClock.now - start)")
        #expect(image.repoTags == ["\(registry.host)/busybox:latest"])
        #expect(image.repoDigests.count == 1 && image.repoDigests[0].hasPrefix("\(registry.host)/busybox@sha256:"))
        #expect(image.config.cmd == ["sh"])
        #expect(lines.all.contains { $0.hasPrefix("downloading layer") })
        let lower = try await store.lowerDirs(for: image)
        #expect(FileManager.default.isExecutableFile(atPath: lower[0] + "/bin/busybox"))

        // Again: nothing is downloaded; by digest: the same image.
        let again = LineSink()
        #expect(try await store.pull("\(registry.host)/busybox", auth: nil, progress: again.add).id == image.id)
        #expect(!again.all.contains { $0.hasPrefix("downloading layer") })
        let digestRef = image.repoDigests[0]
        #expect(try await store.pull(digestRef, auth: nil).id == image.id)
        #expect(try await store.resolve(digestRef)?.id == image.id)

        await #expect(throws: ImageStoreError.self) { try await store.pull("\(registry.host)/nope:latest", auth: nil) }
    }

    @Test(.enabled(if: hasTool("htpasswd"), "needs htpasswd (apache2-utils)"))
    func pullsWithBasicAuth() async throws {
        let tmp = try TempDir()
        let archive = tmp.path("busybox.tar")
        try sh(["bash", repoRoot.appendingPathComponent("scripts/busybox-image.sh").path, archive.path])
        let registry = try RegistryProcess(htpasswd: ("capstan", "s3cret"))
        defer { registry.stop() }
        try registry.push(archive, as: "private/busybox:v1", creds: "capstan:s3cret")

        let store = try ImageStore(root: tmp.path("store"))
        let ref = "\(registry.host)/private/busybox:v1"
        await #expect(throws: ImageStoreError.self) { try await store.pull(ref, auth: nil) }
        await #expect(throws: ImageStoreError.self) {
            try await store.pull(ref, auth: RegistryCredentials(username: "capstan", password: "wrong"))
        }
        let secret = #"{"auths":{"\#(registry.host)":{"auth":"\#(Data("capstan:s3cret".utf8).base64EncodedString())"}}}"#
        let creds = try DockerConfigCredentials(json: Data(secret.utf8)).credentials(for: try ImageReference(parsing: ref))
        let image = try await store.pull(ref, auth: creds)
        #expect(image.repoTags == [ref])
        #expect(try await store.lowerDirs(for: image).count == 1)
    }

    @Test func refusesPlainHTTPToNonLoopbackRegistriesUnlessListed() async throws {
        // No network here: just check which scheme the client would use.
        #expect(RegistryClient(registry: "registry.example.com", credentials: nil, insecureRegistries: []).baseURL.scheme == "https")
        #expect(RegistryClient(registry: "registry.example.com", credentials: nil, insecureRegistries: ["registry.example.com"]).baseURL.scheme == "http")
        #expect(RegistryClient(registry: "docker.io", credentials: nil, insecureRegistries: []).baseURL.absoluteString == "https://registry-1.docker.io")
    }
}

@Suite struct IndexTests {
    @Test func picksThisPlatformFromAnIndex() throws {
        let json = """
            {"schemaVersion":2,"manifests":[
              {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:\(String(repeating: "1", count: 64))","size":1,"platform":{"architecture":"arm64","os":"linux"}},
              {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:\(String(repeating: "2", count: 64))","size":1,"platform":{"architecture":"amd64","os":"linux"}},
              {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:\(String(repeating: "3", count: 64))","size":1,"platform":{"architecture":"unknown","os":"unknown"},"annotations":{"vnd.docker.reference.type":"attestation-manifest"}}
            ]}
            """
        let index = try JSONDecoder().decode(ImageIndex.self, from: Data(json.utf8))
        #expect(index.pick(Platform(architecture: "amd64", os: "linux"))?.digest == "sha256:" + String(repeating: "2", count: 64))
        #expect(index.pick(Platform(architecture: "arm64", os: "linux"))?.digest == "sha256:" + String(repeating: "1", count: 64))
        #expect(index.pick(Platform(architecture: "s390x", os: "linux")) == nil)
    }
}
