import Foundation

/// A cron schedule as Kubernetes reads `spec.schedule`: robfig/cron v3's
/// standard parser (five fields: minute, hour, day of month, month, day of
/// week; `*`/`?`, ranges, lists, steps, `N/step` meaning N-max/step, month
/// and weekday names) plus the descriptors `@yearly` … `@hourly` and
/// `@every <duration>`.
///
/// Day of month and day of week follow cron's OR rule: when both are
/// restricted (neither is `*`), a day matches if either does.
public struct CronSchedule: Sendable, Equatable {
    enum Rule: Sendable, Equatable {
        case fields(minute: UInt64, hour: UInt64, dayOfMonth: UInt64, month: UInt64, dayOfWeek: UInt64)
        /// `@every`: a fixed delay in whole seconds.
        case every(seconds: Int64)
    }
    let rule: Rule

    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        public var description: String
    }

    /// Set on a field written as `*` or `?` (robfig's starBit): it decides
    /// between AND and OR of the two day fields.
    static let starBit: UInt64 = 1 << 63

    public init(parsing spec: String) throws(ParseError) {
        let spec = spec.trimmingCharacters(in: .whitespaces)
        guard !spec.isEmpty else { throw ParseError(description: "empty spec string") }
        if spec.hasPrefix("TZ=") || spec.hasPrefix("CRON_TZ=") {
            throw ParseError(description: "CRON_TZ or TZ in the schedule is not supported, use spec.timeZone")
        }
        if spec.hasPrefix("@") {
            rule = try Self.descriptor(spec)
            return
        }
        let fields = spec.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard fields.count == 5 else {
            throw ParseError(description: "expected exactly 5 fields, found \(fields.count): \(spec)")
        }
        rule = .fields(
            minute: try Self.field(fields[0], 0, 59), hour: try Self.field(fields[1], 0, 23),
            dayOfMonth: try Self.field(fields[2], 1, 31), month: try Self.field(fields[3], 1, 12, names: Self.months),
            dayOfWeek: try Self.field(fields[4], 0, 6, names: Self.weekdays))
    }

    static let months: [String: UInt64] = [
        "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
    ]
    static let weekdays: [String: UInt64] = ["sun": 0, "mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6]

    static func descriptor(_ spec: String) throws(ParseError) -> Rule {
        let standard: String
        switch spec {
        case "@yearly", "@annually": standard = "0 0 1 1 *"
        case "@monthly": standard = "0 0 1 * *"
        case "@weekly": standard = "0 0 * * 0"
        case "@daily", "@midnight": standard = "0 0 * * *"
        case "@hourly": standard = "0 * * * *"
        default:
            if spec.hasPrefix("@every ") {
                let text = String(spec.dropFirst("@every ".count)).trimmingCharacters(in: .whitespaces)
                guard let seconds = GoDuration.seconds(text) else {
                    throw ParseError(description: "failed to parse duration \(spec): time: invalid duration \"\(text)\"")
                }
                // robfig rounds the delay down to whole seconds, at least one.
                return .every(seconds: max(1, Int64(seconds.rounded(.down))))
            }
            throw ParseError(description: "unrecognized descriptor: \(spec)")
        }
        return try CronSchedule(parsing: standard).rule
    }

    /// One field: comma-separated ranges, each `*`, `?`, `N`, `N-M`, with an optional `/step`.
    static func field(_ text: String, _ min: UInt64, _ max: UInt64, names: [String: UInt64] = [:]) throws(ParseError) -> UInt64 {
        var bits: UInt64 = 0
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            bits |= try range(String(part), min, max, names: names)
        }
        return bits
    }

    static func range(_ expr: String, _ min: UInt64, _ max: UInt64, names: [String: UInt64]) throws(ParseError) -> UInt64 {
        let rangeAndStep = expr.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        let lowAndHigh = rangeAndStep[0].split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        var start: UInt64, end: UInt64, step: UInt64 = 1
        var extra: UInt64 = 0
        if lowAndHigh[0] == "*" || lowAndHigh[0] == "?" {
            (start, end, extra) = (min, max, starBit)
        } else {
            start = try number(lowAndHigh[0], names: names)
            switch lowAndHigh.count {
            case 1: end = start
            case 2: end = try number(lowAndHigh[1], names: names)
            default: throw ParseError(description: "too many hyphens: \(expr)")
            }
        }
        switch rangeAndStep.count {
        case 1: break
        case 2:
            step = try number(rangeAndStep[1], names: [:])
            // "N/step" means "N-max/step".
            if lowAndHigh.count == 1 { end = max }
            if step > 1 { extra = 0 }
        default: throw ParseError(description: "too many slashes: \(expr)")
        }
        if start < min { throw ParseError(description: "beginning of range (\(start)) below minimum (\(min)): \(expr)") }
        if end > max { throw ParseError(description: "end of range (\(end)) above maximum (\(max)): \(expr)") }
        if start > end { throw ParseError(description: "beginning of range (\(start)) beyond end of range (\(end)): \(expr)") }
        if step == 0 { throw ParseError(description: "step of range should be a positive number: \(expr)") }
        var bits: UInt64 = 0
        for v in stride(from: start, through: end, by: Int(step)) { bits |= 1 << v }
        return bits | extra
    }

    static func number(_ text: String, names: [String: UInt64]) throws(ParseError) -> UInt64 {
        if let named = names[text.lowercased()] { return named }
        guard let n = Int(text) else { throw ParseError(description: "failed to parse int from \(text)") }
        guard n >= 0 else { throw ParseError(description: "negative number (\(n)) not allowed: \(text)") }
        return UInt64(n)
    }
}

extension CronSchedule {
    /// The first activation strictly after `date` (to the second), with the
    /// fields read as wall-clock time in `zone`; nil when none falls in the
    /// next five years (e.g. "0 0 30 2 *").
    ///
    /// This follows robfig's `SpecSchedule.Next` step for step, so DST
    /// behaves as in Kubernetes: a time inside a spring-forward gap is
    /// skipped that day, and a time inside a fall-back hour runs in both
    /// of its occurrences.
    public func next(after date: Date, in zone: TimeZone) -> Date? {
        let start = Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down) + 1)
        switch rule {
        case .every(let seconds):
            return start.addingTimeInterval(Double(seconds - 1))
        case .fields(let minute, let hour, let dom, let month, let dow):
            var search = WallClockSearch(zone: zone, t: start)
            return search.run(minute: minute, hour: hour, dom: dom, month: month, dow: dow)
        }
    }

    static func has(_ bits: UInt64, _ v: Int) -> Bool { bits & (1 << UInt64(v)) != 0 }
}

/// robfig's search: walk month, day, hour, minute forward, resetting the
/// smaller fields the first time one moves, and start over ("wrap") when a
/// larger field rolls over.
private struct WallClockSearch {
    let calendar: Calendar
    var t: Date
    var added = false

    init(zone: TimeZone, t: Date) {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = zone
        calendar = c
        self.t = t
    }

    func parts(_ d: Date) -> DateComponents {
        calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: d)
    }

    func wall(_ y: Int, _ m: Int, _ d: Int, _ h: Int = 0) -> Date {
        calendar.date(from: DateComponents(year: y, month: m, day: d, hour: h)) ?? t
    }

    func dayMatches(_ p: DateComponents, dom: UInt64, dow: UInt64) -> Bool {
        let domMatch = CronSchedule.has(dom, p.day!)
        let dowMatch = CronSchedule.has(dow, p.weekday! - 1)
        if dom & CronSchedule.starBit != 0 || dow & CronSchedule.starBit != 0 { return domMatch && dowMatch }
        return domMatch || dowMatch
    }

    mutating func run(minute: UInt64, hour: UInt64, dom: UInt64, month: UInt64, dow: UInt64) -> Date? {
        let yearLimit = parts(t).year! + 5
        wrap: while true {
            var p = parts(t)
            if p.year! > yearLimit { return nil }
            while !CronSchedule.has(month, p.month!) {
                if !added {
                    added = true
                    t = wall(p.year!, p.month!, 1)
                    p = parts(t)
                }
                // Always from the 1st at midnight here, so no day overflow.
                t = p.month! == 12 ? wall(p.year! + 1, 1, 1) : wall(p.year!, p.month! + 1, 1)
                p = parts(t)
                if p.month! == 1 { continue wrap }
            }
            while !dayMatches(p, dom: dom, dow: dow) {
                if !added {
                    added = true
                    t = wall(p.year!, p.month!, p.day!)
                }
                t = calendar.date(byAdding: .day, value: 1, to: t) ?? t.addingTimeInterval(86400)
                p = parts(t)
                // Midnight may not exist on a DST day: pull back to the day's start.
                if p.hour! != 0 {
                    t = t.addingTimeInterval(Double(p.hour! > 12 ? 24 - p.hour! : -p.hour!) * 3600)
                    p = parts(t)
                }
                if p.day! == 1 { continue wrap }
            }
            while !CronSchedule.has(hour, p.hour!) {
                if !added {
                    added = true
                    t = wall(p.year!, p.month!, p.day!, p.hour!)
                }
                t = t.addingTimeInterval(3600)
                p = parts(t)
                if p.hour! == 0 { continue wrap }
            }
            while !CronSchedule.has(minute, p.minute!) {
                if !added {
                    added = true
                    t = Self.truncateToMinute(t)
                }
                t = t.addingTimeInterval(60)
                p = parts(t)
                if p.minute! == 0 { continue wrap }
            }
            // The standard schedules fire at second 0 only.
            if p.second! != 0 {
                added = true
                t = Self.truncateToMinute(t).addingTimeInterval(60)
                continue wrap
            }
            return t
        }
    }

    static func truncateToMinute(_ d: Date) -> Date {
        Date(timeIntervalSince1970: (d.timeIntervalSince1970 / 60).rounded(.down) * 60)
    }
}

/// Go's `time.ParseDuration` for `@every` ("1h30m", "90s", "1.5h").
enum GoDuration {
    static let units: [String: Double] = ["ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1, "m": 60, "h": 3600]

    static func seconds(_ text: String) -> Double? {
        var rest = Substring(text)
        var sign = 1.0
        if rest.first == "-" || rest.first == "+" {
            sign = rest.first == "-" ? -1 : 1
            rest = rest.dropFirst()
        }
        if rest == "0" { return 0 }
        guard !rest.isEmpty else { return nil }
        var total = 0.0
        while !rest.isEmpty {
            let number = rest.prefix { $0.isNumber || $0 == "." }
            guard !number.isEmpty, let value = Double(number) else { return nil }
            rest = rest.dropFirst(number.count)
            let unit = rest.prefix { !$0.isNumber && $0 != "." }
            guard let scale = units[String(unit)] else { return nil }
            rest = rest.dropFirst(unit.count)
            total += value * scale
        }
        return sign * total
    }
}
