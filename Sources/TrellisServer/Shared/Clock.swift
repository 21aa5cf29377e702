import Foundation
import Synchronization
import TrellisCore
import Vapor

/// The time as Trellis sees it. The server reads it only through here (`request.now`,
/// `app.trellis.clock.now()`), so a test can set the day and the hour instead of waiting for them.
final class AppClock: Sendable {
    private let fixed = Mutex<Date?>(nil)

    func now() -> Date { fixed.withLock { $0 } ?? Date() }

    func today(in zone: TimeZone = CalendarDay.utc) -> CalendarDay { CalendarDay(now(), timeZone: zone) }

    /// Stops the clock at `date`; `nil` lets it run with the system's again. For tests.
    func set(_ date: Date?) { fixed.withLock { $0 = date } }
}

extension Request {
    /// Now, from the app's clock.
    var now: Date { application.trellis.clock.now() }

    /// Today as a UTC calendar day, from the app's clock.
    var today: CalendarDay { application.trellis.clock.today() }
}
