import Testing
@testable import CapstanImages

@Suite struct ReferenceTests {
    static let valid: [(String, String)] = [
        ("busybox", "docker.io/library/busybox:latest"),
        ("busybox:1.36", "docker.io/library/busybox:1.36"),
        ("library/busybox", "docker.io/library/busybox:latest"),
        ("docker.io/busybox", "docker.io/library/busybox:latest"),
        ("index.docker.io/library/busybox:latest", "docker.io/library/busybox:latest"),
        ("bitnami/redis:7", "docker.io/bitnami/redis:7"),
        ("127.0.0.1:5000/x/y:t", "127.0.0.1:5000/x/y:t"),
        ("localhost/app", "localhost/app:latest"),
        ("localhost:5000/app", "localhost:5000/app:latest"),
        ("registry.k8s.io/pause:3.9", "registry.k8s.io/pause:3.9"),
        ("quay.io/a/b/c-d_e.f__g:v1.0-rc_1", "quay.io/a/b/c-d_e.f__g:v1.0-rc_1"),
        ("busybox@sha256:" + String(repeating: "a", count: 64), "docker.io/library/busybox@sha256:" + String(repeating: "a", count: 64)),
        ("ghcr.io/o/r:v2@sha256:" + String(repeating: "0", count: 64), "ghcr.io/o/r:v2@sha256:" + String(repeating: "0", count: 64)),
        ("[::1]:5000/app:v1", "[::1]:5000/app:v1"),
    ]

    @Test(arguments: valid)
    func normalizes(_ input: String, _ expected: String) throws {
        #expect(try ImageReference(parsing: input).normalized == expected)
    }

    @Test(arguments: ["", "Busybox", "busybox:", "busybox:-x", ":latest", "a//b", "busybox@sha256:abc", "busybox@md5:" + String(repeating: "a", count: 32),
                      "-a/b", "a_/b", "host:99999/x", "a/b/"])
    func rejects(_ input: String) {
        #expect(throws: ImageStoreError.self) { try ImageReference(parsing: input) }
    }

    @Test func parts() throws {
        let r = try ImageReference(parsing: "127.0.0.1:5000/x/y:t")
        #expect(r.registry == "127.0.0.1:5000")
        #expect(r.repository == "x/y")
        #expect(r.tag == "t")
        #expect(r.digest == nil)
        let d = try ImageReference(parsing: "busybox@sha256:" + String(repeating: "b", count: 64))
        #expect(d.tag == nil)
        #expect(d.name == "docker.io/library/busybox")
    }

    @Test func ociRefNameAnnotations() {
        #expect(ArchiveReader.tag(annotations: ["org.opencontainers.image.ref.name": "docker.io/library/busybox:latest"], baseName: nil) == "docker.io/library/busybox:latest")
        #expect(ArchiveReader.tag(annotations: ["org.opencontainers.image.ref.name": "busybox:1.36"], baseName: nil) == "docker.io/library/busybox:1.36")
        #expect(ArchiveReader.tag(annotations: ["org.opencontainers.image.ref.name": "latest"], baseName: nil) == nil)
        #expect(ArchiveReader.tag(annotations: ["org.opencontainers.image.ref.name": "latest"], baseName: "busybox") == "docker.io/library/busybox:latest")
        #expect(ArchiveReader.tag(annotations: ["io.containerd.image.name": "quay.io/x/y:1", "org.opencontainers.image.ref.name": "1"], baseName: nil) == "quay.io/x/y:1")
    }

    @Test func plainHTTPOnlyForLoopbackAndListed() {
        #expect(RegistryClient.allowsPlainHTTP("127.0.0.1:5000", insecureRegistries: []))
        #expect(RegistryClient.allowsPlainHTTP("127.1.2.3", insecureRegistries: []))
        #expect(RegistryClient.allowsPlainHTTP("localhost:5000", insecureRegistries: []))
        #expect(RegistryClient.allowsPlainHTTP("[::1]:5000", insecureRegistries: []))
        #expect(!RegistryClient.allowsPlainHTTP("docker.io", insecureRegistries: []))
        #expect(!RegistryClient.allowsPlainHTTP("127.0.0.1.nip.io", insecureRegistries: []))
        #expect(RegistryClient.allowsPlainHTTP("reg.lan:5000", insecureRegistries: ["reg.lan:5000"]))
        #expect(RegistryClient.allowsPlainHTTP("reg.lan:5000", insecureRegistries: ["reg.lan"]))
        #expect(!RegistryClient.allowsPlainHTTP("reg.lan:5000", insecureRegistries: ["other.lan"]))
    }
}
