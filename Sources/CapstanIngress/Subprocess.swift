import Foundation

/// Runs a short-lived program (`nginx -t`, `openssl`) without blocking a
/// thread while it runs; its output goes through a scratch file, so a chatty
/// child cannot fill a pipe nobody reads.
enum Subprocess {
    struct Result: Sendable {
        var status: Int32
        /// stdout and stderr together.
        var output: String
    }

    static func run(_ path: String, _ args: [String], scratch: URL) async -> Result {
        let out = scratch.appendingPathComponent(".out-\(UUID().uuidString.prefix(8))")
        guard FileManager.default.createFile(atPath: out.path, contents: nil), let handle = try? FileHandle(forWritingTo: out) else {
            return Result(status: -1, output: "cannot create \(out.path)")
        }
        defer {
            try? handle.close()
            try? FileManager.default.removeItem(at: out)
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = args
        p.standardOutput = handle
        p.standardError = handle
        p.standardInput = FileHandle.nullDevice
        let status: Int32 = await withCheckedContinuation { cont in
            p.terminationHandler = { proc in cont.resume(returning: proc.terminationStatus) }
            do {
                try p.run()
            } catch {
                p.terminationHandler = nil
                cont.resume(returning: -1)
            }
        }
        let text = (try? String(contentsOf: out, encoding: .utf8)) ?? ""
        return Result(status: status, output: text.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
