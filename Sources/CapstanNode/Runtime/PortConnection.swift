import CCapstanImages
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A TCP connection to a port inside a pod (`kubectl port-forward`).
/// Thread-safe: one reader and one writer may use it at once. Blocking
/// reads and writes run on their own serial queues, so each open
/// connection holds a dispatch thread while it waits for the pod (as an
/// exec's pipes do); port-forward connections are few.
public final class PortConnection: Sendable {
    private let fd: Int32
    private let closed = Mutex(false)
    private let readQueue = DispatchQueue(label: "capstan.portforward.read")
    private let writeQueue = DispatchQueue(label: "capstan.portforward.write")

    init(fd: Int32) { self.fd = fd }

    deinit { Glibc.close(fd) }

    /// Up to 32 KiB from the pod; nil at EOF, on an error, or once closed.
    public func read() async -> [UInt8]? {
        await withCheckedContinuation { c in
            readQueue.async {
                var buf = [UInt8](repeating: 0, count: 32 * 1024)
                while true {
                    let n = buf.withUnsafeMutableBytes { Glibc.read(self.fd, $0.baseAddress!, $0.count) }
                    if n < 0 && errno == EINTR { continue }
                    c.resume(returning: n > 0 && !self.isClosed ? Array(buf[0..<n]) : nil)
                    return
                }
            }
        }
    }

    /// Writes all of `bytes`; false if the connection is closed or broken.
    public func write(_ bytes: [UInt8]) async -> Bool {
        await withCheckedContinuation { c in
            writeQueue.async {
                var off = 0
                while off < bytes.count && !self.isClosed {
                    // MSG_NOSIGNAL: a pod that has closed must not SIGPIPE the agent.
                    let n = bytes.withUnsafeBytes { send(self.fd, $0.baseAddress! + off, bytes.count - off, Int32(MSG_NOSIGNAL)) }
                    if n < 0 && errno == EINTR { continue }
                    if n <= 0 { break }
                    off += n
                }
                c.resume(returning: off == bytes.count)
            }
        }
    }

    /// Half-close: the pod reads EOF, and can still answer.
    public func closeWrite() {
        writeQueue.async { _ = shutdown(self.fd, Int32(SHUT_WR)) }
    }

    /// Ends the connection. shutdown (not close) wakes a read blocked on
    /// another thread; the descriptor itself is closed once nothing uses it.
    public func close() {
        closed.withLock { $0 = true }
        _ = shutdown(fd, Int32(SHUT_RDWR))
    }

    private var isClosed: Bool { closed.withLock { $0 } }
}

/// Why a port could not be reached (the message kubectl shows).
public struct PortForwardError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Connecting to localhost:PORT inside a network namespace, as the kubelet
/// (CRI) does: the socket is created by a thread that has entered the
/// namespace, and belongs to that namespace for its life, so ports bound
/// to the pod's loopback only are reachable too. The thread is our own and
/// ends right after, so no other work ever runs inside the pod's namespace.
enum NetnsDialer {
    static func connect(netnsPath: String?, port: Int) async throws -> PortConnection {
        try await withCheckedThrowingContinuation { (c: CheckedContinuation<PortConnection, any Error>) in
            let thread = Thread {
                c.resume(with: Result { try connectOnThisThread(netnsPath: netnsPath, port: port) })
            }
            thread.name = "capstan-portforward-dial"
            thread.start()
        }
    }

    private static func connectOnThisThread(netnsPath: String?, port: Int) throws -> PortConnection {
        if let netnsPath {
            let ns = open(netnsPath, O_RDONLY | O_CLOEXEC)
            guard ns >= 0 else { throw PortForwardError("cannot open the pod's network namespace \(netnsPath): \(errorText())") }
            defer { Glibc.close(ns) }
            guard capstan_setns_net(ns) == 0 else {
                throw PortForwardError("cannot enter the pod's network namespace \(netnsPath): \(errorText())")
            }
        }
        // localhost as the kubelet resolves it: IPv4 first, then IPv6.
        let v4: String
        switch dial(AF_INET, port: port) {
        case .success(let fd): return PortConnection(fd: fd)
        case .failure(let e): v4 = e.description
        }
        switch dial(AF_INET6, port: port) {
        case .success(let fd): return PortConnection(fd: fd)
        case .failure(let e):
            throw PortForwardError(
                "failed to connect to localhost:\(port) inside the pod's network namespace, IPv4: \(v4) IPv6: \(e.description)")
        }
    }

    private static func dial(_ family: Int32, port: Int) -> Result<Int32, PortForwardError> {
        let fd = socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return .failure(PortForwardError("socket: \(errorText())")) }
        let rc: Int32
        if family == AF_INET {
            var a = sockaddr_in()
            a.sin_family = sa_family_t(AF_INET)
            a.sin_port = in_port_t(UInt16(port).bigEndian)
            a.sin_addr.s_addr = in_addr_t(UInt32(0x7f00_0001).bigEndian)
            rc = withUnsafePointer(to: &a) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        } else {
            var a = sockaddr_in6()
            a.sin6_family = sa_family_t(AF_INET6)
            a.sin6_port = in_port_t(UInt16(port).bigEndian)
            a.sin6_addr = in6addr_loopback
            rc = withUnsafePointer(to: &a) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) } }
        }
        guard rc == 0 else {
            let why = errorText()
            Glibc.close(fd)
            let address = family == AF_INET ? "127.0.0.1:\(port)" : "[::1]:\(port)"
            return .failure(PortForwardError("dial tcp\(family == AF_INET ? "4" : "6") \(address): connect: \(why)"))
        }
        return .success(fd)
    }

    private static func errorText() -> String { String(cString: strerror(errno)).lowercased() }
}
