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
                    // `email`, not `username`: valid for type=email in every HTML checker and axe version,
                    // and password managers still pair it with the current-password field below.
                    Fragments.field(
                        "email", label: "Email", type: .email, value: model.email, required: true,
                        autocomplete: "email"),
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
