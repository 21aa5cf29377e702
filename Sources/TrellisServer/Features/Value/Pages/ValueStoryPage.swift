import Foundation
import Plot
import TrellisCore

/// One value-creation story: its steps through the cycles with their evidence; for its author, who
/// reads it and the way to edit it; for a facilitator, the way to ask for it in the cohort's report.
enum ValueStoryPage {
    struct Model: Sendable {
        var id: UUID
        var communityID: UUID
        var communityName: String
        var author: String
        var isAuthor: Bool
        var runs: Bool
        var draft: ValueStoryDraft
        var sharing: StorySharing
        var askedBy: String?
        var cycleLabels: [Int: String]
        var evidence: [String: ValueStoryService.EvidenceLabel]
        var problems: [FieldProblem]
        var notice: String?
    }

    static func view(_ model: Model, context: PageContext) -> FramedPage {
        Layout.page(
            model.draft.title, context: context,
            .p(
                .a(
                    .href(SiteURL.communityValue(.value(model.communityID)).relativeURL),
                    .text("← What the year was worth: \(model.communityName)"))),
            .h1(.text(model.draft.title)),
            .p(
                .class("meta"),
                .text(
                    "A value-creation story by \(model.isAuthor ? "you" : model.author) · read by: \(model.sharing.title.lowercased())"
                )),
            Fragments.notice(model.notice),
            Fragments.problemSummary(model.problems),
            .unwrap(model.askedBy) { by in
                .if(
                    model.isAuthor && model.sharing == .community,
                    .p(
                        .class("notice"),
                        .text(
                            "\(by) asked whether this story can go into the cohort's end-of-year report. Only you decide: choose “\(StorySharing.report.title)” below if you agree."
                        )))
            },
            .if(
                model.isAuthor,
                .p(.a(.href(SiteURL.valueStoryStep(.value(model.id), .edit).relativeURL), .text("Edit the story")))),
            steps(model),
            .if(model.isAuthor, sharingForm(model, csrf: context.csrfToken)),
            .if(model.runs && !model.isAuthor && model.sharing == .community, askForm(model, csrf: context.csrfToken))
        )
    }

    private static func steps(_ model: Model) -> Node<HTML.BodyContext> {
        .section(
            .ariaLabel("The story's steps"),
            .ol(
                .class("story-steps"),
                .forEach(model.draft.toldSteps) { step in
                    let cycle = model.draft.cycle(of: step.kind)
                    return .li(
                        .h2(
                            .text(
                                "\(step.kind.title) value, \(model.cycleLabels[cycle] ?? "cycle \(cycle + 1)")"
                                    + (step.hopedFor ? " — hoped for" : ""))),
                        .p(.class("hint"), .text(step.kind.question)),
                        .p(.class("preserve"), .text(step.text)),
                        .if(
                            !step.evidence.isEmpty,
                            .group(
                                .h3("Evidence"),
                                .ul(
                                    .forEach(step.evidence) { evidence in
                                        let label = model.evidence[evidence.token]
                                        let text = label?.text ?? evidence.kind.title
                                        return .li(
                                            .unwrap(label?.url, { .a(.href($0), .text(text)) }, else: .text(text)))
                                    }))))
                })
        )
    }

    private static func sharingForm(_ model: Model, csrf: String?) -> Node<HTML.BodyContext> {
        .form(
            .method(.post), .action(SiteURL.valueStoryStep(.value(model.id), .sharing).relativeURL),
            Layout.csrfField(csrf),
            sharingChoices("Who reads this story", selected: model.sharing),
            .button(.type(.submit), .text("Save who reads it"))
        )
    }

    /// The three choices of who reads a story, as radio buttons.
    static func sharingChoices(_ legend: String, selected: StorySharing) -> Node<HTML.FormContext> {
        .fieldset(
            .element(named: "legend", text: legend),
            .forEach(StorySharing.allCases) { sharing in
                .div(
                    .class("field checkbox"),
                    .input(
                        .type(.radio), .id("sharing-\(sharing.rawValue)"), .name("sharing"), .value(sharing.rawValue),
                        .attribute(named: "checked", value: sharing == selected ? "checked" : nil)),
                    .label(.for("sharing-\(sharing.rawValue)"), .text(sharing.title)))
            })
    }

    private static func askForm(_ model: Model, csrf: String?) -> Node<HTML.BodyContext> {
        .form(
            .method(.post), .action(SiteURL.valueStoryStep(.value(model.id), .ask).relativeURL),
            Layout.csrfField(csrf),
            .p(
                .class("hint"),
                .text(
                    "Only its author can include a story in the cohort's report. You can ask them; they see your request on this page."
                )),
            .button(.type(.submit), .text(model.askedBy == nil ? "Ask to include it in the report" : "Ask again"))
        )
    }
}

/// The story editor: a title, the starting cycle, and for each cycle of value its words, whether it is
/// hoped for, and the evidence it cites. After a refused save it shows what the author typed.
enum ValueStoryFormPage {
    struct Model: Sendable {
        var communityID: UUID
        var communityName: String
        /// nil for a new story.
        var storyID: UUID?
        var draft: ValueStoryDraft
        var sharing: StorySharing
        var cycles: [(number: Int, label: String)]
        var options: [(group: String, options: [(token: String, label: String)])]
        var problems: [FieldProblem]
    }

    static func view(_ model: Model, context: PageContext) -> FramedPage {
        let title = model.storyID == nil ? "Write a value-creation story" : "Edit the story"
        let action =
            model.storyID.map { SiteURL.valueStoryStep(.value($0), .edit).relativeURL }
            ?? SiteURL.communityValueStories(.value(model.communityID)).relativeURL
        func problem(_ field: String) -> String? { model.problems.first { $0.field == field }?.message }
        return Layout.page(
            title, context: context,
            .p(
                .a(
                    .href(SiteURL.communityValue(.value(model.communityID)).relativeURL),
                    .text("← What the year was worth: \(model.communityName)"))),
            .h1(.text(title)),
            .p(
                .class("lead"),
                .text(
                    "Follow one thread through the cycles. Each step is told in the cycle after the one before; leave a step empty if nothing came of it yet, or tick “hoped for” to write what you hope and check it later in the year."
                )),
            Fragments.problemSummary(model.problems),
            .form(
                .method(.post), .action(action),
                Layout.csrfField(context.csrfToken),
                Fragments.field(
                    "title", label: "Title", value: model.draft.title, problem: problem("title"), required: true),
                Fragments.select(
                    "startCycle", label: "The cycle it starts in",
                    options: model.cycles.map { (String($0.number), $0.label) },
                    selected: String(model.draft.startCycle), problem: problem("startCycle")),
                .forEach(ValueKind.allCases) { kind in
                    step(kind, model.draft.step(kind), options: model.options, problems: model.problems)
                },
                .if(
                    model.storyID == nil,
                    ValueStoryPage.sharingChoices("Who reads it", selected: model.sharing)),
                .button(.type(.submit), .text(model.storyID == nil ? "Save the story" : "Save the changes"))
            )
        )
    }

    private static func step(
        _ kind: ValueKind, _ step: StoryStep, options: [(group: String, options: [(token: String, label: String)])],
        problems: [FieldProblem]
    ) -> Node<HTML.FormContext> {
        let field = kind.rawValue
        let evidenceProblem = problems.first { $0.field == "\(field)-evidence" }?.message
        let chosen = Set(step.evidence.map(\.token))
        return .fieldset(
            .class("story-step"),
            .element(named: "legend", text: "\(kind.title) value"),
            Fragments.textArea(
                field, label: kind.question, value: step.text, problem: problems.first { $0.field == field }?.message),
            .div(
                .class("field checkbox"),
                .input(
                    .type(.checkbox), .id("\(field)-hoped"), .name("\(field)-hoped"), .value("on"),
                    .attribute(named: "checked", value: step.hopedFor ? "checked" : nil)),
                .label(.for("\(field)-hoped"), .text("Hoped for: not yet true"))),
            .div(
                .class(evidenceProblem == nil ? "field" : "field has-error"),
                .label(.for("\(field)-evidence"), .text("Evidence from Trellis (choose any; Ctrl or ⌘ for several)")),
                .unwrap(evidenceProblem) { .p(.id("\(field)-evidence-error"), .class("error"), .text($0)) },
                .select(
                    .id("\(field)-evidence"), .attribute(named: "name", value: "\(field)-evidence[]"),
                    .attribute(named: "multiple", value: "multiple"), .attribute(named: "size", value: "5"),
                    .forEach(options) { group in
                        .element(
                            named: "optgroup",
                            nodes: [
                                .attribute(named: "label", value: group.group),
                                .forEach(group.options) { option in
                                    Fragments.option(
                                        value: option.token, label: option.label,
                                        selected: chosen.contains(option.token))
                                },
                            ])
                    }))
        )
    }
}
