import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// What `kubectl attach` asks for.
public struct AttachSpec: Sendable {
    /// Forward the client's input to the container's stdin (needs `stdin: true` on the container).
    public var stdin: Bool
    /// The container runs on a terminal: resizes go to it.
    public var tty: Bool
    public init(stdin: Bool = false, tty: Bool = false) {
        self.stdin = stdin
        self.tty = tty
    }
}

/// A client attached to a running container's stdio through conmon's
/// attach socket (SOCK_SEQPACKET): each packet from conmon is one byte
/// naming the pipe (2 stdout, 3 stderr) and the bytes read from it; every
/// packet to conmon goes to the container's stdin as it is. Resizes are
/// written to conmon's `ctl` FIFO (`1 HEIGHT WIDTH`). Thread-safe.
///
/// `output` finishes when the container exits (conmon closes the socket)
/// or after `terminate()`, which only detaches: the container keeps running.
public final class AttachSession: Sendable {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    public let output: AsyncStream<ExecOutput>
    private let fd: Int32
    private let owner: Descriptor
    private let ctlPath: String
    private let stdin: Bool
    private let ended: ExitBox
    private let writeQueue = DispatchQueue(label: "capstan.attach.stdin")

    /// Connects to `directory`/attach. The path is usually longer than a
    /// socket address allows, so it is reached through /proc/self/fd (as
    /// conmon itself binds it).
    static func connect(directory: String, spec: AttachSpec) throws -> AttachSession {
        let dirFD = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard dirFD >= 0 else { throw Failure(description: "cannot open \(directory): \(String(cString: strerror(errno)))") }
        defer { close(dirFD) }
        let fd = socket(AF_UNIX, Int32(SOCK_SEQPACKET.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: \(String(cString: strerror(errno)))") }
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        let path = Array("/proc/self/fd/\(dirFD)/attach".utf8CString)
        withUnsafeMutableBytes(of: &addr.sun_path) { raw in
            raw.copyBytes(from: path.prefix(raw.count - 1).map { UInt8(bitPattern: $0) })
        }
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard rc == 0 else {
            let why = String(cString: strerror(errno))
            close(fd)
            throw Failure(description: "cannot attach: conmon's attach socket in \(directory): \(why)")
        }
        return AttachSession(fd: fd, ctlPath: directory + "/ctl", stdin: spec.stdin)
    }

    private init(fd: Int32, ctlPath: String, stdin: Bool) {
        self.fd = fd
        self.ctlPath = ctlPath
        self.stdin = stdin
        let ended = ExitBox()
        self.ended = ended
        let (stream, continuation) = AsyncStream<ExecOutput>.makeStream(bufferingPolicy: .unbounded)
        output = stream
        let owner = Descriptor(fd)
        self.owner = owner
        DispatchQueue.global().async {
            // The reader holds the descriptor until it is done, so it is never closed under it.
            let fd = owner.fd
            // conmon's packets are at most its 8 KiB buffer plus the pipe byte.
            var buf = [UInt8](repeating: 0, count: 64 * 1024)
            while true {
                let n = buf.withUnsafeMutableBytes { recv(fd, $0.baseAddress!, $0.count, 0) }
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                switch buf[0] {
                case 2: continuation.yield(.stdout(Array(buf[1..<n])))
                case 3: continuation.yield(.stderr(Array(buf[1..<n])))
                default: break
                }
            }
            continuation.finish()
            ended.set(0)
        }
    }

    /// Wakes the reader, which then lets the descriptor go.
    deinit { _ = shutdown(fd, Int32(SHUT_RDWR)) }

    /// Closes the socket once its last user lets go.
    private final class Descriptor: Sendable {
        let fd: Int32
        init(_ fd: Int32) { self.fd = fd }
        deinit { close(fd) }
    }

    /// Sends input to the container's stdin; ignored unless attached with stdin.
    public func write(_ bytes: [UInt8]) async {
        guard stdin, !bytes.isEmpty else { return }
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            writeQueue.async {
                // One packet per conmon read (its buffer is 8 KiB).
                var off = 0
                while off < bytes.count {
                    let len = min(8192, bytes.count - off)
                    let n = bytes.withUnsafeBytes { send(self.fd, $0.baseAddress! + off, len, Int32(MSG_NOSIGNAL)) }
                    if n < 0 && errno == EINTR { continue }
                    if n <= 0 { break }
                    off += n
                }
                c.resume()
            }
        }
    }

    /// The client's input ended: conmon closes the container's stdin
    /// (unless the container keeps it open for later attaches).
    public func closeStdin() {
        guard stdin else { return }
        writeQueue.async { _ = shutdown(self.fd, Int32(SHUT_WR)) }
    }

    public func resize(width: UInt16, height: UInt16) {
        // O_NONBLOCK: a FIFO whose reader (conmon) is gone must not hang us.
        let ctl = open(ctlPath, O_WRONLY | O_NONBLOCK | O_CLOEXEC)
        guard ctl >= 0 else { return }
        let message = Array("1 \(height) \(width)\n".utf8)
        _ = message.withUnsafeBytes { Glibc.write(ctl, $0.baseAddress!, $0.count) }
        close(ctl)
    }

    /// 0 once the output has ended (the container's exit status is in its pod status, not here).
    public func wait() async -> Int32 { await ended.value() }

    /// Detaches (the container keeps running).
    public func terminate() { _ = shutdown(fd, Int32(SHUT_RDWR)) }
}
