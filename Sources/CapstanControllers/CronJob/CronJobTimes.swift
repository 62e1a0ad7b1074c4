import CapstanAPI
import Foundation

/// When a CronJob should have run and when to look again (Kubernetes'
/// cronjob utils: mostRecentScheduleTime, nextScheduleTime,
/// nextScheduleTimeDuration). Pure functions of the object and `now`.
enum CronJobTimes {
    enum Missed: Equatable { case none, few, many }

    struct Schedule {
        var rule: CronSchedule
        var zone: TimeZone
        func next(after t: Date) -> Date? { rule.next(after: t, in: zone) }
    }

    struct Recent {
        /// The last schedule time (or creation), moved up to the starting deadline when asked.
        var earliest: Date
        /// The latest activation in (earliest, now], if any.
        var mostRecent: Date?
        var missed: Missed
    }

    struct InvalidSchedule: Error, CustomStringConvertible {
        var description: String
    }

    static func earliest(_ cronJob: JSONValue) -> Date {
        if let last = cronJob[path: ["status", "lastScheduleTime"]]?.stringValue.flatMap(Time.parse) { return last }
        return cronJob[path: ["metadata", "creationTimestamp"]]?.stringValue.flatMap(Time.parse) ?? .distantPast
    }

    /// The latest activation not yet run. Only the most recent one counts:
    /// a controller that was down for a day starts one Job, not 24. More
    /// than 100 missed activations is reported as `.many` (a clock problem
    /// or a missing startingDeadlineSeconds).
    static func mostRecent(
        _ cronJob: JSONValue, now: Date, schedule: Schedule, includeStartingDeadline: Bool
    ) throws(InvalidSchedule) -> Recent {
        var earliest = earliest(cronJob)
        if includeStartingDeadline, let deadline = cronJob[path: ["spec", "startingDeadlineSeconds"]]?.intValue {
            // Nothing older than the deadline will be started anyway.
            earliest = max(earliest, now.addingTimeInterval(-Double(deadline)))
        }
        guard let t1 = schedule.next(after: earliest), let t2 = schedule.next(after: t1) else {
            throw InvalidSchedule(description: "no time in the next five years matches")
        }
        if now < t1 { return Recent(earliest: earliest, mostRecent: nil, missed: .none) }
        if now < t2 { return Recent(earliest: earliest, mostRecent: t1, missed: .none) }
        // Estimate how many fit since t1 by the first interval, then walk
        // the last stretch exactly (intervals may vary, e.g. "30 6-16/4 * * 1-5").
        let interval = t2.timeIntervalSince(t1).rounded()
        guard interval >= 1 else { throw InvalidSchedule(description: "time difference between two schedules is less than 1 second") }
        let missedCount = Int64(now.timeIntervalSince(t1) / interval) + 1
        var t = t1.addingTimeInterval(Double(missedCount - 2) * interval)
        var latest: Date? = nil
        while let n = schedule.next(after: t), n <= now {
            latest = n
            t = n
        }
        return Recent(earliest: earliest, mostRecent: latest, missed: missedCount > 100 ? .many : .few)
    }

    /// How long until the reconcile after this one should run: at the next
    /// activation after the most recent one (or after now, when some were missed).
    static func untilNext(_ cronJob: JSONValue, now: Date, schedule: Schedule) -> TimeInterval? {
        let base: Date
        do {
            let recent = try mostRecent(cronJob, now: now, schedule: schedule, includeStartingDeadline: false)
            base = recent.mostRecent ?? (recent.missed == .none ? recent.earliest : now)
        } catch {
            base = now
        }
        return schedule.next(after: base).map { $0.timeIntervalSince(now) }
    }

    /// Jobs are named by their scheduled minute, so a second attempt for the
    /// same activation collides (409) instead of running twice.
    static func jobName(_ cronJob: JSONValue, scheduled: Date) -> String {
        let minutes = Int64((scheduled.timeIntervalSince1970 / 60).rounded(.down))
        return "\(OwnerReferences.name(cronJob))-\(minutes)"
    }

    /// RFC 3339 in the CronJob's zone, as the scheduled-timestamp annotation carries it.
    static func rfc3339(_ date: Date, in zone: TimeZone) -> String {
        let f = ISO8601DateFormatter()
        f.timeZone = zone
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: date)
    }

    /// RFC 1123 with a numeric zone (Go's time.RFC1123Z), in UTC, for MissSchedule.
    static func rfc1123Z(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return f.string(from: date)
    }
}
