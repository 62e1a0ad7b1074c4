import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// What `kubectl exec` asks a container to run.
public struct ExecSpec: Sendable {
    public var command: [String]
    /// Connect the caller's stdin; without it the command reads /dev/null.
    public var stdin: Bool
    /// Run on a pseudo-terminal (stdout and stderr merge into it).
    public var tty: Bool
    public init(command: [String], stdin: Bool = false, tty: Bool = false) {
        self.command = command
        self.stdin = stdin
        self.tty = tty
    }
}

/// One chunk of a streamed process's output.
public enum ExecOutput: Sendable, Equatable {
    case stdout([UInt8])
    case stderr([UInt8])
}

/// A process whose stdio is streamed to and from the caller: a command
/// run in a container by `runc exec`. Thread-safe; every method may be
/// called from any task.
///
/// `output` yields stdout and stderr as they are read and finishes once the
/// process has exited and its pipes are drained (or a second after the
/// exit, should a background child keep them open). `wait()` returns the
/// exit status. `terminate()` is for a caller that goes away early.
public final class ExecProcess: Sendable {
    public let output: AsyncStream<ExecOutput>
    private let pid: pid_t
    private let exit: ExitBox
    /// Where stdin goes: a pipe, or the terminal's master side; -1 once closed.
    private let stdinFD: Mutex<Int32>
    private let terminalFD: Int32?
    private let stdinQueue = DispatchQueue(label: "capstan.exec.stdin")

    enum Source: Sendable { case stdout, stderr }

    init(pid: pid_t, stdinFD: Int32, terminalFD: Int32?, readers: [(Int32, Source)]) {
        self.pid = pid
        self.stdinFD = Mutex(stdinFD)
        self.terminalFD = terminalFD
        let exit = ExitBox()
        self.exit = exit
        let (stream, continuation) = AsyncStream<ExecOutput>.makeStream(bufferingPolicy: .unbounded)
        self.output = stream
        let open = Mutex(readers.count)
        for (fd, tag) in readers {
            DispatchQueue.global().async {
                Self.pump(fd, exit: exit) { continuation.yield(tag == .stdout ? .stdout($0) : .stderr($0)) }
                close(fd)
                if open.withLock({ $0 -= 1; return $0 }) == 0 { continuation.finish() }
            }
        }
        if readers.isEmpty { continuation.finish() }
        DispatchQueue.global().async {
            var st: Int32 = 0
            while waitpid(pid, &st, 0) < 0 && errno == EINTR {}
            exit.set((st & 0x7f) == 0 ? (st >> 8) & 0xff : 128 + (st & 0x7f))
        }
    }

    deinit {
        let fd = stdinFD.withLock { $0 }
        if fd >= 0 && fd != terminalFD { close(fd) }
        // The output reader has its own duplicate of the terminal.
        if let t = terminalFD { close(t) }
    }

    /// Writes to the process's stdin; a no-op once stdin is closed. Writes
    /// and the close run in order on one serial queue, so a command that
    /// does not read blocks that queue, never the caller's task for long.
    public func write(_ bytes: [UInt8]) async {
        guard !bytes.isEmpty else { return }
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            stdinQueue.async {
                let fd = self.stdinFD.withLock { $0 }
                var off = 0
                while fd >= 0 && off < bytes.count {
                    let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + off, bytes.count - off) }
                    if n < 0 && errno == EINTR { continue }
                    if n <= 0 { break }
                    off += n
                }
                c.resume()
            }
        }
    }

    /// Ends stdin: the process reads EOF. On a terminal this sends ^D, as a
    /// user typing it would (the terminal stays open for the output).
    public func closeStdin() {
        stdinQueue.async {
            let fd = self.stdinFD.withLock { fd in
                defer { fd = -1 }
                return fd
            }
            guard fd >= 0 else { return }
            if fd == self.terminalFD {
                var eot: UInt8 = 4
                _ = Glibc.write(fd, &eot, 1)
            } else {
                close(fd)
            }
        }
    }

    /// Sets the terminal's size (TIOCSWINSZ); ignored without a terminal.
    public func resize(width: UInt16, height: UInt16) {
        guard let fd = terminalFD else { return }
        var ws = winsize(ws_row: height, ws_col: width, ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(fd, UInt(TIOCSWINSZ), &ws)
    }

    /// The exit status: the command's, or 128+N if it died of signal N.
    public func wait() async -> Int32 { await exit.value() }

    /// Stops the command (runc forwards SIGTERM to it), SIGKILL after 2s.
    public func terminate() {
        guard !exit.isSet else { return }  // reaped: the pid may belong to another process now
        kill(pid, SIGTERM)
        let exit = self.exit
        let pid = self.pid
        DispatchQueue.global().asyncAfter(deadline: .now() + 2) {
            if !exit.isSet { kill(pid, SIGKILL) }
        }
    }

    /// Reads `fd` until EOF (or EIO, a terminal whose last holder closed),
    /// or until the process has been gone for a second.
    private static func pump(_ fd: Int32, exit: ExitBox, _ emit: ([UInt8]) -> Void) {
        var buf = [UInt8](repeating: 0, count: 32 * 1024)
        var exitSeen: ContinuousClock.Instant?
        while true {
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let r = poll(&p, 1, 100)
            if r < 0 && errno == EINTR { continue }
            if r == 0 {
                if exit.isSet {
                    let now = ContinuousClock.now
                    if let t = exitSeen { if now - t > .seconds(1) { return } } else { exitSeen = now }
                }
                continue
            }
            let n = buf.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if n < 0 && (errno == EINTR || errno == EAGAIN) { continue }
            if n <= 0 { return }
            emit(Array(buf[0..<n]))
        }
    }
}

/// An exit status, awaited by any number of callers; the first `set` wins
/// (later ones, e.g. "the connection broke" after a real status, are ignored).
public final class ExitBox: Sendable {
    private let state = Mutex<(code: Int32?, waiters: [CheckedContinuation<Int32, Never>])>((nil, []))

    public init() {}

    var isSet: Bool { state.withLock { $0.code != nil } }

    public func set(_ code: Int32) {
        let waiters: [CheckedContinuation<Int32, Never>] = state.withLock { s in
            guard s.code == nil else { return [] }
            s.code = code
            defer { s.waiters = [] }
            return s.waiters
        }
        for w in waiters { w.resume(returning: code) }
    }

    public func value() async -> Int32 {
        await withCheckedContinuation { c in
            let done: Int32? = state.withLock { s in
                if let code = s.code { return code }
                s.waiters.append(c)
                return nil
            }
            if let done { c.resume(returning: done) }
        }
    }
}

/// A process's stdio as the agent streams it to a client: an exec'd
/// command (`ExecProcess`) or a container attached to (`AttachSession`).
public protocol StdioSession: Sendable {
    var output: AsyncStream<ExecOutput> { get }
    func write(_ bytes: [UInt8]) async
    func closeStdin()
    func resize(width: UInt16, height: UInt16)
    func wait() async -> Int32
    func terminate()
}

extension ExecProcess: StdioSession {}
extension AttachSession: StdioSession {}
