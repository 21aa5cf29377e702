import Foundation
import Plot
import TrellisCore

/// What a community's year was worth: the value-creation matrix (indicators per cycle from Trellis's own
/// data above the shared stories), the viewer's own stories, and the way to the end-of-year report.
enum ValuePage {
    struct StoryLink: Sendable {
        var id: UUID
        var title: String
        var author: String
        var sharing: StorySharing
        var aspirational: Bool
        var asked: Bool
    }

    struct Model: Sendable {
        var communityID: UUID
        var communityName: String
        var isMember: Bool
        var runs: Bool
        var cycles: [(number: Int, label: String)]
        var indicators: [(indicator: Indicator, url: String?)]
        var rows: [ValueMatrix.StoryRow]
        var mine: [StoryLink]
        var shared: [StoryLink]
        var stageChart: String?
        var notice: String?
    }

    static func view(_ model: Model, context: PageContext) -> FramedPage {
        Layout.page(
            "What the year was worth: \(model.communityName)", context: context,
            .p(
                .a(
                    .href(SiteURL.community(.value(model.communityID)).relativeURL),
                    .text("← \(model.communityName)"))),
            .h1(.text("What the year was worth: \(model.communityName)")),
            .p(
                .class("lead"),
                .text(
                    "Value appears in cycles (Wenger, Trayner and de Laat): immediate, potential, applied, realized and reframing. The indicators come from what the community did in Trellis; the stories are members' own accounts, shared by them."
                )),
            Fragments.notice(model.notice),
            .p(
                .a(
                    .href(SiteURL.communityReport(.value(model.communityID)).relativeURL),
                    .text("The end-of-year report")),
                .if(
                    model.isMember,
                    .group(
                        .text(" · "),
                        .a(
                            .href(SiteURL.newValueStory(.value(model.communityID)).relativeURL),
                            .text("Write a value-creation story"))))),
            matrix(model),
            stories(model),
            .unwrap(model.stageChart) { chart in
                .section(
                    .ariaLabel("Stage of development"), .h2("The community's stage of development"),
                    .div(.class("chart"), .raw(chart)),
                    .p(
                        .a(
                            .href(
                                SiteURL.communityPractice(.value(model.communityID)).relativeURL + "#community-stage"),
                            .text("The stage, term by term, with why"))))
            }
        )
    }

    private static func matrix(_ model: Model) -> Node<HTML.BodyContext> {
        .section(
            .ariaLabel("Value-creation matrix"),
            .h2("The value-creation matrix"),
            .if(
                model.cycles.isEmpty,
                Fragments.emptyState("No cycle has begun yet: the matrix fills in as the community meets."),
                else: .div(
                    .class("table-wrap"),
                    .table(
                        .class("matrix"),
                        .caption("Indicators per cycle, then shared stories"),
                        .thead(
                            .tr(
                                .th(.attribute(named: "scope", value: "col"), "Cycle of value"),
                                .th(.attribute(named: "scope", value: "col"), "Indicator"),
                                .forEach(model.cycles) { cycle in
                                    .th(.attribute(named: "scope", value: "col"), .text("Cycle \(cycle.number + 1)"))
                                },
                                .th(.attribute(named: "scope", value: "col"), "The year"))),
                        .tbody(
                            .forEach(model.indicators) { entry in
                                .tr(
                                    .td(.text(entry.indicator.kind.title)),
                                    .th(
                                        .attribute(named: "scope", value: "row"),
                                        .unwrap(
                                            entry.url, { .a(.href($0), .text(entry.indicator.name)) },
                                            else: .text(entry.indicator.name))),
                                    .forEach(entry.indicator.cells) { .td(.text($0)) },
                                    .td(.text(entry.indicator.year)))
                            },
                            .forEach(model.rows) { row in
                                .tr(
                                    .class("story-row"),
                                    .td("Story"),
                                    .th(
                                        .attribute(named: "scope", value: "row"), .text("\(row.title) (\(row.author))")),
                                    .forEach(model.cycles) { cycle in
                                        .td(
                                            .unwrap(row.steps[cycle.number]) { step in
                                                .group(
                                                    .strong(
                                                        .text(step.kind.title + (step.hopedFor ? " (hoped for)" : ""))),
                                                    .text(": " + ValueStoryService.excerpt(step.text, limit: 90)))
                                            })
                                    },
                                    .td())
                            }
                        )))
            )
        )
    }

    private static func list(_ stories: [StoryLink], showAuthor: Bool) -> Node<HTML.BodyContext> {
        .ul(
            .class("plain"),
            .forEach(stories) { story in
                .li(
                    .a(.href(SiteURL.valueStory(.value(story.id)).relativeURL), .text(story.title)),
                    .text(showAuthor ? " — \(story.author)" : " — \(story.sharing.title)"),
                    .if(story.aspirational, .span(.class("tag"), " hoped for")),
                    .if(story.asked, .span(.class("tag"), " asked for the report")))
            })
    }

    private static func stories(_ model: Model) -> Node<HTML.BodyContext> {
        .section(
            .ariaLabel("Value-creation stories"),
            .h2("Value-creation stories"),
            .if(
                model.isMember,
                .group(
                    .h3("Your stories"),
                    .if(
                        model.mine.isEmpty,
                        Fragments.emptyState(
                            "You have not written a story yet. A story follows one thread through the cycles: what happened, what it gave you, what you did differently, what difference it made, and how you now see success."
                        ),
                        else: list(model.mine, showAuthor: false)))),
            .h3("Shared with the community"),
            .if(
                model.shared.isEmpty, Fragments.emptyState("No story has been shared with the community yet."),
                else: list(model.shared, showAuthor: true))
        )
    }
}
