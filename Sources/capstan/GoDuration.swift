/// Parses Kubernetes-style duration flags ("50s", "1m30s", "500ms", "2h");
/// a bare number is seconds.
enum GoDuration {
    static func parse(_ text: String) -> Duration? {
        if let seconds = Double(text) { return .milliseconds(Int64(seconds * 1000)) }
        var total = 0.0
        var number = ""
        var rest = Substring(text)
        let units: [(String, Double)] = [("ms", 0.001), ("h", 3600), ("m", 60), ("s", 1)]
        while let c = rest.first {
            if c.isNumber || c == "." {
                number.append(c)
                rest = rest.dropFirst()
                continue
            }
            guard let value = Double(number), let (unit, scale) = units.first(where: { rest.hasPrefix($0.0) }) else { return nil }
            total += value * scale
            number = ""
            rest = rest.dropFirst(unit.count)
        }
        guard number.isEmpty, !text.isEmpty else { return nil }
        return .milliseconds(Int64((total * 1000).rounded()))
    }
}
