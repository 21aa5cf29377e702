import Foundation
import Plot
import TrellisCore

enum TrustRoundsPage {
    struct Row: Sendable {
        var id: UUID
        var title: String
        var opensOn: String
        var closesOn: String
        var status: TrustRoundStatus
        var answered: Int
        var eligible: Int
    }

    struct Form: Sendable {
        var title: String
        var opensOn: String
        var closesOn: String
    }

    struct Model: Sendable {
        var cohortID: UUID
        var cohortName: String
        var rows: [Row]
        var canRun: Bool
        var form: Form
        var problems: [FieldProblem]
    }

    static func view(_ model: Model, context: PageContext) -> FramedPage {
        func problem(_ field: String) -> String? { model.problems.first { $0.field == field }?.message }
        return Layout.page(
            "Trust survey", context: context,
            .h1(.text("Trust survey: \(model.cohortName)")),
            .p(
                "Four facets of trust in a team — benevolence, integrity, predictability and competence — asked anonymously. Results appear when a round closes, and only for groups where enough people answered."
            ),
            .if(model.rows.isEmpty, Fragments.emptyState("No rounds yet.")),
            .if(
                !model.rows.isEmpty,
                .table(
                    .caption("Rounds"),
                    .thead(.tr(.th("Round"), .th("Opens"), .th("Closes"), .th("Status"), .th("Answered"))),
                    .tbody(
                        .forEach(model.rows) { row in
                            .tr(
                                .td(.a(.href(SiteURL.trustRound(.value(row.id)).relativeURL), .text(row.title))),
                                .td(.text(row.opensOn)), .td(.text(row.closesOn)), .td(.text(row.status.label)),
                                .td(.text("\(row.answered) of \(row.eligible)"))
                            )
                        })
                )),
            .if(
                model.canRun,
                .section(
                    .attribute(named: "aria-labelledby", value: "open-heading"),
                    .h2(.id("open-heading"), "Open a round"),
                    Fragments.problemSummary(model.problems),
                    .form(
                        .method(.post), .action(SiteURL.cohortTrust(.value(model.cohortID)).relativeURL),
                        Layout.csrfField(context.csrfToken),
                        Fragments.field(
                            "title", label: "Title", value: model.form.title, problem: problem("title"), required: true,
                            autocomplete: "off", hint: "For example “Autumn check-in”."),
                        Fragments.field(
                            "opensOn", label: "Opens on", type: .date, value: model.form.opensOn,
                            problem: problem("opensOn"), required: true),
                        Fragments.field(
                            "closesOn", label: "Closes on (last day to answer)", type: .date,
                            value: model.form.closesOn, problem: problem("closesOn"), required: true),
                        .button(.type(.submit), .class("primary"), .text("Open the round"))
                    )
                )),
            .p(.a(.href(SiteURL.cohort(.value(model.cohortID)).relativeURL), .text("Back to \(model.cohortName)")))
        )
    }
}
