import Foundation
import Plot
import TrellisCore

enum StoryPage {
    struct Model: Sendable {
        var id: UUID
        var author: String
        var isAuthor: Bool
        var story: String
        var need: String
        var readers: String
        var sharedWithCommunity: Bool
        var communityName: String?
        var peers: [(id: String, name: String)]
        var messages: [(author: String, text: String)]
        var canDiscuss: Bool
        var message: String
        var problems: [FieldProblem]
        var notice: String?
        /// For the author: the peers it is shared with, each of whom can be taken off.
        var sharedPeers: [(id: String, name: String)] = []
        /// For the author's edit form: the words as they stand, or as just typed.
        var draft: (story: String, need: String) = ("", "")
    }

    static func view(_ model: Model, context: PageContext) -> FramedPage {
        let step = { (name: SiteURL.StoryStep) in SiteURL.storyStep(.value(model.id), name).relativeURL }
        let problem = { (field: String) in model.problems.first { $0.field == field }?.message }
        return Layout.page(
            "Story", context: context,
            .p(.a(.href(SiteURL.stories.relativeURL), .text("Your stories"))),
            .h1(.text(model.isAuthor ? "Your story" : "A story from \(model.author)")),
            Fragments.notice(model.notice),
            Fragments.problemSummary(model.problems),
            storyText(model),
            .if(model.isAuthor, sharingSection(model, step: step, problem: problem, context: context)),
            .if(model.isAuthor, changeOrDeleteSection(model, step: step, problem: problem, context: context)),
            .if(model.canDiscuss, assumptionCheck(model, step: step, context: context))
        )
    }

    /// Who can read the story, then the story and what was needed.
    private static func storyText(_ model: Model) -> Node<HTML.BodyContext> {
        .group(
            .p(.class("hint"), .text("Who can read this: \(model.readers)")),
            .h2("The story"),
            .p(.class("written"), .text(model.story)),
            .h2("What was needed"),
            .p(.class("written"), .text(model.need))
        )
    }

    /// For the author: sharing with the community, and with peers for an assumption check.
    private static func sharingSection(
        _ model: Model, step: (SiteURL.StoryStep) -> String, problem: (String) -> String?, context: PageContext
    ) -> Node<HTML.BodyContext> {
        .section(
            .h2("Sharing"),
            communitySharingForm(model, step: step, problem: problem, context: context),
            peerSharingForms(model, step: step, context: context)
        )
    }

    /// The form that shares the story with the community, after a confirmation, or stops sharing it.
    private static func communitySharingForm(
        _ model: Model, step: (SiteURL.StoryStep) -> String, problem: (String) -> String?, context: PageContext
    ) -> Node<HTML.BodyContext> {
        .form(
            .method(.post), .action(step(.sharing)),
            Layout.csrfField(context.csrfToken),
            .input(.type(.hidden), .name("community"), .value(model.sharedWithCommunity ? "no" : "yes")),
            .if(
                !model.sharedWithCommunity,
                .div(
                    .class(problem("confirm") == nil ? "field checkbox" : "field checkbox has-error"),
                    .unwrap(problem("confirm")) { .p(.id("confirm-error"), .class("error"), .text($0)) },
                    .input(
                        .type(.checkbox), .id("confirm"), .name("confirm"), .value("yes"),
                        .required(true)),
                    .label(
                        .for("confirm"),
                        .text(
                            "I want every member of \(model.communityName ?? "my community") and its facilitators to read this story"
                        ))
                )),
            .button(
                .type(.submit),
                .text(
                    model.sharedWithCommunity
                        ? "Stop sharing with \(model.communityName ?? "my community")"
                        : "Share with \(model.communityName ?? "my community")"))
        )
    }

    /// A form per peer the story is shared with to stop sharing, and the form to share with another.
    private static func peerSharingForms(
        _ model: Model, step: (SiteURL.StoryStep) -> String, context: PageContext
    ) -> Node<HTML.BodyContext> {
        .group(
            .forEach(model.sharedPeers) { peer in
                .form(
                    .method(.post), .action(step(.sharing)), .class("inline"),
                    Layout.csrfField(context.csrfToken),
                    .input(.type(.hidden), .name("removePeer"), .value(peer.id)),
                    .button(.type(.submit), .text("Stop sharing with \(peer.name)"))
                )
            },
            .if(
                !model.peers.isEmpty,
                .form(
                    .method(.post), .action(step(.sharing)),
                    Layout.csrfField(context.csrfToken),
                    Fragments.select(
                        "peer", label: "Ask a peer from your community for an assumption check",
                        options: model.peers.map { ($0.id, $0.name) }, selected: nil,
                        problem: model.problems.first { $0.field == "peer" }?.message),
                    .button(.type(.submit), .text("Share with this peer"))
                ))
        )
    }

    /// For the author: the form to edit the story, and the one to delete it after a confirmation.
    private static func changeOrDeleteSection(
        _ model: Model, step: (SiteURL.StoryStep) -> String, problem: (String) -> String?, context: PageContext
    ) -> Node<HTML.BodyContext> {
        .section(
            .h2("Change or delete"),
            .details(
                .summary("Edit the story"),
                .form(
                    .method(.post), .action(step(.edit)),
                    Layout.csrfField(context.csrfToken),
                    Fragments.textArea(
                        "story", label: "A time you could not address an equity concern",
                        value: model.draft.story, problem: problem("story")),
                    Fragments.textArea(
                        "need", label: "What you needed but did not have", value: model.draft.need,
                        problem: problem("need")),
                    .button(.type(.submit), .class("primary"), .text("Save the story"))
                )
            ),
            .form(
                .method(.post), .action(step(.deletion)),
                Layout.csrfField(context.csrfToken),
                .div(
                    .class(problem("delete-confirm") == nil ? "field checkbox" : "field checkbox has-error"),
                    .unwrap(problem("delete-confirm")) { .p(.class("error"), .text($0)) },
                    .input(
                        .type(.checkbox), .id("delete-confirm"), .name("confirmDeletion"), .value("yes"),
                        .required(true)),
                    .label(
                        .for("delete-confirm"),
                        .text("Delete this story and its assumption check for everyone, for good"))
                ),
                .button(.type(.submit), .class("danger"), .text("Delete the story"))
            )
        )
    }

    /// The assumption check: the questions and answers so far, and the form to add one.
    private static func assumptionCheck(
        _ model: Model, step: (SiteURL.StoryStep) -> String, context: PageContext
    ) -> Node<HTML.BodyContext> {
        .section(
            .h2("Assumption check"),
            .p(
                .class("hint"),
                .text(
                    "Ask questions that test the assumptions in the story; the author answers. Only the author and the peers they asked read this."
                )),
            .if(model.messages.isEmpty, Fragments.emptyState("No questions yet.")),
            .ul(
                .class("messages"),
                .forEach(model.messages) { message in
                    .li(.strong(.text("\(message.author): ")), .span(.class("written"), .text(message.text)))
                }),
            .form(
                .method(.post), .action(step(.messages)),
                Layout.csrfField(context.csrfToken),
                Fragments.textArea(
                    "message", label: model.isAuthor ? "Answer" : "Your questions and notes",
                    value: model.message, problem: model.problems.first { $0.field == "message" }?.message),
                .button(.type(.submit), .text("Send"))
            )
        )
    }
}
