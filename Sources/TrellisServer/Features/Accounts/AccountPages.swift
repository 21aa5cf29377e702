import Foundation
import Plot
import TrellisCore

enum SignInPage {
    struct Model: Sendable {
        var email: String
        var problem: String?
        var notice: String?
        var next: String?
    }

    static func view(_ model: Model, context: PageContext) -> HTML {
        Layout.page(
            "Sign in", context: context,
            .div(
                .class("narrow"),
                .h1("Sign in to Trellis"),
                Fragments.notice(model.notice),
                .unwrap(model.problem) {
                    .p(
                        .id("signin-error"), .class("notice error"), .attribute(named: "role", value: "alert"),
                        .text($0))
                },
                .form(
                    .method(.post), .action(SiteURL.signIn.relativeURL),
                    Layout.csrfField(context.csrfToken),
                    .unwrap(model.next) { .input(.type(.hidden), .name("next"), .value($0)) },
                    Fragments.field(
                        "email", label: "Email", type: .email, value: model.email, required: true,
                        autocomplete: "username"),
                    Fragments.field(
                        "password", label: "Password", type: .password, required: true, autocomplete: "current-password"
                    ),
                    .button(.type(.submit), .class("primary"), .text("Sign in"))
                ),
                .p(
                    .class("hint"),
                    .text(
                        "Forgot your password, or never had one? Your district admin can give you a one-time link to set it."
                    ))
            )
        )
    }
}

enum ResetPasswordPage {
    struct Model: Sendable {
        var token: String
        var email: String
        var problems: [FieldProblem]
    }

    static func view(_ model: Model, context: PageContext) -> HTML {
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

enum ResetLinkPage {
    struct Model: Sendable {
        var personName: String
        var personID: UUID
        var email: String
        var link: String
        var hours: Int
    }

    static func view(_ model: Model, context: PageContext) -> HTML {
        Layout.page(
            "Password-reset link", context: context,
            .h1(.text("Password-reset link for \(model.personName)")),
            .p(
                .text(
                    "Give this link to \(model.personName) (\(model.email)) in person or by a channel you trust. It works once, for \(model.hours) hours, and replaces any earlier link. Trellis does not show it again."
                )),
            .div(
                .class("field"),
                .label(.for("reset-link"), .text("One-time link")),
                .input(.type(.text), .id("reset-link"), .value(model.link), .readonly(true))
            ),
            .p(.a(.href(SiteURL.person(.value(model.personID)).relativeURL), .text("Back to \(model.personName)")))
        )
    }
}
