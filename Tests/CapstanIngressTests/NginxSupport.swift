import Foundation
@testable import CapstanIngress

/// Real processes for the nginx tests: a backend nginx whose servers answer
/// with their own name and the request URI, curl, free ports, openssl.
enum Host {
    static let nginx = "/usr/sbin/nginx"
    static let canRunNginx = getuid() == 0 && FileManager.default.isExecutableFile(atPath: nginx)
        && FileManager.default.isExecutableFile(atPath: "/usr/bin/curl") && FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl")

    static func tempDir(_ name: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("capstan-ingress-\(name)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for sub in NginxRenderer.directories {
            try FileManager.default.createDirectory(at: dir.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        return dir
    }

    /// A port nobody listens on right now (on 127.0.0.1).
    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { sa in
                bind(fd, sa, len) == 0 ? getsockname(fd, sa, &len) : -1
            }
        }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    struct Response {
        var status: Int
        var body: String
        var location: String
    }

    /// One request with curl (`--resolve host:port:127.0.0.1` when `host` is given).
    static func get(_ url: String, resolve: String? = nil, cacert: String? = nil) -> Response {
        var args = ["-s", "-k", "-o", "-", "-w", "\n%{http_code} %{redirect_url}", "--max-time", "5"]
        if let resolve { args += ["--resolve", resolve] }
        if let cacert { args += ["--cacert", cacert]; args.removeAll { $0 == "-k" } }
        let out = run("/usr/bin/curl", args + [url]).output
        let lines = out.split(separator: "\n", omittingEmptySubsequences: false)
        let last = lines.last.map(String.init) ?? ""
        let parts = last.split(separator: " ", maxSplits: 1).map(String.init)
        return Response(
            status: Int(parts.first ?? "") ?? 0, body: lines.dropLast().joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines),
            location: parts.count > 1 ? parts[1] : "")
    }

    @discardableResult
    static func run(_ path: String, _ args: [String]) -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = args
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        do { try p.run() } catch { return (-1, "\(error)") }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// A self-signed certificate for `host` (P-256), as a key pair.
    static func selfSigned(_ host: String, in dir: URL) throws -> TLSKeyPair {
        let key = dir.appendingPathComponent("\(host).key"), crt = dir.appendingPathComponent("\(host).crt")
        let r = run("/usr/bin/openssl", [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key.path, "-out", crt.path,
            "-days", "2", "-subj", "/CN=\(host)", "-addext", "subjectAltName=DNS:\(host)",
        ])
        guard r.status == 0 else { throw IngressError("openssl failed: \(r.output)") }
        return TLSKeyPair(certificatePEM: try String(contentsOf: crt, encoding: .utf8), keyPEM: try String(contentsOf: key, encoding: .utf8))
    }
}

/// An nginx playing the backends: each port answers `NAME URI`.
final class Backends: @unchecked Sendable {
    // @unchecked: set once in init; stop() is called once from the test's thread.
    let dir: URL
    let process: Process
    let ports: [String: Int]

    init(names: [String]) throws {
        dir = try Host.tempDir("backends")
        var ports: [String: Int] = [:]
        var servers = ""
        for n in names {
            let port = Host.freePort()
            ports[n] = port
            servers += "server { listen 127.0.0.1:\(port); location / { return 200 \"\(n) $request_uri\\n\"; } }\n"
        }
        self.ports = ports
        let conf = """
            pid nginx.pid;
            error_log logs/error.log;
            events {}
            http { access_log off; client_body_temp_path temp/cb; proxy_temp_path temp/p; fastcgi_temp_path temp/f; uwsgi_temp_path temp/u; scgi_temp_path temp/s;
            \(servers)}
            """
        try conf.write(to: dir.appendingPathComponent("nginx.conf"), atomically: true, encoding: .utf8)
        process = Process()
        process.executableURL = URL(fileURLWithPath: Host.nginx)
        process.arguments = ["-p", dir.path + "/", "-e", "logs/error.log", "-c", dir.appendingPathComponent("nginx.conf").path, "-g", "daemon off;"]
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(5)
        while Date() < deadline, NginxProcess.readPID(dir.appendingPathComponent("nginx.pid")) != process.processIdentifier {
            Thread.sleep(forTimeInterval: 0.02)
        }
    }

    func address(_ name: String) -> String { "127.0.0.1:\(ports[name]!)" }

    func stop() {
        process.terminate()
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: dir)
    }
}
