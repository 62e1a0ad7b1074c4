import CCapstanImages
import Dispatch
import Foundation

/// Runs blocking work (file I/O, child processes) on a Dispatch thread so the
/// caller's actor and the cooperative pool stay free. Not cancellable once started.
func offload<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(with: Result { try body() }) }
    }
}

/// A pipe whose both ends are close-on-exec, so concurrent child processes
/// never inherit another pipeline's ends (the child gets its end by dup2).
struct CloexecPipe {
    let read: Int32
    let write: Int32

    init() throws {
        var fds: [Int32] = [0, 0]
        guard capstan_pipe_cloexec(&fds) == 0 else { throw ImageStoreError.io("pipe2: \(errnoString())") }
        read = fds[0]
        write = fds[1]
    }
}

/// Locates a tool on PATH.
func which(_ tool: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin"
    for dir in path.split(separator: ":") {
        let candidate = "\(dir)/\(tool)"
        if access(candidate, X_OK) == 0 { return candidate }
    }
    return nil
}

/// Starts `tool args` with the given file descriptors as stdin/stdout and stderr
/// to a file; the caller closes its copies of the child's descriptors.
func spawn(_ tool: String, _ args: [String], stdin: Int32?, stdout: Int32?, stderrFile: URL) throws -> Process {
    guard let path = which(tool) else { throw ImageStoreError.tool("`\(tool)` is not installed (apt-get install \(tool))") }
    let p = Process()
    p.executableURL = URL(fileURLWithPath: path)
    p.arguments = args
    p.standardInput = stdin.map { FileHandle(fileDescriptor: $0, closeOnDealloc: false) } ?? FileHandle.nullDevice
    p.standardOutput = stdout.map { FileHandle(fileDescriptor: $0, closeOnDealloc: false) } ?? FileHandle.nullDevice
    _ = FileManager.default.createFile(atPath: stderrFile.path, contents: nil)
    p.standardError = try FileHandle(forWritingTo: stderrFile)
    do {
        try p.run()
    } catch {
        throw ImageStoreError.tool("cannot start \(tool): \(error)")
    }
    return p
}

/// Runs a tool to completion; throws with its stderr if it fails.
func runTool(_ tool: String, _ args: [String], scratch: URL) throws {
    let err = scratch.appendingPathComponent("stderr-\(UInt32.random(in: 0...UInt32.max))")
    defer { try? FileManager.default.removeItem(at: err) }
    let p = try spawn(tool, args, stdin: nil, stdout: nil, stderrFile: err)
    p.waitUntilExit()
    guard p.terminationStatus == 0 else {
        throw ImageStoreError.tool("\(tool) \(args.joined(separator: " ")) failed (\(p.terminationStatus)): \(tail(err))")
    }
}

/// The last lines of a tool's stderr file, for error messages.
func tail(_ url: URL) -> String {
    let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    return text.split(separator: "\n").suffix(5).joined(separator: "; ")
}
