import CCapstanImages
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Starting a streamed process: on pipes, or (`-t`) on a pseudo-terminal;
/// and `spawn`, the one posix_spawn the project's long-lived children
/// (conmon, the ingress's nginx) start through.
public enum ExecSpawn {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Runs `argv` with its stdin (or /dev/null), stdout and stderr on pipes.
    static func onPipes(_ argv: [String], stdin: Bool) throws -> ExecProcess {
        signal(SIGPIPE, SIG_IGN)  // a command that exits before reading its stdin must not kill the agent
        let out = try pipePair(), err = try pipePair()
        var input: (read: Int32, write: Int32)? = nil
        if stdin { input = try pipePair() }
        let pid: pid_t
        do {
            pid = try spawn(argv, stdin: input?.read, stdout: out.write, stderr: err.write)
        } catch {
            for fd in [out.read, out.write, err.read, err.write, input?.read ?? -1, input?.write ?? -1] where fd >= 0 { close(fd) }
            throw error
        }
        close(out.write)
        close(err.write)
        if let input { close(input.read) }
        return ExecProcess(
            pid: pid, stdinFD: input?.write ?? -1, terminalFD: nil,
            readers: [(out.read, .stdout), (err.read, .stderr)])
    }

    /// Runs `argv` (the runtime's `exec -t ...`) on a pseudo-terminal of
    /// ours: the runtime, in the foreground, gives the command a terminal of
    /// its own and relays between the two (as under a user's shell), passing
    /// on our window size (SIGWINCH) and the exit status. A console socket
    /// would need a detached exec, whose exit status nobody could collect.
    static func onTerminal(_ argv: [String], stdin: Bool) throws -> ExecProcess {
        signal(SIGPIPE, SIG_IGN)
        let master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard master >= 0 else { throw Failure(description: "/dev/ptmx: \(String(cString: strerror(errno)))") }
        var unlock: Int32 = 0
        var number: UInt32 = 0
        guard ioctl(master, Self.TIOCSPTLCK, &unlock) == 0, ioctl(master, Self.TIOCGPTN, &number) == 0 else {
            let why = String(cString: strerror(errno))
            close(master)
            throw Failure(description: "pseudo-terminal: \(why)")
        }
        let slavePath = "/dev/pts/\(number)"
        // Raw from the start, so nothing written before the runtime sets it raw itself is echoed back.
        let slave = open(slavePath, O_RDWR | O_NOCTTY | O_CLOEXEC)
        if slave >= 0 {
            var t = termios()
            if tcgetattr(slave, &t) == 0 {
                cfmakeraw(&t)
                _ = tcsetattr(slave, TCSANOW, &t)
            }
        }
        defer { if slave >= 0 { close(slave) } }
        let pid: pid_t
        do {
            pid = try spawn(argv, terminal: slavePath)
        } catch {
            close(master)
            throw error
        }
        return ExecProcess(pid: pid, stdinFD: stdin ? master : -1, terminalFD: master, readers: [(duplicate(master), .stdout)])
    }

    // MARK: pieces

    /// _IOW('T', 0x31, int) and _IOR('T', 0x30, unsigned int) (asm-generic,
    /// as on x86_64 and arm64): macros Swift does not import.
    private static let TIOCSPTLCK: UInt = 0x4004_5431
    private static let TIOCGPTN: UInt = 0x8004_5430

    /// A pipe, close-on-exec. (pipe2 is not exported to Swift: a spawn on
    /// another thread in between may inherit it, which the reader's
    /// one-second limit after the exit copes with.)
    private static func pipePair() throws -> (read: Int32, write: Int32) {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw Failure(description: "pipe: \(String(cString: strerror(errno)))") }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return (fds[0], fds[1])
    }

    private static func duplicate(_ fd: Int32) -> Int32 { fcntl(fd, F_DUPFD_CLOEXEC, 0) }

    /// posix_spawn with the given descriptors as 0, 1 and 2 (/dev/null for a
    /// missing stdin); every other descriptor is closed in the child.
    private static func spawn(_ argv: [String], stdin: Int32?, stdout: Int32, stderr: Int32) throws -> pid_t {
        try spawn(argv) { actions in
            if let stdin {
                posix_spawn_file_actions_adddup2(&actions, stdin, 0)
            } else {
                posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            }
            posix_spawn_file_actions_adddup2(&actions, stdout, 1)
            posix_spawn_file_actions_adddup2(&actions, stderr, 2)
        }
    }

    /// In a new session whose controlling terminal is `terminal`, on 0, 1 and 2.
    private static func spawn(_ argv: [String], terminal: String) throws -> pid_t {
        try spawn(argv, newSession: true) { actions in
            posix_spawn_file_actions_addopen(&actions, 0, terminal, O_RDWR, 0)
            posix_spawn_file_actions_adddup2(&actions, 0, 1)
            posix_spawn_file_actions_adddup2(&actions, 0, 2)
        }
    }

    /// posix_spawn of `argv` (argv[0] a path) with `environment` (default:
    /// ours), default signal dispositions and an empty signal mask; `stdio`
    /// sets up the child's descriptors.
    public static func spawn(
        _ argv: [String], newSession: Bool = false, environment: [String: String]? = nil, _ stdio: (inout posix_spawn_file_actions_t) -> Void
    ) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        stdio(&actions)
        // Nothing but 0-2 is inherited, not even a descriptor another thread
        // opened without close-on-exec a moment ago (Foundation's Process
        // does, for the pipe it learns a child's exit from: a long-lived
        // child of ours holding it would hide that exit for good).
        if capstan_spawn_addclosefrom(&actions, 3) != 0 {
            // Older glibc: close what is open now (a descriptor opened meanwhile may slip through).
            for name in (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? [] {
                if let fd = Int32(name), fd > 2 { posix_spawn_file_actions_addclose(&actions, fd) }
            }
        }
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attr, &none)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigdefault(&attr, &all)
        // POSIX_SPAWN_SETSID (glibc 2.26) is not exported to Swift.
        let setsid: Int32 = newSession ? 0x80 : 0
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | setsid))
        let cargv = argv.map { strdup($0) } + [nil]
        defer { for p in cargv { free(p) } }
        let env = (environment ?? ProcessInfo.processInfo.environment).map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for p in env { free(p) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, argv[0], &actions, &attr, cargv, env)
        guard rc == 0 else { throw Failure(description: "cannot start \(argv[0]): \(String(cString: strerror(rc)))") }
        return pid
    }
}
