import Foundation

/// Runs a short-lived program (`nginx -t`, `openssl`) without blocking a
/// thread of the pool while it runs; its output goes through a scratch file,
/// so a chatty child cannot fill a pipe nobody reads.
enum Subprocess {
    struct Result: Sendable {
        var status: Int32
        /// stdout and stderr together.
        var output: String
    }

    /// `path` absolute (no PATH search).
    static func run(_ path: String, _ args: [String], scratch: URL) async -> Result {
        let out = scratch.appendingPathComponent(".out-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: out) }
        let status: Int32
        do {
            status = try await ChildProcess.start([path] + args, output: out.path).wait()
        } catch {
            return Result(status: -1, output: "\(error)")
        }
        let text = (try? String(contentsOf: out, encoding: .utf8)) ?? ""
        return Result(status: status, output: text.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
