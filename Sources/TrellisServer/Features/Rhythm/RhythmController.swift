import Fluent
import Foundation
import TrellisCore
import Vapor

/// The rhythm's pages: a cohort's meetings (with the predictability measures for its runners), a
/// series, and one meeting with its agenda, attendance, check-in, notes and changes.
enum RhythmController {
    static func register(_ routes: RouteGroups) {
        let pages = routes.pages
        let runners = pages.grouped(RoleGuard(.districtAdmin, .facilitator))
        pages.get(SiteURL.cohortMeetings(.key).pathComponents, use: meetings)
        runners.post(SiteURL.cohortMeetings(.key).pathComponents, use: createSeries)
        pages.get(SiteURL.meetingSeries(.key).pathComponents, use: series)
        pages.get(SiteURL.meeting(.key, day: .key).pathComponents, use: meeting)
        runners.post(SiteURL.meetingStep(.key, day: .key, .change).pathComponents, use: change)
        runners.post(SiteURL.meetingStep(.key, day: .key, .agenda).pathComponents, use: agenda)
        runners.post(SiteURL.meetingStep(.key, day: .key, .attendance).pathComponents, use: attendance)
        pages.grouped(RoleGuard(.leader)).post(
            SiteURL.meetingStep(.key, day: .key, .checkIn).pathComponents, use: checkIn)
        pages.post(SiteURL.meetingStep(.key, day: .key, .notes).pathComponents, use: addNote)
    }

    // MARK: - A cohort's meetings

    @Sendable static func meetings(_ request: Request) async throws -> Response {
        try await renderMeetings(request, form: nil, problems: [], status: .ok)
    }

    static func renderMeetings(
        _ request: Request, form: RhythmService.SeriesForm?, problems: [FieldProblem], status: HTTPResponseStatus
    ) async throws -> Response {
        let scope = try request.scope
        let cohort = try await scope.visibleCohort(try request.idParameter())
        let records = try await scope.visibleSeries(of: cohort)
        let canRun = try await scope.canRun(cohort)
        // a runner's form offers every community; anyone else needs only the names of the series they see
        let communities = try await scope.publishedCommunities(
            of: cohort, among: canRun ? nil : Set(records.compactMap { $0.$community.id }))
        var summaries: [MeetingsPage.SeriesSummary] = []
        let allMeasures = canRun ? try await RhythmService.measures(of: records, now: request.now, on: request.db) : [:]
        let allAttendees = canRun ? try await scope.attendees(of: records, in: cohort) : [:]
        for record in records {
            var names: [String: String] = [:]
            var measures: PredictabilityMeasures?
            if canRun {
                measures = allMeasures[try record.requireID()]
                for user in allAttendees[try record.requireID()] ?? [] {
                    names[UUIDText.lowercased(user.id)] = user.fullName
                }
            }
            summaries.append(
                .init(
                    id: try record.requireID(), title: record.title, pattern: try record.pattern.description,
                    audience: RhythmService.audience(record, communities: communities), location: record.location,
                    measures: measures, leaderNames: names))
        }
        var trust: (String, Double)?
        if canRun,
            let round = try await TrustService.closedRounds(
                of: cohort.requireID(), today: request.today, on: request.db
            ).last,
            let results = try await TrustService.results(round, today: request.today, on: request.db),
            !results.cohort.suppressed,
            let mean = results.cohort.facets[.predictability]?.mean
        {
            trust = (round.title, mean)
        }
        var defaults: RhythmService.SeriesForm?
        if canRun {
            let district = try await RhythmService.district(of: cohort, on: request.db)
            let today = request.application.trellis.clock.today(
                in: TimeZone(identifier: district?.timeZone ?? "") ?? TimeZone(identifier: "UTC")!)
            let span = MeetingWindows.defaultSpan(
                of: SchoolYear(cohort.schoolYear) ?? SchoolYear(startYear: today.year), today: today)
            defaults =
                form
                ?? .init(
                    startDay: span.start.description, endDay: span.end.description,
                    timeZone: district?.timeZone ?? District.defaultTimeZone)
        }
        let model = MeetingsPage.Model(
            cohortID: try cohort.requireID(), cohortName: cohort.name,
            upcoming: try RhythmService.upcoming(records, now: request.now, limit: 8).map { record, occurrence in
                .init(
                    seriesID: try record.requireID(), key: occurrence.key.description,
                    title: "\(record.title) · \(RhythmService.audience(record, communities: communities))",
                    when: MeetingFormat.slot(occurrence.slot), status: MeetingFormat.status(occurrence))
            },
            series: summaries, trustPredictability: trust, form: defaults,
            communities: communities.compactMap { community in
                community.id.map { (UUIDText.lowercased($0), community.name) }
            },
            problems: problems)
        return MeetingsPage.view(model, context: PageContext(request)).response(status: status)
    }

    @Sendable static func createSeries(_ request: Request) async throws -> Response {
        let scope = try request.scope
        let cohort = try await scope.visibleCohort(try request.idParameter())
        let form = try request.content.decode(RhythmService.SeriesForm.self)
        do {
            let record = try await RhythmService.create(form, cohort: cohort, scope: scope)
            return request.redirect(to: SiteURL.meetingSeries(.value(try record.requireID())).relativeURL)
        } catch let problem as ValidationProblem {
            return try await renderMeetings(
                request, form: form, problems: problem.problems, status: .unprocessableEntity)
        }
    }

    // MARK: - A series

    @Sendable static func series(_ request: Request) async throws -> Response {
        let scope = try request.scope
        let (record, cohort) = try await scope.visibleSeries(try request.idParameter())
        let series = try record.series()
        let agendas = try await RhythmService.agendas(of: record, on: request.db)
        let published = Set(agendas.filter { $0.publishedAt != nil }.map(\.meetingDay))
        let skipped = record.changes.filter { $0.disposition == OccurrenceChange.Disposition.skipped.rawValue }
            .compactMap { CalendarDay($0.originalDay) }.sorted()
        let model = SeriesPage.Model(
            id: try record.requireID(), cohortID: try cohort.requireID(), cohortName: cohort.name, title: record.title,
            pattern: series.pattern.description,
            audience: RhythmService.audience(
                record,
                communities: try await scope.publishedCommunities(
                    of: cohort, among: Set([record.$community.id].compactMap { $0 }))),
            location: record.location, timeZone: record.timeZone,
            meetings: series.occurrences(
                from: series.pattern.startDay, through: series.pattern.endDay.adding(days: 366)
            )
            .map { occurrence in
                (
                    occurrence.key.description, MeetingFormat.slot(occurrence.slot),
                    MeetingFormat.status(occurrence), published.contains(occurrence.key.description)
                )
            },
            skipped: skipped.map { ($0.description, MeetingFormat.day($0)) }, canRun: try await scope.canRun(cohort),
            justSkipped: request.query[String.self, at: "skipped"].flatMap(CalendarDay.init).map(MeetingFormat.day))
        return SeriesPage.view(model, context: PageContext(request)).response()
    }

    // MARK: - One meeting

    @Sendable static func meeting(_ request: Request) async throws -> Response {
        let notices = [
            "checked-in": "You are checked in.", "note": "Your note was added.", "agenda": "The agenda was saved.",
            "attendance": "Attendance was saved.", "changed": "The meeting was changed; subscribed calendars follow.",
            "cancelled": "The meeting is cancelled; subscribed calendars show it as cancelled.",
            "not-held": "Recorded: the meeting did not take place. It no longer counts as held or for attendance.",
        ]
        return try await renderMeeting(
            request, problems: [], status: .ok, notice: request.query[String.self, at: "done"].flatMap { notices[$0] })
    }

    static func renderMeeting(
        _ request: Request, problems: [FieldProblem], status: HTTPResponseStatus, notice: String? = nil,
        noteDraft: String = "", move: (day: String, start: String, end: String)? = nil,
        agendaDraft: (title: String, minutes: String) = ("", ""), reasonDraft: String = ""
    ) async throws -> Response {
        let scope = try request.scope
        let (record, cohort) = try await scope.visibleSeries(try request.idParameter())
        let day = try request.dayParameter()
        let occurrence = try RhythmService.occurrence(record, day: day)
        let canRun = try await scope.canRun(cohort)
        let agenda = try await RhythmService.agenda(record, day: day, on: request.db)
        let notes = try await RhythmService.notes(of: record, day: day, on: request.db)
        let attendees = try await scope.attendees(of: record, in: cohort)
        let statuses = try await RhythmService.attendance(record, day: day, on: request.db)
        let viewerID = scope.viewer.userID
        let isAttendee = attendees.contains { $0.id == viewerID }
        let zone = TimeZone(identifier: record.timeZone) ?? TimeZone(identifier: "UTC")!
        let labels: [AttendanceRecord.Status: String] = [
            .present: "You were there.", .absent: "You were marked absent.", .excused: "You were excused.",
        ]
        var model = MeetingPage.Model(
            seriesID: try record.requireID(), key: day.description, title: record.title,
            inquiry: try await QuestionService.adoptedText(of: record.$community.id, on: request.db),
            when: MeetingFormat.slot(occurrence.slot), status: MeetingFormat.status(occurrence),
            isCancelled: occurrence.status == .cancelled, timeZone: record.timeZone, location: record.location,
            agendaPublished: agenda?.publishedAt != nil,
            agenda: agenda?.agenda.timeline(startingAt: occurrence.slot.startTime).map { timed in
                (timed.description, timed.protocolSteps.map { "\($0.title) (\($0.minutes) min): \($0.prompt)" })
            } ?? [],
            agendaItems: agenda?.items.map { ($0.title, $0.minutes) } ?? [],
            agendaFit: agenda.map { MeetingFormat.fit($0.agenda, slot: occurrence.slot) },
            notes: notes.map { note in
                .init(
                    author: note.author,
                    written: note.createdAt.map { CalendarDay($0, timeZone: zone).description } ?? "",
                    html: MeetingNotes.html(fromMarkdown: note.body))
            },
            canRun: canRun,
            ownStatus: isAttendee
                ? (statuses[viewerID].flatMap { labels[$0] }
                    ?? (occurrence.status == .cancelled ? "This meeting is cancelled." : "Not recorded yet."))
                : nil,
            canCheckIn: isAttendee && statuses[viewerID] != .present
                && MeetingWindows.isCheckInOpen(occurrence, now: request.now),
            attendees: attendees.map {
                (UUIDText.lowercased($0.id), $0.fullName, statuses[$0.id]?.rawValue ?? "")
            },
            attendanceOpen: MeetingWindows.isAttendanceOpen(occurrence, now: request.now),
            isMoved: occurrence.status == .moved,
            hasBegun: try record.series().hasBegun(day, now: request.now), isNotHeld: occurrence.notHeldReason != nil,
            reasonDraft: reasonDraft, agendaDraft: agendaDraft,
            problems: problems, notice: notice, noteDraft: noteDraft,
            move: move
                ?? (
                    occurrence.slot.day.description, occurrence.slot.startTime.description,
                    occurrence.slot.endTime.description
                ))
        model.playlist = try await PlaylistService.items(forMeeting: try record.requireID(), day: day, on: request.db)
            .filter { !$0.isRetired }.map { ($0.resourceID, $0.title, $0.note) }
        if let closing = try await PracticeService.insightsShared(
            before: record, day: day, scope: scope, now: request.now)
        {
            model.practiceCycleID = closing.cycleID
            model.sharedInsights = closing.insights.map {
                ($0.author, MeetingNotes.html(fromMarkdown: $0.insight.learned), $0.insight.decision.label)
            }
        }
        return MeetingPage.view(model, context: PageContext(request)).response(status: status)
    }

    private static func done(_ request: Request, _ what: SiteURL.Done) throws -> Response {
        let id = try request.idParameter()
        let day = try request.dayParameter()
        return request.redirect(
            to: SiteURL.meeting(.value(id), day: .value(day.description)).relativeURL(.done(what)))
    }

    struct ChangeForm: Content {
        var action: String?
        var movedDay: String?
        var movedStart: String?
        var movedEnd: String?
        var reason: String?
    }

    @Sendable static func change(_ request: Request) async throws -> Response {
        let scope = try request.scope
        let (record, cohort) = try await scope.visibleSeries(try request.idParameter())
        let day = try request.dayParameter()
        let form = try request.content.decode(ChangeForm.self)
        guard let action = form.action.flatMap(RhythmService.ChangeAction.init(rawValue:)) else {
            throw Abort(.unprocessableEntity, reason: "Choose what to do with the meeting.")
        }
        let moved = (form.movedDay ?? "", form.movedStart ?? "", form.movedEnd ?? "")
        do {
            try await RhythmService.change(
                record, cohort: cohort, day: day, action: action, movedTo: action == .move ? moved : nil,
                reason: form.reason, now: request.now, scope: scope, mail: request.mailContext)
        } catch let problem as ValidationProblem {
            return try await renderMeeting(
                request, problems: problem.problems, status: .unprocessableEntity, move: moved,
                reasonDraft: form.reason ?? "")
        }
        if action == .skip {
            return request.redirect(
                to: SiteURL.meetingSeries(.value(try record.requireID())).relativeURL(.skipped(day)))
        }
        return try done(request, [.cancel: SiteURL.Done.cancelled, .notHeld: .notHeld][action] ?? .changed)
    }

    struct AgendaForm: Content {
        var remove: Int?
        /// Moves item `move` one place `direction` ("up" or "down"), or to place `to` (a drag).
        var move: Int?
        var direction: String?
        var to: Int?
        /// Gives item `retime` a new length, `minutes`.
        var retime: Int?
        var minutes: String?
        var `protocol`: String?
        var itemTitle: String?
        var itemMinutes: String?
        var publish: String?
    }

    @Sendable static func agenda(_ request: Request) async throws -> Response {
        let scope = try request.scope
        let (record, cohort) = try await scope.visibleSeries(try request.idParameter())
        let day = try request.dayParameter()
        let form = try request.content.decode(AgendaForm.self)
        let current = try await RhythmService.agenda(record, day: day, on: request.db)
        var items = current?.items ?? []
        var published = current?.publishedAt != nil
        if let index = form.remove {
            guard items.indices.contains(index) else { throw Abort(.notFound) }
            items.remove(at: index)
        } else if let index = form.move, let target = form.to {
            guard items.indices.contains(index), items.indices.contains(target) else {
                throw Abort(.unprocessableEntity, reason: "Move: choose a place on the agenda.")
            }
            items.insert(items.remove(at: index), at: target)
        } else if let index = form.move {
            let target = index + (form.direction == "up" ? -1 : 1)
            guard items.indices.contains(index), items.indices.contains(target) else {
                throw Abort(.unprocessableEntity, reason: "That item cannot move further.")
            }
            items.swapAt(index, target)
        } else if let index = form.retime {
            guard items.indices.contains(index) else { throw Abort(.notFound) }
            let item = items[index]
            let minutes = Int((form.minutes ?? "").trimmingCharacters(in: .whitespaces)) ?? 0
            items[index] = .init(title: item.title, minutes: minutes, protocolKey: item.protocolKey)
        } else if let key = form.protocol {
            items.append(.init(title: "", minutes: 0, protocolKey: key))
        } else if let publish = form.publish {
            published = publish == "yes"
        } else {
            let minutes = Int((form.itemMinutes ?? "").trimmingCharacters(in: .whitespaces)) ?? 0
            items.append(.init(title: form.itemTitle ?? "", minutes: minutes, protocolKey: nil))
        }
        do {
            _ = try await RhythmService.setAgenda(
                record, cohort: cohort, day: day, items: items, published: published, scope: scope)
        } catch let problem as ValidationProblem {
            return try await renderMeeting(
                request, problems: problem.problems, status: .unprocessableEntity,
                agendaDraft: (form.itemTitle ?? "", form.itemMinutes ?? ""))
        }
        return try done(request, .agenda)
    }

    @Sendable static func attendance(_ request: Request) async throws -> Response {
        let scope = try request.scope
        let (record, cohort) = try await scope.visibleSeries(try request.idParameter())
        let day = try request.dayParameter()
        let fields = try request.content.decode([String: String].self)
        var statuses: [UUID: AttendanceRecord.Status] = [:]
        for (key, value) in fields where key.hasPrefix("status-") {
            guard let id = UUID(uuidString: String(key.dropFirst("status-".count))),
                let status = AttendanceRecord.Status(rawValue: value)
            else {
                throw Abort(.unprocessableEntity, reason: "Attendance: present, absent or excused for each leader.")
            }
            statuses[id] = status
        }
        do {
            try await RhythmService.record(statuses, record, cohort: cohort, day: day, scope: scope)
        } catch let problem as ValidationProblem {
            return try await renderMeeting(request, problems: problem.problems, status: .unprocessableEntity)
        }
        return try done(request, .attendance)
    }

    @Sendable static func checkIn(_ request: Request) async throws -> Response {
        let scope = try request.scope
        let (record, cohort) = try await scope.visibleSeries(try request.idParameter())
        try await RhythmService.checkIn(
            record, cohort: cohort, day: try request.dayParameter(), scope: scope, now: request.now)
        return try done(request, .checkedIn)
    }

    struct NoteForm: Content {
        var note: String?
    }

    @Sendable static func addNote(_ request: Request) async throws -> Response {
        let scope = try request.scope
        let (record, _) = try await scope.visibleSeries(try request.idParameter())
        let form = try request.content.decode(NoteForm.self)
        do {
            try await RhythmService.addNote(form.note ?? "", record, day: try request.dayParameter(), scope: scope)
        } catch let problem as ValidationProblem {
            return try await renderMeeting(
                request, problems: problem.problems, status: .unprocessableEntity, noteDraft: form.note ?? "")
        }
        return try done(request, .note)
    }
}
