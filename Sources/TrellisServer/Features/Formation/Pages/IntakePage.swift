import Foundation
import Plot
import TrellisCore

enum IntakePage {
    struct Model: Sendable {
        var cohortID: UUID
        var cohortName: String
        var isOpen: Bool
        var challenges: [(key: String, title: String)]
        var people: [(id: String, label: String)]
        var form: IntakeController.IntakeForm
        var problems: [FieldProblem]
        var saved: Bool
    }

    static func view(_ model: Model, context: PageContext) -> FramedPage {
        let options = [("", "No choice")] + model.challenges.map { ($0.key, $0.title) }
        let chosen = [model.form.choice1, model.form.choice2, model.form.choice3]
        let apart = Set(model.form.apart ?? [])
        return Layout.page(
            "Your equity challenges", context: context,
            .h1("Your equity challenges"),
            .p(
                .text(
                    "\(model.cohortName) will split into small communities of practice around shared challenges. Rank up to three that you face at your school."
                )),
            Fragments.notice(
                model.saved ? "Saved. You can change your answers until the communities are published." : nil),
            .if(
                !model.isOpen,
                .p(
                    .class("notice"),
                    "Intake is not open: either the facilitator has not listed the challenges yet, or the communities are already published."
                )),
            .if(
                model.isOpen,
                .group(
                    Fragments.problemSummary(model.problems),
                    .form(
                        .method(.post), .action(SiteURL.cohortIntake(.value(model.cohortID)).relativeURL),
                        Layout.csrfField(context.csrfToken),
                        .forEach(0..<3) { index in
                            Fragments.select(
                                "choice\(index + 1)", label: ["First choice", "Second choice", "Third choice"][index],
                                options: options, selected: chosen[index] ?? "",
                                problem: model.problems.first { $0.field == "choice\(index + 1)" }?.message)
                        },
                        .fieldset(
                            .id("apart"),
                            .element(
                                named: "legend", text: "People you should not be grouped with (optional, private)"),
                            .p(
                                .class("hint"),
                                .text(
                                    "For example someone who evaluates you. Only the cohort's facilitators see this; the people you name never do."
                                )),
                            .unwrap(model.problems.first { $0.field == "apart" }?.message) {
                                .p(.class("error"), .text($0))
                            },
                            .div(
                                .class("checkbox-list"),
                                .forEach(Array(model.people.enumerated())) { index, person in
                                    .div(
                                        .input(
                                            .type(.checkbox), .id("apart-\(index)"), .name("apart[]"),
                                            .value(person.id),
                                            apart.contains(person.id) ? .checked(true) : .empty),
                                        .label(.for("apart-\(index)"), .text(person.label))
                                    )
                                }
                            )
                        ),
                        .button(.type(.submit), .class("primary"), .text("Save my answers"))
                    )
                ))
        )
    }
}
