import Foundation

/// What happened to one meeting of a series, kept under the day the pattern put it on.
public struct OccurrenceChange: Sendable, Hashable {
    public enum Disposition: String, Sendable, Hashable, CaseIterable {
        /// The meeting takes place (where `movedTo` says, or as scheduled).
        case meets
        /// Still listed, marked cancelled, and sent to calendars as STATUS:CANCELLED so people who
        /// had it see that it is off.
        case cancelled
        /// Quietly taken out of the series, as for a holiday known in advance: not listed, not
        /// counted in the measures, and gone from the calendar feed.
        case skipped
    }

    public let original: CalendarDay
    public let disposition: Disposition
    /// Where the meeting was moved to; nil when it keeps its original slot. A cancelled meeting keeps
    /// its move, so it shows as cancelled where people last saw it.
    public let movedTo: MeetingSlot?
    /// How many times this meeting has been changed; never goes down, even when a change is undone.
    public let sequence: Int
    /// Set when a meeting that had begun is recorded, afterwards, as not having taken place: why.
    public let notHeldReason: String?

    public init(
        original: CalendarDay, disposition: Disposition, movedTo: MeetingSlot?, sequence: Int,
        notHeldReason: String? = nil
    ) {
        self.original = original
        self.disposition = disposition
        self.movedTo = movedTo
        self.sequence = sequence
        self.notHeldReason = notHeldReason
    }
}

/// A community's meetings: a pattern plus the changes made to single meetings. Changes are kept
/// by original day even when a later pattern no longer meets that day; they are then ignored, and
/// apply again if the pattern comes back to it, so sequence numbers never go down.
public struct MeetingSeries: Sendable, Hashable {
    /// Stable across edits; part of every calendar UID.
    public let id: String
    public private(set) var pattern: MeetingPattern
    /// How many times the pattern was revised; added to every meeting's sequence.
    public private(set) var revision: Int
    public private(set) var changes: [CalendarDay: OccurrenceChange]

    public init(id: String, pattern: MeetingPattern, revision: Int = 0, changes: [OccurrenceChange] = []) {
        self.id = id
        self.pattern = pattern
        self.revision = revision
        self.changes = Dictionary(
            changes.map { ($0.original, $0) }, uniquingKeysWith: { $0.sequence >= $1.sequence ? $0 : $1 })
    }

    /// Replaces the pattern; every meeting's sequence grows so calendars take the new times.
    public mutating func revise(_ pattern: MeetingPattern) {
        self.pattern = pattern
        revision += 1
    }

    public mutating func skip(_ day: CalendarDay) throws(MeetingScheduleProblem) {
        try change(day, .skipped, movedTo: changes[day]?.movedTo)
    }

    public mutating func cancel(_ day: CalendarDay) throws(MeetingScheduleProblem) {
        try change(day, .cancelled, movedTo: changes[day]?.movedTo)
    }

    /// Moves the meeting first scheduled on `day`, to any day and times, inside the pattern's
    /// bounds or not; moving a cancelled or skipped meeting brings it back. Moving it to its
    /// original slot is the same as `restore`.
    public mutating func move(_ day: CalendarDay, to slot: MeetingSlot) throws(MeetingScheduleProblem) {
        try change(day, .meets, movedTo: slot == originalSlot(day) ? nil : slot)
    }

    /// Puts the meeting back on its original day and times, and not cancelled.
    public mutating func restore(_ day: CalendarDay) throws(MeetingScheduleProblem) {
        try change(day, .meets, movedTo: nil)
    }

    public static let longestNotHeldReason = 500

    /// Records, after the fact, that a meeting which had begun did not take place. It shows as
    /// cancelled, with the reason, wherever it was; it no longer counts as held or for attendance.
    public mutating func recordNotHeld(_ day: CalendarDay, reason: String, now: Date) throws(MeetingScheduleProblem) {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard hasBegun(day, now: now) else {
            throw MeetingScheduleProblem(
                field: "day", message: "this meeting has not happened yet: cancel or move it instead")
        }
        guard !reason.isEmpty, reason.count <= Self.longestNotHeldReason else {
            throw MeetingScheduleProblem(
                field: "reason",
                message: "say in up to \(Self.longestNotHeldReason) characters why the meeting did not take place")
        }
        try change(day, .cancelled, movedTo: changes[day]?.movedTo, notHeldReason: reason)
    }

    /// Whether the meeting first scheduled on `day` has begun by `now` (where it was last put,
    /// cancelled or skipped or not). From then on it is history: it gets notes and attendance, and
    /// can be recorded as not held, but not cancelled, skipped, moved or restored.
    public func hasBegun(_ day: CalendarDay, now: Date) -> Bool {
        let slot = changes[day]?.movedTo ?? originalSlot(day)
        return pattern.instant(slot.day, slot.startTime) <= now
    }

    /// Why a schedule change (skip, cancel, move, restore) to the meeting first scheduled on `day`
    /// is refused at `now`, or nil: the meeting has begun, or the move is to a time already past.
    /// Taking back a not-held record is allowed: it corrects the record, not the schedule.
    public func scheduleChangeRefusal(_ day: CalendarDay, movingTo slot: MeetingSlot?, now: Date)
        -> MeetingScheduleProblem?
    {
        if hasBegun(day, now: now) {
            return MeetingScheduleProblem(
                field: "day",
                message:
                    "this meeting has already begun: add notes and attendance, or, if it did not take place, record that with a reason"
            )
        }
        if let slot, pattern.instant(slot.day, slot.startTime) <= now {
            return MeetingScheduleProblem(
                field: "movedDay", message: "that time has passed; move a meeting only to a time still ahead")
        }
        return nil
    }

    private mutating func change(
        _ day: CalendarDay, _ disposition: OccurrenceChange.Disposition, movedTo: MeetingSlot?,
        notHeldReason: String? = nil
    ) throws(MeetingScheduleProblem) {
        guard pattern.isScheduled(on: day) else {
            throw MeetingScheduleProblem(
                field: "day",
                message:
                    "\(pattern.recurrence) has no meeting on \(day) between \(pattern.startDay) and \(pattern.endDay)")
        }
        let current = changes[day] ?? OccurrenceChange(original: day, disposition: .meets, movedTo: nil, sequence: 0)
        guard
            current.disposition != disposition || current.movedTo != movedTo || current.notHeldReason != notHeldReason
        else { return }
        changes[day] = OccurrenceChange(
            original: day, disposition: disposition, movedTo: movedTo, sequence: current.sequence + 1,
            notHeldReason: notHeldReason)
    }

    /// The meetings whose actual day falls within `from...through`, ordered by start. A moved
    /// meeting is found by the day it moved to, because that is the day people will be there;
    /// skipped meetings are left out.
    public func occurrences(from: CalendarDay, through: CalendarDay) -> [MeetingOccurrence] {
        guard from <= through else { return [] }
        let range = from...through
        let movedIn = changes.values.filter { change in
            guard let target = change.movedTo?.day else { return false }
            return range.contains(target) && !range.contains(change.original)
                && pattern.isScheduled(on: change.original)
        }
        let keys = pattern.scheduledDays(from: from, through: through) + movedIn.map(\.original)
        return keys.compactMap(occurrence).filter { range.contains($0.day) }
            .sorted { ($0.start, $0.key) < ($1.start, $1.key) }
    }

    /// The meeting first scheduled on `key`; nil when the pattern has no meeting that day or it was skipped.
    public func occurrence(_ key: CalendarDay) -> MeetingOccurrence? {
        guard pattern.isScheduled(on: key) else { return nil }
        let change = changes[key]
        let status: MeetingOccurrence.Status
        switch change?.disposition {
        case .skipped: return nil
        case .cancelled: status = .cancelled
        case .meets, nil: status = change?.movedTo == nil ? .scheduled : .moved
        }
        let slot = change?.movedTo ?? originalSlot(key)
        return MeetingOccurrence(
            key: key, slot: slot, start: pattern.instant(slot.day, slot.startTime),
            end: pattern.instant(slot.day, slot.endTime), status: status, sequence: revision + (change?.sequence ?? 0),
            notHeldReason: status == .cancelled ? change?.notHeldReason : nil)
    }

    private func originalSlot(_ day: CalendarDay) -> MeetingSlot {
        // The pattern already checked its times.
        try! MeetingSlot(day: day, startTime: pattern.startTime, endTime: pattern.endTime)
    }
}
