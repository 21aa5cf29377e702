import Fluent
import Foundation
import TrellisCore
import Vapor

/// The rhythm in `/api/v1`: the protocol library, meeting series, changes to one meeting, agendas,
/// attendance and check-in. The same rules as the pages: a leader marks only themself, by checking in.
enum RhythmAPIController {
    static func register(_ routes: RouteGroups) {
        let api = routes.api
        let runners = api.grouped(RoleGuard(.districtAdmin, .facilitator))
        api.get(SiteURL.api(.protocols).pathComponents, use: protocols)
        api.get(SiteURL.api(.cohortMeetingSeries(.key)).pathComponents, use: list)
        runners.post(SiteURL.api(.cohortMeetingSeries(.key)).pathComponents, use: create)
        api.get(SiteURL.api(.meetingSeries(.key)).pathComponents, use: show)
        runners.post(SiteURL.api(.meetingSeriesChanges(.key)).pathComponents, use: change)
        api.get(SiteURL.api(.meeting(.key, day: .key)).pathComponents, use: meeting)
        runners.put(SiteURL.api(.meetingAgenda(.key, day: .key)).pathComponents, use: setAgenda)
        runners.put(SiteURL.api(.meetingAttendance(.key, day: .key)).pathComponents, use: setAttendance)
        api.grouped(RoleGuard(.leader)).post(SiteURL.api(.meetingCheckIn(.key, day: .key)).pathComponents, use: checkIn)
    }

    /// "2026-12-08T23:30:00Z".
    static func instant(_ date: Date) -> String { date.formatted(.iso8601) }

    struct ProtocolDTO: Content {
        struct Step: Content {
            var title: String
            var minutes: Int
            var prompt: String
        }

        var key: String
        var name: String
        var purpose: String
        var minutes: Int
        var steps: [Step]
    }

    @Sendable static func protocols(_ request: Request) async throws -> ItemList<ProtocolDTO> {
        ItemList(
            items: MeetingProtocol.library.map { item in
                ProtocolDTO(
                    key: item.key, name: item.name, purpose: item.purpose, minutes: item.minutes,
                    steps: item.steps.map { .init(title: $0.title, minutes: $0.minutes, prompt: $0.prompt) })
            })
    }

    struct MeetingDTO: Content {
        /// The meeting's original day: its identity, even after a move.
        var day: String
        var actualDay: String
        var startTime: String
        var endTime: String
        var start: String
        var end: String
        var status: String
        var sequence: Int
        var notHeldReason: String?

        init(_ occurrence: MeetingOccurrence) {
            day = occurrence.key.description
            actualDay = occurrence.slot.day.description
            startTime = occurrence.slot.startTime.description
            endTime = occurrence.slot.endTime.description
            start = RhythmAPIController.instant(occurrence.start)
            end = RhythmAPIController.instant(occurrence.end)
            status = occurrence.status.rawValue
            sequence = occurrence.sequence
            notHeldReason = occurrence.notHeldReason
        }
    }

    struct SeriesDTO: Content {
        var id: UUID
        var cohortId: UUID
        var communityId: UUID?
        var title: String
        var recurrence: String
        var description: String
        var startDay: String
        var endDay: String
        var startTime: String
        var endTime: String
        var timeZone: String
        var location: String
        var meetings: [MeetingDTO]

        init(_ record: MeetingSeriesRecord) throws {
            let series = try record.series()
            id = try record.requireID()
            cohortId = record.$cohort.id
            communityId = record.$community.id
            title = record.title
            recurrence = record.recurrence
            description = series.pattern.description
            startDay = record.startsOn
            endDay = record.endsOn
            startTime = record.startTime
            endTime = record.endTime
            timeZone = record.timeZone
            location = record.location
            meetings = series.occurrences(
                from: series.pattern.startDay, through: series.pattern.endDay.adding(days: 366)
            )
            .map(MeetingDTO.init)
        }
    }

    @Sendable static func list(_ request: Request) async throws -> ItemList<SeriesDTO> {
        let scope = try request.scope
        let cohort = try await scope.visibleCohort(try request.idParameter())
        return ItemList(items: try await scope.visibleSeries(of: cohort).map(SeriesDTO.init))
    }

    struct NewSeries: Content {
        var title: String?
        var communityId: UUID?
        var recurrence: String?
        var startDay: String?
        var endDay: String?
        var startTime: String?
        var endTime: String?
        var timeZone: String?
        var location: String?
    }

    @Sendable static func create(_ request: Request) async throws -> Response {
        let scope = try request.scope
        let cohort = try await scope.visibleCohort(try request.idParameter())
        try await scope.requireRunner(of: cohort)
        try request.requireJSONBody()
        let body = try request.content.decode(NewSeries.self)
        let district = try await District.find(cohort.$district.id, on: request.db)
        let form = RhythmService.SeriesForm(
            title: body.title, community: body.communityId?.uuidString, startDay: body.startDay, endDay: body.endDay,
            startTime: body.startTime, endTime: body.endTime,
            timeZone: body.timeZone ?? district?.timeZone ?? District.defaultTimeZone, location: body.location,
            recurrenceCode: body.recurrence ?? "")
        let record = try await RhythmService.create(form, cohort: cohort, scope: scope)
        return try .created(try SeriesDTO(record), at: SiteURL.api(.meetingSeries(.value(try record.requireID()))))
    }

    @Sendable static func show(_ request: Request) async throws -> SeriesDTO {
        try SeriesDTO(try await request.scope.visibleSeries(try request.idParameter()).series)
    }

    struct ChangeBody: Content {
        struct Slot: Content {
            var day: String
            var startTime: String
            var endTime: String
        }

        var day: String
        var action: RhythmService.ChangeAction
        var movedTo: Slot?
        /// With `not-held`: why the meeting did not take place.
        var reason: String?
    }

    @Sendable static func change(_ request: Request) async throws -> SeriesDTO {
        let scope = try request.scope
        let (record, cohort) = try await scope.visibleSeries(try request.idParameter())
        try request.requireJSONBody()
        let body = try request.content.decode(ChangeBody.self)
        guard let day = CalendarDay(body.day) else {
            throw ValidationProblem(field: "day", "day: \"\(body.day)\" is not a day; expected yyyy-mm-dd")
        }
        try await RhythmService.change(
            record, cohort: cohort, day: day, action: body.action,
            movedTo: body.movedTo.map { ($0.day, $0.startTime, $0.endTime) }, reason: body.reason, now: request.now,
            scope: scope, mail: request.mailContext)
        return try SeriesDTO(record)
    }

    struct AgendaDTO: Content {
        struct Item: Content {
            var title: String
            var minutes: Int
            var protocolKey: String?
            var startTime: String?
            var endTime: String?
        }

        var published: Bool
        var publishedAt: String?
        var items: [Item]
    }

    struct AttendanceDTO: Content {
        var personId: UUID
        var status: String
    }

    struct MeetingDetailDTO: Content {
        var seriesId: UUID
        var title: String
        var meeting: MeetingDTO
        var location: String
        /// The community's adopted "How might we …" question, when the series is a community's.
        var inquiryQuestion: String?
        /// Absent for leaders until it is published.
        var agenda: AgendaDTO?
        /// Everyone's for the cohort's runners; a leader's own only for a leader.
        var attendance: [AttendanceDTO]
    }

    static func detail(_ record: MeetingSeriesRecord, cohort: Cohort, day: CalendarDay, scope: DistrictScope)
        async throws -> MeetingDetailDTO
    {
        let occurrence = try RhythmService.occurrence(record, day: day)
        let canRun = try await scope.canRun(cohort)
        let agenda = try await RhythmService.agenda(record, day: day, on: scope.database)
        var agendaDTO: AgendaDTO?
        if let agenda, canRun || agenda.publishedAt != nil {
            let timeline = agenda.agenda.timeline(startingAt: occurrence.slot.startTime)
            agendaDTO = AgendaDTO(
                published: agenda.publishedAt != nil, publishedAt: agenda.publishedAt.map(instant),
                items: agenda.items.enumerated().map { index, item in
                    .init(
                        title: item.title, minutes: item.minutes, protocolKey: item.protocolKey,
                        startTime: timeline.indices.contains(index) ? timeline[index].start.description : nil,
                        endTime: timeline.indices.contains(index) ? timeline[index].end.description : nil)
                })
        }
        let statuses = try await RhythmService.attendance(record, day: day, on: scope.database)
        return MeetingDetailDTO(
            seriesId: try record.requireID(), title: record.title, meeting: MeetingDTO(occurrence),
            location: record.location,
            inquiryQuestion: try await QuestionService.adoptedText(of: record.$community.id, on: scope.database),
            agenda: agendaDTO,
            attendance: statuses.filter { canRun || $0.key == scope.viewer.userID }
                .map { AttendanceDTO(personId: $0.key, status: $0.value.rawValue) }
                .sorted { $0.personId.uuidString < $1.personId.uuidString })
    }

    @Sendable static func meeting(_ request: Request) async throws -> MeetingDetailDTO {
        let scope = try request.scope
        let (record, cohort) = try await scope.visibleSeries(try request.idParameter())
        return try await detail(record, cohort: cohort, day: try request.dayParameter(), scope: scope)
    }

    struct AgendaBody: Content {
        struct Item: Content {
            var title: String?
            var minutes: Int?
            var protocolKey: String?
        }

        var items: [Item]
        var published: Bool?
    }

    @Sendable static func setAgenda(_ request: Request) async throws -> MeetingDetailDTO {
        let scope = try request.scope
        let (record, cohort) = try await scope.visibleSeries(try request.idParameter())
        let day = try request.dayParameter()
        try request.requireJSONBody()
        let body = try request.content.decode(AgendaBody.self)
        _ = try await RhythmService.setAgenda(
            record, cohort: cohort, day: day,
            items: body.items.map {
                .init(title: $0.title ?? "", minutes: $0.minutes ?? 0, protocolKey: $0.protocolKey)
            },
            published: body.published ?? false, scope: scope)
        return try await detail(record, cohort: cohort, day: day, scope: scope)
    }

    struct AttendanceBody: Content {
        var records: [AttendanceDTO]
    }

    @Sendable static func setAttendance(_ request: Request) async throws -> MeetingDetailDTO {
        let scope = try request.scope
        let (record, cohort) = try await scope.visibleSeries(try request.idParameter())
        let day = try request.dayParameter()
        try request.requireJSONBody()
        let body = try request.content.decode(AttendanceBody.self)
        var statuses: [UUID: AttendanceRecord.Status] = [:]
        for (index, entry) in body.records.enumerated() {
            guard let status = AttendanceRecord.Status(rawValue: entry.status) else {
                throw ValidationProblem(
                    field: "records[\(index)].status", "records[\(index)].status: present, absent or excused")
            }
            statuses[entry.personId] = status
        }
        try await RhythmService.record(statuses, record, cohort: cohort, day: day, scope: scope)
        return try await detail(record, cohort: cohort, day: day, scope: scope)
    }

    @Sendable static func checkIn(_ request: Request) async throws -> MeetingDetailDTO {
        let scope = try request.scope
        let (record, cohort) = try await scope.visibleSeries(try request.idParameter())
        let day = try request.dayParameter()
        try await RhythmService.checkIn(record, cohort: cohort, day: day, scope: scope, now: request.now)
        return try await detail(record, cohort: cohort, day: day, scope: scope)
    }
}
