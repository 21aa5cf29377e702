import Foundation
import Plot
import TrellisCore

enum TrustQuestionsPage {
    struct Model: Sendable {
        var questions: [String]
        var text: String
        var problems: [FieldProblem]
    }

    static func view(_ model: Model, context: PageContext) -> FramedPage {
        Layout.page(
            "Open-ended questions", context: context,
            .h1("Open-ended trust questions"),
            .p(
                "Questions your district adds to every trust round. Written answers are shown only for rounds where enough people answered, sorted alphabetically and without names."
            ),
            .if(model.questions.isEmpty, Fragments.emptyState("No questions yet.")),
            .ol(.forEach(model.questions) { .li(.text($0)) }),
            Fragments.problemSummary(model.problems),
            .form(
                .method(.post), .action(SiteURL.trustQuestions.relativeURL),
                Layout.csrfField(context.csrfToken),
                Fragments.field(
                    "text", label: "New question", value: model.text, problem: model.problems.first?.message,
                    required: true, autocomplete: "off"),
                .button(.type(.submit), .class("primary"), .text("Add question"))
            )
        )
    }
}
