import Fluent
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

    static func view(_ model: Model, context: PageContext) -> HTML {
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

enum TrustRoundPage {
    struct Model: Sendable {
        var id: UUID
        var title: String
        var cohortID: UUID
        var cohortName: String
        var opensOn: String
        var closesOn: String
        var status: TrustRoundStatus
        var instrumentVersion: String
        var answered: Int
        var eligible: Int
        var canRun: Bool
        var canExportItems: Bool
        var viewerIsLeader: Bool
        var viewerHasAnswered: Bool
        var results: TrustResultsView.Model?
        var notice: String?
    }

    static func view(_ model: Model, context: PageContext) -> HTML {
        Layout.page(
            model.title, context: context,
            .h1(.text(model.title)),
            .p(.text("\(model.cohortName) · \(model.opensOn) to \(model.closesOn) · \(model.status.label)")),
            Fragments.notice(model.notice),
            .if(
                model.canRun || model.viewerIsLeader,
                .p(.class("response-rate"), .text("\(model.answered) of \(model.eligible) leaders have answered."))),
            .if(
                model.viewerIsLeader && model.status == .open && !model.viewerHasAnswered,
                .p(
                    .a(
                        .class("button"), .href(SiteURL.trustAnswer(.value(model.id)).relativeURL),
                        .text("Answer the survey")))),
            .if(
                model.viewerHasAnswered,
                .p(
                    "You have answered this round. Answers are stored without your name, so they cannot be shown back to you or changed."
                )),
            .if(
                model.canRun && model.status != .closed,
                .form(
                    .method(.post), .action(SiteURL.trustRoundClosing(.value(model.id)).relativeURL),
                    Layout.csrfField(context.csrfToken),
                    .button(.type(.submit), .text("Close the round now"))
                )),
            .unwrap(
                model.results, { TrustResultsView.view($0) },
                else: .p(
                    "Results appear when the round closes, so that nobody can watch the figures move as one person answers."
                )),
            .if(
                model.results != nil && model.canRun,
                .p(
                    .a(
                        .href(SiteURL.trustResultsCSV(.value(model.id)).relativeURL),
                        .text("Download the results (CSV)")),
                    .if(
                        model.canExportItems && model.results?.suppressed == false,
                        .group(
                            .text(" · "),
                            .a(
                                .href(SiteURL.trustItemsCSV(.value(model.id)).relativeURL),
                                .text("Download item-level answers, without names (CSV)"))))
                )),
            .p(
                .text("Instrument \(model.instrumentVersion). "),
                .a(
                    .href(SiteURL.cohortTrust(.value(model.cohortID)).relativeURL),
                    .text("All rounds of \(model.cohortName)")))
        )
    }
}

/// The results block of a closed round: the facet table with change and reliability, the weakest facet
/// and what to do about it, and the charts with their data.
enum TrustResultsView {
    struct FacetRow: Sendable {
        var facet: TrustFacet
        var mean: Double?
        var ci95: TrustInterval?
        var alpha: Double?
        var change: TrustChange?
    }

    struct Model: Sendable {
        var minimum: Int
        var n: Int
        var suppressed: Bool
        var rows: [FacetRow]
        var weakest: TrustFacet?
        var previousTitle: String?
        var barsSVG: String
        var trendSVG: String?
        var table: TrustChartTable
        var communities: [TrustGroupResult]
        var openAnswers: [(question: String, answers: [String])]
    }

    static func model(_ results: TrustService.RoundResults, cohortID: UUID, on db: any Database) async throws -> Model {
        let closed = try await TrustService.closedRounds(of: cohortID, on: db)
        var history: [(title: String, cohort: TrustGroupResult)] = []
        for round in closed where round.opensOn <= results.round.opensOn {
            if round.id == results.round.id {
                history.append((round.title, results.cohort))
            } else if let earlier = try await TrustService.results(round, on: db) {
                history.append((round.title, earlier.cohort))
            }
        }
        let previous = history.count >= 2 ? history[history.count - 2] : nil
        let changes = previous.map { TrustReport.changes(from: $0.cohort, to: results.cohort) } ?? [:]
        let cohort = results.cohort
        let rows = TrustFacet.allCases.map { facet in
            FacetRow(
                facet: facet, mean: cohort.facets[facet]?.mean, ci95: cohort.facets[facet]?.ci95,
                alpha: cohort.facets[facet]?.alpha, change: changes[facet])
        }
        let barRounds = ([previous].compactMap { $0 } + [(results.round.title, cohort)])
            .filter { !$0.1.suppressed }
            .map { TrustChartRound(label: $0.0, result: $0.1) }
        let trendRounds = history.filter { !$0.cohort.suppressed }.map {
            TrustChartRound(label: $0.title, result: $0.cohort)
        }
        let scale = TrustService.instrument.scale
        return Model(
            minimum: results.minimum, n: cohort.n, suppressed: cohort.suppressed, rows: rows,
            weakest: cohort.weakestFacet, previousTitle: previous?.title,
            barsSVG: TrustCharts.facetBars(
                barRounds, scale: scale, title: "Trust by facet, \(results.round.title)", id: "trust-bars"),
            trendSVG: trendRounds.count >= 2 ? TrustCharts.trend(trendRounds, scale: scale, id: "trust-trend") : nil,
            table: TrustCharts.table(trendRounds.isEmpty ? barRounds : trendRounds),
            communities: Array(results.groups.dropFirst()), openAnswers: results.openAnswers)
    }

    static func figure(_ value: Double?) -> String {
        value.map { String(format: "%.2f", $0) } ?? "—"
    }

    static func view(_ model: Model) -> Node<HTML.BodyContext> {
        guard !model.suppressed else {
            return .section(
                .h2("Results"),
                .p(
                    .class("notice"),
                    .text(
                        "\(model.n) \(model.n == 1 ? "person" : "people") answered, fewer than the \(model.minimum) needed before any result is shown. No figures are shown, so that nobody's answers can be singled out."
                    ))
            )
        }
        return .section(
            .attribute(named: "aria-labelledby", value: "results-heading"),
            .h2(.id("results-heading"), .text("Results (\(model.n) responses)")),
            .unwrap(model.weakest) { weakest in
                .div(
                    .class("notice weakest"),
                    .h3(.text("Weakest facet: \(weakest.label)")),
                    .p(.text(weakest.meaning)),
                    .p("Practices that address it:"),
                    .ul(.forEach(weakest.practices) { .li(.text($0)) })
                )
            },
            .div(
                .class("table-wrap"),
                .table(
                    .caption(
                        .text(
                            "Facet scores on a 1–7 scale"
                                + (model.previousTitle.map { ", with the change since \($0)" } ?? ""))),
                    .thead(
                        .tr(
                            .th("Facet"), .th("Mean"), .th("95 % interval"), .th("Reliability (α)"),
                            .th("Change since last round (95 % interval)"))),
                    .tbody(
                        .forEach(model.rows) { row in
                            .tr(
                                .th(.attribute(named: "scope", value: "row"), .text(row.facet.label)),
                                .td(.text(figure(row.mean))),
                                .td(.text(row.ci95.map { "\(figure($0.lower))–\(figure($0.upper))" } ?? "—")),
                                .td(.text(figure(row.alpha))),
                                .td(
                                    .text(
                                        row.change.map {
                                            String(
                                                format: "%+.2f (%+.2f to %+.2f)", $0.difference, $0.ci95.lower,
                                                $0.ci95.upper)
                                        } ?? "—"))
                            )
                        })
                )
            ),
            .p(
                .class("hint"),
                .text(
                    "Reliability (Cronbach’s α) says how consistently a facet’s four statements were answered; below about 0.7, read the facet’s score with care. An interval that crosses zero means the change may be chance."
                )),
            .div(.class("chart"), .raw(model.barsSVG)),
            .unwrap(model.trendSVG) { .div(.class("chart"), .raw($0)) },
            .div(
                .class("table-wrap"),
                .table(
                    .caption(.text(model.table.caption)),
                    .thead(.tr(.forEach(model.table.columns) { .th(.text($0)) })),
                    .tbody(
                        .forEach(model.table.rows) { row in
                            .tr(
                                .forEach(Array(row.enumerated())) { index, cell in
                                    index == 0
                                        ? .th(.attribute(named: "scope", value: "row"), .text(cell)) : .td(.text(cell))
                                })
                        })
                )
            ),
            .if(
                !model.communities.isEmpty && model.communities.allSatisfy { $0.n == 0 },
                .p(
                    .class("hint"),
                    .text(
                        "This round ran before the communities were published, so its answers count for the cohort only. Rows by community start with the first round after publishing."
                    ))),
            .if(
                model.communities.contains { $0.n > 0 },
                .group(
                    .h3("By community"),
                    .ul(
                        .forEach(model.communities) { group in
                            .li(
                                .text(
                                    group.suppressed
                                        ? "\(group.community ?? "—"): hidden. Fewer than \(model.minimum) of its members answered, or showing it would let a smaller group's answers be worked out from the totals. It shows in a round where enough of its members answer; answers given before the communities were published count for the cohort only."
                                        : "\(group.community ?? "—"): \(group.n) responses, weakest \(group.weakestFacet?.label ?? "—")"
                                ))
                        })
                )),
            .forEach(model.openAnswers) { entry in
                .group(
                    .h3(.text(entry.question)),
                    .ul(.forEach(entry.answers) { .li(.text($0)) })
                )
            }
        )
    }
}

enum TrustAnswerPage {
    struct Model: Sendable {
        var roundID: UUID
        var title: String
        var instrument: TrustInstrument
        var questions: [(id: UUID, text: String)]
        var chosen: [String: Int]
        var written: [UUID: String]
        var problems: [FieldProblem]
    }

    static func view(_ model: Model, context: PageContext) -> HTML {
        Layout.page(
            model.title, context: context,
            .h1(.text(model.title)),
            .p(
                "Think of your community of practice. How much do you agree with each statement? Your answers are stored without your name, and results are only shown for groups where enough people answered."
            ),
            Fragments.problemSummary(model.problems),
            .form(
                .method(.post), .action(SiteURL.trustAnswer(.value(model.roundID)).relativeURL), .class("survey"),
                // The server lists every missing statement at once; the browser would stop at the first.
                .novalidate(),
                Layout.csrfField(context.csrfToken),
                .forEach(model.instrument.items) { item in
                    .fieldset(
                        .id(item.id),
                        .class(model.problems.contains { $0.field == item.id } ? "likert has-error" : "likert"),
                        .element(named: "legend", text: item.text),
                        .if(
                            model.problems.contains { $0.field == item.id },
                            .p(.class("error"), .id("\(item.id)-error"), .text("Choose an answer for this statement."))),
                        .div(
                            .class("likert-options"),
                            .forEach(1...model.instrument.scale) { value in
                                .label(
                                    .input(
                                        .type(.radio), .name("item-\(item.id)"), .value("\(value)"),
                                        .required(true),
                                        .attribute(
                                            named: "aria-describedby",
                                            value: model.problems.contains { $0.field == item.id }
                                                ? "\(item.id)-error" : nil),
                                        model.chosen[item.id] == value ? .checked(true) : .empty),
                                    .span(.text(model.instrument.label(for: value) ?? "\(value)"))
                                )
                            }
                        )
                    )
                },
                .forEach(model.questions) { question in
                    .div(
                        .class("field"),
                        .label(.for("open-\(question.id)"), .text(question.text + " (optional)")),
                        .textarea(
                            .id("open-\(question.id)"), .name("open-\(question.id)"), .rows(4),
                            .text(model.written[question.id] ?? ""))
                    )
                },
                .button(.type(.submit), .class("primary"), .text("Send my answers"))
            )
        )
    }
}

enum TrustQuestionsPage {
    struct Model: Sendable {
        var questions: [String]
        var text: String
        var problems: [FieldProblem]
    }

    static func view(_ model: Model, context: PageContext) -> HTML {
        Layout.page(
            "Open-ended questions", context: context,
            .h1("Open-ended trust questions"),
            .p(
                "Questions your district adds to every trust round. Written answers are shown only for rounds where enough people answered, sorted alphabetically and without names."
            ),
            .if(model.questions.isEmpty, Fragments.emptyState("No questions yet.")),
            .ol(.forEach(model.questions) { .li(.text($0)) }),
            Fragments.problemSummary(model.problems),
            .form(
                .method(.post), .action(SiteURL.trustQuestions.relativeURL),
                Layout.csrfField(context.csrfToken),
                Fragments.field(
                    "text", label: "New question", value: model.text, problem: model.problems.first?.message,
                    required: true, autocomplete: "off"),
                .button(.type(.submit), .class("primary"), .text("Add question"))
            )
        )
    }
}
