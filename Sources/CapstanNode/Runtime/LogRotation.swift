import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The kubelet's container log rotation (containerLogMaxSize,
/// containerLogMaxFiles): a log over the size is renamed to
/// `N.log.<UTC timestamp>` and its writer asked to reopen the path; the
/// oldest rotated files beyond `maxFiles - 1` are removed. Only the current
/// file is read by `kubectl logs`, as with the kubelet.
public struct LogRotationPolicy: Sendable, Equatable {
    public var maxSize: Int64
    public var maxFiles: Int
    public init(maxSize: Int64 = 10 << 20, maxFiles: Int = 5) {
        self.maxSize = maxSize
        self.maxFiles = maxFiles
    }

    func isOver(_ path: String) -> Bool {
        guard let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value else { return false }
        return size > maxSize
    }

    /// Renames `path` to its rotated name and prunes old ones; true if it
    /// did (the caller then has the writer reopen the path).
    func rotate(_ path: String, now: Date = Date()) -> Bool {
        let stamp = Self.stampFormat.string(from: now)
        guard rename(path, "\(path).\(stamp)") == 0 else { return false }
        prune(path)
        return true
    }

    /// Keeps the newest `maxFiles - 1` rotated files of `path`.
    func prune(_ path: String) {
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent().path
        let prefix = url.lastPathComponent + "."
        let rotated = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [])
            .filter { $0.hasPrefix(prefix) && !$0.hasSuffix(".tmp") }
            .sorted()  // timestamps sort as text
        for old in rotated.dropLast(max(0, maxFiles - 1)) { unlink("\(dir)/\(old)") }
    }

    static let stampFormat: DateFormatter = {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyyMMdd-HHmmss.SSS"
        return f
    }()
}
