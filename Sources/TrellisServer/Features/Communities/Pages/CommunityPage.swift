import Foundation
import Plot
import TrellisCore

enum CommunityPage {
    struct Editing: Sendable {
        var name: String
        var facilitator: String
        var facilitators: [(id: String, label: String)]
    }

    struct Model: Sendable {
        var id: UUID
        var name: String
        var focus: String
        var cohortID: UUID
        var cohortName: String
        var facilitator: String?
        var members: [(name: String, school: String)]
        /// Only when the viewer is a member: why they are here.
        var yourReasons: String?
        /// Only for the cohort's runners.
        var editing: Editing?
        /// Stories the authors shared with this community.
        var sharedStories: [(id: UUID, author: String, opening: String)]
        /// For the cohort's runners: how many stories the members wrote and shared — never their text.
        var storyCounts: (written: Int, shared: Int)?
        /// The adopted "How might we …" question.
        var inquiry: String?
        /// Members and the cohort's runners work on the inquiry.
        var showsInquiry: Bool
        var saved: Bool
        var problems: [FieldProblem]
        /// The day a later proposal stopped continuing it, in the district's time zone.
        var endedOn: String? = nil
        /// The playlist's purpose and its first items.
        var playlist: (purpose: String, items: [(id: UUID, title: String)], total: Int) = ("", [], 0)
    }

    static func view(_ model: Model, context: PageContext) -> FramedPage {
        Layout.page(
            model.name, context: context,
            .p(
                .text("A community of "),
                .a(.href(SiteURL.cohort(.value(model.cohortID)).relativeURL), .text(model.cohortName))),
            .h1(.text(model.name)),
            .unwrap(model.endedOn) { day in endedNotice(day) },
            Fragments.notice(model.saved ? "Saved." : nil),
            Fragments.problemSummary(model.problems),
            about(model),
            membersSection(model),
            playlistSection(model),
            sharedStoriesSection(model),
            .unwrap(model.editing) { editing in editingSection(editing, model: model, context: context) }
        )
    }

    /// Says the community has ended, on which day, and that what it made is kept.
    private static func endedNotice(_ day: String) -> Node<HTML.BodyContext> {
        .p(
            .class("notice"), .attribute(named: "role", value: "status"),
            .text(
                "This community ended on \(day), when its members moved to other communities. Its board, meetings, questions and shared stories are kept here as they were."
            ))
    }

    /// The adopted question, the focus, the inquiry link, the facilitator, and why the viewer is here.
    private static func about(_ model: Model) -> Node<HTML.BodyContext> {
        .group(
            .unwrap(model.inquiry) { inquiry in
                .p(.class("notice success inquiry"), .strong("Our yearlong question: "), .text(inquiry))
            },
            .p(.strong("Focus: "), .text(model.focus)),
            .if(
                model.showsInquiry,
                .p(
                    .a(
                        .href(SiteURL.communityInquiry(.value(model.id)).relativeURL),
                        .text(model.inquiry == nil ? "Draft and vote on our “How might we …” question" : "Our inquiry"))
                )),
            .if(
                model.showsInquiry,
                .p(
                    .a(
                        .href(SiteURL.communityPractice(.value(model.id)).relativeURL),
                        .text("Between meetings: commitments, insights, debriefs and activities")),
                    .text(" · "),
                    .a(
                        .href(SiteURL.communityValue(.value(model.id)).relativeURL),
                        .text("What the year was worth: stories and the end-of-year report")))),
            .p(.strong("Facilitator: "), .text(model.facilitator ?? "not chosen yet")),
            .unwrap(model.yourReasons) { reasons in
                .p(.class("notice"), .strong("Why you are here: "), .text(reasons))
            }
        )
    }

    /// The members and their schools.
    private static func membersSection(_ model: Model) -> Node<HTML.BodyContext> {
        .section(
            .h2(.text("Members (\(model.members.count))")),
            .ul(
                .class("members"),
                .forEach(model.members) { member in
                    .li(.text(member.name), .if(!member.school.isEmpty, .text(" — \(member.school)")))
                })
        )
    }

    /// The current playlist: its purpose and first items, and the way to all of it.
    private static func playlistSection(_ model: Model) -> Node<HTML.BodyContext> {
        .section(
            .h2("Playlist"),
            .if(!model.playlist.purpose.isEmpty, .p(.text(model.playlist.purpose))),
            .if(
                model.playlist.items.isEmpty, Fragments.emptyState("Nothing on it yet."),
                else: .ol(
                    .forEach(model.playlist.items) { item in
                        .li(.a(.href(SiteURL.resource(.value(item.id)).relativeURL), .text(item.title)))
                    })),
            .p(
                .a(
                    .href(SiteURL.communityPlaylist(.value(model.id)).relativeURL),
                    .text(
                        model.playlist.total > model.playlist.items.count
                            ? "The whole playlist (\(model.playlist.total))" : "Open the playlist")))
        )
    }

    /// The stories shared with the community, and for runners how many were written and shared.
    private static func sharedStoriesSection(_ model: Model) -> Node<HTML.BodyContext> {
        .section(
            .h2("Stories shared with the community"),
            .unwrap(model.storyCounts) { counts in
                .p(
                    .class("hint"),
                    .text(
                        "Members have written \(counts.written) \(counts.written == 1 ? "story" : "stories") and shared \(counts.shared) with the community. Unshared stories stay private to their authors."
                    ))
            },
            .if(model.sharedStories.isEmpty, Fragments.emptyState("None shared yet.")),
            .ul(
                .forEach(model.sharedStories) { story in
                    .li(
                        .a(.href(SiteURL.story(.value(story.id)).relativeURL), .text(story.opening)),
                        .text(" — \(story.author)"))
                })
        )
    }

    /// For the cohort's runners: the form to rename the community and choose its facilitator.
    private static func editingSection(_ editing: Editing, model: Model, context: PageContext)
        -> Node<HTML.BodyContext>
    {
        .section(
            .h2("Name and facilitator"),
            .form(
                .method(.post), .action(SiteURL.community(.value(model.id)).relativeURL),
                Layout.csrfField(context.csrfToken),
                Fragments.field(
                    "name", label: "Name", value: editing.name,
                    problem: model.problems.first { $0.field == "name" }?.message, required: true,
                    autocomplete: "off"),
                Fragments.select(
                    "facilitator", label: "Facilitator",
                    options: [("", "Not chosen yet")] + editing.facilitators.map { ($0.id, $0.label) },
                    selected: editing.facilitator,
                    problem: model.problems.first { $0.field == "facilitator" }?.message),
                .button(.type(.submit), .class("primary"), .text("Save"))
            )
        )
    }
}
