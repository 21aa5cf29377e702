import Foundation
import Plot
import TrellisCore

/// `/communities/{id}/board/history`: the board after each meeting, and the board replayed change by
/// change, read-only, as the viewer may see it.
enum BoardHistoryPage {
    struct Snapshot: Sendable {
        var label: String
        var sequence: Int
        var counts: [(bucket: RootCauseBucket, count: Int)]
    }

    struct Model: Sendable {
        var communityID: UUID
        var communityName: String
        var snapshots: [Snapshot]
        /// The step shown (0: the empty board) and how many there are.
        var step: Int
        var steps: Int
        var summary: String?
        /// The meeting whose snapshot this step is, when it is one.
        var meetingLabel: String?
        var buckets: [(bucket: RootCauseBucket, notes: [String])]
    }

    static func view(_ model: Model, context: PageContext) -> FramedPage {
        let history = SiteURL.communityBoardStep(.value(model.communityID), .history)
        let at = { (step: Int) in history.relativeURL(.at(step), fragment: "replay") }
        let pager = { (label: String) -> Node<HTML.BodyContext> in
            .nav(
                .attribute(named: "aria-label", value: label),
                .ul(
                    .class("pager"),
                    .if(model.step > 0, .li(.a(.href(at(0)), .text("Before any notes")))),
                    .if(model.step > 0, .li(.a(.href(at(model.step - 1)), .text("Previous change")))),
                    .if(model.step < model.steps, .li(.a(.href(at(model.step + 1)), .text("Next change")))),
                    .if(model.step < model.steps, .li(.a(.href(at(model.steps)), .text("The board now"))))
                ))
        }
        return Layout.page(
            "Board history: \(model.communityName)", context: context,
            .p(.a(.href(SiteURL.communityBoard(.value(model.communityID)).relativeURL), .text("Back to the board"))),
            .h1(.text("Board history: \(model.communityName)")),
            .section(
                .h2("After each meeting"),
                .if(model.snapshots.isEmpty, Fragments.emptyState("No meeting has changed the board yet.")),
                .ul(
                    .class("snapshots"),
                    .forEach(model.snapshots) { snapshot in
                        .li(
                            .a(.href(at(snapshot.sequence)), .text(snapshot.label)),
                            .text(
                                ": "
                                    + snapshot.counts.map { "\($0.bucket.title) \($0.count)" }.joined(separator: ", ")))
                    })
            ),
            .section(
                .id("replay"),
                .attribute(named: "aria-labelledby", value: "replay-heading"),
                .h2(
                    .id("replay-heading"),
                    .text(model.step == 0 ? "Before any notes" : "Change \(model.step) of \(model.steps)")),
                .unwrap(model.meetingLabel) { .p(.class("notice"), .text("The board as \($0) left it.")) },
                .unwrap(model.summary) { .p(.text($0)) },
                pager("Step through the changes"),
                .div(
                    .class("buckets"),
                    .forEach(model.buckets) { column in
                        .section(
                            .class("bucket"),
                            .attribute(named: "aria-labelledby", value: "history-\(column.bucket.rawValue)"),
                            .h3(
                                .id("history-\(column.bucket.rawValue)"),
                                .text("\(column.bucket.title) (\(column.notes.count))")),
                            .ul(
                                .class("notes"),
                                .forEach(column.notes) { text in
                                    .li(
                                        .class(text.isEmpty ? "note hidden-note" : "note"),
                                        .p(.class("written"), .text(text.isEmpty ? "A hidden note." : text)))
                                })
                        )
                    }),
                pager("Step through the changes, again")
            )
        )
    }
}
