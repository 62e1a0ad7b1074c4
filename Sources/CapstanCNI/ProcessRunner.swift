import Foundation

/// Runs a program to completion with the given environment and stdin,
/// collecting stdout and stderr. Cancelling the calling task sends
/// SIGTERM, then SIGKILL after two seconds.
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
        let inPipe = Pipe(), outPipe = Pipe(), errPipe = Pipe()
        process.standardInput = inPipe
        process.standardOutput = outPipe
        process.standardError = errPipe

        let exited = AsyncStream<Int32>.makeStream()
        process.terminationHandler = { p in
            exited.continuation.yield(p.terminationStatus)
            exited.continuation.finish()
        }
        try process.run()
        let pid = process.processIdentifier
        // Reading and writing happen on their own threads: a plugin that
        // fills its stdout pipe before reading stdin must not deadlock us.
        async let out = readAll(outPipe.fileHandleForReading)
        async let err = readAll(errPipe.fileHandleForReading)
        let writer = Thread {
            try? inPipe.fileHandleForWriting.write(contentsOf: stdin)
            try? inPipe.fileHandleForWriting.close()
        }
        writer.start()

        let status = await withTaskCancellationHandler {
            var status: Int32 = -1
            for await s in exited.stream { status = s }
            return status
        } onCancel: {
            kill(pid, SIGTERM)
            DispatchQueue.global().asyncAfter(deadline: .now() + 2) { kill(pid, SIGKILL) }
        }
        return Output(status: status, stdout: await out, stderr: await err)
    }

    private static func readAll(_ handle: FileHandle) async -> Data {
        await withCheckedContinuation { cont in
            DispatchQueue.global().async {
                let data = (try? handle.readToEnd()) ?? Data()
                try? handle.close()
                cont.resume(returning: data)
            }
        }
    }
}
