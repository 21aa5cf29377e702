import Foundation
import Plot
import TrellisCore

/// How meetings are written on pages: "Tue 8 Dec 2026, 15:30–17:00".
enum MeetingFormat {
    static func day(_ day: CalendarDay) -> String { day.readable }

    static func slot(_ slot: MeetingSlot) -> String { slot.readable }

    static func status(_ occurrence: MeetingOccurrence) -> String {
        switch occurrence.status {
        case .scheduled: "as scheduled"
        case .moved: "moved from \(day(occurrence.key))"
        case .cancelled:
            occurrence.notHeldReason.map { "did not take place (recorded afterwards): \($0)" } ?? "cancelled"
        }
    }

    /// Where the agenda ends against the meeting's end: "The agenda ends at 16:15; the meeting ends at
    /// 17:00 (45 minutes to spare)."
    static func fit(_ agenda: MeetingAgenda, slot: MeetingSlot) -> String {
        let (ends, spare) = agenda.fit(startTime: slot.startTime, endTime: slot.endTime)
        let end = "the meeting ends at \(slot.endTime)"
        if spare == 0 { return "The agenda ends at \(ends), exactly when the meeting ends." }
        if spare > 0 {
            return "The agenda ends at \(ends); \(end) (\(spare) \(spare == 1 ? "minute" : "minutes") to spare)."
        }
        return "The agenda runs \(-spare) minutes past the end: \(end)."
    }

    static func percent(_ proportion: Proportion) -> String {
        guard let fraction = proportion.fraction else { return "no meetings yet" }
        return "\(proportion) (\(Int((fraction * 100).rounded())) %)"
    }

    /// A place that is a web address becomes a link; anything else is text.
    static func location(_ text: String) -> Node<HTML.BodyContext> {
        guard !text.isEmpty else { return .text("no place given") }
        if let url = URL(string: text), ["https", "http"].contains(url.scheme?.lowercased() ?? "") {
            return .a(.href(text), .text(text))
        }
        return .text(text)
    }
}

enum MeetingsPage {
    struct Upcoming: Sendable {
        var seriesID: UUID
        var key: String
        var title: String
        var when: String
        var status: String
    }

    struct SeriesSummary: Sendable {
        var id: UUID
        var title: String
        var pattern: String
        var audience: String
        var location: String
        /// Runners only.
        var measures: PredictabilityMeasures?
        var leaderNames: [String: String]
    }

    struct Model: Sendable {
        var cohortID: UUID
        var cohortName: String
        var upcoming: [Upcoming]
        var series: [SeriesSummary]
        /// The trust survey's predictability facet in the latest closed round, when it may be shown.
        var trustPredictability: (round: String, mean: Double)?
        /// Set for the cohort's runners: the new-series form.
        var form: RhythmService.SeriesForm?
        var communities: [(id: String, name: String)]
        var problems: [FieldProblem]
    }

    static func view(_ model: Model, context: PageContext) -> HTML {
        Layout.page(
            "Meetings", context: context,
            .h1(.text("Meetings: \(model.cohortName)")),
            Fragments.problemSummary(model.problems),
            .section(
                .h2("Coming up"),
                .if(model.upcoming.isEmpty, Fragments.emptyState("No meetings in the next two months.")),
                .ul(
                    .forEach(model.upcoming) { meeting in
                        .li(
                            .a(
                                .href(SiteURL.meeting(.value(meeting.seriesID), day: .value(meeting.key)).relativeURL),
                                .text("\(meeting.when) — \(meeting.title)")),
                            .if(meeting.status != "as scheduled", .strong(.text(" (\(meeting.status))"))))
                    })
            ),
            .section(
                .h2("Meeting series"),
                .if(model.series.isEmpty, Fragments.emptyState("No meetings are scheduled yet.")),
                .forEach(model.series) { series in
                    .article(
                        .class("card"),
                        .h3(
                            .a(
                                .href(SiteURL.meetingSeries(.value(series.id)).relativeURL),
                                .text("\(series.title) · \(series.audience)"))),
                        .p(.text(series.pattern)),
                        .p(.text("Where: "), MeetingFormat.location(series.location)),
                        .unwrap(series.measures) { measures in
                            .group(
                                .h4("Predictability so far"),
                                .dl(
                                    .dt("Held as scheduled"),
                                    .dd(.text(MeetingFormat.percent(measures.heldAsScheduled))),
                                    .dt("Attendance"),
                                    .dd(
                                        .text(
                                            MeetingFormat.percent(measures.attendance)
                                                + (measures.attendance.total > 0
                                                    ? " (excused absences not counted)" : ""))),
                                    .dt("Agendas out \(RhythmService.agendaLeadDays)+ days ahead"),
                                    .dd(.text(MeetingFormat.percent(measures.agendaPublishedAhead)))
                                ),
                                .if(
                                    !measures.attendanceByLeader.isEmpty,
                                    .div(
                                        .class("table-wrap"),
                                        .table(
                                            .caption(.text("Attendance by leader: \(series.audience)")),
                                            .thead(.tr(.th("Leader"), .th("Present"))),
                                            .tbody(
                                                .forEach(
                                                    measures.attendanceByLeader.sorted {
                                                        (series.leaderNames[$0.key] ?? "")
                                                            < (series.leaderNames[$1.key] ?? "")
                                                    }
                                                ) { leader, proportion in
                                                    .tr(
                                                        .td(.text(series.leaderNames[leader] ?? "a former member")),
                                                        .td(.text(MeetingFormat.percent(proportion))))
                                                })
                                        )))
                            )
                        }
                    )
                },
                .unwrap(model.trustPredictability) { trust in
                    .p(
                        .class("notice"),
                        .text(
                            "For comparison, the trust survey's predictability facet: \(String(format: "%.1f", trust.mean)) of 7 in “\(trust.round)”. "
                        ),
                        .a(
                            .href(SiteURL.cohortTrust(.value(model.cohortID)).relativeURL),
                            .text("See the trust survey")))
                }
            ),
            .unwrap(model.form) { form in newSeriesForm(form, model: model, context: context) }
        )
    }

    private static func newSeriesForm(_ form: RhythmService.SeriesForm, model: Model, context: PageContext)
        -> Node<HTML.BodyContext>
    {
        let problem = { (field: String) in model.problems.first { $0.field == field }?.message }
        let weekdays: [(String, String)] = Weekday.allCases.map { ($0.code, $0.name) }
        return .section(
            .h2("Schedule a meeting series"),
            .form(
                .method(.post), .action(SiteURL.cohortMeetings(.value(model.cohortID)).relativeURL),
                Layout.csrfField(context.csrfToken),
                Fragments.field(
                    "title", label: "Title", value: form.title ?? "", problem: problem("title"), required: true,
                    autocomplete: "off", hint: "For example “Monthly community meeting”."),
                Fragments.select(
                    "community", label: "For",
                    options: [("", "The whole cohort")] + model.communities.map { ($0.id, $0.name) },
                    selected: form.community ?? "", problem: problem("community")),
                Fragments.select(
                    "kind", label: "Repeats",
                    options: [("monthly", "Monthly"), ("weekly", "Weekly"), ("biweekly", "Every other week")],
                    selected: form.kind ?? "monthly"),
                Fragments.select(
                    "week", label: "Which week of the month (monthly only)",
                    options: [("1", "First"), ("2", "Second"), ("3", "Third"), ("4", "Fourth"), ("last", "Last")],
                    selected: form.week ?? "2"),
                Fragments.select(
                    "weekday", label: "Day of the week", options: weekdays, selected: form.weekday ?? "tue",
                    problem: problem("weekday")),
                Fragments.field(
                    "startTime", label: "Starts at (hh:mm, 24-hour)", value: form.startTime ?? "15:30",
                    problem: problem("startTime")),
                Fragments.field(
                    "endTime", label: "Ends at (hh:mm, 24-hour)", value: form.endTime ?? "17:00",
                    problem: problem("endTime")),
                Fragments.field(
                    "startDay", label: "First day (yyyy-mm-dd)", value: form.startDay ?? "",
                    problem: problem("startDay")),
                Fragments.field(
                    "endDay", label: "Last day (yyyy-mm-dd)", value: form.endDay ?? "", problem: problem("endDay")),
                Fragments.field(
                    "timeZone", label: "Time zone", value: form.timeZone ?? "", problem: problem("timeZone"),
                    hint: "An IANA time zone such as America/Los_Angeles; summer time is handled."),
                Fragments.field(
                    "location", label: "Place or video link", value: form.location ?? "", problem: problem("location")),
                .button(.type(.submit), .class("primary"), .text("Schedule"))
            )
        )
    }
}

enum SeriesPage {
    struct Model: Sendable {
        var id: UUID
        var cohortID: UUID
        var cohortName: String
        var title: String
        var pattern: String
        var audience: String
        var location: String
        var timeZone: String
        var meetings: [(key: String, when: String, status: String, agendaPublished: Bool)]
        var skipped: [(key: String, label: String)]
        var canRun: Bool
        var justSkipped: String?
    }

    static func view(_ model: Model, context: PageContext) -> HTML {
        Layout.page(
            model.title, context: context,
            .p(
                .a(
                    .href(SiteURL.cohortMeetings(.value(model.cohortID)).relativeURL),
                    .text("Meetings of \(model.cohortName)"))
            ),
            .h1(.text(model.title)),
            Fragments.notice(
                model.justSkipped.map {
                    "The meeting of \($0) was skipped: it is off the series and every calendar. Restore it below."
                }),
            .p(.text("\(model.pattern) · \(model.audience) · times in \(model.timeZone)")),
            .p(.text("Where: "), MeetingFormat.location(model.location)),
            .div(
                .class("table-wrap"),
                .table(
                    .caption("Every meeting of the series"),
                    .thead(.tr(.th("When"), .th("Status"), .th("Agenda"))),
                    .tbody(
                        .forEach(model.meetings) { meeting in
                            .tr(
                                .td(
                                    .a(
                                        .href(SiteURL.meeting(.value(model.id), day: .value(meeting.key)).relativeURL),
                                        .text(meeting.when))),
                                .td(.text(meeting.status)),
                                .td(.text(meeting.agendaPublished ? "published" : "not yet")))
                        })
                )
            ),
            .if(
                model.canRun && !model.skipped.isEmpty,
                .section(
                    .h2("Skipped"),
                    .ul(
                        .forEach(model.skipped) { skipped in
                            .li(
                                .text(skipped.label + " "),
                                .form(
                                    .method(.post), .class("inline"),
                                    .action(
                                        SiteURL.meetingStep(.value(model.id), day: .value(skipped.key), "change")
                                            .relativeURL),
                                    Layout.csrfField(context.csrfToken),
                                    .input(.type(.hidden), .name("action"), .value("reinstate")),
                                    .button(
                                        .type(.submit),
                                        .attribute(
                                            named: "aria-label", value: "Restore the meeting of \(skipped.label)"),
                                        .text("Restore")))
                            )
                        })
                ))
        )
    }
}

enum MeetingPage {
    struct Note: Sendable {
        var author: String
        var written: String
        var html: String
    }

    struct Model: Sendable {
        var seriesID: UUID
        var key: String
        var title: String
        /// The community's adopted question, on every agenda.
        var inquiry: String?
        var when: String
        var status: String
        var isCancelled: Bool
        var timeZone: String
        var location: String
        var agendaPublished: Bool
        /// Each item as "15:30–15:40 Check-in", with its protocol's steps ("Clarifying questions (5 min):
        /// …") when it has one.
        var agenda: [(line: String, steps: [String])]
        /// Agenda items as stored, for the runner's editor.
        var agendaItems: [(title: String, minutes: Int)]
        /// "The agenda ends at 16:15; the meeting ends at 17:00 (45 minutes to spare)."
        var agendaFit: String? = nil
        var notes: [Note]
        var canRun: Bool
        /// For a leader expected here: their own status, and whether check-in is open now.
        var ownStatus: String?
        var canCheckIn: Bool
        var attendees: [(id: String, name: String, status: String)]
        /// Attendance is recorded from shortly before the start.
        var attendanceOpen: Bool
        var isMoved: Bool
        /// The meeting has begun: it is history, so it can be recorded as not held, not cancelled or moved.
        var hasBegun: Bool = false
        /// Recorded afterwards as not having taken place.
        var isNotHeld: Bool = false
        var reasonDraft: String = ""
        var agendaDraft: (title: String, minutes: String)
        var problems: [FieldProblem]
        var notice: String?
        var noteDraft: String
        var move: (day: String, start: String, end: String)
    }

    static func view(_ model: Model, context: PageContext) -> HTML {
        let step = { (name: String) in
            SiteURL.meetingStep(.value(model.seriesID), day: .value(model.key), name).relativeURL
        }
        let problem = { (field: String) in model.problems.first { $0.field == field }?.message }
        return Layout.page(
            "\(model.title), \(model.when)", context: context,
            .p(
                .a(
                    .href(SiteURL.meetingSeries(.value(model.seriesID)).relativeURL),
                    .text("All meetings of \(model.title)"))),
            .h1(.text("\(model.title): \(model.when)")),
            Fragments.notice(model.notice),
            Fragments.problemSummary(model.problems),
            .p(.strong("Status: "), .text(model.status), .text(" · times in \(model.timeZone)")),
            .p(.strong("Where: "), MeetingFormat.location(model.location)),
            .unwrap(model.ownStatus) { status in
                .section(
                    .h2("Your attendance"),
                    .p(.text(status)),
                    .if(
                        model.canCheckIn,
                        .form(
                            .method(.post), .action(step("check-in")),
                            Layout.csrfField(context.csrfToken),
                            .button(.type(.submit), .class("primary"), .text("Check in: I am here"))
                        ))
                )
            },
            .section(
                .h2("Agenda"),
                .unwrap(model.inquiry) { .p(.class("inquiry"), .strong("Our inquiry: "), .text($0)) },
                .if(
                    model.agenda.isEmpty || (!model.agendaPublished && !model.canRun),
                    Fragments.emptyState("The agenda is not published yet.")),
                .if(
                    !model.agenda.isEmpty && (model.agendaPublished || model.canRun),
                    .ol(
                        .class("agenda"),
                        .forEach(model.agenda) { entry in
                            .li(
                                .text(entry.line),
                                .if(
                                    !entry.steps.isEmpty,
                                    .ol(.class("steps"), .forEach(entry.steps) { .li(.class("hint"), .text($0)) })))
                        })),
                .if(
                    model.canRun && !model.agendaPublished && !model.agenda.isEmpty,
                    .p(.em("Draft: leaders do not see it yet."))),
                .if(model.canRun, agendaEditor(model, step: step, problem: problem, context: context))
            ),
            .if(
                model.canRun && !model.isCancelled && !model.attendees.isEmpty && model.attendanceOpen,
                .section(
                    .h2("Attendance"),
                    .form(
                        .method(.post), .action(step("attendance")),
                        Layout.csrfField(context.csrfToken),
                        .forEach(model.attendees.filter { $0.status.isEmpty }) { person in
                            .input(.type(.hidden), .name("status-\(person.id)"), .value("present"))
                        },
                        .button(.type(.submit), .text("Mark everyone not yet recorded as present"))
                    ),
                    .form(
                        .method(.post), .action(step("attendance")),
                        Layout.csrfField(context.csrfToken),
                        .forEach(model.attendees) { person in
                            .fieldset(
                                .class("attendance"),
                                .element(named: "legend", text: person.name),
                                .forEach([("present", "Present"), ("absent", "Absent"), ("excused", "Excused")]) {
                                    value, label in
                                    .label(
                                        .input(
                                            .type(.radio), .name("status-\(person.id)"), .value(value),
                                            person.status == value ? .checked(true) : .empty),
                                        .text(" \(label)"))
                                })
                        },
                        .button(.type(.submit), .text("Save attendance"))
                    )
                )),
            .section(
                .h2("Shared notes"),
                .if(model.notes.isEmpty, Fragments.emptyState("No notes yet.")),
                .forEach(model.notes) { note in
                    .article(
                        .class("card note"),
                        .p(.class("hint"), .text("\(note.author), \(note.written)")),
                        .raw(note.html))
                },
                .form(
                    .method(.post), .action(step("notes")),
                    Layout.csrfField(context.csrfToken),
                    .div(
                        .class(problem("note") == nil ? "field" : "field has-error"),
                        .label(.for("note"), .text("Add to the notes")),
                        .p(
                            .id("note-hint"), .class("hint"),
                            .text("Markdown: **bold**, *italic*, lists, [links](https://…). No HTML.")),
                        .unwrap(problem("note")) { .p(.id("note-error"), .class("error"), .text($0)) },
                        .textarea(
                            .id("note"), .name("note"), .rows(5),
                            .attribute(named: "aria-describedby", value: "note-hint"),
                            .text(model.noteDraft))
                    ),
                    .button(.type(.submit), .text("Add note"))
                )
            ),
            .if(model.canRun, changeForms(model, step: step, problem: problem, context: context))
        )
    }

    private static func agendaEditor(
        _ model: Model, step: (String) -> String, problem: (String) -> String?, context: PageContext
    ) -> Node<HTML.BodyContext> {
        .div(
            .class("card"),
            .h3("Build the agenda"),
            .ol(
                .class("agenda-editor"), .data(named: "action", value: step("agenda")),
                .forEach(Array(model.agendaItems.enumerated())) { index, item in
                    .li(
                        // Dragging onto another item is a shortcut for the Up and Down buttons.
                        .attribute(named: "draggable", value: "true"), .data(named: "index", value: String(index)),
                        .span(.text("\(item.title) (\(item.minutes) min) ")),
                        .form(
                            .method(.post), .action(step("agenda")), .class("inline"),
                            Layout.csrfField(context.csrfToken),
                            .input(.type(.hidden), .name("retime"), .value(String(index))),
                            .input(
                                .type(.number), .name("minutes"), .value(String(item.minutes)),
                                .attribute(named: "min", value: "1"), .attribute(named: "max", value: "480"),
                                .attribute(named: "aria-label", value: "Minutes for \(item.title)"),
                                .class("minutes")),
                            .button(
                                .type(.submit),
                                .attribute(named: "aria-label", value: "Set the minutes for \(item.title)"),
                                .text("Set"))
                        ),
                        .forEach([("up", "Up", index > 0), ("down", "Down", index < model.agendaItems.count - 1)]) {
                            direction, label, possible in
                            .if(
                                possible,
                                .form(
                                    .method(.post), .action(step("agenda")), .class("inline"),
                                    Layout.csrfField(context.csrfToken),
                                    .input(.type(.hidden), .name("move"), .value(String(index))),
                                    .input(.type(.hidden), .name("direction"), .value(direction)),
                                    .button(
                                        .type(.submit), .class("link-button"),
                                        .attribute(named: "aria-label", value: "Move \(item.title) \(direction)"),
                                        .text(label))
                                ))
                        },
                        .form(
                            .method(.post), .action(step("agenda")), .class("inline"),
                            Layout.csrfField(context.csrfToken),
                            .input(.type(.hidden), .name("remove"), .value(String(index))),
                            .button(
                                .type(.submit), .class("link-button"),
                                .attribute(named: "aria-label", value: "Remove \(item.title)"), .text("Remove")
                            )
                        )
                    )
                }),
            .unwrap(model.agendaFit) { .p(.class("hint"), .text($0)) },
            .form(
                .method(.post), .action(step("agenda")),
                Layout.csrfField(context.csrfToken),
                Fragments.select(
                    "protocol", label: "Add a protocol",
                    options: MeetingProtocol.library.map { ($0.key, "\($0.name) (\($0.minutes) min)") }, selected: nil,
                    problem: problem("protocol")),
                .button(.type(.submit), .text("Add protocol"))
            ),
            .form(
                .method(.post), .action(step("agenda")),
                Layout.csrfField(context.csrfToken),
                Fragments.field(
                    "itemTitle", label: "Or add an item", value: model.agendaDraft.title, problem: problem("itemTitle"),
                    autocomplete: "off"),
                Fragments.field(
                    "itemMinutes", label: "Minutes", type: .number, value: model.agendaDraft.minutes,
                    problem: problem("itemMinutes"), autocomplete: "off"),
                .button(.type(.submit), .text("Add item"))
            ),
            .form(
                .method(.post), .action(step("agenda")),
                Layout.csrfField(context.csrfToken),
                .input(.type(.hidden), .name("publish"), .value(model.agendaPublished ? "no" : "yes")),
                .button(
                    .type(.submit), .class(model.agendaPublished ? "" : "primary"),
                    .text(model.agendaPublished ? "Take the agenda back to draft" : "Publish the agenda"))
            )
        )
    }

    private static func changeForms(
        _ model: Model, step: (String) -> String, problem: (String) -> String?, context: PageContext
    ) -> Node<HTML.BodyContext> {
        model.hasBegun
            ? pastMeetingForms(model, step: step, problem: problem, context: context)
            : .section(
                .h2("Change this meeting"),
                .p(.text("Calendars that subscribe to Trellis update by themselves.")),
                .form(
                    .method(.post), .action(step("change")),
                    Layout.csrfField(context.csrfToken),
                    .input(.type(.hidden), .name("action"), .value("move")),
                    Fragments.field(
                        "movedDay", label: "New day (yyyy-mm-dd)", value: model.move.day, problem: problem("movedDay")),
                    Fragments.field(
                        "movedStart", label: "New start (hh:mm)", value: model.move.start,
                        problem: problem("movedStart")),
                    Fragments.field(
                        "movedEnd", label: "New end (hh:mm)", value: model.move.end, problem: problem("movedEnd")),
                    .button(.type(.submit), .text("Move the meeting"))
                ),
                .p(
                    .class("hint"),
                    .text(
                        "Cancel: the meeting stays on everyone's calendar, marked cancelled. Skip: for a day the series should never have had, such as a holiday; it leaves the series and the calendars, and can be restored from the series page."
                    )),
                .div(
                    .class("actions"),
                    .forEach(
                        model.isCancelled
                            ? [("reinstate", "Take back the cancellation")]
                            : [("cancel", "Cancel the meeting"), ("skip", "Skip this day")]
                                + (model.isMoved ? [("restore", "Back to the usual day and time")] : [])
                    ) { action, label in
                        .form(
                            .method(.post), .action(step("change")), .class("inline"),
                            Layout.csrfField(context.csrfToken),
                            .input(.type(.hidden), .name("action"), .value(action)),
                            .button(.type(.submit), .text(label))
                        )
                    }
                )
            )
    }
}

extension MeetingPage {
    /// A meeting that has begun is history: notes and attendance, and, if it did not take place, a
    /// record saying so with the reason (which can be taken back).
    fileprivate static func pastMeetingForms(
        _ model: Model, step: (String) -> String, problem: (String) -> String?, context: PageContext
    ) -> Node<HTML.BodyContext> {
        .section(
            .h2("Change this meeting"),
            .if(
                model.isNotHeld,
                .form(
                    .method(.post), .action(step("change")),
                    Layout.csrfField(context.csrfToken),
                    .input(.type(.hidden), .name("action"), .value("reinstate")),
                    .p(.text("This meeting is recorded as not having taken place.")),
                    .button(.type(.submit), .text("Take back that record: it did take place"))
                ),
                else: .form(
                    .method(.post), .action(step("change")),
                    Layout.csrfField(context.csrfToken),
                    .input(.type(.hidden), .name("action"), .value("not-held")),
                    .p(
                        .text(
                            "This meeting has begun, so it can no longer be moved or cancelled: that would rewrite its attendance. If it did not take place, record that, with the reason people will read."
                        )),
                    Fragments.field(
                        "reason", label: "Why it did not take place", value: model.reasonDraft,
                        problem: problem("reason"), required: true),
                    .button(.type(.submit), .text("Record that it did not take place"))
                )
            )
        )
    }
}

enum AccountPage {
    struct Model: Sendable {
        var name: String
        var email: String
        var role: String
        var calendarURL: String
        var regenerated: Bool
        var passwordChanged: Bool = false
        var passwordProblems: [FieldProblem] = []
    }

    static func view(_ model: Model, context: PageContext) -> HTML {
        let problem = { (field: String) in model.passwordProblems.first { $0.field == field }?.message }
        return Layout.page(
            "Your account", context: context,
            .h1("Your account"),
            Fragments.notice(model.regenerated ? "A new calendar address is ready. The old one no longer works." : nil),
            Fragments.notice(
                model.passwordChanged ? "Your password is changed. You were signed out everywhere else." : nil),
            .dl(
                .dt("Name"), .dd(.text(model.name)), .dt("Email"), .dd(.text(model.email)), .dt("Role"),
                .dd(.text(model.role))),
            .section(
                .h2("Your meetings in your calendar"),
                .p(
                    "Subscribe your calendar to this secret address and your meetings appear there; moved and cancelled meetings update by themselves. Keep it to yourself: anyone with the address can read your meeting times."
                ),
                .div(
                    .class("field"),
                    .label(.for("calendar-url"), .text("Your calendar address")),
                    .input(
                        .type(.text), .id("calendar-url"), .value(model.calendarURL), .readonly(true),
                        .attribute(named: "spellcheck", value: "false"))
                ),
                .ul(
                    .li("Google Calendar: Other calendars → + → From URL, then paste the address."),
                    .li("Outlook: Add calendar → Subscribe from web, then paste the address."),
                    .li("Apple Calendar: File → New Calendar Subscription, then paste the address.")
                ),
                .form(
                    .method(.post), .action(SiteURL.accountCalendar.relativeURL),
                    Layout.csrfField(context.csrfToken),
                    .button(.type(.submit), .text("Make a new address (the old one stops working)"))
                )
            ),
            .section(
                .attribute(named: "aria-labelledby", value: "password-heading"),
                .h2(.id("password-heading"), "Change your password"),
                Fragments.problemSummary(model.passwordProblems),
                .form(
                    .method(.post), .action(SiteURL.accountPassword.relativeURL),
                    Layout.csrfField(context.csrfToken),
                    Fragments.field(
                        "current", label: "Current password", type: .password, problem: problem("current"),
                        required: true, autocomplete: "current-password"),
                    Fragments.field(
                        "password", label: "New password", type: .password, problem: problem("password"),
                        required: true, autocomplete: "new-password",
                        hint:
                            "At least \(PasswordPolicy.minimumLength) characters. A few unrelated words are easy to remember."
                    ),
                    Fragments.field(
                        "confirmation", label: "New password again", type: .password,
                        problem: problem("confirmation"), required: true, autocomplete: "new-password"),
                    .button(.type(.submit), .class("primary"), .text("Change my password"))
                )
            )
        )
    }
}
