import Foundation

/// A day and local times for one meeting, used where a meeting is moved to.
public struct MeetingSlot: Sendable, Hashable, CustomStringConvertible {
    public let day: CalendarDay
    public let startTime: TimeOfDay
    public let endTime: TimeOfDay

    public init(day: CalendarDay, startTime: TimeOfDay, endTime: TimeOfDay) throws(MeetingScheduleProblem) {
        try MeetingPattern.checkTimes(start: startTime, end: endTime)
        self.day = day
        self.startTime = startTime
        self.endTime = endTime
    }

    /// "2026-12-15 15:30–17:00".
    public var description: String { "\(day) \(startTime)–\(endTime)" }
}

/// One meeting of a series, computed from the pattern and the changes: never stored on its own, so
/// editing the pattern can never leave stale rows behind.
public struct MeetingOccurrence: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable, CaseIterable {
        case scheduled, moved, cancelled
    }

    /// The day the pattern originally put this meeting on. It never changes, even when the meeting
    /// moves, so attendance, agendas and calendar UIDs stay attached to the same meeting.
    public let key: CalendarDay
    /// Where the meeting actually is, in the series' time zone.
    public let slot: MeetingSlot
    public let start: Date
    public let end: Date
    public let status: Status
    /// Grows with every change to this meeting or to the whole series: iCalendar's SEQUENCE, which
    /// tells a subscribed calendar that the newer copy wins.
    public let sequence: Int
    /// For a meeting recorded afterwards as not having taken place (its status is `cancelled`): why.
    public let notHeldReason: String?

    public init(
        key: CalendarDay, slot: MeetingSlot, start: Date, end: Date, status: Status, sequence: Int,
        notHeldReason: String? = nil
    ) {
        self.key = key
        self.slot = slot
        self.start = start
        self.end = end
        self.status = status
        self.sequence = sequence
        self.notHeldReason = notHeldReason
    }

    public var day: CalendarDay { slot.day }

    /// Took or takes place on its original day and times: what "held as scheduled" counts.
    public var isAsScheduled: Bool { status == .scheduled }
}
