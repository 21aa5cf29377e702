import Foundation
import Testing

@testable import TrellisCore

/// Groups the Rhythm suites, so `swift test --filter Rhythm` runs exactly these.
@Suite("Rhythm")
enum RhythmTests {}

/// Shorthands for the Rhythm tests: days, times and instants written as people read them.
enum RhythmSamples {
    static func day(_ text: String) -> CalendarDay { CalendarDay(text)! }

    static func time(_ text: String) -> TimeOfDay { TimeOfDay(text)! }

    /// "2026-12-08T23:30:00Z".
    static func instant(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    static func pattern(
        _ recurrence: String, _ startDay: String = "2026-09-01", _ endDay: String = "2027-06-30",
        _ startTime: String = "15:30", _ endTime: String = "17:00", zone: String = "America/Los_Angeles"
    ) throws(MeetingScheduleProblem) -> MeetingPattern {
        try MeetingPattern(
            recurrence: recurrence, startDay: startDay, endDay: endDay, startTime: startTime, endTime: endTime,
            timeZone: zone)
    }

    static func days(_ pattern: MeetingPattern, _ from: String, _ through: String) -> [String] {
        pattern.scheduledDays(from: day(from), through: day(through)).map(\.description)
    }
}
