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

    /// Accepts RFC 3339 with or without fractional seconds (any number of
    /// digits; microseconds are kept) and with `Z` or a numeric offset.
    public static func parse(_ s: String) -> Date? {
        let b = Array(s.utf8)
        func num(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= b.count else { return nil }
            var v = 0
            for c in b[from..<(from + count)] {
                guard c >= 48 && c <= 57 else { return nil }
                v = v * 10 + Int(c - 48)
            }
            return v
        }
        guard b.count >= 20, let year = num(0, 4), b[4] == 45, let mon = num(5, 2), b[7] == 45, let day = num(8, 2),
            b[10] == 84 || b[10] == 116, let hour = num(11, 2), b[13] == 58, let min = num(14, 2), b[16] == 58,
            let sec = num(17, 2), (1...12).contains(mon), (1...31).contains(day), hour < 24, min < 60, sec < 61
        else { return nil }
        var i = 19
        var micros = 0
        if i < b.count && b[i] == 46 {
            i += 1
            var digits = 0
            while i < b.count, b[i] >= 48 && b[i] <= 57 {
                if digits < 6 { micros = micros * 10 + Int(b[i] - 48) }
                digits += 1
                i += 1
            }
            guard digits > 0 else { return nil }
            if digits < 6 { for _ in digits..<6 { micros *= 10 } }
        }
        guard i < b.count else { return nil }
        var offset = 0
        if b[i] == 90 || b[i] == 122 {
            i += 1
        } else if b[i] == 43 || b[i] == 45, let oh = num(i + 1, 2), i + 3 < b.count, b[i + 3] == 58, let om = num(i + 4, 2) {
            offset = (oh * 3600 + om * 60) * (b[i] == 43 ? 1 : -1)
            i += 6
        } else {
            return nil
        }
        guard i == b.count else { return nil }
        var t = tm()
        t.tm_year = Int32(year - 1900)
        t.tm_mon = Int32(mon - 1)
        t.tm_mday = Int32(day)
        t.tm_hour = Int32(hour)
        t.tm_min = Int32(min)
        t.tm_sec = Int32(sec)
        let epoch = Int(timegm(&t)) - offset
        return Date(timeIntervalSince1970: Double(epoch) + Double(micros) / 1_000_000)
    }

    public static func format(_ date: Date, fractional: Bool) -> String {
        let secs = date.timeIntervalSince1970
        var whole = secs.rounded(.down)
        // Round to the nearest microsecond: a Double cannot hold .123 exactly.
        var micros = Int(((secs - whole) * 1_000_000).rounded())
        if micros >= 1_000_000 {
            micros -= 1_000_000
            whole += 1
        }
        var tm = tm()
        var t = time_t(whole)
        gmtime_r(&t, &tm)
        let base = String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d", Int(tm.tm_year) + 1900, Int(tm.tm_mon) + 1, Int(tm.tm_mday),
            Int(tm.tm_hour), Int(tm.tm_min), Int(tm.tm_sec))
        if !fractional { return base + "Z" }
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
