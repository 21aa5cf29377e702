import Foundation
import Plot
import TrellisCore

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

    static func view(_ model: Model, context: PageContext) -> FramedPage {
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
                                        SiteURL.meetingStep(.value(model.id), day: .value(skipped.key), .change)
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
