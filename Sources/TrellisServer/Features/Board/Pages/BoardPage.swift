import Foundation
import Plot
import TrellisCore

enum BoardPage {
    struct Note: Sendable {
        var id: String
        var text: String
        var author: String
        var hidden: Bool
        /// Written by the viewer in private mode and not revealed yet: only they see its words.
        var mineOnly: Bool
        var version: Int
        var canDelete: Bool
    }

    struct Model: Sendable {
        var communityID: UUID
        var communityName: String
        var sequence: Int
        var buckets: [(bucket: RootCauseBucket, notes: [Note])]
        var isLocked: Bool
        var isPrivateMode: Bool
        var hiddenCount: Int
        var timerEndsAt: String?
        /// The same moment as an ISO 8601 instant, for the script's countdown.
        var timerEndsInstant: String? = nil
        var isFacilitator: Bool
        var draft: String
        var problems: [FieldProblem]
    }

    static func view(_ model: Model, context: PageContext) -> FramedPage {
        let action = SiteURL.communityBoard(.value(model.communityID)).relativeURL
        let op = { (value: String) in Node<HTML.FormContext>.input(.type(.hidden), .name("op"), .value(value)) }
        return Layout.page(
            "Root causes: \(model.communityName)", context: context,
            .p(.a(.href(SiteURL.communityInquiry(.value(model.communityID)).relativeURL), .text("Our inquiry"))),
            .h1(.text("Root causes: \(model.communityName)")),
            boardLinks(model),
            .p(
                .text(
                    "Write what got in the way, one cause per note, and sort the notes into the four buckets. Changes from others appear by themselves; if they do not, reload the page."
                )),
            // Announces what changed when the script refreshes the board.
            .p(.id("board-status"), .class("visually-hidden"), .attribute(named: "role", value: "status")),
            .div(
                .id("board"),
                .data(named: "live", value: SiteURL.communityBoardLive(.value(model.communityID)).relativeURL),
                .data(named: "sequence", value: String(model.sequence)),
                Fragments.problemSummary(model.problems),
                boardNotices(model),
                .if(model.isFacilitator, facilitatorTools(model, action: action, op: op, context: context)),
                addNoteForm(model, action: action, op: op, context: context),
                bucketColumns(model, action: action, context: context)
            )
        )
    }

    /// Links to the board after each meeting and to the board as CSV and Markdown.
    private static func boardLinks(_ model: Model) -> Node<HTML.BodyContext> {
        .p(
            .a(
                .href(SiteURL.communityBoardStep(.value(model.communityID), .history).relativeURL),
                .text("The board after each meeting")),
            .text(" · Download: "),
            .a(
                .href(SiteURL.communityBoardStep(.value(model.communityID), .export).relativeURL(.format(.csv))),
                .text("CSV")),
            .text(", "),
            .a(
                .href(
                    SiteURL.communityBoardStep(.value(model.communityID), .export).relativeURL(.format(.markdown))
                ),
                .text("Markdown")))
    }

    /// Whether the board is locked or in private writing, and the timer's countdown.
    private static func boardNotices(_ model: Model) -> Node<HTML.BodyContext> {
        .group(
            .if(model.isLocked, .p(.class("notice"), .text("The facilitator has locked the board."))),
            .if(
                model.isPrivateMode,
                .p(
                    .class("notice"),
                    .text(
                        "Private writing: notes stay hidden until the facilitator reveals them all (\(model.hiddenCount) so far)."
                    ))),
            .unwrap(model.timerEndsAt) { until in
                .p(
                    .class("notice"), .id("board-timer-left"),
                    .data(named: "timer-ends", value: model.timerEndsInstant ?? ""),
                    .data(named: "until", value: until),
                    .span(.class("countdown"), .text("Timer: until \(until)")),
                    // Announced once a minute and at the end, not every second.
                    .span(.class("visually-hidden"), .attribute(named: "role", value: "status")))
            }
        )
    }

    /// For the facilitator: lock or unlock, private writing or reveal, and the timer.
    private static func facilitatorTools(
        _ model: Model, action: String, op: (String) -> Node<HTML.FormContext>, context: PageContext
    ) -> Node<HTML.BodyContext> {
        .div(
            .class("actions card"),
            .h2("Facilitator"),
            .form(
                .method(.post), .action(action), .class("inline"), Layout.csrfField(context.csrfToken),
                op(model.isLocked ? "unlock" : "lock"),
                .button(
                    .type(.submit), .id("board-lock"),
                    .text(model.isLocked ? "Unlock the board" : "Lock the board"))),
            .form(
                .method(.post), .action(action), .class("inline"), Layout.csrfField(context.csrfToken),
                op(model.isPrivateMode ? "reveal" : "private"),
                .button(
                    .type(.submit), .id("board-private"),
                    .text(model.isPrivateMode ? "Reveal every note" : "Start private writing"))),
            .form(
                .method(.post), .action(action), .class("inline"), Layout.csrfField(context.csrfToken),
                op("timer"),
                Fragments.field("minutes", label: "Timer (minutes, 0 to stop)", type: .number, value: "5"),
                .button(.type(.submit), .id("board-timer"), .text("Set the timer")))
        )
    }

    /// The form to add a note, or a line saying adding is paused while the board is locked.
    private static func addNoteForm(
        _ model: Model, action: String, op: (String) -> Node<HTML.FormContext>, context: PageContext
    ) -> Node<HTML.BodyContext> {
        // Paused while the board is locked; a note typed as the board locked keeps its box (the
        // script puts it back, and a refused post comes back with it).
        model.isLocked && model.draft.isEmpty
            ? .p(.id("add-paused"), .class("hint"), .text("Adding notes is paused while the board is locked."))
            : .group(
                .form(
                    .method(.post), .action(action), .class("card add-note"),
                    Layout.csrfField(context.csrfToken), op("add"),
                    Fragments.textArea(
                        "text",
                        label: model.isPrivateMode ? "Add a note (hidden until the reveal)" : "Add a note",
                        value: model.draft, problem: model.problems.first { $0.field == "text" }?.message),
                    Fragments.select(
                        "bucket", label: "In",
                        options: RootCauseBucket.allCases.map { ($0.rawValue, $0.title) }, selected: "unsorted"),
                    .button(.type(.submit), .id("add-note"), .class("primary"), .text("Add note"))
                ))
    }

    /// The bucket columns, each with its notes and their Move and Delete forms.
    private static func bucketColumns(_ model: Model, action: String, context: PageContext) -> Node<HTML.BodyContext> {
        .div(
            .class("buckets"),
            .forEach(model.buckets) { column in
                .section(
                    .class("bucket"), .data(named: "bucket", value: column.bucket.rawValue),
                    .attribute(named: "aria-labelledby", value: "bucket-\(column.bucket.rawValue)"),
                    .h2(
                        .id("bucket-\(column.bucket.rawValue)"), .attribute(named: "tabindex", value: "-1"),
                        .text("\(column.bucket.title) (\(column.notes.count))")),
                    .p(.class("hint"), .text(column.bucket.summary)),
                    .ul(
                        .class("notes"),
                        .forEach(column.notes) { note in
                            noteItem(note, in: column.bucket, model: model, action: action, context: context)
                        })
                )
            })
    }

    private static func noteItem(
        _ note: Note, in bucket: RootCauseBucket, model: Model, action: String, context: PageContext
    ) -> Node<HTML.ListContext> {
        .li(
            .class(note.hidden ? "note hidden-note" : "note"),
            .data(named: "note", value: note.id),
            // Dragging is a shortcut for the Move menu below, which stays for keyboards and no script.
            .attribute(named: "draggable", value: !model.isLocked && !note.hidden ? "true" : nil),
            .p(.class("written"), .text(note.hidden ? "A hidden note, revealed with the others later." : note.text)),
            .p(.class("hint"), .text(note.author)),
            .if(note.mineOnly, .p(.class("mine-only"), .text("Only you can see this until the reveal."))),
            .if(
                !model.isLocked && !note.hidden,
                .form(
                    .method(.post), .action(action), .class("inline"),
                    Layout.csrfField(context.csrfToken),
                    .input(.type(.hidden), .name("op"), .value("move")),
                    .input(.type(.hidden), .name("note"), .value(note.id)),
                    .input(.type(.hidden), .name("seenVersion"), .value(String(note.version))),
                    .select(
                        .id("move-\(note.id)"), .attribute(named: "name", value: "bucket"),
                        .attribute(named: "aria-label", value: "Move “\(note.text)” to"),
                        .forEach(RootCauseBucket.allCases.filter { $0 != bucket }) {
                            Fragments.option(value: $0.rawValue, label: $0.title, selected: false)
                        }),
                    .button(
                        .type(.submit), .id("move-go-\(note.id)"),
                        .attribute(named: "aria-label", value: "Move “\(note.text)”"), .text("Move"))
                )),
            .if(
                !model.isLocked && note.canDelete,
                .form(
                    .method(.post), .action(action), .class("inline"),
                    Layout.csrfField(context.csrfToken),
                    .input(.type(.hidden), .name("op"), .value("delete")),
                    .input(.type(.hidden), .name("note"), .value(note.id)),
                    .button(
                        .type(.submit), .id("delete-\(note.id)"), .class("link-button"),
                        .attribute(
                            named: "aria-label",
                            value: (note.hidden ? "Delete this hidden note" : "Delete “\(note.text)”")),
                        .text("Delete"))
                ))
        )
    }
}
