import Foundation
import Plot
import TrellisCore

enum FormationPage {
    struct Draft: Sendable {
        var id: UUID
        var name: String
        var focus: String
        var score: Int
        var members: [(id: UUID, name: String, reasons: String)]
    }

    struct Model: Sendable {
        var cohortID: UUID
        var cohortName: String
        /// What the proposal form shows: what was typed, or the current proposal's settings.
        var proposalForm: FormationController.ProposalForm
        var challenges: [(key: String, title: String)]
        var intake: [(name: String, choices: [String])]
        var pairs: [(id: UUID, names: String)]
        var people: [(id: String, label: String)]
        var drafts: [Draft]
        var score: FormationScore?
        var violations: [String]
        var published: [(id: UUID, name: String, members: [String])]
        /// Communities a later proposal did not continue: kept, with what they made.
        var ended: [(id: UUID, name: String)] = []
        var problems: [FieldProblem]
    }

    static func view(_ model: Model, context: PageContext) -> FramedPage {
        let step = { (name: SiteURL.FormationStep) in
            SiteURL.cohortFormationStep(.value(model.cohortID), name).relativeURL
        }
        return Layout.page(
            "Forming communities", context: context,
            .h1(.text("Forming communities: \(model.cohortName)")),
            Fragments.problemSummary(model.problems),
            challengesSection(model, step: step, context: context),
            intakeSection(model, step: step, context: context),
            // Announces what a move changed when the script moves people without reloading the page.
            .p(.id("formation-status"), .class("visually-hidden"), .attribute(named: "role", value: "status")),
            proposalSection(model, step: step, context: context),
            .if(!model.published.isEmpty, publishedSection(model)),
            .if(!model.ended.isEmpty, endedSection(model))
        )
    }

    /// Step 1: the challenges leaders rank, with the forms to start from the standard ones or add one.
    private static func challengesSection(
        _ model: Model, step: (SiteURL.FormationStep) -> String, context: PageContext
    ) -> Node<HTML.BodyContext> {
        .section(
            .h2("1. Challenges leaders rank"),
            .if(
                model.challenges.isEmpty,
                .form(
                    .method(.post), .action(step(.challenges)),
                    Layout.csrfField(context.csrfToken),
                    .input(.type(.hidden), .name("standard"), .value("1")),
                    .button(.type(.submit), .class("primary"), .text("Start with the standard challenges"))
                )),
            .ol(.forEach(model.challenges) { .li(.text($0.title)) }),
            .form(
                .method(.post), .action(step(.challenges)),
                Layout.csrfField(context.csrfToken),
                Fragments.field(
                    "title", label: "Add a challenge",
                    problem: model.problems.first { $0.field == "title" }?.message, autocomplete: "off"),
                .button(.type(.submit), .text("Add challenge"))
            )
        )
    }

    /// Step 2: how many leaders have ranked, their choices, and the pairs kept apart.
    private static func intakeSection(
        _ model: Model, step: (SiteURL.FormationStep) -> String, context: PageContext
    ) -> Node<HTML.BodyContext> {
        let answered = model.intake.filter { !$0.choices.isEmpty }.count
        return .section(
            .h2(.text("2. Intake: \(answered) of \(model.intake.count) leaders have ranked their challenges")),
            intakeTable(model),
            keptApart(model, step: step, context: context)
        )
    }

    /// The table of each leader's choices, in order.
    private static func intakeTable(_ model: Model) -> Node<HTML.BodyContext> {
        .div(
            .class("table-wrap"),
            .table(
                .caption("Leaders' choices (visible to facilitators only)"),
                .thead(.tr(.th("Leader"), .th("Choices, in order"))),
                .tbody(
                    .forEach(model.intake) { row in
                        .tr(
                            .td(.text(row.name)),
                            .td(
                                .text(
                                    row.choices.isEmpty
                                        ? "not answered yet" : row.choices.joined(separator: " · "))))
                    })
            )
        )
    }

    /// The pairs of leaders kept apart, each removable, and the form to add a pair.
    private static func keptApart(
        _ model: Model, step: (SiteURL.FormationStep) -> String, context: PageContext
    ) -> Node<HTML.BodyContext> {
        .group(
            .h3("Kept apart (private: never shown to the people named)"),
            .if(model.pairs.isEmpty, Fragments.emptyState("No pairs.")),
            .ul(
                .forEach(model.pairs) { pair in
                    .li(
                        .text(pair.names),
                        .form(
                            .method(.post), .action(step(.apartRemoval)), .class("inline"),
                            Layout.csrfField(context.csrfToken),
                            .input(.type(.hidden), .name("pair"), .value(UUIDText.lowercased(pair.id))),
                            .button(
                                .type(.submit), .class("link-button"),
                                .attribute(
                                    named: "aria-label", value: "Stop keeping \(pair.names) apart"),
                                .text("Remove"))
                        ))
                }),
            .form(
                .method(.post), .action(step(.apart)),
                Layout.csrfField(context.csrfToken),
                Fragments.select(
                    "personA", label: "Keep",
                    options: [("", "Choose a leader")] + model.people.map { ($0.id, $0.label) },
                    selected: nil,
                    problem: model.problems.first { $0.field == "personA" }?.message),
                Fragments.select(
                    "personB", label: "apart from",
                    options: [("", "Choose a leader")] + model.people.map { ($0.id, $0.label) }, selected: nil),
                .button(.type(.submit), .text("Keep apart"))
            )
        )
    }

    /// Step 3: the proposal's settings, its score and problems, the draft communities, and publishing.
    private static func proposalSection(
        _ model: Model, step: (SiteURL.FormationStep) -> String, context: PageContext
    ) -> Node<HTML.BodyContext> {
        .section(
            .id("proposal"),
            .h2("3. Proposal"),
            proposalForm(model, step: step, context: context),
            .unwrap(model.score) { score in scoreLine(score) },
            .if(!model.violations.isEmpty, violationsNotice(model)),
            .forEach(model.drafts) { draft in draftCard(draft, model: model, step: step, context: context) },
            .if(!model.drafts.isEmpty, publishForm(model, step: step, context: context))
        )
    }

    /// The form that sets how many communities, and how small and large, and proposes them.
    private static func proposalForm(
        _ model: Model, step: (SiteURL.FormationStep) -> String, context: PageContext
    ) -> Node<HTML.BodyContext> {
        .form(
            .method(.post), .action(step(.proposal)),
            Layout.csrfField(context.csrfToken),
            Fragments.field(
                "communities", label: "Number of communities (leave empty to let Trellis choose)",
                type: .number, value: model.proposalForm.communities ?? "",
                problem: model.problems.first { $0.field == "communities" }?.message, autocomplete: "off"),
            Fragments.field(
                "smallest", label: "Smallest community", type: .number,
                value: model.proposalForm.smallest ?? "",
                problem: model.problems.first { $0.field == "smallest" }?.message),
            Fragments.field(
                "largest", label: "Largest community", type: .number, value: model.proposalForm.largest ?? "",
                problem: model.problems.first { $0.field == "largest" }?.message),
            .button(
                .type(.submit), .class("primary"),
                .text(model.drafts.isEmpty ? "Propose communities" : "Propose again"))
        )
    }

    /// The proposal's score and what it is made of.
    private static func scoreLine(_ score: FormationScore) -> Node<HTML.BodyContext> {
        .p(
            .class("score"), .id("formation-score"),
            .text(
                "Score \(score.total): preferences \(score.preference) (×10), mixed experience in \(score.mix) communities (×5), \(score.sameSchoolPairs) same-school pairs (×−20)."
            ))
    }

    /// What must be fixed before the communities can be published.
    private static func violationsNotice(_ model: Model) -> Node<HTML.BodyContext> {
        .div(
            .class("notice error-summary"), .attribute(named: "role", value: "alert"),
            .h3("Fix before publishing"), .ul(.forEach(model.violations) { .li(.text($0)) }))
    }

    /// One draft community: its members, why each is there, and a form to move each elsewhere.
    private static func draftCard(
        _ draft: Draft, model: Model, step: (SiteURL.FormationStep) -> String, context: PageContext
    ) -> Node<HTML.BodyContext> {
        .article(
            .class("card draft"),
            .data(named: "community", value: UUIDText.lowercased(draft.id)),
            .h3(.text("\(draft.name) (score \(draft.score), \(draft.members.count) members)")),
            .ul(
                .forEach(draft.members) { member in
                    .li(
                        .data(named: "person", value: UUIDText.lowercased(member.id)),
                        .strong(.text(member.name)), .text(": \(member.reasons)"),
                        .form(
                            .method(.post), .action(step(.move)), .class("inline move"),
                            Layout.csrfField(context.csrfToken),
                            .input(
                                .type(.hidden), .name("person"), .value(UUIDText.lowercased(member.id))),
                            .label(
                                .for("move-\(member.id)"), .class("visually-hidden"),
                                .text("Move \(member.name) to")),
                            .select(
                                .id("move-\(member.id)"), .attribute(named: "name", value: "community"),
                                .forEach(model.drafts.filter { $0.id != draft.id }) { other in
                                    Fragments.option(
                                        value: UUIDText.lowercased(other.id), label: other.name,
                                        selected: false)
                                }),
                            .button(.type(.submit), .text("Move"))
                        )
                    )
                })
        )
    }

    /// The form that publishes the communities, saying what publishing does.
    private static func publishForm(
        _ model: Model, step: (SiteURL.FormationStep) -> String, context: PageContext
    ) -> Node<HTML.BodyContext> {
        .form(
            .method(.post), .action(step(.publish)),
            Layout.csrfField(context.csrfToken),
            .p(
                .text(
                    model.published.isEmpty
                        ? "Leaders see their community only after you publish. Publishing closes intake."
                        : "Publishing keeps every community whose members carry over, with its board, meetings and questions; you see exactly what changes and confirm before anything does."
                )),
            .button(.type(.submit), .class("primary"), .text("Publish the communities"))
        )
    }

    /// The published communities, each with its members.
    private static func publishedSection(_ model: Model) -> Node<HTML.BodyContext> {
        .section(
            .h2("Published communities"),
            .forEach(model.published) { community in
                .group(
                    .h3(.a(.href(SiteURL.community(.value(community.id)).relativeURL), .text(community.name))),
                    .p(.text(community.members.joined(separator: ", "))))
            }
        )
    }

    /// Communities a later proposal did not continue, kept with what they made.
    private static func endedSection(_ model: Model) -> Node<HTML.BodyContext> {
        .section(
            .h2("Ended communities"),
            .p("Kept with their boards, meetings, questions and shared stories."),
            .ul(
                .forEach(model.ended) { community in
                    .li(.a(.href(SiteURL.community(.value(community.id)).relativeURL), .text(community.name)))
                })
        )
    }
}
