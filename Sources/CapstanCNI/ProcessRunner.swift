import Foundation
import Synchronization

/// Runs a program to completion with the given environment and stdin,
/// collecting stdout and stderr. Cancelling the calling task sends
/// SIGTERM, then SIGKILL after two seconds (SIGTERM alone may be blocked:
/// children inherit the signal mask of the thread that spawned them).
enum ProcessRunner {
    struct Output: Sendable {
        var status: Int32
        var stdout: Data
        var stderr: Data
        var stderrText: String { String(decoding: stderr, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    static func run(_ executable: String, _ arguments: [String] = [], environment: [String: String]? = nil, stdin: Data = Data())
        async throws -> Output
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        // Stdin from an unlinked temporary file, not a pipe: a plugin that
        // exits without reading cannot make us write to a closed pipe
        // (SIGPIPE would kill the agent), and no writer thread is needed.
        let input = try stdinFile(stdin)
        defer { try? input.close() }
        let outPipe = Pipe(), errPipe = Pipe()
        process.standardInput = input
        process.standardOutput = outPipe
        process.standardError = errPipe

        let exited = AsyncStream<Int32>.makeStream()
        let hasExited = Mutex(false)
        process.terminationHandler = { p in
            hasExited.withLock { $0 = true }
            exited.continuation.yield(p.terminationStatus)
            exited.continuation.finish()
        }
        try process.run()
        let pid = process.processIdentifier
        // Both pipes are drained concurrently, so a plugin filling one cannot block on it.
        async let out = readAll(outPipe.fileHandleForReading)
        async let err = readAll(errPipe.fileHandleForReading)

        let status = await withTaskCancellationHandler {
            var status: Int32 = -1
            for await s in exited.stream { status = s }
            return status
        } onCancel: {
            kill(pid, SIGTERM)
            DispatchQueue.global().asyncAfter(deadline: .now() + 2) {
                // Not once reaped: the pid may belong to someone else by then.
                hasExited.withLock { done in if !done { kill(pid, SIGKILL) } }
            }
        }
        return Output(status: status, stdout: await out, stderr: await err)
    }

    private static func stdinFile(_ data: Data) throws -> FileHandle {
        let path = NSTemporaryDirectory() + "capstan-cni-stdin-" + UUID().uuidString
        guard FileManager.default.createFile(atPath: path, contents: data, attributes: [.posixPermissions: 0o600]),
            let handle = FileHandle(forReadingAtPath: path)
        else { throw CNIError(.pluginFailed, "cannot create a temporary file for plugin input in \(NSTemporaryDirectory())") }
        unlink(path)
        return handle
    }

    /// Reads to EOF on a thread of its own (blocking reads must not occupy
    /// the few threads of Dispatch's or Swift concurrency's pools).
    private static func readAll(_ handle: FileHandle) async -> Data {
        await withCheckedContinuation { cont in
            Thread {
                let data = (try? handle.readToEnd()) ?? Data()
                try? handle.close()
                cont.resume(returning: data)
            }.start()
        }
    }
}
