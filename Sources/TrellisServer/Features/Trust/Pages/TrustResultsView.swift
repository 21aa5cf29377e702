import Foundation
import Plot
import TrellisCore

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
        var communities: [TrustService.CommunitySummary]
        var openAnswers: [(question: String, answers: [String])]
    }

    /// `history` is the cohort's closed rounds up to this one, oldest first (`TrustService.history`).
    static func model(_ results: TrustService.RoundSummary, history: [(title: String, cohort: TrustGroupResult)])
        -> Model
    {
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
            communities: results.communities, openAnswers: results.openAnswers)
    }

    static func figure(_ value: Double?) -> String {
        value.map { FixedDecimal.text($0, places: 2) } ?? "—"
    }

    static func view(_ model: Model) -> Node<HTML.BodyContext> {
        guard !model.suppressed else {
            return suppressedNotice(model)
        }
        return .section(
            .attribute(named: "aria-labelledby", value: "results-heading"),
            .h2(.id("results-heading"), .text("Results (\(model.n) responses)")),
            .unwrap(model.weakest) { weakest in weakestFacet(weakest) },
            facetTable(model),
            charts(model),
            byCommunity(model),
            openAnswers(model)
        )
    }

    /// Results withheld: too few answered for any figure to be shown.
    private static func suppressedNotice(_ model: Model) -> Node<HTML.BodyContext> {
        .section(
            .h2("Results"),
            .p(
                .class("notice"),
                .text(
                    "\(model.n) \(model.n == 1 ? "person" : "people") answered, fewer than the \(model.minimum) needed before any result is shown. No figures are shown, so that nobody's answers can be singled out."
                ))
        )
    }

    /// The weakest facet, what it means, and practices that address it.
    private static func weakestFacet(_ weakest: TrustFacet) -> Node<HTML.BodyContext> {
        .div(
            .class("notice weakest"),
            .h3(.text("Weakest facet: \(weakest.label)")),
            .p(.text(weakest.meaning)),
            .p("Practices that address it:"),
            .ul(.forEach(weakest.practices) { .li(.text($0)) })
        )
    }

    /// Each facet's mean, interval, reliability and change, with how to read reliability and change.
    private static func facetTable(_ model: Model) -> Node<HTML.BodyContext> {
        .group(
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
                ))
        )
    }

    /// The facet bars, the trend when there is one, and the charts' data as a table.
    private static func charts(_ model: Model) -> Node<HTML.BodyContext> {
        .group(
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
            )
        )
    }

    /// Each community's responses and weakest facet, or why there are none yet.
    private static func byCommunity(_ model: Model) -> Node<HTML.BodyContext> {
        .group(
            .if(
                !model.communities.isEmpty && model.communities.allSatisfy { $0.n == 0 },
                .p(
                    .class("hint"),
                    .text(
                        "This round ran before the communities were published, so its answers count for the cohort only. Rows by community start with the first round after publishing."
                    ))),
            // built only when shown: `.if` would build (and escape) every row of a round that hides them
            model.communities.contains { $0.n > 0 }
                ? .group(
                    .h3("By community"),
                    .ul(
                        .forEach(model.communities) { group in
                            .li(
                                .text(
                                    group.suppressed
                                        ? "\(group.community ?? "—"): hidden. Fewer than \(model.minimum) of its members answered, or showing it would let a smaller group's answers be worked out from the totals. It shows in a round where enough of its members answer; answers given before the communities were published count for the cohort only."
                                        : "\(group.community ?? "—"): \(group.n) responses, weakest \(group.weakest?.label ?? "—")"
                                ))
                        })
                ) : .empty
        )
    }

    /// The answers to each open question.
    private static func openAnswers(_ model: Model) -> Node<HTML.BodyContext> {
        .forEach(model.openAnswers) { entry in
            .group(
                .h3(.text(entry.question)),
                .ul(.forEach(entry.answers) { .li(.text($0)) })
            )
        }
    }
}
