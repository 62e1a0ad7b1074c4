import CapstanNode
import Foundation

/// Runs a short-lived program (`nginx -t`, `openssl`) through the agent's
/// `Command` with its output in a scratch file (posix_spawn, nothing but
/// stdio inherited, waited for off the pool), so a chatty child cannot fill
/// a pipe nobody reads.
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
        do {
            let o = try await Command(path, args, outputFile: out.path).output()
            return Result(status: o.status, output: o.stderr.trimmingCharacters(in: .whitespacesAndNewlines))
        } catch {
            return Result(status: -1, output: "\(error)")
        }
    }
}
