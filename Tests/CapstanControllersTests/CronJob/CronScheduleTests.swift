import CapstanAPI
import Foundation
import Testing
@testable import CapstanControllers

@Suite struct CronScheduleTests {
    static let utc = TimeZone(identifier: "UTC")!

    func next(_ spec: String, after: String, zone: TimeZone = utc) throws -> String? {
        let s = try CronSchedule(parsing: spec)
        return s.next(after: Time.parse(after)!, in: zone).map { Time($0).rfc3339 }
    }

    @Test func stepsAndHourly() throws {
        #expect(try next("*/15 * * * *", after: "2027-01-15T10:07:00Z") == "2027-01-15T10:15:00Z")
        #expect(try next("*/15 * * * *", after: "2027-01-15T10:45:00Z") == "2027-01-15T11:00:00Z")
        #expect(try next("*/15 * * * *", after: "2027-01-15T23:59:30Z") == "2027-01-16T00:00:00Z")
        #expect(try next("@hourly", after: "2027-01-15T10:00:00Z") == "2027-01-15T11:00:00Z")
        #expect(try next("5/20 * * * *", after: "2027-01-15T10:06:00Z") == "2027-01-15T10:25:00Z")
        #expect(try next("@every 90s", after: "2027-01-15T10:00:00Z") == "2027-01-15T10:01:30Z")
    }

    @Test func weekdaysAndNames() throws {
        // 2027-01-15 is a Friday.
        #expect(try next("0 0 * * 1-5", after: "2027-01-15T08:00:00Z") == "2027-01-18T00:00:00Z")
        #expect(try next("0 9 * jan-mar MON,wed", after: "2027-03-31T10:00:00Z") == "2028-01-03T09:00:00Z")
        #expect(try next("@weekly", after: "2027-01-15T08:00:00Z") == "2027-01-17T00:00:00Z")
        #expect(try next("@yearly", after: "2027-01-15T08:00:00Z") == "2028-01-01T00:00:00Z")
    }

    @Test func monthEndsAndLeapDay() throws {
        #expect(try next("0 0 31 * *", after: "2027-01-31T00:00:00Z") == "2027-03-31T00:00:00Z")
        #expect(try next("0 12 1 * *", after: "2027-01-31T13:00:00Z") == "2027-02-01T12:00:00Z")
        #expect(try next("@monthly", after: "2027-12-15T00:00:00Z") == "2028-01-01T00:00:00Z")
        #expect(try next("0 0 29 2 *", after: "2027-01-01T00:00:00Z") == "2028-02-29T00:00:00Z")
        #expect(try next("0 0 30 2 *", after: "2027-01-01T00:00:00Z") == nil)
    }

    @Test func dayOfMonthOrDayOfWeek() throws {
        // Both restricted: the 13th OR a Friday (2027-02-12 is a Friday, the 13th a Saturday).
        #expect(try next("0 0 13 * 5", after: "2027-02-06T00:00:00Z") == "2027-02-12T00:00:00Z")
        #expect(try next("0 0 13 * 5", after: "2027-02-12T00:00:00Z") == "2027-02-13T00:00:00Z")
        // One of them `*`: both must match, so only Fridays.
        #expect(try next("0 0 * * 5", after: "2027-02-12T00:00:00Z") == "2027-02-19T00:00:00Z")
        // "*/2" is not a star: odd days of the month OR Mondays (AND would give Monday 2027-03-01).
        #expect(try next("0 0 */2 * 1", after: "2027-02-15T12:00:00Z") == "2027-02-17T00:00:00Z")
    }

    @Test func daylightSavingTime() throws {
        let ny = TimeZone(identifier: "America/New_York")!
        // 2027-03-14 02:30 does not exist in New York: skipped that day.
        #expect(try next("30 2 * * *", after: "2027-03-13T08:00:00Z", zone: ny) == "2027-03-15T06:30:00Z")
        // 2027-11-07 01:30 happens twice (EDT, then EST): both run, as in Kubernetes.
        #expect(try next("30 1 * * *", after: "2027-11-06T16:00:00Z", zone: ny) == "2027-11-07T05:30:00Z")
        #expect(try next("30 1 * * *", after: "2027-11-07T05:30:00Z", zone: ny) == "2027-11-07T06:30:00Z")
        // Wall-clock 09:00 in Berlin moves from 08:00Z to 07:00Z across 2027-03-28.
        let berlin = TimeZone(identifier: "Europe/Berlin")!
        #expect(try next("0 9 * * *", after: "2027-03-27T08:00:00Z", zone: berlin) == "2027-03-28T07:00:00Z")
    }

    @Test func invalidSpecs() {
        for spec in ["60 * * * *", "* * * *", "* * * * * *", "@fortnightly", "0 0 * * 7", "5-1 * * * *", "*/0 * * * *", "x * * * *",
            "CRON_TZ=UTC 0 * * * *", ""]
        {
            #expect(throws: CronSchedule.ParseError.self, "\(spec)") { try CronSchedule(parsing: spec) }
        }
    }
}
