import Foundation

/// Query-string parameters, first value wins (as Kubernetes reads them).
public struct Query: Sendable {
    var values: [String: String] = [:]
    /// Every pair in order, for repeated parameters (exec's `command`).
    var pairs: [(String, String)] = []

    public init(_ raw: String?) {
        guard let raw, !raw.isEmpty else { return }
        for pair in raw.split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let k = Self.decode(String(kv[0]))
            let v = kv.count > 1 ? Self.decode(String(kv[1])) : ""
            if values[k] == nil { values[k] = v }
            pairs.append((k, v))
        }
    }

    static func decode(_ s: String) -> String {
        s.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? s
    }

    public subscript(_ k: String) -> String? { values[k] }
    public func all(_ k: String) -> [String] { pairs.filter { $0.0 == k }.map(\.1) }

    public func bool(_ k: String) -> Bool {
        guard let v = values[k] else { return false }
        return v == "true" || v == "1" || v == ""
    }
    public func int(_ k: String) -> Int? { values[k].flatMap { Int($0) } }
}
