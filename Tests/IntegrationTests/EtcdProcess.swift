import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A real etcd for integration tests, on free loopback ports with its data
/// in /dev/shm; the pattern of CapstanStoreTests' `EtcdServer`, without its
/// dependency on `EtcdStore` (readiness is checked over HTTP with curl).
/// A watchdog shell kills etcd and removes the directory once the test
/// process is gone, so nothing outlives the tests even after a crash.
final class EtcdProcess: @unchecked Sendable {
    // @unchecked: every property is set in init and never mutated.
    let url: String
    let directory: String
    private let process: Process

    init() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/etcd") else {
            throw ClusterError("/usr/bin/etcd is missing; run scripts/setup.sh (apt-get install etcd-server)")
        }
        let root = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        directory = root + "/capstan-it-etcd-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        url = "http://127.0.0.1:\(try freePort())"
        let peer = "http://127.0.0.1:\(try freePort())"
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/etcd")
        process.arguments = [
            "--name", "it", "--data-dir", directory + "/data",
            "--listen-client-urls", url, "--advertise-client-urls", url,
            "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer, "--initial-cluster", "it=\(peer)",
            // A lone member elects itself in ~100 ms instead of ~1 s.
            "--heartbeat-interval", "20", "--election-timeout", "200",
            "--logger", "zap", "--log-level", "warn",
        ]
        _ = FileManager.default.createFile(atPath: directory + "/etcd.log", contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: directory + "/etcd.log"))
        // Not the test's stdio: swift test waits for every holder of its pipe.
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = log
        process.standardError = log
        try process.run()
        try Watchdog.start(killing: process.processIdentifier, removing: directory)
        try waitUntilHealthy()
    }

    deinit { stop() }

    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try? FileManager.default.removeItem(atPath: directory)
    }

    private func waitUntilHealthy() throws {
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline {
            if curl(url + "/health").contains(#""health":"true""#) { return }
            if !process.isRunning { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        let log = (try? String(contentsOfFile: directory + "/etcd.log", encoding: .utf8)) ?? ""
        throw ClusterError("etcd at \(url) did not become healthy:\n\(log.suffix(2000))")
    }

    private func curl(_ url: String) -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["curl", "-s", "--max-time", "1", url]
        let out = Pipe()
        p.standardInput = FileHandle.nullDevice
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return "" }
        let data = ReadAll(out.fileHandleForReading)
        p.waitUntilExit()
        return data.value
    }
}

/// Kills a child once the test process is gone (a crashed or killed test
/// runs no deinit), and removes its directory.
enum Watchdog {
    static func start(killing pid: Int32, removing directory: String? = nil) throws {
        let cleanup = directory.map { "; rm -rf '\($0)'" } ?? ""
        let watchdog = Process()
        watchdog.executableURL = URL(fileURLWithPath: "/bin/sh")
        watchdog.arguments = ["-c", """
            while kill -0 \(getpid()) 2>/dev/null; do
              kill -0 \(pid) 2>/dev/null || exit 0
              sleep 0.2
            done
            kill -9 \(pid)\(cleanup)
            """]
        watchdog.standardInput = FileHandle.nullDevice
        watchdog.standardOutput = FileHandle.nullDevice
        watchdog.standardError = FileHandle.nullDevice
        try watchdog.run()
    }
}

/// A loopback TCP port nobody listens on right now.
func freePort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let ok = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
        }
    }
    guard ok else { throw ClusterError("no free port: errno \(errno)") }
    return Int(UInt16(bigEndian: address.sin_port))
}
