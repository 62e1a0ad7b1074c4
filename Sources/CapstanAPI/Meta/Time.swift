import Foundation

/// A point in time as Kubernetes writes it: RFC 3339 in UTC, whole seconds
/// (`2026-11-25T10:00:00Z`). `MicroTime` keeps microseconds.
public struct Time: Codable, Sendable, Hashable, Comparable, CustomSchemaProviding {
    public var date: Date
    public init(_ date: Date) { self.date = date }
    public static func now() -> Time { Time(Date()) }

    public init(from decoder: any Decoder) throws {
        let s = try decoder.singleValueContainer().decode(String.self)
        guard let d = Time.parse(s) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "invalid time \(s)"))
        }
        date = d
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rfc3339)
    }
    public var rfc3339: String { Time.format(date, fractional: false) }
    public static func < (a: Time, b: Time) -> Bool { a.date < b.date }
    public static var customSchema: Schema { .dateTime }
    public static var schemaPlaceholder: Time { Time(Date(timeIntervalSince1970: 0)) }

    /// Accepts RFC 3339 with or without fractional seconds and with any offset.
    public static func parse(_ s: String) -> Date? {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        if let d = f.date(from: s) { return d }
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let d = f.date(from: s) { return d }
        // Fractions longer than milliseconds: drop the extra digits.
        if let dot = s.firstIndex(of: ".") {
            var end = s.index(after: dot)
            while end < s.endIndex, s[end].isNumber { end = s.index(after: end) }
            let digits = s[s.index(after: dot)..<end]
            let trimmed = String(s[..<dot]) + "." + digits.prefix(3).padding(toLength: 3, withPad: "0", startingAt: 0) + s[end...]
            return f.date(from: trimmed)
        }
        return nil
    }

    public static func format(_ date: Date, fractional: Bool) -> String {
        let secs = date.timeIntervalSince1970
        let whole = secs.rounded(.down)
        var tm = tm()
        var t = time_t(whole)
        gmtime_r(&t, &tm)
        let base = String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d", Int(tm.tm_year) + 1900, Int(tm.tm_mon) + 1, Int(tm.tm_mday),
            Int(tm.tm_hour), Int(tm.tm_min), Int(tm.tm_sec))
        if !fractional { return base + "Z" }
        let micros = Int(((secs - whole) * 1_000_000).rounded(.down))
        return base + String(format: ".%06dZ", micros)
    }
}

/// Timestamp with microseconds (`2026-11-25T10:00:00.123456Z`), used by Lease and Event.
public struct MicroTime: Codable, Sendable, Hashable, Comparable, CustomSchemaProviding {
    public var date: Date
    public init(_ date: Date) { self.date = date }
    public static func now() -> MicroTime { MicroTime(Date()) }
    public init(from decoder: any Decoder) throws {
        let s = try decoder.singleValueContainer().decode(String.self)
        guard let d = Time.parse(s) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "invalid time \(s)"))
        }
        date = d
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(Time.format(date, fractional: true))
    }
    public static func < (a: MicroTime, b: MicroTime) -> Bool { a.date < b.date }
    public static var customSchema: Schema { Schema(kind: .string, format: "date-time") }
    public static var schemaPlaceholder: MicroTime { MicroTime(Date(timeIntervalSince1970: 0)) }
}
