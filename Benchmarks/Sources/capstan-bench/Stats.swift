import Foundation

/// Latency samples in milliseconds, summarised as percentiles.
struct Samples {
    var values: [Double] = []
    mutating func add(_ v: Double) { values.append(v) }
    func percentile(_ p: Double) -> Double {
        guard !values.isEmpty else { return .nan }
        let s = values.sorted()
        let idx = min(s.count - 1, max(0, Int((p / 100 * Double(s.count)).rounded(.up)) - 1))
        return s[idx]
    }
    var summary: String {
        String(format: "p50 %.2f ms, p99 %.2f ms, max %.2f ms (n=%d)", percentile(50), percentile(99), values.max() ?? .nan, values.count)
    }
}

func ms(_ d: Duration) -> Double {
    Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
}

/// Resident set size of a process, in MiB, from /proc.
func rssMiB(pid: Int32) -> Double {
    guard let s = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return .nan }
    for line in s.split(separator: "\n") where line.hasPrefix("VmRSS:") {
        let kb = line.split(separator: " ").dropFirst().first.flatMap { Double($0) } ?? .nan
        return kb / 1024
    }
    return .nan
}
