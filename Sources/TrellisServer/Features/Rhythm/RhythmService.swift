import Fluent
import FluentSQL
import Foundation
import SQLKit
import TrellisCore
import Vapor

/// Meeting series and what happens at each meeting: creating a series, changing one meeting, the
/// agenda, attendance, check-in and shared notes. Pages and the API both come through here, so the
/// rules are the same for both.
enum RhythmService {
    /// An agenda counts as published ahead when it was out at least this many days before the meeting.
    static let agendaLeadDays = 3
    /// A leader can check in from this long before the start until the end.

    struct SeriesForm: Content, Sendable {
        var title: String?
        var community: String?
        var kind: String?
        var week: String?
        var weekday: String?
        var startDay: String?
        var endDay: String?
        var startTime: String?
        var endTime: String?
        var timeZone: String?
        var location: String?
        /// The pattern's code as the API sends it ("monthly:2:tue"); the page sends the three menus.
        var recurrenceCode: String?

        /// "monthly:2:tue", "weekly:tue", "biweekly:tue" from the form's three menus.
        var recurrence: String {
            if let recurrenceCode { return recurrenceCode }
            let day = weekday ?? ""
            switch kind ?? "" {
            case "weekly": return "weekly:\(day)"
            case "biweekly": return "biweekly:\(day)"
            default: return "monthly:\(week ?? ""):\(day)"
            }
        }
    }

    static func problem(_ problem: MeetingScheduleProblem) -> FieldProblem {
        let labels = [
            "recurrence": "Pattern", "startDay": "First day", "endDay": "Last day", "startTime": "Starts at",
            "endTime": "Ends at", "timeZone": "Time zone", "day": "Day",
        ]
        let field = problem.field == "recurrence" ? "weekday" : problem.field
        return FieldProblem(field: field, message: "\(labels[problem.field] ?? problem.field): \(problem.message)")
    }

    static func create(_ form: SeriesForm, cohort: Cohort, scope: DistrictScope) async throws -> MeetingSeriesRecord {
        try await scope.requireRunner(of: cohort)
        var problems: [FieldProblem] = []
        let title = (form.title ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if title.isEmpty || title.count > 120 {
            problems.append(.init(field: "title", message: "Title: required, up to 120 characters."))
        }
        let location = (form.location ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if location.count > 300 {
            problems.append(.init(field: "location", message: "Place or link: up to 300 characters."))
        }
        var communityID: UUID?
        if let text = form.community, !text.isEmpty {
            let published = try await scope.publishedCommunities(of: cohort)
            if let id = UUID(uuidString: text), published.contains(where: { $0.id == id }) {
                communityID = id
            } else {
                problems.append(
                    .init(field: "community", message: "For: choose the whole cohort or one of its communities."))
            }
        }
        // Every wrong field of the pattern is named at once (the core checks each, then the whole).
        let patternProblems = MeetingPattern.problems(
            recurrence: form.recurrence, startDay: form.startDay ?? "", endDay: form.endDay ?? "",
            startTime: form.startTime ?? "", endTime: form.endTime ?? "", timeZone: form.timeZone ?? "")
        problems += patternProblems.map(Self.problem)
        let pattern =
            patternProblems.isEmpty
            ? try? MeetingPattern(
                recurrence: form.recurrence, startDay: form.startDay ?? "", endDay: form.endDay ?? "",
                startTime: form.startTime ?? "", endTime: form.endTime ?? "", timeZone: form.timeZone ?? "")
            : nil
        guard problems.isEmpty, let pattern else { throw ValidationProblem(problems) }
        let series = MeetingSeriesRecord(
            districtID: cohort.$district.id, cohortID: try cohort.requireID(), communityID: communityID, title: title,
            pattern: pattern, location: location)
        try await series.create(on: scope.database)
        series.$changes.value = []
        return series
    }

    /// `restore` puts a meeting back on its original day and time; `reinstate` takes back a cancellation,
    /// a skip or a not-held record and keeps any move; `notHeld` records, once a meeting has begun,
    /// that it did not take place, with a reason.
    enum ChangeAction: String, Codable, Sendable {
        case skip, cancel, restore, reinstate, move
        case notHeld = "not-held"
    }

    /// Skips, cancels, restores or moves the meeting first scheduled on `day` while it is still ahead;
    /// once it has begun, only records that it did not take place (or takes that record back).
    static func change(
        _ record: MeetingSeriesRecord, cohort: Cohort, day: CalendarDay, action: ChangeAction,
        movedTo: (day: String, start: String, end: String)?, reason: String? = nil, now: Date, scope: DistrictScope,
        mail: MailContext? = nil
    ) async throws {
        try await scope.requireRunner(of: cohort)
        var series = try record.series()
        do {
            let correctingRecord = action == .reinstate && series.changes[day]?.notHeldReason != nil
            if action != .notHeld, action != .move, !correctingRecord,
                let refusal = series.scheduleChangeRefusal(day, movingTo: nil, now: now)
            {
                throw refusal
            }
            switch action {
            case .notHeld: try series.recordNotHeld(day, reason: reason ?? "", now: now)
            case .skip: try series.skip(day)
            case .cancel: try series.cancel(day)
            case .restore: try series.restore(day)
            case .reinstate:
                if let slot = series.changes[day]?.movedTo {
                    try series.move(day, to: slot)
                } else {
                    try series.restore(day)
                }
            case .move:
                guard let movedTo else { throw MeetingScheduleProblem(field: "movedDay", message: "give the new day") }
                guard let newDay = CalendarDay(movedTo.day) else {
                    throw MeetingScheduleProblem(
                        field: "movedDay", message: "\"\(movedTo.day)\" is not a day; expected yyyy-mm-dd")
                }
                guard let start = TimeOfDay(movedTo.start) else {
                    throw MeetingScheduleProblem(
                        field: "movedStart", message: "\"\(movedTo.start)\" is not a time; expected hh:mm")
                }
                guard let end = TimeOfDay(movedTo.end) else {
                    throw MeetingScheduleProblem(
                        field: "movedEnd", message: "\"\(movedTo.end)\" is not a time; expected hh:mm")
                }
                let slot: MeetingSlot
                do {
                    slot = try MeetingSlot(day: newDay, startTime: start, endTime: end)
                } catch {
                    throw MeetingScheduleProblem(field: "movedEnd", message: error.message)
                }
                if let refusal = series.scheduleChangeRefusal(day, movingTo: slot, now: now) { throw refusal }
                let clash = series.occurrences(from: newDay, through: newDay).first { other in
                    other.key != day && other.status != .cancelled && other.slot.startTime < end
                        && start < other.slot.endTime
                }
                if let clash {
                    throw MeetingScheduleProblem(
                        field: "movedDay",
                        message:
                            "the series already meets then (\(clash.slot.readable)); choose another time")
                }
                try series.move(day, to: slot)
            }
        } catch let problem as MeetingScheduleProblem {
            let labels = [
                "movedDay": "New day", "movedStart": "New start", "movedEnd": "New end", "day": "Meeting",
                "reason": "Why it did not take place",
            ]
            throw ValidationProblem(
                field: problem.field, "\(labels[problem.field] ?? problem.field): \(problem.message)")
        }
        guard let change = series.changes[day] else { return }
        let seriesID = try record.requireID()
        let notices = try await meetingNotices(
            record, cohort: cohort, day: day, action: action, change: change, scope: scope)
        let existing = record.changes.first(where: { $0.originalDay == day.description })
        let created = try await scope.database.transaction { db -> MeetingChange? in
            var created: MeetingChange?
            if let existing {
                existing.set(change)
                try await existing.save(on: db)
            } else {
                created = MeetingChange(seriesID: seriesID, change)
                try await created?.create(on: db)
            }
            // The emails are written with the change: both are there, or neither.
            if let mail {
                for notice in notices {
                    try await MailService.enqueue(
                        .meetingChange, to: notice.recipient, district: notice.district, subject: notice.subject,
                        text: notice.text, html: notice.html, dedupeKey: notice.dedupeKey, base: mail.base,
                        settings: mail.settings, on: db, now: now)
                }
            }
            return created
        }
        if let created { record.$changes.value?.append(created) }
    }

    struct MeetingNotice: Sendable {
        var recipient: MailService.Recipient
        var district: String
        var subject: String
        var text: String
        var html: String
        var dedupeKey: String
    }

    /// For a move, a cancellation or a skip: an email to each person the meeting is for, saying what changed
    /// (the series' title, the day, the new time); nothing for other changes.
    private static func meetingNotices(
        _ record: MeetingSeriesRecord, cohort: Cohort, day: CalendarDay, action: ChangeAction,
        change: OccurrenceChange, scope: DistrictScope
    ) async throws -> [MeetingNotice] {
        let what: String
        switch action {
        case .move:
            guard let slot = change.movedTo else { return [] }
            what = "moved: it now meets \(slot.readable)"
        case .cancel, .skip: what = "cancelled"
        default: return []
        }
        let district = try await Self.district(of: cohort, on: scope.database)?.name ?? "your district"
        let subject = "\(record.title) on \(day.readable) is \(action == .move ? "moved" : "cancelled")"
        let text = "The meeting \(record.title) (\(cohort.name)) first set for \(day.readable) is \(what)."
        let html =
            "<p>The meeting <strong>\(MarkupEscaping.escape(record.title))</strong> (\(MarkupEscaping.escape(cohort.name))) first set for \(MarkupEscaping.escape(day.readable)) is \(MarkupEscaping.escape(what)).</p>"
        return try await scope.attendees(of: record, in: cohort).map { person in
            MeetingNotice(
                recipient: .init(userID: person.id, email: person.email, districtID: record.$district.id),
                district: district, subject: subject, text: text, html: html,
                dedupeKey:
                    "meeting:\(UUIDText.lowercased(try record.requireID())):\(day):\(change.sequence):\(UUIDText.lowercased(person.id))"
            )
        }
    }

    /// The meeting first scheduled on `day`; 404 when the series has none that day (or it was skipped).
    static func occurrence(_ record: MeetingSeriesRecord, day: CalendarDay) throws -> MeetingOccurrence {
        guard let occurrence = try record.series().occurrence(day) else { throw Abort(.notFound) }
        return occurrence
    }

    /// The cohort's district, for its time zone.
    static func district(of cohort: Cohort, on db: any Database) async throws -> District? {
        try await District.find(cohort.$district.id, on: db)
    }

    // MARK: - Agenda

    /// Every meeting's agenda in the series, published or not.
    static func agendas(of record: MeetingSeriesRecord, on db: any Database) async throws -> [MeetingAgendaRecord] {
        try await MeetingAgendaRecord.query(on: db).filter(\.$series.$id == record.requireID()).all()
    }

    static func agenda(_ record: MeetingSeriesRecord, day: CalendarDay, on db: any Database) async throws
        -> MeetingAgendaRecord?
    {
        try await db.sql().raw(
            """
            SELECT * FROM meeting_agendas WHERE series_id = \(bind: try record.requireID())
            AND meeting_day = \(bind: day.description)
            """
        ).first().map { try $0.decode(fluentModel: MeetingAgendaRecord.self) }
    }

    /// Which of these meetings (series id, original day) have a published agenda: one query for all.
    static func publishedAgendas(of meetings: [(seriesID: UUID, day: CalendarDay)], on db: any Database) async throws
        -> Set<String>
    {
        guard !meetings.isEmpty else { return [] }
        struct Row: Decodable {
            let series_id: UUID
            let meeting_day: String
        }
        let series = SQLList(Set(meetings.map(\.seriesID)).map { SQLBind($0) })
        let days = SQLList(Set(meetings.map(\.day.description)).map { SQLBind($0) })
        return Set(
            try await db.sql().raw(
                """
                SELECT series_id, meeting_day FROM meeting_agendas
                WHERE series_id IN (\(series)) AND meeting_day IN (\(days)) AND published_at IS NOT NULL
                """
            ).all(decoding: Row.self).map { "\($0.series_id)|\($0.meeting_day)" })
    }

    /// Replaces a meeting's agenda. Checked against the meeting's own times (a moved meeting may be
    /// shorter): an item that would run past the end is refused, naming the item.
    static func setAgenda(
        _ record: MeetingSeriesRecord, cohort: Cohort, day: CalendarDay, items: [MeetingAgendaRecord.Item],
        published: Bool, scope: DistrictScope
    ) async throws -> MeetingAgendaRecord {
        try await scope.requireRunner(of: cohort)
        let occurrence = try occurrence(record, day: day)
        var problems: [FieldProblem] = []
        var checked: [MeetingAgendaRecord.Item] = []
        for (index, item) in items.enumerated() {
            if let key = item.protocolKey, !key.isEmpty {
                guard let meetingProtocol = MeetingProtocol.named(key) else {
                    problems.append(
                        .init(field: "protocol", message: "Item \(index + 1): there is no protocol \"\(key)\"."))
                    continue
                }
                let title = item.title.trimmingCharacters(in: .whitespaces)
                checked.append(
                    .init(
                        title: title.isEmpty ? meetingProtocol.name : title, minutes: meetingProtocol.minutes,
                        protocolKey: key))
            } else {
                let title = item.title.trimmingCharacters(in: .whitespacesAndNewlines)
                if title.isEmpty || title.count > 160 {
                    problems.append(
                        .init(
                            field: "itemTitle", message: "Item \(index + 1): give it a title of up to 160 characters."))
                }
                if !(1...480).contains(item.minutes) {
                    problems.append(
                        .init(field: "itemMinutes", message: "Item \(index + 1): minutes must be between 1 and 480."))
                }
                checked.append(.init(title: title, minutes: item.minutes, protocolKey: nil))
            }
        }
        if problems.isEmpty {
            do {
                try MeetingAgenda(items: checked.map { .init(title: $0.title, minutes: $0.minutes) })
                    .validate(startTime: occurrence.slot.startTime, endTime: occurrence.slot.endTime)
            } catch {
                let field = checked.last?.protocolKey == nil ? "itemMinutes" : "protocol"
                problems.append(.init(field: field, message: "Agenda: \(error.description)"))
            }
        }
        if published && checked.isEmpty {
            problems.append(.init(field: "protocol", message: "Agenda: add at least one item before publishing."))
        }
        guard problems.isEmpty else { throw ValidationProblem(problems) }
        let agenda =
            try await agenda(record, day: day, on: scope.database)
            ?? MeetingAgendaRecord(seriesID: try record.requireID(), meetingDay: day.description)
        agenda.items = checked
        if published && agenda.publishedAt == nil { agenda.publishedAt = scope.clock.now() }
        if !published { agenda.publishedAt = nil }
        try await agenda.save(on: scope.database)
        return agenda
    }

    // MARK: - Attendance and check-in

    static func attendance(_ record: MeetingSeriesRecord, day: CalendarDay, on db: any Database) async throws
        -> [UUID: AttendanceRecord.Status]
    {
        let rows = try await db.sql().raw(
            """
            SELECT user_id, status FROM meeting_attendance WHERE series_id = \(bind: try record.requireID())
            AND meeting_day = \(bind: day.description)
            """
        ).all()
        var statuses: [UUID: AttendanceRecord.Status] = [:]
        for row in rows {
            guard let status = AttendanceRecord.Status(rawValue: try row.decode(column: "status", as: String.self))
            else { continue }
            let userID = try row.decode(column: "user_id", as: UUID.self)
            if statuses[userID] == nil { statuses[userID] = status }
        }
        return statuses
    }

    /// Records attendance for the series' leaders. Only the cohort's facilitators and admins mark
    /// other people; a leader marks themself only by checking in.
    static func record(
        _ statuses: [UUID: AttendanceRecord.Status], _ record: MeetingSeriesRecord, cohort: Cohort, day: CalendarDay,
        scope: DistrictScope
    ) async throws {
        try await scope.requireRunner(of: cohort)
        let occurrence = try occurrence(record, day: day)
        guard occurrence.status != .cancelled else {
            throw Abort(.conflict, reason: "The meeting was cancelled: there is no attendance to record.")
        }
        guard MeetingWindows.isAttendanceOpen(occurrence, now: scope.clock.now()) else {
            throw Abort(.conflict, reason: "Attendance is recorded once the meeting is about to start.")
        }
        let attendees = Set(try await scope.attendees(of: record, in: cohort).compactMap(\.id))
        let strangers = statuses.keys.filter { !attendees.contains($0) }
        guard strangers.isEmpty else {
            throw ValidationProblem(
                field: "attendance",
                "Attendance: \(strangers.count) of the people named are not expected at this meeting.")
        }
        try await save(statuses, record, day: day, by: scope.viewer.userID, on: scope.database)
    }

    /// A leader's own check-in, from shortly before the start until the end of the meeting.
    static func checkIn(
        _ record: MeetingSeriesRecord, cohort: Cohort, day: CalendarDay, scope: DistrictScope, now: Date
    ) async throws {
        let occurrence = try occurrence(record, day: day)
        let attendees = Set(try await scope.attendees(of: record, in: cohort).compactMap(\.id))
        guard attendees.contains(scope.viewer.userID) else {
            throw Abort(.forbidden, reason: "Only the leaders expected at this meeting check in.")
        }
        guard MeetingWindows.isCheckInOpen(occurrence, now: now) else {
            throw Abort(
                .conflict,
                reason:
                    "Check-in is open from \(MeetingWindows.checkInOpensMinutesBefore) minutes before the meeting until it ends."
            )
        }
        try await save([scope.viewer.userID: .present], record, day: day, by: scope.viewer.userID, on: scope.database)
    }

    /// The next `limit` meetings of these series that have not ended, soonest first.
    static func upcoming(_ records: [MeetingSeriesRecord], now: Date, limit: Int) throws
        -> [(record: MeetingSeriesRecord, occurrence: MeetingOccurrence)]
    {
        MeetingWindows.upcoming(try records.map { ($0, try $0.series()) }, now: now, limit: limit)
            .map { (record: $0.key, occurrence: $0.occurrence) }
    }

    /// Who a series is for, in words: "the whole cohort" or its community's name.
    static func audience(_ record: MeetingSeriesRecord, communities: [Community]) -> String {
        guard let id = record.$community.id else { return "the whole cohort" }
        return communities.first { $0.id == id }?.name ?? "a community"
    }

    private static func save(
        _ statuses: [UUID: AttendanceRecord.Status], _ record: MeetingSeriesRecord, day: CalendarDay, by recorder: UUID,
        on db: any Database
    ) async throws {
        let seriesID = try record.requireID()
        try await db.transaction { db in
            for (user, status) in statuses {
                let existing = try await MeetingAttendance.query(on: db).filter(\.$series.$id == seriesID)
                    .filter(\.$meetingDay == day.description).filter(\.$user.$id == user).first()
                let row =
                    existing
                    ?? MeetingAttendance(
                        seriesID: seriesID, meetingDay: day.description, userID: user, status: status,
                        recordedBy: recorder)
                row.status = status.rawValue
                row.$recordedBy.id = recorder
                try await row.save(on: db)
            }
        }
    }

    // MARK: - Notes

    static let longestNote = 10_000

    /// A shared note as the meeting page shows it.
    struct Note: Sendable {
        let author: String
        let body: String
        let createdAt: Date?
    }

    /// One meeting's shared notes, oldest first, with their authors' names: one statement.
    static func notes(of record: MeetingSeriesRecord, day: CalendarDay, on db: any Database) async throws -> [Note] {
        try await db.sql().raw(
            """
            SELECT n.body AS body, n.created_at AS created_at, u.given_name AS given_name, u.family_name AS family_name
            FROM meeting_notes n JOIN users u ON u.id = n.author_id
            WHERE n.series_id = \(bind: try record.requireID()) AND n.meeting_day = \(bind: day.description)
            ORDER BY n.created_at
            """
        ).all().map { row in
            Note(
                author: MemberPerson.fullName(
                    given: try row.decode(column: "given_name", as: String.self),
                    family: try row.decode(column: "family_name", as: String.self)),
                body: try row.decode(column: "body", as: String.self),
                createdAt: try row.decodeNil(column: "created_at")
                    ? nil : try row.decode(column: "created_at", as: Date.self))
        }
    }

    static func addNote(_ body: String, _ record: MeetingSeriesRecord, day: CalendarDay, scope: DistrictScope)
        async throws
    {
        _ = try occurrence(record, day: day)
        let text = body.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, text.count <= longestNote else {
            throw ValidationProblem(field: "note", "Note: write something, up to 10 000 characters.")
        }
        try await MeetingNote(
            seriesID: try record.requireID(), meetingDay: day.description, authorID: scope.viewer.userID, body: text
        ).create(on: scope.database)
    }

    // MARK: - Measures

    /// The predictability measures of one series, up to now.
    static func measures(_ record: MeetingSeriesRecord, now: Date, on db: any Database) async throws
        -> PredictabilityMeasures
    {
        try await measures(of: [record], now: now, on: db)[try record.requireID()]!
    }

    /// A year of a cohort's attendance is thousands of rows: read field by field rather than through
    /// `Decodable`'s keyed containers.
    struct AttendanceRow: Sendable {
        let seriesID: UUID
        let userID: UUID
        let meetingDay: String
        let status: String

        init(_ row: any SQLRow) throws {
            seriesID = try row.decodeUUID(column: "series_id")
            userID = try row.decodeUUID(column: "user_id")
            meetingDay = try row.decode(column: "meeting_day", as: String.self)
            status = try row.decode(column: "status", as: String.self)
        }
    }

    private struct AgendaRow: Decodable {
        let series_id: UUID
        let meeting_day: String
        let published_at: Date
    }

    /// Each series' attendance rows. A report reads them once for both of its uses: the rhythm measures and
    /// each meeting's count of who came.
    static let attendance = BatchRead<[AttendanceRow]>(name: "attendance rows", empty: []) { ids, db in
        Dictionary(
            grouping: try await db.sql().raw(
                """
                SELECT series_id, user_id, meeting_day, status FROM meeting_attendance
                WHERE series_id IN (\(SQLList(ids.map { SQLBind($0) })))
                """
            ).all().map(AttendanceRow.init), by: \.seriesID)
    }

    /// The measures of several series at once: two queries for all of them, whatever their number.
    static func measures(of records: [MeetingSeriesRecord], now: Date, on db: any Database) async throws
        -> [UUID: PredictabilityMeasures]
    {
        guard !records.isEmpty else { return [:] }
        let attendance = try await attendance.load(try records.map { try $0.requireID() }, db)
        return try await measures(of: records, attendance: attendance, now: now, on: db)
    }

    /// The measures of several series whose `attendance` (by series) is read already.
    static func measures(
        of records: [MeetingSeriesRecord], attendance: [UUID: [AttendanceRow]], now: Date, on db: any Database
    ) async throws -> [UUID: PredictabilityMeasures] {
        guard !records.isEmpty else { return [:] }
        let ids = SQLList(try records.map { SQLBind(try $0.requireID()) })
        let sql = try db.sql()
        let agendas = Dictionary(
            grouping: try await sql.raw(
                """
                SELECT series_id, meeting_day, published_at FROM meeting_agendas
                WHERE series_id IN (\(ids)) AND published_at IS NOT NULL
                """
            ).all(decoding: AgendaRow.self), by: \.series_id)
        var measures: [UUID: PredictabilityMeasures] = [:]
        for record in records {
            let seriesID = try record.requireID()
            let series = try record.series()
            let occurrences = series.occurrences(
                from: series.pattern.startDay, through: CalendarDay(now).adding(days: 1))
            let records = (attendance[seriesID] ?? []).compactMap { row -> AttendanceRecord? in
                guard let day = CalendarDay(row.meetingDay), let status = AttendanceRecord.Status(rawValue: row.status)
                else { return nil }
                return AttendanceRecord(leaderID: UUIDText.lowercased(row.userID), occurrence: day, status: status)
            }
            let published = Dictionary(
                (agendas[seriesID] ?? []).compactMap { agenda in
                    CalendarDay(agenda.meeting_day).map { ($0, agenda.published_at) }
                }, uniquingKeysWith: { first, _ in first })
            measures[seriesID] = PredictabilityMeasures(
                occurrences: occurrences, attendance: records, agendaPublished: published,
                agendaLeadDays: agendaLeadDays, now: now)
        }
        return measures
    }
}

/// Who sees a meeting series: the district's admins and the cohort's facilitators; for a cohort-wide
/// series every member of the cohort; for a community's series the community's members. Everyone else
/// is told it does not exist.
extension DistrictScope {
    func visibleSeries(_ id: UUID) async throws -> (series: MeetingSeriesRecord, cohort: Cohort) {
        guard let series = try await seriesWithChanges(where: "s.id = \(bind: id)").first
        else { throw Abort(.notFound) }
        let cohort = try await visibleCohort(series.$cohort.id)
        guard try await seriesFilter(in: cohort)(series) else { throw Abort(.notFound) }
        return (series, cohort)
    }

    /// The cohort's series the viewer sees, by title. The database leaves out other communities' series,
    /// so a leader's pages read their own few whatever the number of communities.
    func visibleSeries(of cohort: Cohort) async throws -> [MeetingSeriesRecord] {
        try await memo.read("series of \(try cohort.requireID())") { try await readVisibleSeries(of: cohort) }
    }

    /// The series a community's meetings follow: its own, or, when it has none, its cohort's (those of no
    /// community), by title. The cohort's series are grouped by community once per page: a cohort's report
    /// asks for every community's.
    func meetingSeries(of communityID: UUID, in cohort: Cohort) async throws -> [MeetingSeriesRecord] {
        let series = try await visibleSeries(of: cohort)
        let byCommunity = try await memo.read("series by community of \(try cohort.requireID())") {
            Dictionary(grouping: series, by: \.$community.id)
        }
        return byCommunity[communityID] ?? byCommunity[nil] ?? []
    }

    private func readVisibleSeries(of cohort: Cohort) async throws -> [MeetingSeriesRecord] {
        var condition: SQLQueryString = "s.cohort_id = \(bind: try cohort.requireID())"
        if try await !seesEverySeries(of: cohort) {
            let own = try await viewerCommunityIDs()
            condition =
                own.isEmpty
                ? "\(condition) AND s.community_id IS NULL"
                : "\(condition) AND (s.community_id IS NULL OR s.community_id IN (\(SQLList(own.map { SQLBind($0) }))))"
        }
        return try await seriesWithChanges(where: condition)
    }

    /// The district's series that meet the condition (on `s`), by title, each with its changes: two short
    /// statements decoded into the models, whatever the number of series.
    /// Every series of these cohorts, each with its changes: two statements for any number of cohorts.
    func allSeries(of cohortIDs: [UUID]) async throws -> [MeetingSeriesRecord] {
        guard !cohortIDs.isEmpty else { return [] }
        return try await seriesWithChanges(where: "s.cohort_id IN (\(SQLList(cohortIDs.map { SQLBind($0) })))")
    }

    private func seriesWithChanges(where condition: SQLQueryString) async throws -> [MeetingSeriesRecord] {
        let sql = try database.sql()
        let records = try await sql.raw(
            "SELECT s.* FROM meeting_series s WHERE \(condition) AND \(districtCondition("s.district_id")) ORDER BY s.title"
        ).all().map { try $0.decode(fluentModel: MeetingSeriesRecord.self) }
        guard !records.isEmpty else { return [] }
        var changes: [UUID: [MeetingChange]] = [:]
        for row in try await sql.raw(
            """
            SELECT * FROM meeting_changes
            WHERE series_id IN (\(SQLList(try records.map { SQLBind(try $0.requireID()) })))
            """
        ).all() {
            let change = try row.decode(fluentModel: MeetingChange.self)
            changes[change.$series.id, default: []].append(change)
        }
        for record in records { record.$changes.value = changes[try record.requireID()] ?? [] }
        return records
    }

    /// Decides, with at most two queries whatever the number of series, which of a cohort's series the
    /// viewer sees (this runs on every meeting page and calendar feed).
    private func seriesFilter(in cohort: Cohort) async throws -> @Sendable (MeetingSeriesRecord) -> Bool {
        if try await seesEverySeries(of: cohort) { return { _ in true } }
        let own = try await viewerCommunityIDs()
        return { series in series.$community.id.map(own.contains) ?? true }
    }

    /// The district's admins and the cohort's facilitators see all of its series.
    private func seesEverySeries(of cohort: Cohort) async throws -> Bool {
        viewer.role.isAdmin ? true : try await viewerRoles(in: cohort.requireID()).contains(.facilitator)
    }

    /// The leaders expected at a series' meetings: the community's members, or the cohort's leaders.
    func attendees(of series: MeetingSeriesRecord, in cohort: Cohort) async throws -> [MemberPerson] {
        if let communityID = series.$community.id {
            return (try await communityMembers(of: [communityID])[communityID] ?? []).map(\.person)
        }
        return try await members(of: cohort, as: .leader).map(\.person)
    }

    /// `attendees(of:in:)` of every series at once, by series id: two queries whatever their number.
    func attendees(of records: [MeetingSeriesRecord], in cohort: Cohort) async throws -> [UUID: [MemberPerson]] {
        let byCommunity = try await communityMembers(of: records.compactMap { $0.$community.id })
        let cohortLeaders =
            records.contains { $0.$community.id == nil }
            ? try await members(of: cohort, as: .leader).map(\.person) : []
        var attendees: [UUID: [MemberPerson]] = [:]
        for record in records {
            attendees[try record.requireID()] =
                record.$community.id.map { (byCommunity[$0] ?? []).map(\.person) } ?? cohortLeaders
        }
        return attendees
    }
}

extension Request {
    /// The `:day` path parameter: a meeting's original day, yyyy-mm-dd. Anything else is not found.
    func dayParameter() throws -> CalendarDay {
        guard let text = parameters.get(SiteURL.dayKey), let day = CalendarDay(text) else { throw Abort(.notFound) }
        return day
    }
}
