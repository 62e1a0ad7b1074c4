import Foundation

/// Reads container logs in the CRI format conmon writes
/// (`<RFC3339Nano> <stdout|stderr> <F|P> <content>`), as `kubectl logs` wants them.
public enum LogReader {
    public struct Options: Sendable {
        public var tailLines: Int?
        public var sinceTime: Date?
        public var timestamps = false
        public var limitBytes: Int?
        public init(tailLines: Int? = nil, sinceTime: Date? = nil, timestamps: Bool = false, limitBytes: Int? = nil) {
            self.tailLines = tailLines
            self.sinceTime = sinceTime
            self.timestamps = timestamps
            self.limitBytes = limitBytes
        }
    }

    /// One CRI line as the user sees it; nil for lines that do not parse.
    static func render(_ line: Substring, _ o: Options) -> (Date?, String)? {
        let f = line.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: false)
        guard f.count >= 3 else { return nil }
        let content = f.count == 4 ? String(f[3]) : ""
        let partial = f[2] == "P"
        let ts = String(f[0])
        let date = parseTime(ts)
        if let since = o.sinceTime, let date, date < since { return nil }
        var text = o.timestamps ? "\(ts) \(content)" : content
        if !partial { text += "\n" }
        return (date, text)
    }

    static func parseTime(_ s: String) -> Date? {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let d = f.date(from: s) { return d }
        // Nanosecond precision: trim to microseconds for the formatter.
        if let dot = s.firstIndex(of: "."), let end = s[dot...].firstIndex(where: { $0 == "Z" || $0 == "+" || $0 == "-" }) {
            let frac = s[s.index(after: dot)..<end].prefix(6)
            return f.date(from: String(s[..<dot]) + "." + frac + String(s[end...]))
        }
        return nil
    }

    /// The whole (filtered) log.
    public static func read(path: String, _ o: Options) -> String {
        guard let data = FileManager.default.contents(atPath: path) else { return "" }
        let text = String(decoding: data, as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true).compactMap { render($0, o)?.1 }
        if let n = o.tailLines { lines = Array(lines.suffix(max(0, n))) }
        var out = lines.joined()
        if let limit = o.limitBytes, out.utf8.count > limit { out = String(decoding: Array(out.utf8.prefix(limit)), as: UTF8.self) }
        return out
    }

    /// The last lines, for terminationMessagePolicy FallbackToLogsOnError.
    public static func tail(path: String, lines: Int, maxBytes: Int) -> String? {
        let s = read(path: path, Options(tailLines: lines))
        guard !s.isEmpty else { return nil }
        return String(decoding: Array(s.utf8.suffix(maxBytes)), as: UTF8.self)
    }
}
