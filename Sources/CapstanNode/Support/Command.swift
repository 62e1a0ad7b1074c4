import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Runs a host binary (runc, conmon, mount helpers) and collects what it
/// printed. The agent shells out only to the real tools Kubernetes nodes use;
/// everything else is done in process.
public struct Command: Sendable {
    public struct Output: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
        public var succeeded: Bool { status == 0 }
    }

    public struct Failure: Error, CustomStringConvertible, Sendable {
        public var command: String
        public var output: Output
        public var description: String {
            let detail = output.stderr.isEmpty ? output.stdout : output.stderr
            return "\(command) exited with \(output.status): \(detail.trimmingCharacters(in: .whitespacesAndNewlines))"
        }
    }

    public var executable: String
    public var arguments: [String]
    public var environment: [String: String]?
    public var stdin: Data?
    /// Send stdout and stderr to this file instead of collecting them: for
    /// programs that daemonize (conmon), whose children would hold a pipe
    /// open and the read would never end.
    public var outputFile: String?

    public init(_ executable: String, _ arguments: [String], environment: [String: String]? = nil, stdin: Data? = nil, outputFile: String? = nil) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.stdin = stdin
        self.outputFile = outputFile
    }

    var display: String { ([executable] + arguments).joined(separator: " ") }

    /// Runs to completion; kills the process when `timeout` passes.
    public func output(timeout: Duration? = nil) async throws -> Output {
        if let outputFile { return try await spawnDetached(outputFile) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let input: Pipe? = stdin == nil ? nil : Pipe()
        process.standardInput = input ?? FileHandle.nullDevice
        let done = AsyncStream<Int32>.makeStream()
        process.terminationHandler = { p in
            done.continuation.yield(p.terminationStatus)
            done.continuation.finish()
        }
        try process.run()
        if let input, let stdin {
            input.fileHandleForWriting.write(stdin)
            try? input.fileHandleForWriting.close()
        }
        // Read both pipes concurrently so a chatty child never blocks on a full pipe.
        async let stdoutData = Self.readAll(out.fileHandleForReading)
        async let stderrData = Self.readAll(err.fileHandleForReading)
        let killer: Task<Void, Never>? = timeout.map { t in
            Task {
                try? await Task.sleep(for: t)
                if !Task.isCancelled, process.isRunning { kill(process.processIdentifier, SIGKILL) }
            }
        }
        var status: Int32 = -1
        for await s in done.stream { status = s }
        killer?.cancel()
        let o = await stdoutData, e = await stderrData
        return Output(status: status, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    /// Runs and throws `Failure` unless it exits 0; returns stdout.
    @discardableResult
    public func run(timeout: Duration? = nil) async throws -> String {
        let o = try await output(timeout: timeout)
        guard o.succeeded else { throw Failure(command: display, output: o) }
        return o.stdout
    }

    /// posix_spawn with stdio on a file and no other descriptors inherited,
    /// then waitpid: for programs that leave daemons behind. Foundation's
    /// Process learns of an exit through a descriptor the child inherits, so
    /// it never sees conmon's parent exit while the daemonized monitor runs.
    private func spawnDetached(_ outputFile: String) async throws -> Output {
        let pid: pid_t
        do {
            pid = try ExecSpawn.spawn([executable] + arguments, environment: environment) { actions in
                posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
                posix_spawn_file_actions_addopen(&actions, 1, outputFile, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
                posix_spawn_file_actions_adddup2(&actions, 1, 2)
            }
        } catch {
            throw Failure(command: display, output: Output(status: -1, stdout: "", stderr: "\(error)"))
        }
        let child = pid
        let status: Int32 = await withCheckedContinuation { c in
            DispatchQueue.global().async {
                var st: Int32 = 0
                while waitpid(child, &st, 0) < 0 && errno == EINTR {}
                c.resume(returning: (st & 0x7f) == 0 ? (st >> 8) & 0xff : 128 + (st & 0x7f))
            }
        }
        let text = FileManager.default.contents(atPath: outputFile).map { String(decoding: $0, as: UTF8.self) } ?? ""
        return Output(status: status, stdout: "", stderr: text)
    }

    private static func readAll(_ h: FileHandle) async -> Data {
        await withCheckedContinuation { (c: CheckedContinuation<Data, Never>) in
            DispatchQueue.global().async {
                let data = h.readDataToEndOfFile()
                // Closed here: the Pipe outlives this call inside Foundation's Process, and its
                // descriptor with it (an agent running for days would run out of descriptors).
                try? h.close()
                c.resume(returning: data)
            }
        }
    }
}
