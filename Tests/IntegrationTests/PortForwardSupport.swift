import Foundation
import Synchronization

/// A long-running command (kubectl port-forward, attach) whose output the
/// test reads while it runs; stopped (SIGTERM, then SIGKILL) at the end.
// @unchecked: Process and Pipe are set in init and only used through their own thread-safe methods; output sits behind a Mutex.
final class BackgroundCommand: @unchecked Sendable {
    private let process: Process
    private final class Output: Sendable { let data = Mutex(Data()) }
    private let collected = Output()
    private let stdinPipe = Pipe()

    init(_ path: String, _ args: [String], cluster: TestCluster, env extra: [String: String] = [:]) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = args
        var env = ProcessInfo.processInfo.environment
        env["KUBECONFIG"] = cluster.kubeconfig.path
        env["HOME"] = cluster.home.path
        env["KUBECACHEDIR"] = cluster.home.appendingPathComponent("cache").path
        p.environment = env.merging(extra) { $1 }
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        p.standardInput = stdinPipe
        let collected = self.collected
        out.fileHandleForReading.readabilityHandler = { h in
            let d = h.availableData
            if !d.isEmpty { collected.data.withLock { $0.append(d) } }
        }
        try p.run()
        process = p
    }

    /// kubectl from PATH (the dispatcher picks the version by the server's).
    static func kubectl(_ c: TestCluster, _ args: [String]) throws -> BackgroundCommand {
        try BackgroundCommand("/usr/bin/env", ["kubectl"] + args, cluster: c)
    }

    /// stdout and stderr so far.
    func output() -> String { String(decoding: collected.data.withLock { $0 }, as: UTF8.self) }

    func write(_ text: String) { stdinPipe.fileHandleForWriting.write(Data(text.utf8)) }
    func closeStdin() { try? stdinPipe.fileHandleForWriting.close() }

    /// True if it exited within `seconds`.
    func waitForExit(seconds: TimeInterval) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        return !process.isRunning
    }

    var exitStatus: Int32? { process.isRunning ? nil : process.terminationStatus }

    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        if !waitForExit(seconds: 5) { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }
}

/// Loopback ports and plain TCP for the port-forward tests.
enum LocalPort {
    /// A port nothing listens on now (the kernel's pick for an ephemeral bind).
    static func free() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var a = sockaddr_in()
        a.sin_family = sa_family_t(AF_INET)
        a.sin_addr.s_addr = in_addr_t(UInt32(0x7f00_0001).bigEndian)
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &a) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { sp in
                bind(fd, sp, len) == 0 ? getsockname(fd, sp, &len) : -1
            }
        }
        return Int(UInt16(bigEndian: a.sin_port))
    }

    /// Connects to 127.0.0.1:`port`, sends `send`, half-closes, and returns
    /// everything read until the other side closes (30 s at most).
    static func exchange(port: Int, send bytes: [UInt8]) throws -> [UInt8] {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var a = sockaddr_in()
        a.sin_family = sa_family_t(AF_INET)
        a.sin_port = in_port_t(UInt16(port).bigEndian)
        a.sin_addr.s_addr = in_addr_t(UInt32(0x7f00_0001).bigEndian)
        let rc = withUnsafePointer(to: &a) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard rc == 0 else { throw ClusterError("connect 127.0.0.1:\(port): \(String(cString: strerror(errno)))") }
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var off = 0
        while off < bytes.count {
            let n = bytes.withUnsafeBytes { Foundation.send(fd, $0.baseAddress! + off, bytes.count - off, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw ClusterError("send: \(String(cString: strerror(errno)))") }
            off += n
        }
        shutdown(fd, Int32(SHUT_WR))
        var out: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buf.withUnsafeMutableBytes { recv(fd, $0.baseAddress!, $0.count, 0) }
            if n <= 0 { break }
            out += buf[0..<n]
        }
        return out
    }

    /// The md5 of a local file, as md5sum prints it.
    static func md5(_ path: String) -> String? {
        let r = try? TestCluster.runProgram("/usr/bin/md5sum", [path])
        return r?.output.split(separator: " ").first.map(String.init)
    }
}
