import Foundation
@testable import CapstanImages

/// A real `docker-registry serve` (Debian's docker/distribution) on a free
/// loopback port with filesystem storage in a temp dir; killed on `stop()`/deinit.
final class RegistryProcess: @unchecked Sendable {  // immutable after init; Process is thread-safe for terminate
    let port: Int
    let dir: TempDir
    private let process: Process

    var host: String { "127.0.0.1:\(port)" }

    static var available: Bool { hasTool("docker-registry") && hasTool("skopeo") }

    init(htpasswd: (user: String, password: String)? = nil, extraConfig: String = "") throws {
        dir = try TempDir("capstan-registry")
        port = try freePort()
        var config = """
            version: 0.1
            log:
              level: error
            storage:
              filesystem:
                rootdirectory: \(dir.path("storage").path)
              delete:
                enabled: true
            http:
              addr: 127.0.0.1:\(port)

            """
        if let htpasswd {
            let hash = try sh(["htpasswd", "-Bbn", htpasswd.user, htpasswd.password])
            try Data(hash.utf8).write(to: dir.path("htpasswd"))
            config += """
                auth:
                  htpasswd:
                    realm: capstan-test
                    path: \(dir.path("htpasswd").path)

                """
        }
        config += extraConfig
        try Data(config.utf8).write(to: dir.path("config.yml"))
        process = Process()
        process.executableURL = URL(fileURLWithPath: which("docker-registry")!)
        process.arguments = ["serve", dir.path("config.yml").path]
        process.standardOutput = try FileHandle(forWritingTo: Self.touch(dir.path("registry.log")))
        process.standardError = process.standardOutput
        try process.run()
        let deadline = Date().addingTimeInterval(15)
        while !Self.accepts(port) {
            guard process.isRunning, Date() < deadline else {
                stop()
                throw TestError("docker-registry did not start: \((try? String(contentsOf: dir.path("registry.log"), encoding: .utf8)) ?? "")")
            }
            usleep(50_000)
        }
    }

    /// Pushes an OCI archive with skopeo.
    func push(_ archive: URL, as name: String, creds: String? = nil) throws {
        var args = ["skopeo", "--insecure-policy", "copy", "--quiet", "--dest-tls-verify=false"]
        if let creds { args += ["--dest-creds", creds] }
        try sh(args + ["oci-archive:\(archive.path)", "docker://\(host)/\(name)"])
    }

    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    deinit { stop() }

    private static func touch(_ url: URL) -> URL {
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        return url
    }

    private static func accepts(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }
}
