import CapstanNode
import Foundation
import Synchronization

/// A child started with posix_spawn that inherits nothing but its stdio.
///
/// Not Foundation's `Process`: that closes the descriptors it lists just
/// before spawning, so one another thread opens meanwhile (such as the pipe
/// Foundation learns another child's exit from) can slip into the child;
/// nginx lives as long as the server, and would hide that exit for good (the
/// node agent met this with conmon). Started through the agent's
/// `ExecSpawn.spawn`: the child closes everything from 3 up atomically at
/// spawn, starts with default signal dispositions and an empty mask (so
/// SIGHUP and SIGQUIT reach nginx), and in a session of its own (a Ctrl-C at the server's terminal is
/// the server's to handle; it stops nginx gracefully). A thread waits for
/// the exit, so no task is blocked while the child runs.
final class ChildProcess: Sendable {
    let pid: pid_t
    private struct State {
        var status: Int32?
        var waiters: [CheckedContinuation<Int32, Never>] = []
    }
    private let state = Mutex(State())

    /// Starts `argv` (argv[0] a path) with stdin on /dev/null and stdout and
    /// stderr appended to the file `output`; `onExit` gets the exit status
    /// (128 + signal when killed), once.
    static func start(_ argv: [String], output: String, onExit: (@Sendable (Int32) -> Void)? = nil) throws -> ChildProcess {
        let pid: pid_t
        do {
            pid = try ExecSpawn.spawn(argv, newSession: true) { actions in
                posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
                posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_APPEND, 0o644)
                posix_spawn_file_actions_adddup2(&actions, 1, 2)
            }
        } catch {
            throw IngressError("\(error)")
        }
        let child = ChildProcess(pid: pid)
        Thread.detachNewThread { child.reap(onExit) }
        return child
    }

    private init(pid: pid_t) { self.pid = pid }

    private func reap(_ onExit: (@Sendable (Int32) -> Void)?) {
        var raw: Int32 = 0
        var rc: pid_t
        repeat { rc = waitpid(pid, &raw, 0) } while rc == -1 && errno == EINTR
        // WIFEXITED / WEXITSTATUS / WTERMSIG, which Swift does not import.
        let code = rc == -1 ? -1 : (raw & 0x7f == 0 ? (raw >> 8) & 0xff : 128 + (raw & 0x7f))
        let waiters = state.withLock { s in
            s.status = code
            defer { s.waiters = [] }
            return s.waiters
        }
        for w in waiters { w.resume(returning: code) }
        onExit?(code)
    }

    /// nil while running.
    var exitStatus: Int32? { state.withLock { $0.status } }
    var isRunning: Bool { exitStatus == nil }

    func signal(_ sig: Int32) {
        if isRunning { kill(pid, sig) }
    }

    /// The exit status, once the child exited.
    func wait() async -> Int32 {
        await withCheckedContinuation { c in
            let done = state.withLock { s -> Int32? in
                if let status = s.status { return status }
                s.waiters.append(c)
                return nil
            }
            if let done { c.resume(returning: done) }
        }
    }
}
