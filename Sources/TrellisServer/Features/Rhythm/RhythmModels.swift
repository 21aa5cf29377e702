import Fluent
import FluentSQL
import Foundation
import SQLKit
import TrellisCore

/// A cohort's or a community's meetings: a pattern ("second Tuesday, 15:30–17:00") between two days.
/// The meetings themselves are computed from it and its changes (`MeetingChange`), never stored one by one.
final class MeetingSeriesRecord: Model, DistrictOwned, @unchecked Sendable {
    static let schema = "meeting_series"

    // identity
    @ID(key: .id) var id: UUID?
    @Parent(key: "district_id") var district: District
    @Parent(key: "cohort_id") var cohort: Cohort
    /// Set for a community's own meetings; nil for the whole cohort's.
    @OptionalParent(key: "community_id") var community: Community?

    // data
    @Field(key: "title") var title: String
    @Field(key: "recurrence") var recurrence: String
    @Field(key: "starts_on") var startsOn: String
    @Field(key: "ends_on") var endsOn: String
    @Field(key: "start_time") var startTime: String
    @Field(key: "end_time") var endTime: String
    @Field(key: "time_zone") var timeZone: String
    /// A room, an address or a video link.
    @Field(key: "location") var location: String
    /// Goes up when the pattern itself changes, so every meeting's calendar SEQUENCE goes up with it.
    @Field(key: "revision") var revision: Int
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // relationships
    @Children(for: \.$series) var changes: [MeetingChange]

    /// Listed by hand in declaration order: Fluent otherwise finds them by reflection on every row it
    /// reads (`ModelPropertyTests` checks the list against reflection).
    var properties: [any AnyProperty] {
        [
            $id, $district, $cohort, $community, $title, $recurrence, $startsOn, $endsOn, $startTime, $endTime,
            $timeZone, $location, $revision, $createdAt, $changes,
        ]
    }

    init() {}

    init(districtID: UUID, cohortID: UUID, communityID: UUID?, title: String, pattern: MeetingPattern, location: String)
    {
        self.$district.id = districtID
        self.$cohort.id = cohortID
        self.$community.id = communityID
        self.title = title
        self.location = location
        self.revision = 0
        set(pattern)
    }

    func set(_ pattern: MeetingPattern) {
        recurrence = pattern.recurrence.code
        startsOn = pattern.startDay.description
        endsOn = pattern.endDay.description
        startTime = pattern.startTime.description
        endTime = pattern.endTime.description
        timeZone = pattern.timeZone.identifier
    }

    var owningDistrictID: UUID? { $district.id }

    /// The stored pattern. Stored rows were validated when written, so a failure here is a bug.
    var pattern: MeetingPattern {
        get throws {
            try MeetingPattern(
                recurrence: recurrence, startDay: startsOn, endDay: endsOn, startTime: startTime, endTime: endTime,
                timeZone: timeZone)
        }
    }

    /// The series as the core computes it; `changes` must be loaded.
    func series() throws -> MeetingSeries {
        MeetingSeries(
            id: UUIDText.lowercased(try requireID()), pattern: try pattern, revision: revision,
            changes: try changes.map { try $0.change() })
    }
}

/// One meeting of a series that does not happen as the pattern says: skipped, cancelled or moved.
final class MeetingChange: Model, @unchecked Sendable {
    static let schema = "meeting_changes"

    // identity
    @ID(key: .id) var id: UUID?
    @Parent(key: "series_id") var series: MeetingSeriesRecord
    /// The meeting's original day: its identity, whatever happens to it.
    @Field(key: "original_day") var originalDay: String

    // data
    @Field(key: "disposition") var disposition: String
    @OptionalField(key: "moved_day") var movedDay: String?
    @OptionalField(key: "moved_start") var movedStart: String?
    @OptionalField(key: "moved_end") var movedEnd: String?
    @Field(key: "sequence") var sequence: Int
    @OptionalField(key: "not_held_reason") var notHeldReason: String?

    /// Listed by hand in declaration order: Fluent otherwise finds them by reflection on every row it
    /// reads (`ModelPropertyTests` checks the list against reflection).
    var properties: [any AnyProperty] {
        [$id, $series, $originalDay, $disposition, $movedDay, $movedStart, $movedEnd, $sequence, $notHeldReason]
    }

    init() {}

    init(seriesID: UUID, _ change: OccurrenceChange) {
        self.$series.id = seriesID
        self.originalDay = change.original.description
        set(change)
    }

    func set(_ change: OccurrenceChange) {
        disposition = change.disposition.rawValue
        movedDay = change.movedTo?.day.description
        movedStart = change.movedTo?.startTime.description
        movedEnd = change.movedTo?.endTime.description
        sequence = change.sequence
        notHeldReason = change.notHeldReason
    }

    func change() throws -> OccurrenceChange {
        guard let original = CalendarDay(originalDay),
            let disposition = OccurrenceChange.Disposition(rawValue: disposition)
        else { throw MeetingScheduleProblem(field: "day", message: "stored change \(originalDay) is unreadable") }
        var slot: MeetingSlot?
        if let movedDay, let movedStart, let movedEnd, let day = CalendarDay(movedDay),
            let start = TimeOfDay(movedStart), let end = TimeOfDay(movedEnd)
        {
            slot = try MeetingSlot(day: day, startTime: start, endTime: end)
        }
        return OccurrenceChange(
            original: original, disposition: disposition, movedTo: slot, sequence: sequence,
            notHeldReason: notHeldReason)
    }
}

/// One meeting's agenda: items from the protocol library or written by the facilitator, published
/// ahead of time so leaders can prepare.
final class MeetingAgendaRecord: Model, @unchecked Sendable {
    static let schema = "meeting_agendas"

    struct Item: Codable, Sendable, Hashable {
        var title: String
        var minutes: Int
        var protocolKey: String?
    }

    // identity
    @ID(key: .id) var id: UUID?
    @Parent(key: "series_id") var series: MeetingSeriesRecord
    @Field(key: "meeting_day") var meetingDay: String

    /// Wrapped in an object so both databases store one JSON document (PostgreSQL would make a bare
    /// Swift array a `jsonb[]`).
    struct Items: Codable, Sendable, Hashable {
        var list: [Item]
    }

    // data
    @Field(key: "items") var stored: Items
    @OptionalField(key: "published_at") var publishedAt: Date?

    var items: [Item] {
        get { stored.list }
        set { stored = Items(list: newValue) }
    }

    /// Listed by hand in declaration order: Fluent otherwise finds them by reflection on every row it
    /// reads (`ModelPropertyTests` checks the list against reflection).
    var properties: [any AnyProperty] { [$id, $series, $meetingDay, $stored, $publishedAt] }

    init() {}

    init(seriesID: UUID, meetingDay: String) {
        self.$series.id = seriesID
        self.meetingDay = meetingDay
        self.stored = Items(list: [])
    }

    var agenda: MeetingAgenda {
        MeetingAgenda(
            items: items.map { item in
                if let key = item.protocolKey, let meetingProtocol = MeetingProtocol.named(key) {
                    return MeetingAgenda.Item(meetingProtocol, title: item.title)
                }
                return MeetingAgenda.Item(title: item.title, minutes: item.minutes)
            })
    }
}

/// A note someone added to a meeting's shared notes, in Markdown, shown only as `MeetingNotes` renders it.
final class MeetingNote: Model, @unchecked Sendable {
    static let schema = "meeting_notes"

    // identity
    @ID(key: .id) var id: UUID?
    @Parent(key: "series_id") var series: MeetingSeriesRecord
    @Field(key: "meeting_day") var meetingDay: String

    // relationships
    @Parent(key: "author_id") var author: User

    // data
    @Field(key: "body") var body: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(seriesID: UUID, meetingDay: String, authorID: UUID, body: String) {
        self.$series.id = seriesID
        self.meetingDay = meetingDay
        self.$author.id = authorID
        self.body = body
    }
}

/// Whether a leader was at a meeting: recorded by a facilitator, or by the leader's own check-in.
final class MeetingAttendance: Model, @unchecked Sendable {
    static let schema = "meeting_attendance"

    // identity
    @ID(key: .id) var id: UUID?
    @Parent(key: "series_id") var series: MeetingSeriesRecord
    @Field(key: "meeting_day") var meetingDay: String
    @Parent(key: "user_id") var user: User

    // data
    @Field(key: "status") var status: String
    @Parent(key: "recorded_by") var recordedBy: User
    @Timestamp(key: "recorded_at", on: .update) var recordedAt: Date?

    init() {}

    init(seriesID: UUID, meetingDay: String, userID: UUID, status: AttendanceRecord.Status, recordedBy: UUID) {
        self.$series.id = seriesID
        self.meetingDay = meetingDay
        self.$user.id = userID
        self.status = status.rawValue
        self.$recordedBy.id = recordedBy
    }
}

/// A person's secret calendar address. The token is the whole credential for reading their meetings,
/// so it is long and random; regenerating it replaces the row and the old address stops working.
final class CalendarFeed: Model, @unchecked Sendable {
    static let schema = "calendar_feeds"

    // identity
    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Field(key: "token") var token: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(userID: UUID, token: String) {
        self.$user.id = userID
        self.token = token
    }
}
