import Foundation
import Plot
import TrellisCore

/// The end-of-year report of a community or a cohort: one page, every section a table (or the stories),
/// charts as SVG, printable on Letter and A4 with a page break between sections and no navigation.
enum ReportPage {
    struct Model: Sendable {
        var report: YearReport
        var stories: [StoryText]
        /// Each community's stage line, as SVG.
        var stageCharts: [String]
        /// Where the page goes back to, and its downloads.
        var back: (url: String, label: String)
        var tablesURL: String
        var storiesURL: String
        var generated: String
    }

    static func view(_ model: Model, context: PageContext) -> FramedPage {
        Layout.page(
            model.report.title, context: context,
            .div(
                .class("no-print"),
                .p(.a(.href(model.back.url), .text("← \(model.back.label)"))),
                .p(
                    .a(.href(model.tablesURL), .text("Download every table (ZIP of CSV files)")), .text(" · "),
                    .a(.href(model.storiesURL), .text("Download the stories (Markdown)")), .text(" · "),
                    .text("To keep it as a PDF, print the page and choose “Save as PDF”."))),
            .article(
                .class("report"),
                .h1(.text(model.report.title)),
                .p(.class("meta"), .text("\(model.report.year) · prepared \(model.generated)")),
                .nav(
                    .ariaLabel("Sections of the report"), .class("no-print"),
                    .ol(
                        .forEach(model.report.sections) { section in
                            .li(.a(.href("#report-\(section.id)"), .text(section.title)))
                        })),
                .forEach(model.report.sections) { section in
                    .section(
                        .id("report-\(section.id)"), .class("report-section"),
                        .h2(.text(section.title)),
                        .forEach(section.paragraphs) { .p(.text($0)) },
                        .if(section.id == "stages", .forEach(model.stageCharts) { .div(.class("chart"), .raw($0)) }),
                        .forEach(section.tables) { table($0) },
                        .if(section.id == "stories", stories(model.stories))
                    )
                }
            )
        )
    }

    private static func table(_ table: ReportTable) -> Node<HTML.BodyContext> {
        .div(
            .class("table-wrap"),
            .table(
                .caption(.text(table.title)),
                .thead(.tr(.forEach(table.columns) { .th(.attribute(named: "scope", value: "col"), .text($0)) })),
                .tbody(
                    .if(
                        table.rows.isEmpty,
                        .tr(.td(.attribute(named: "colspan", value: String(table.columns.count)), "Nothing yet."))),
                    .raw(rows(table.rows)))))
    }

    /// A table's rows written out directly, each cell escaped as `.text` escapes it: the markup of
    /// `.tr(.th(.attribute(named: "scope", value: "row"), .text(first)), .td(.text(cell)), …)`. A cohort's
    /// report holds thousands of cells, and Plot spends about a microsecond on every element it renders.
    static func rows(_ rows: [[String]]) -> String {
        var markup = ""
        markup.reserveCapacity(rows.count * 96)
        for row in rows {
            markup += "<tr>"
            for (index, cell) in row.enumerated() {
                markup += index == 0 ? "<th scope=\"row\">" : "<td>"
                markup += MarkupEscaping.escape(cell)
                markup += index == 0 ? "</th>" : "</td>"
            }
            markup += "</tr>"
        }
        return markup
    }

    private static func stories(_ stories: [StoryText]) -> Node<HTML.BodyContext> {
        .forEach(stories) { story in
            .article(
                .class("value-story"),
                .h3(.text(story.title)),
                .p(.class("meta"), .text("\(story.author), \(story.community)")),
                .dl(
                    .forEach(story.draft.toldSteps) { step in
                        .group(
                            .dt(
                                .text(
                                    "\(step.kind.title), cycle \(story.draft.cycle(of: step.kind) + 1)"
                                        + (step.hopedFor ? " (hoped for)" : ""))),
                            .dd(
                                .p(.class("preserve"), .text(step.text)),
                                .if(
                                    !step.evidence.isEmpty,
                                    .ul(
                                        .class("evidence"),
                                        .forEach(step.evidence) { evidence in
                                            .li(
                                                .text(
                                                    "Evidence: "
                                                        + (story.evidence[evidence.token] ?? evidence.kind.title)))
                                        }))))
                    }))
        }
    }
}
