import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Starting a streamed process: on pipes, or (`-t`) on a pseudo-terminal
/// whose master side the OCI runtime hands over through a console socket.
enum ExecSpawn {
    struct Failure: Error, CustomStringConvertible {
        var description: String
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

    /// Runs the argv `build(consoleSocketPath)` returns (the runtime's `exec
    /// -t --console-socket PATH ...`), receives the terminal's master side
    /// on that socket and streams it. The runtime's own messages (an
    /// executable not found, say) join the output.
    static func onTerminal(stdin: Bool, _ build: (String) -> [String]) throws -> ExecProcess {
        signal(SIGPIPE, SIG_IGN)
        let path = "/tmp/capstan-console-\(UInt64.random(in: .min ... .max)).sock"
        let listener = try listen(path)
        defer {
            close(listener)
            unlink(path)
        }
        let msgs = try pipePair()
        let pid: pid_t
        do {
            pid = try spawn(build(path), stdin: nil, stdout: msgs.write, stderr: msgs.write)
        } catch {
            close(msgs.read)
            close(msgs.write)
            throw error
        }
        close(msgs.write)
        guard let master = receiveTerminal(listener, from: pid) else {
            // The runtime gave up before connecting: its message and exit status tell why.
            return ExecProcess(pid: pid, stdinFD: -1, terminalFD: nil, readers: [(msgs.read, .stdout)])
        }
        return ExecProcess(
            pid: pid, stdinFD: stdin ? master : -1, terminalFD: master,
            readers: [(duplicate(master), .stdout), (msgs.read, .stdout)])
    }

    // MARK: pieces

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
    /// missing stdin). Every descriptor of ours is close-on-exec, so the
    /// child inherits only these.
    private static func spawn(_ argv: [String], stdin: Int32?, stdout: Int32, stderr: Int32) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let stdin {
            posix_spawn_file_actions_adddup2(&actions, stdin, 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        posix_spawn_file_actions_adddup2(&actions, stdout, 1)
        posix_spawn_file_actions_adddup2(&actions, stderr, 2)
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attr, &none)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigdefault(&attr, &all)
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let cargv = argv.map { strdup($0) } + [nil]
        defer { for p in cargv { free(p) } }
        let env = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for p in env { free(p) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, argv[0], &actions, &attr, cargv, env)
        guard rc == 0 else { throw Failure(description: "cannot start \(argv[0]): \(String(cString: strerror(rc)))") }
        return pid
    }

    private static func listen(_ path: String) throws -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "console socket: \(String(cString: strerror(errno)))") }
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        withUnsafeMutableBytes(of: &addr.sun_path) { p in
            for (i, b) in bytes.prefix(p.count - 1).enumerated() { p[i] = b }
        }
        let ok = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard ok == 0, Glibc.listen(fd, 1) == 0 else {
            let why = String(cString: strerror(errno))
            close(fd)
            throw Failure(description: "console socket \(path): \(why)")
        }
        return fd
    }

    /// Waits (10s at most, less if the runtime exits first) for the runtime
    /// to connect and send the terminal's master descriptor (SCM_RIGHTS).
    private static func receiveTerminal(_ listener: Int32, from pid: pid_t) -> Int32? {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            var p = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            let r = poll(&p, 1, 100)
            if r < 0 && errno == EINTR { continue }
            if r == 0 {
                if isGone(pid) { return nil }
                continue
            }
            let conn = accept(listener, nil, nil)
            guard conn >= 0 else { return nil }
            _ = fcntl(conn, F_SETFD, FD_CLOEXEC)
            defer { close(conn) }
            return receiveFD(conn)
        }
        return nil
    }

    private static func receiveFD(_ conn: Int32) -> Int32? {
        var name = [UInt8](repeating: 0, count: 4096)
        var control = [UInt8](repeating: 0, count: 64)
        let got: Int = name.withUnsafeMutableBytes { nameBuf in
            control.withUnsafeMutableBytes { ctl in
                var iov = iovec(iov_base: nameBuf.baseAddress, iov_len: nameBuf.count)
                return withUnsafeMutablePointer(to: &iov) { iovp in
                    var msg = msghdr()
                    msg.msg_iov = iovp
                    msg.msg_iovlen = 1
                    msg.msg_control = ctl.baseAddress
                    msg.msg_controllen = ctl.count
                    return recvmsg(conn, &msg, Int32(MSG_CMSG_CLOEXEC))
                }
            }
        }
        guard got >= 0 else { return nil }
        // One cmsghdr (len, level, type) followed by the descriptor.
        let header = MemoryLayout<cmsghdr>.size
        return control.withUnsafeBytes { p -> Int32? in
            let h = p.load(as: cmsghdr.self)
            guard h.cmsg_level == SOL_SOCKET, h.cmsg_type == Int32(SCM_RIGHTS), h.cmsg_len >= header + 4 else { return nil }
            return p.loadUnaligned(fromByteOffset: header, as: Int32.self)
        }
    }

    /// A zombie (exited, not yet reaped by the ExecProcess) or no process at all.
    private static func isGone(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")")
        else { return true }
        let state = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first
        return state == "Z" || state == "X"
    }
}
