import Foundation
import Plot
import TrellisCore

/// One cycle: a member's own commitment, how it went, their insight and their debrief; the community's
/// commitments and shared insights; for facilitators the counts, what was shared with them, and the
/// pairs they may still change.
enum CyclePage {
    struct CommitmentRow: Sendable {
        var id: UUID
        var author: String
        var isOwn: Bool
        var text: String
        var prediction: String
        var links: [String]
        var status: CommitmentStatus
        var triedOn: String?
        var reason: String
        var shared: Bool
    }

    struct InsightRow: Sendable {
        var id: UUID
        var author: String
        var happenedHTML: String
        var learnedHTML: String
        var decision: InsightDecision
        var sharing: InsightSharing
    }

    /// The viewer's own part of the cycle.
    struct Own: Sendable {
        var commitment: CommitmentRow?
        var insightID: UUID?
        var insight: (happened: String, learned: String, decision: InsightDecision?, sharing: InsightSharing)?
        var partners: [String]
        var debriefHeldOn: String?
        var debriefNotes: String
        var debriefMarkedBy: String?
    }

    /// What the commit form offers and keeps.
    struct CommitForm: Sendable {
        var text = ""
        var prediction = ""
        var question = ""
        var resource = ""
        var activity = ""
        var traits: [String] = []
        var shared = false
    }

    struct Model: Sendable {
        var cycleID: UUID
        var communityID: UUID
        var communityName: String
        var number: Int
        var label: String
        var begun: Bool
        var ended: Bool
        var isMember: Bool
        var runs: Bool
        var groups: [[String]]
        var changes: [String]
        var own: Own?
        var commitForm: CommitForm
        var links: PracticeService.Links
        var commitments: [CommitmentRow]
        var insights: [InsightRow]
        var counts: PracticeService.Counts
        var members: [(id: UUID, name: String)]
        var today: String
        /// What the viewer typed in a refused form, by field name.
        var typed: [String: String]
        var problems: [FieldProblem]
        var notice: String?
    }

    static func view(_ model: Model, context: PageContext) -> FramedPage {
        Layout.page(
            "Cycle \(model.number + 1): \(model.communityName)", context: context,
            .p(
                .a(
                    .href(SiteURL.communityPractice(.value(model.communityID)).relativeURL),
                    .text("← Between meetings: \(model.communityName)"))),
            .h1(.text("Cycle \(model.number + 1): \(model.label)")),
            Fragments.notice(model.notice),
            Fragments.problemSummary(model.problems),
            .if(model.isMember, own(model, csrf: context.csrfToken)),
            counts(model),
            commitments(model),
            insights(model),
            groups(model, csrf: context.csrfToken)
        )
    }

    private static func problem(_ model: Model, _ field: String) -> String? {
        model.problems.first { $0.field == field }?.message
    }

    private static func typed(_ model: Model, _ field: String, _ fallback: String) -> String {
        model.typed[field] ?? fallback
    }

    // MARK: - The viewer's own cycle

    private static func own(_ model: Model, csrf: String?) -> Node<HTML.BodyContext> {
        guard let own = model.own else { return .empty }
        return .section(
            .ariaLabel("Your cycle"),
            .h2("Your cycle"),
            .p(
                .text(
                    own.partners.isEmpty
                        ? "You have no debrief peer in this cycle."
                        : "Your debrief peer: \(own.partners.joined(separator: " and "))."
                )),
            .unwrap(
                own.commitment,
                { commitment in
                    .group(
                        commitmentArticle(commitment),
                        statusForm(model, commitment, csrf: csrf),
                        shareForm(commitment, csrf: csrf),
                        insightForm(model, own, commitment, csrf: csrf),
                        .unwrap(own.insight) { insight in sharingForm(model, insight.sharing, csrf: csrf) })
                },
                else: commitForm(model, csrf: csrf)),
            .if(model.begun, debriefForm(model, own, csrf: csrf))
        )
    }

    private static func commitmentArticle(_ row: CommitmentRow) -> Node<HTML.BodyContext> {
        .article(
            .class("commitment"), .id("commitment-\(PracticeService.key(row.id))"),
            .h3(.text(row.isOwn ? "Your commitment" : row.author)),
            .p(.strong("Will try: "), .text(row.text)),
            .p(.strong("Expects to see: "), .text(row.prediction)),
            .if(!row.links.isEmpty, .p(.class("meta"), .text(row.links.joined(separator: " · ")))),
            .p(
                .class("meta"),
                .text(
                    row.status.label + (row.triedOn.map { " on \($0)" } ?? "")
                        + (row.reason.isEmpty ? "" : ": \(row.reason)")))
        )
    }

    private static func commitForm(_ model: Model, csrf: String?) -> Node<HTML.BodyContext> {
        guard model.begun, !model.ended else {
            return Fragments.emptyState(
                model.ended
                    ? "This cycle has ended without a commitment from you."
                    : "This cycle opens at its first meeting: commit then.")
        }
        let form = model.commitForm
        let links = model.links
        return .form(
            .method(.post), .action(SiteURL.practiceCycleStep(.value(model.cycleID), .commitment).relativeURL),
            Layout.csrfField(csrf),
            .h3("Commit to one thing to try before the next meeting"),
            Fragments.textArea(
                "text", label: "What you will try at your school", value: form.text, problem: problem(model, "text")),
            Fragments.textArea(
                "prediction", label: "What you expect to see", value: form.prediction,
                problem: problem(model, "prediction")),
            .unwrap(links.question) { question in
                Fragments.select(
                    "question", label: "Linked to your community's question (optional)",
                    options: [("", "No link"), (PracticeService.key(question.id), question.text)],
                    selected: form.question, problem: problem(model, "question"))
            },
            .if(
                !links.resources.isEmpty,
                Fragments.select(
                    "resource", label: "A resource from the playlist (optional)",
                    options: [("", "None")] + links.resources.map { (PracticeService.key($0.id), $0.title) },
                    selected: form.resource, problem: problem(model, "resource"))),
            .if(
                !links.activities.isEmpty,
                Fragments.select(
                    "activity", label: "One of the community's activities (optional)",
                    options: [("", "None")] + links.activities.map { (PracticeService.key($0.id), $0.title) },
                    selected: form.activity, problem: problem(model, "activity"))),
            .if(
                !links.traits.isEmpty,
                .fieldset(
                    .id("traits"),
                    .element(named: "legend", text: "Deeper-learning traits (optional)"),
                    .unwrap(problem(model, "traits")) { .p(.class("error"), .text($0)) },
                    .forEach(links.traits) { trait in
                        let key = PracticeService.key(trait.id)
                        return .div(
                            .class("field checkbox"),
                            .input(
                                .type(.checkbox), .id("trait-\(key)"), .name("traits[]"), .value(key),
                                .attribute(named: "checked", value: form.traits.contains(key) ? "checked" : nil)),
                            .label(.for("trait-\(key)"), .text(trait.name)))
                    })),
            .div(
                .class("field checkbox"),
                .input(
                    .type(.checkbox), .id("shared"), .name("shared"), .value("true"),
                    .attribute(named: "checked", value: form.shared ? "checked" : nil)),
                .label(
                    .for("shared"),
                    .text("Let the facilitators read it too (your community's members always can)"))),
            .button(.type(.submit), .text("Commit"))
        )
    }

    private static func statusForm(_ model: Model, _ commitment: CommitmentRow, csrf: String?) -> Node<HTML.BodyContext>
    {
        .form(
            .method(.post), .action(SiteURL.commitment(.value(commitment.id)).relativeURL),
            Layout.csrfField(csrf),
            .input(.type(.hidden), .name("action"), .value("status")),
            .fieldset(
                .id("status"),
                .element(named: "legend", text: "How did it go?"),
                .forEach(CommitmentStatus.allCases.filter { $0 != .planned }) { status in
                    let checked = typed(model, "status", commitment.status.rawValue) == status.rawValue
                    return .div(
                        .class("field checkbox"),
                        .input(
                            .type(.radio), .id("status-\(status.rawValue)"), .name("status"), .value(status.rawValue),
                            .attribute(named: "checked", value: checked ? "checked" : nil)),
                        .label(.for("status-\(status.rawValue)"), .text(status.label)))
                }),
            Fragments.field(
                "triedOn", label: "The day you tried it", type: .date,
                value: typed(model, "triedOn", commitment.triedOn ?? model.today), problem: problem(model, "triedOn")),
            Fragments.field(
                "reason", label: "A note: what changed, or what got in the way (no blame)",
                value: typed(model, "reason", commitment.reason), problem: problem(model, "reason")),
            .button(.type(.submit), .text("Save how it went"))
        )
    }

    private static func shareForm(_ commitment: CommitmentRow, csrf: String?) -> Node<HTML.BodyContext> {
        .form(
            .method(.post), .action(SiteURL.commitment(.value(commitment.id)).relativeURL),
            Layout.csrfField(csrf),
            .input(.type(.hidden), .name("action"), .value(commitment.shared ? "unshare" : "share")),
            .p(
                .class("hint"),
                .text(
                    commitment.shared
                        ? "Your facilitators can read this commitment."
                        : "Your community's members can read this commitment; the facilitators only count it.")),
            .button(
                .type(.submit),
                .text(commitment.shared ? "Stop showing it to the facilitators" : "Show it to the facilitators too"))
        )
    }

    private static func insightForm(_ model: Model, _ own: Own, _ commitment: CommitmentRow, csrf: String?)
        -> Node<HTML.BodyContext>
    {
        let insight = own.insight
        let decision = typed(model, "decision", insight?.decision?.rawValue ?? "")
        return .form(
            .method(.post), .action(SiteURL.commitmentInsight(.value(commitment.id)).relativeURL),
            Layout.csrfField(csrf),
            .h3(insight == nil ? "Capture what you learned" : "Your insight"),
            .p(.class("hint"), .text("Private to you unless you share it. Markdown works: **bold**, lists, links.")),
            Fragments.textArea(
                "happened", label: "What happened", value: typed(model, "happened", insight?.happened ?? ""),
                problem: problem(model, "happened")),
            Fragments.textArea(
                "learned", label: "What you learned", value: typed(model, "learned", insight?.learned ?? ""),
                problem: problem(model, "learned")),
            .fieldset(
                .id("decision"),
                .element(named: "legend", text: "Your decision"),
                .unwrap(problem(model, "decision")) { .p(.class("error"), .text($0)) },
                .forEach(InsightDecision.allCases) { option in
                    .div(
                        .class("field checkbox"),
                        .input(
                            .type(.radio), .id("decision-\(option.rawValue)"), .name("decision"),
                            .value(option.rawValue),
                            .attribute(named: "checked", value: decision == option.rawValue ? "checked" : nil)),
                        .label(.for("decision-\(option.rawValue)"), .text(option.label)))
                }),
            .button(.type(.submit), .text(insight == nil ? "Save the insight" : "Save changes"))
        )
    }

    private static func sharingForm(_ model: Model, _ sharing: InsightSharing, csrf: String?) -> Node<HTML.BodyContext>
    {
        guard let insightID = model.own?.insightID else { return .empty }
        return .form(
            .method(.post), .action(SiteURL.insightSharing(.value(insightID)).relativeURL),
            Layout.csrfField(csrf),
            .fieldset(
                .id("sharing"),
                .element(named: "legend", text: "Who can read your insight"),
                .forEach(InsightSharing.allCases) { option in
                    .div(
                        .class("field checkbox"),
                        .input(
                            .type(.radio), .id("sharing-\(option.rawValue)"), .name("sharing"),
                            .value(option.rawValue),
                            .attribute(named: "checked", value: sharing == option ? "checked" : nil)),
                        .label(.for("sharing-\(option.rawValue)"), .text(option.label)))
                }),
            .button(.type(.submit), .text("Save who can read it"))
        )
    }

    private static func debriefForm(_ model: Model, _ own: Own, csrf: String?) -> Node<HTML.BodyContext> {
        guard !own.partners.isEmpty else { return .empty }
        return .form(
            .method(.post), .action(SiteURL.practiceCycleStep(.value(model.cycleID), .debrief).relativeURL),
            Layout.csrfField(csrf),
            .h3("Your debrief with \(own.partners.joined(separator: " and "))"),
            .unwrap(own.debriefHeldOn) { day in
                .p(
                    .class("meta"),
                    .text("Held on \(day)" + (own.debriefMarkedBy.map { ", marked by \($0)" } ?? "") + "."))
            },
            .p(.class("hint"), .text("Either of you marks it held. Your notes are for the people in your group only.")),
            Fragments.field(
                "heldOn", label: "The day you met (leave empty if not yet)", type: .date,
                value: typed(model, "heldOn", own.debriefHeldOn ?? ""), problem: problem(model, "heldOn")),
            Fragments.textArea(
                "notes", label: "Notes of the debrief", value: typed(model, "notes", own.debriefNotes),
                problem: problem(model, "notes")),
            .button(.type(.submit), .text("Save the debrief"))
        )
    }

    // MARK: - The community's cycle

    private static func counts(_ model: Model) -> Node<HTML.BodyContext> {
        let counts = model.counts
        return .section(
            .ariaLabel("Counts"),
            .h2("The community this cycle"),
            .p(
                .class("counts"),
                .text(
                    "\(counts.committed) of \(counts.members) committed · \(counts.tried) tried · \(counts.captured) captured an insight · \(counts.debriefed) debriefed"
                )),
            .if(
                model.runs && !model.isMember,
                .p(.class("hint"), .text("Counts only: who has or has not done something is theirs to share.")))
        )
    }

    private static func commitments(_ model: Model) -> Node<HTML.BodyContext> {
        let others = model.commitments.filter { !$0.isOwn }
        return .section(
            .ariaLabel("Commitments"),
            .h2(model.isMember ? "What the others committed to" : "Commitments shared with the facilitators"),
            .if(others.isEmpty, Fragments.emptyState("None to show.")),
            .forEach(others) { commitmentArticle($0) }
        )
    }

    private static func insights(_ model: Model) -> Node<HTML.BodyContext> {
        let others = model.insights.filter { $0.id != model.own?.insightID }
        return .section(
            .ariaLabel("Shared insights"),
            .h2("Insights shared with you"),
            .if(others.isEmpty, Fragments.emptyState("None shared yet.")),
            .forEach(others) { insight in
                .article(
                    .class("insight"), .id("insight-\(PracticeService.key(insight.id))"),
                    .h3(.text(insight.author)),
                    .h4("What happened"), .div(.class("markdown"), .raw(insight.happenedHTML)),
                    .h4("What was learned"), .div(.class("markdown"), .raw(insight.learnedHTML)),
                    .p(.strong("Decision: "), .text(insight.decision.label)),
                    .p(
                        .class("meta"),
                        .text(insight.sharing == .peer ? "Shared with their debrief peer" : "Shared with the community")
                    )
                )
            }
        )
    }

    private static func groups(_ model: Model, csrf: String?) -> Node<HTML.BodyContext> {
        .section(
            .ariaLabel("Debrief groups"),
            .h2("Debrief groups"),
            .if(model.groups.isEmpty, Fragments.emptyState("No groups: the community needs at least two members.")),
            .ul(.class("groups"), .forEach(model.groups) { .li(.text($0.joined(separator: " · "))) }),
            .forEach(model.changes) { .p(.class("hint"), .text($0)) },
            .if(model.runs && !model.begun && model.members.count > 2, swapForm(model, csrf: csrf))
        )
    }

    private static func swapForm(_ model: Model, csrf: String?) -> Node<HTML.BodyContext> {
        let options = [("", "Choose a member")] + model.members.map { (PracticeService.key($0.id), $0.name) }
        return .form(
            .method(.post), .action(SiteURL.practiceCycleStep(.value(model.cycleID), .swap).relativeURL),
            Layout.csrfField(csrf),
            .h3("Swap two people in this cycle"),
            .p(.class("hint"), .text("Each takes the other's place. The change is shown as yours.")),
            Fragments.select(
                "personA", label: "Swap", options: options, selected: model.typed["personA"],
                problem: problem(model, "personA")),
            Fragments.select(
                "personB", label: "with", options: options, selected: model.typed["personB"],
                problem: problem(model, "personB")),
            .button(.type(.submit), .text("Swap them"))
        )
    }
}
