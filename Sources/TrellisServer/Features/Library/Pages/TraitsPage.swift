import Foundation
import Plot
import TrellisCore

/// The district's deeper-learning traits: renamed, added, retired; deleted only while nothing is tagged.
enum TraitsPage {
    struct Trait: Sendable {
        var id: UUID
        var name: String
        var description: String
        var retired: Bool
        var uses: Int
    }

    struct Model: Sendable {
        var traits: [Trait]
        var problems: [FieldProblem] = []
        var draft = (name: "", description: "")
        var notice: String?
    }

    static func view(_ model: Model, context: PageContext) -> FramedPage {
        let problem = { (field: String) in model.problems.first { $0.field == field }?.message }
        return Layout.page(
            "Deeper-learning traits", context: context,
            .h1("Deeper-learning traits"),
            .p(
                "The traits your district's resources and activities are tagged with. Mehta and Fine name three — mastery, identity and creativity — and your district may rename them, add its own, or retire one it no longer uses (its tags stay on the resources)."
            ),
            Fragments.notice(model.notice),
            Fragments.problemSummary(model.problems),
            .ul(
                .class("traits"),
                .forEach(model.traits) { trait in
                    .li(
                        .h2(.text(trait.name + (trait.retired ? " (retired)" : ""))),
                        .p(.text(trait.description)),
                        .p(
                            .class("hint"),
                            .text(trait.uses == 1 ? "Tags 1 resource." : "Tags \(trait.uses) resources.")),
                        .form(
                            .method(.post), .action(SiteURL.trait(.value(trait.id)).relativeURL),
                            Layout.csrfField(context.csrfToken),
                            Fragments.field(
                                "name-\(UUIDText.lowercased(trait.id))", label: "Name of \(trait.name)",
                                value: trait.name, problem: problem("name-\(UUIDText.lowercased(trait.id))")),
                            Fragments.field(
                                "description-\(UUIDText.lowercased(trait.id))", label: "Sentence for \(trait.name)",
                                value: trait.description,
                                problem: problem("description-\(UUIDText.lowercased(trait.id))")),
                            .button(.type(.submit), .name("change"), .value("rename"), .text("Save \(trait.name)")),
                            .button(
                                .type(.submit), .name("change"), .value(trait.retired ? "restore" : "retire"),
                                .text(trait.retired ? "Bring \(trait.name) back" : "Retire \(trait.name)")),
                            .if(
                                trait.uses == 0,
                                .button(
                                    .type(.submit), .name("change"), .value("delete"), .text("Delete \(trait.name)")))
                        )
                    )
                }),
            .section(
                .h2("Add a trait"),
                .form(
                    .method(.post), .action(SiteURL.traits.relativeURL),
                    Layout.csrfField(context.csrfToken),
                    Fragments.field("name", label: "Name", value: model.draft.name, problem: problem("name")),
                    Fragments.field(
                        "description", label: "Sentence", value: model.draft.description,
                        problem: problem("description")),
                    .button(.type(.submit), .class("primary"), .text("Add the trait"))
                )
            )
        )
    }
}
