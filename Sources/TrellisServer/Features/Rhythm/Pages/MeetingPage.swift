import Foundation
import Plot
import TrellisCore

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
        /// The playlist items set for this meeting.
        var playlist: [(id: UUID, title: String, note: String)] = []
        /// The insights members shared with the community in the cycle this meeting closes.
        var sharedInsights: [(author: String, learnedHTML: String, decision: String)] = []
        var practiceCycleID: UUID? = nil
    }

    static func view(_ model: Model, context: PageContext) -> FramedPage {
        let step = { (name: SiteURL.MeetingStep) in
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
                yourAttendance(status, model: model, step: step, context: context)
            },
            agendaSection(model, step: step, problem: problem, context: context),
            .if(
                !model.playlist.isEmpty,
                .section(
                    .h2("From the playlist, for this meeting"),
                    .ul(
                        .forEach(model.playlist) { item in
                            .li(
                                .a(.href(SiteURL.resource(.value(item.id)).relativeURL), .text(item.title)),
                                .if(!item.note.isEmpty, .text(" — \(item.note)")))
                        })
                )),
            .unwrap(model.practiceCycleID) { cycleID in sharedInsights(model, cycleID: cycleID) },
            .if(
                model.canRun && !model.isCancelled && !model.attendees.isEmpty && model.attendanceOpen,
                attendanceSection(model, step: step, context: context)),
            notesSection(model, step: step, problem: problem, context: context),
            .if(model.canRun, changeForms(model, step: step, problem: problem, context: context))
        )
    }

    /// What members learned between the last meeting and this one, as they shared it with the community.
    private static func sharedInsights(_ model: Model, cycleID: UUID) -> Node<HTML.BodyContext> {
        .section(
            .ariaLabel("Insights shared since the last meeting"),
            .h2("Insights shared since the last meeting"),
            .if(model.sharedInsights.isEmpty, Fragments.emptyState("No insights shared with the community yet.")),
            .forEach(model.sharedInsights) { insight in
                .article(
                    .class("insight"),
                    .h3(.text("\(insight.author): \(insight.decision)")),
                    .div(.class("markdown"), .raw(insight.learnedHTML)))
            },
            .p(.a(.href(SiteURL.practiceCycle(.value(cycleID)).relativeURL), .text("The whole cycle")))
        )
    }

    /// For a leader expected here: their own attendance, and the check-in button while it is open.
    private static func yourAttendance(
        _ status: String, model: Model, step: (SiteURL.MeetingStep) -> String, context: PageContext
    ) -> Node<HTML.BodyContext> {
        .section(
            .h2("Your attendance"),
            .p(.text(status)),
            .if(
                model.canCheckIn,
                .form(
                    .method(.post), .action(step(.checkIn)),
                    Layout.csrfField(context.csrfToken),
                    .button(.type(.submit), .class("primary"), .text("Check in: I am here"))
                ))
        )
    }

    /// The agenda as leaders see it, with the community's question, and the runner's editor.
    private static func agendaSection(
        _ model: Model, step: (SiteURL.MeetingStep) -> String, problem: (String) -> String?, context: PageContext
    ) -> Node<HTML.BodyContext> {
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
        )
    }

    /// For the runner: a form to mark everyone not yet recorded as present, and one to record each person.
    private static func attendanceSection(
        _ model: Model, step: (SiteURL.MeetingStep) -> String, context: PageContext
    ) -> Node<HTML.BodyContext> {
        .section(
            .h2("Attendance"),
            .form(
                .method(.post), .action(step(.attendance)),
                Layout.csrfField(context.csrfToken),
                .forEach(model.attendees.filter { $0.status.isEmpty }) { person in
                    .input(.type(.hidden), .name("status-\(person.id)"), .value("present"))
                },
                .button(.type(.submit), .text("Mark everyone not yet recorded as present"))
            ),
            .form(
                .method(.post), .action(step(.attendance)),
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
        )
    }

    /// The shared notes, and the form to add to them in Markdown.
    private static func notesSection(
        _ model: Model, step: (SiteURL.MeetingStep) -> String, problem: (String) -> String?, context: PageContext
    ) -> Node<HTML.BodyContext> {
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
                .method(.post), .action(step(.notes)),
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
        )
    }

    /// For the runner: the agenda items to retime, reorder and remove, the forms to add, and publishing.
    private static func agendaEditor(
        _ model: Model, step: (SiteURL.MeetingStep) -> String, problem: (String) -> String?, context: PageContext
    ) -> Node<HTML.BodyContext> {
        .div(
            .class("card"),
            .h3("Build the agenda"),
            .ol(
                .class("agenda-editor"), .data(named: "action", value: step(.agenda)),
                .forEach(Array(model.agendaItems.enumerated())) { index, item in
                    agendaItemRow(item, at: index, model: model, step: step, context: context)
                }),
            .unwrap(model.agendaFit) { .p(.class("hint"), .text($0)) },
            addToAgendaForms(model, step: step, problem: problem, context: context),
            publishAgendaForm(model, step: step, context: context)
        )
    }

    /// One agenda item: its minutes to set, Up and Down where it can move, and Remove.
    private static func agendaItemRow(
        _ item: (title: String, minutes: Int), at index: Int, model: Model, step: (SiteURL.MeetingStep) -> String,
        context: PageContext
    ) -> Node<HTML.ListContext> {
        .li(
            // Dragging onto another item is a shortcut for the Up and Down buttons.
            .attribute(named: "draggable", value: "true"), .data(named: "index", value: String(index)),
            .span(.text("\(item.title) (\(item.minutes) min) ")),
            .form(
                .method(.post), .action(step(.agenda)), .class("inline"),
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
                        .method(.post), .action(step(.agenda)), .class("inline"),
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
                .method(.post), .action(step(.agenda)), .class("inline"),
                Layout.csrfField(context.csrfToken),
                .input(.type(.hidden), .name("remove"), .value(String(index))),
                .button(
                    .type(.submit), .class("link-button"),
                    .attribute(named: "aria-label", value: "Remove \(item.title)"), .text("Remove")
                )
            )
        )
    }

    /// The forms to add a protocol from the library, or an item of one's own.
    private static func addToAgendaForms(
        _ model: Model, step: (SiteURL.MeetingStep) -> String, problem: (String) -> String?, context: PageContext
    ) -> Node<HTML.BodyContext> {
        .group(
            .form(
                .method(.post), .action(step(.agenda)),
                Layout.csrfField(context.csrfToken),
                Fragments.select(
                    "protocol", label: "Add a protocol",
                    options: MeetingProtocol.library.map { ($0.key, "\($0.name) (\($0.minutes) min)") }, selected: nil,
                    problem: problem("protocol")),
                .button(.type(.submit), .text("Add protocol"))
            ),
            .form(
                .method(.post), .action(step(.agenda)),
                Layout.csrfField(context.csrfToken),
                Fragments.field(
                    "itemTitle", label: "Or add an item", value: model.agendaDraft.title, problem: problem("itemTitle"),
                    autocomplete: "off"),
                Fragments.field(
                    "itemMinutes", label: "Minutes", type: .number, value: model.agendaDraft.minutes,
                    problem: problem("itemMinutes"), autocomplete: "off"),
                .button(.type(.submit), .text("Add item"))
            )
        )
    }

    /// The form that publishes the agenda, or takes it back to draft.
    private static func publishAgendaForm(
        _ model: Model, step: (SiteURL.MeetingStep) -> String, context: PageContext
    ) -> Node<HTML.BodyContext> {
        .form(
            .method(.post), .action(step(.agenda)),
            Layout.csrfField(context.csrfToken),
            .input(.type(.hidden), .name("publish"), .value(model.agendaPublished ? "no" : "yes")),
            .button(
                .type(.submit), .class(model.agendaPublished ? "" : "primary"),
                .text(model.agendaPublished ? "Take the agenda back to draft" : "Publish the agenda"))
        )
    }

    private static func changeForms(
        _ model: Model, step: (SiteURL.MeetingStep) -> String, problem: (String) -> String?, context: PageContext
    ) -> Node<HTML.BodyContext> {
        model.hasBegun
            ? pastMeetingForms(model, step: step, problem: problem, context: context)
            : .section(
                .h2("Change this meeting"),
                .p(.text("Calendars that subscribe to Trellis update by themselves.")),
                .form(
                    .method(.post), .action(step(.change)),
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
                            .method(.post), .action(step(.change)), .class("inline"),
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
        _ model: Model, step: (SiteURL.MeetingStep) -> String, problem: (String) -> String?, context: PageContext
    ) -> Node<HTML.BodyContext> {
        .section(
            .h2("Change this meeting"),
            .if(
                model.isNotHeld,
                .form(
                    .method(.post), .action(step(.change)),
                    Layout.csrfField(context.csrfToken),
                    .input(.type(.hidden), .name("action"), .value("reinstate")),
                    .p(.text("This meeting is recorded as not having taken place.")),
                    .button(.type(.submit), .text("Take back that record: it did take place"))
                ),
                else: .form(
                    .method(.post), .action(step(.change)),
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
