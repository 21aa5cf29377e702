import Foundation
import Plot
import TrellisCore

enum NewPersonPage {
    struct Model: Sendable {
        var form: PersonForm
        var schools: [(value: String, label: String)]
        var problems: [FieldProblem]
    }

    static func view(_ model: Model, context: PageContext) -> FramedPage {
        Layout.page(
            "Add a person", context: context,
            .h1("Add a person"),
            .p(
                "Leaders usually arrive with the roster import; add facilitators and anyone the roster does not carry here."
            ),
            Fragments.problemSummary(model.problems),
            .form(
                .method(.post), .action(SiteURL.people.relativeURL),
                Layout.csrfField(context.csrfToken),
                PersonFormFields.fields(model.form, schools: model.schools, problems: model.problems),
                .button(.type(.submit), .class("primary"), .text("Add person"))
            )
        )
    }
}
