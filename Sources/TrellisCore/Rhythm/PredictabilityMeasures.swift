import Foundation

/// A count out of a total, kept together so the page can say "7 of 8" beside "88%".
public struct Proportion: Sendable, Hashable, CustomStringConvertible {
    public let count: Int
    public let total: Int

    public init(count: Int, total: Int) {
        self.count = count
        self.total = total
    }

    /// Nil when there is nothing to count yet, so no page ever shows NaN or a misleading 0%.
    public var fraction: Double? { total == 0 ? nil : Double(count) / Double(total) }

    /// "7 of 8".
    public var description: String { "\(count) of \(total)" }

    /// Two proportions of the same kind pooled: counts and totals added.
    public static func + (lhs: Proportion, rhs: Proportion) -> Proportion {
        Proportion(count: lhs.count + rhs.count, total: lhs.total + rhs.total)
    }
}

/// One leader's attendance at one meeting, by the meeting's key (its original day).
public struct AttendanceRecord: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable, CaseIterable {
        case present, absent, excused
    }

    public let leaderID: String
    public let occurrence: CalendarDay
    public let status: Status

    public init(leaderID: String, occurrence: CalendarDay, status: Status) {
        self.leaderID = leaderID
        self.occurrence = occurrence
        self.status = status
    }
}

/// How predictable a community's rhythm has been so far: the facet of trust the article found
/// weakest, measured the way the product promises ("held as scheduled", attendance, agendas ahead).
public struct PredictabilityMeasures: Sendable, Hashable {
    /// Past meetings neither moved nor cancelled, out of all past meetings. Skipped meetings were
    /// never part of the series and are not counted; cancelled ones are, as not held as scheduled.
    public let heldAsScheduled: Proportion
    /// Present out of present and absent, over meetings that took place. Excused absences are left
    /// out of both: a leader who warns ahead has not made the rhythm less predictable. The group's
    /// rate pools every leader's meetings (a leader at more meetings weighs more), rather than
    /// averaging the leaders' rates.
    public let attendance: Proportion
    public let attendanceByLeader: [String: Proportion]
    /// Meetings that took place whose agenda was published at least `agendaLeadDays` × 24 hours
    /// before the start, out of all meetings that took place; a missing agenda counts as late.
    public let agendaPublishedAhead: Proportion

    /// - Parameters:
    ///   - occurrences: the series' meetings; only those that ended by `now` are counted.
    ///   - attendance: records for meetings not among the past, held ones (cancelled or in the
    ///     future) are ignored, as is a second record for the same leader and meeting.
    ///   - agendaPublished: when each meeting's agenda was published, by meeting key.
    public init(
        occurrences: [MeetingOccurrence], attendance records: [AttendanceRecord], agendaPublished: [CalendarDay: Date],
        agendaLeadDays: Int, now: Date
    ) {
        let past = occurrences.filter { $0.end <= now }
        let held = past.filter { $0.status != .cancelled }
        let heldKeys = Set(held.map(\.key))
        heldAsScheduled = Proportion(count: past.filter(\.isAsScheduled).count, total: past.count)

        var seen: [String: Set<CalendarDay>] = [:]
        var tallies: [String: (present: Int, total: Int)] = [:]
        for record in records where heldKeys.contains(record.occurrence) {
            guard seen[record.leaderID, default: []].insert(record.occurrence).inserted else { continue }
            var tally = tallies[record.leaderID, default: (0, 0)]
            if record.status == .present { tally.present += 1 }
            if record.status != .excused { tally.total += 1 }
            tallies[record.leaderID] = tally
        }
        // A leader excused from every meeting is listed with 0 of 0, so the page can say so.
        attendanceByLeader = tallies.mapValues { Proportion(count: $0.present, total: $0.total) }
        attendance = Proportion(
            count: tallies.values.reduce(0) { $0 + $1.present }, total: tallies.values.reduce(0) { $0 + $1.total })

        let lead = TimeInterval(agendaLeadDays) * 86_400
        agendaPublishedAhead = Proportion(
            count: held.filter { meeting in
                agendaPublished[meeting.key].map { $0 <= meeting.start.addingTimeInterval(-lead) } ?? false
            }.count,
            total: held.count)
    }
}
