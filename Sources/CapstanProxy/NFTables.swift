import CapstanNode
import Foundation

/// Applies nftables transactions with the `nft` tool: the whole text of one
/// call is one atomic transaction (all of it takes effect, or none).
public struct NFTables: Sendable {
    public var executable: String
    /// Where transaction files are written (nft reads a file, so a long
    /// error report can never block on a full stdin pipe).
    public var scratchDirectory: URL

    public init(executable: String = NFTables.find(), scratchDirectory: URL) {
        self.executable = executable
        self.scratchDirectory = scratchDirectory
    }

    public static func find() -> String {
        for dir in ["/usr/sbin", "/sbin", "/usr/bin", "/bin"] where FileManager.default.isExecutableFile(atPath: "\(dir)/nft") {
            return "\(dir)/nft"
        }
        return "nft"
    }

    public struct Failure: Error, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// Runs `text` as one transaction; throws with nft's own error text.
    public func apply(_ text: String) async throws {
        try FileManager.default.createDirectory(at: scratchDirectory, withIntermediateDirectories: true)
        let file = scratchDirectory.appendingPathComponent("transaction-\(UUID().uuidString).nft")
        try Data(text.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let out = try await Command(executable, ["-f", file.path]).output(timeout: .seconds(60))
        guard out.succeeded else {
            let detail = out.stderr.isEmpty ? out.stdout : out.stderr
            throw Failure(message: "nft -f exited with \(out.status): \(String(detail.prefix(2000)))")
        }
    }
}
