import Foundation
import Plot
import TrellisCore

enum NewCohortPage {
    struct Form: Sendable {
        var name: String
        var schoolYear: String
    }

    struct Model: Sendable {
        var form: Form
        var problems: [FieldProblem]
    }

    static func view(_ model: Model, context: PageContext) -> FramedPage {
        func problem(_ field: String) -> String? { model.problems.first { $0.field == field }?.message }
        return Layout.page(
            "New cohort", context: context,
            .h1("New cohort"),
            .p(
                "A cohort is the group of leaders who work together for one school year, for example the principals of a network."
            ),
            Fragments.problemSummary(model.problems),
            .form(
                .method(.post), .action(SiteURL.cohorts.relativeURL),
                Layout.csrfField(context.csrfToken),
                Fragments.field(
                    "name", label: "Name", value: model.form.name, problem: problem("name"), required: true,
                    autocomplete: "off"),
                Fragments.field(
                    "schoolYear", label: "School year", value: model.form.schoolYear, problem: problem("schoolYear"),
                    required: true, autocomplete: "off", hint: "For example 2026-27."),
                .button(.type(.submit), .class("primary"), .text("Create cohort"))
            )
        )
    }
}
