import Foundation
import Plot
import TrellisCore

enum StoriesPage {
    struct Item: Sendable {
        var id: UUID
        var opening: String
        var sharing: String
    }

    struct Model: Sendable {
        var own: [Item]
        var sharedWithMe: [(id: UUID, author: String, opening: String)]
        var story: String
        var need: String
        var problems: [FieldProblem]
        var notice: String? = nil
    }

    static func view(_ model: Model, context: PageContext) -> FramedPage {
        let problem = { (field: String) in model.problems.first { $0.field == field }?.message }
        return Layout.page(
            "Your stories", context: context,
            .h1("Your stories"),
            .p(
                "What you write here is yours alone. Nobody else — not your facilitator, not your supervisor — can read it unless you share it with a peer or with your community."
            ),
            Fragments.notice(model.notice),
            Fragments.problemSummary(model.problems),
            .section(
                .h2("Tell a story"),
                .form(
                    .method(.post), .action(SiteURL.stories.relativeURL),
                    Layout.csrfField(context.csrfToken),
                    Fragments.textArea(
                        "story", label: "A time you could not address an equity concern", value: model.story,
                        problem: problem("story")),
                    Fragments.textArea(
                        "need", label: "What you needed but did not have", value: model.need, problem: problem("need")),
                    .button(.type(.submit), .class("primary"), .text("Keep it (private)"))
                )
            ),
            .section(
                .h2("Written by you"),
                .if(model.own.isEmpty, Fragments.emptyState("Nothing yet.")),
                .ul(
                    .forEach(model.own) { item in
                        .li(
                            .a(.href(SiteURL.story(.value(item.id)).relativeURL), .text(item.opening)),
                            .text(" — \(item.sharing)"))
                    })
            ),
            .if(
                !model.sharedWithMe.isEmpty,
                .section(
                    .h2("Shared with you for an assumption check"),
                    .ul(
                        .forEach(model.sharedWithMe) { item in
                            .li(
                                .a(.href(SiteURL.story(.value(item.id)).relativeURL), .text(item.opening)),
                                .text(" — from \(item.author)"))
                        })
                ))
        )
    }
}
