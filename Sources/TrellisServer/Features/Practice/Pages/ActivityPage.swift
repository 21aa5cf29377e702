import Foundation
import Plot
import TrellisCore

/// One leadership activity: the draft every member edits (refused with both versions shown when someone
/// saved meanwhile), who changed what and when, and once adopted the insights shared about it.
enum ActivityPage {
    struct Change: Sendable {
        var who: String
        var when: String
        var what: String
    }

    struct SharedInsight: Sendable {
        var author: String
        var cycle: String
        var happenedHTML: String
        var learnedHTML: String
        var decision: InsightDecision
    }

    struct Model: Sendable {
        var id: UUID
        var communityID: UUID
        var communityName: String
        var current: ActivityDraft
        var version: Int
        var adopted: Bool
        var isMember: Bool
        var runs: Bool
        var traits: [(id: UUID, name: String)]
        /// What the form shows: the current draft, or the editor's own words after a refused save.
        var form: ActivityDraft
        /// Set when a save was made on an older version: someone else's newer draft.
        var conflict: (draft: ActivityDraft, by: String)?
        var changes: [Change]
        var insights: [SharedInsight]
        var decisions: String?
        var problems: [FieldProblem]
        var notice: String?
    }

    static func view(_ model: Model, context: PageContext) -> FramedPage {
        Layout.page(
            model.current.title, context: context,
            .p(
                .a(
                    .href(SiteURL.communityPractice(.value(model.communityID)).relativeURL),
                    .text("← Between meetings: \(model.communityName)"))),
            .h1(.text(model.current.title)),
            .p(.class("meta"), .text(model.adopted ? "Adopted by the community" : "Draft: every member can edit it")),
            Fragments.notice(model.notice),
            Fragments.problemSummary(model.problems),
            conflict(model),
            .if(model.adopted || !model.isMember, summary(model)),
            .if(!model.adopted && model.isMember, editForm(model, csrf: context.csrfToken)),
            .if(!model.adopted && (model.isMember || model.runs), adoptForm(model, csrf: context.csrfToken)),
            insights(model),
            history(model)
        )
    }

    private static func names(_ ids: [String], _ traits: [(id: UUID, name: String)]) -> String {
        let names = traits.filter { ids.contains(PracticeService.key($0.id)) }.map(\.name)
        return names.isEmpty ? "none chosen" : names.joined(separator: ", ")
    }

    private static func summary(_ model: Model) -> Node<HTML.BodyContext> {
        let draft = model.current
        return .section(
            .ariaLabel("The activity"),
            .h2("Purpose"), .p(.text(draft.purpose)),
            .h2("Steps"), .p(.class("preserve"), .text(draft.steps.isEmpty ? "None written yet." : draft.steps)),
            .h2("Deeper-learning traits"), .p(.text(names(draft.traitIDs, model.traits))),
            .h2("Evidence to look for at school"),
            .p(.class("preserve"), .text(draft.evidence.isEmpty ? "None written yet." : draft.evidence))
        )
    }

    /// The newer draft someone else saved, beside the editor's own words, which stay in the form.
    private static func conflict(_ model: Model) -> Node<HTML.BodyContext> {
        guard let conflict = model.conflict else { return .empty }
        let theirs = conflict.draft
        return .section(
            .class("notice conflict"), .ariaLabel("Someone else's newer version"),
            .h2("\(conflict.by) saved this draft while you were editing"),
            .p(
                .text(
                    "Nothing of yours was lost: your words are still in the form below. Here is the newer version; bring what you want from it into the form and save again."
                )),
            .dl(
                .dt("Title"), .dd(.text(theirs.title)),
                .dt("Purpose"), .dd(.text(theirs.purpose)),
                .dt("Steps"), .dd(.class("preserve"), .text(theirs.steps)),
                .dt("Traits"), .dd(.text(names(theirs.traitIDs, model.traits))),
                .dt("Evidence"), .dd(.class("preserve"), .text(theirs.evidence))
            )
        )
    }

    /// The draft's fields; `prefix` keeps ids apart when two forms share a page.
    static func fields(
        _ draft: ActivityDraft, traits: [(id: UUID, name: String)], problems: [FieldProblem], prefix: String
    ) -> Node<HTML.FormContext> {
        func problem(_ field: String) -> String? { problems.first { $0.field == field }?.message }
        return .group(
            Fragments.field("title", label: "Title", value: draft.title, problem: problem("title"), required: true),
            Fragments.textArea(
                "purpose", label: "Purpose: what it is for", value: draft.purpose, problem: problem("purpose")),
            Fragments.textArea("steps", label: "Steps", value: draft.steps, problem: problem("steps")),
            .fieldset(
                .id("traits"),
                .element(named: "legend", text: "Deeper-learning traits it serves"),
                .unwrap(problem("traits")) { .p(.class("error"), .text($0)) },
                .forEach(traits) { trait in
                    let key = PracticeService.key(trait.id)
                    return .div(
                        .class("field checkbox"),
                        .input(
                            .type(.checkbox), .id("\(prefix)trait-\(key)"), .name("traits[]"), .value(key),
                            .attribute(named: "checked", value: draft.traitIDs.contains(key) ? "checked" : nil)),
                        .label(.for("\(prefix)trait-\(key)"), .text(trait.name)))
                }),
            Fragments.textArea(
                "evidence", label: "Evidence to look for at school", value: draft.evidence, problem: problem("evidence")
            )
        )
    }

    private static func editForm(_ model: Model, csrf: String?) -> Node<HTML.BodyContext> {
        .form(
            .method(.post), .action(SiteURL.activity(.value(model.id)).relativeURL),
            Layout.csrfField(csrf),
            // the version this form was loaded with: a save on an older one is refused, not written over
            .input(.type(.hidden), .name("version"), .value(String(model.version))),
            .h2("Edit the draft"),
            fields(model.form, traits: model.traits, problems: model.problems, prefix: ""),
            .button(.type(.submit), .text("Save the draft"))
        )
    }

    private static func adoptForm(_ model: Model, csrf: String?) -> Node<HTML.BodyContext> {
        .form(
            .method(.post), .action(SiteURL.activityAdoption(.value(model.id)).relativeURL),
            Layout.csrfField(csrf),
            .p(
                .class("hint"),
                .text("Adopt it when the community agrees on it: members can then commit to it in a cycle.")),
            .button(.type(.submit), .text("Adopt this activity"))
        )
    }

    private static func insights(_ model: Model) -> Node<HTML.BodyContext> {
        guard model.adopted else { return .empty }
        return .section(
            .ariaLabel("What members learned"),
            .h2("What members learned from it"),
            .unwrap(model.decisions) { .p(.class("counts"), .text($0)) },
            .if(model.insights.isEmpty, Fragments.emptyState("No insights about it have been shared yet.")),
            .forEach(model.insights) { insight in
                .article(
                    .class("insight"),
                    .h3(.text("\(insight.author), \(insight.cycle)")),
                    .h4("What happened"), .div(.class("markdown"), .raw(insight.happenedHTML)),
                    .h4("What was learned"), .div(.class("markdown"), .raw(insight.learnedHTML)),
                    .p(.strong("Decision: "), .text(insight.decision.label))
                )
            }
        )
    }

    private static func history(_ model: Model) -> Node<HTML.BodyContext> {
        .section(
            .ariaLabel("History"),
            .h2("Who changed what"),
            .ol(
                .class("history"),
                .forEach(model.changes) { change in
                    .li(.text("\(change.when): \(change.who) — \(change.what)"))
                })
        )
    }
}
