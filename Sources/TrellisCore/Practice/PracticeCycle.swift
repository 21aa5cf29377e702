import Foundation

/// The stretch from one of a community's meetings to the next: what leaders try at their schools
/// between two meetings. Cycles are computed from the meetings, never scheduled on their own, so moving
/// a meeting moves the boundary with it.
public struct PracticeCycle: Sendable, Hashable {
    /// A meeting that can bound a cycle, with the series it belongs to (a community may have several).
    public struct Meeting: Sendable, Hashable {
        public let seriesID: String
        public let occurrence: MeetingOccurrence

        public init(seriesID: String, occurrence: MeetingOccurrence) {
            self.seriesID = seriesID
            self.occurrence = occurrence
        }
    }

    /// 0 for the cycle after the community's first meeting: the pair schedule's round is taken from it.
    public let number: Int
    /// The meeting that opens the cycle; its series and original day name the cycle for good.
    public let opening: Meeting
    /// The meeting that closes it.
    public let closing: Meeting

    public init(number: Int, opening: Meeting, closing: Meeting) {
        self.number = number
        self.opening = opening
        self.closing = closing
    }

    public var start: Date { opening.occurrence.start }
    public var end: Date { closing.occurrence.start }

    /// Begun once its opening meeting has begun: commitments are written at or after it.
    public func hasBegun(now: Date) -> Bool { start <= now }
    public func hasEnded(now: Date) -> Bool { end <= now }

    /// How long before the closing meeting the nudges (the debrief to hold, the insight to capture) show.
    public static let nudgeLead: TimeInterval = 7 * 86_400

    /// Within the last week before the closing meeting: what is still due is nudged.
    public func isDueSoon(now: Date) -> Bool { end.addingTimeInterval(-Self.nudgeLead) <= now && now < end }

    /// When the nudges begin.
    public var nudgeStart: Date { end.addingTimeInterval(-Self.nudgeLead) }
}

public enum PracticeCycles {
    /// The cycles between consecutive meetings, in order. A cancelled meeting does not end a cycle (the one
    /// before it runs on to the next meeting that takes place); a moved meeting bounds cycles where it
    /// moved to. Meetings of several series are merged by start.
    public static func cycles(_ meetings: [PracticeCycle.Meeting]) -> [PracticeCycle] {
        let held = meetings.filter { $0.occurrence.status != .cancelled }.sorted {
            ($0.occurrence.start, $0.seriesID, $0.occurrence.key) < (
                $1.occurrence.start, $1.seriesID, $1.occurrence.key
            )
        }
        guard held.count > 1 else { return [] }
        return (0..<(held.count - 1)).map { PracticeCycle(number: $0, opening: held[$0], closing: held[$0 + 1]) }
    }

    /// The cycle under way at `now`, or nil before the first meeting and after the last.
    public static func current(_ cycles: [PracticeCycle], now: Date) -> PracticeCycle? {
        cycles.last { $0.hasBegun(now: now) && !$0.hasEnded(now: now) }
    }

    /// The number of the cycle under way at `now`, counting on past the last meeting as if the meetings
    /// went on (the pair schedule continues through the year): 0 before the first cycle.
    public static func currentNumber(_ cycles: [PracticeCycle], now: Date) -> Int {
        if let current = current(cycles, now: now) { return current.number }
        guard let last = cycles.last, last.hasEnded(now: now) else { return 0 }
        return last.number + 1
    }
}

extension PracticeCycle {
    /// "Tue 8 Sep 2026 to Tue 20 Oct 2026": the days of the meetings that bound it.
    public var readable: String {
        "\(opening.occurrence.day.readable) to \(closing.occurrence.day.readable)"
    }
}
