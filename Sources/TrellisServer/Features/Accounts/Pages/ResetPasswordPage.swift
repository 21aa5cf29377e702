import Foundation
import Plot
import TrellisCore

enum ResetPasswordPage {
    struct Model: Sendable {
        var token: String
        var email: String
        var problems: [FieldProblem]
    }

    static func view(_ model: Model, context: PageContext) -> FramedPage {
        Layout.page(
            "Set your password", context: context,
            .div(
                .class("narrow"),
                .h1("Set your password"),
                .p(.text("For \(model.email). The link works once.")),
                Fragments.problemSummary(model.problems),
                .form(
                    .method(.post), .action(SiteURL.passwordReset.relativeURL),
                    Layout.csrfField(context.csrfToken),
                    .input(.type(.hidden), .name("token"), .value(model.token)),
                    Fragments.field(
                        "password", label: "New password", type: .password,
                        problem: model.problems.first { $0.field == "password" }?.message, required: true,
                        autocomplete: "new-password", hint: "At least \(PasswordPolicy.minimumLength) characters."),
                    Fragments.field(
                        "confirmation", label: "Repeat the new password", type: .password,
                        problem: model.problems.first { $0.field == "confirmation" }?.message, required: true,
                        autocomplete: "new-password"),
                    .button(.type(.submit), .class("primary"), .text("Set password"))
                )
            )
        )
    }
}
