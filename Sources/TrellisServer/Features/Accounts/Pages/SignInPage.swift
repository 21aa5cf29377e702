import Foundation
import Plot
import TrellisCore

/// Signing in asks for the email first: an email in a domain whose district has connected its own
/// provider is offered "Continue with <district>'s account"; any other gets the password form.
enum SignInPage {
    enum Step: Sendable, Equatable {
        /// Only the email, and Continue.
        case email
        /// The password for the email given.
        case password
        /// The district's provider, and the password form too when the district lets this person use one
        /// (everyone, or admins only: then it says so).
        case provider(district: String, passwordSignIn: OpenIDConnect.PasswordSignIn)
    }

    struct Model: Sendable {
        var email: String
        var problem: String?
        var notice: String?
        var next: String?
        var step: Step = .password
    }

    static func view(_ model: Model, context: PageContext) -> FramedPage {
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
                steps(model, context: context),
                .p(
                    .class("hint"),
                    .text(
                        "Forgot your password, or never had one? Your district admin can give you a one-time link to set it."
                    ))
            )
        )
    }

    private static func steps(_ model: Model, context: PageContext) -> Node<HTML.BodyContext> {
        switch model.step {
        case .email:
            return .form(
                .method(.post), .action(SiteURL.signIn.relativeURL),
                Layout.csrfField(context.csrfToken),
                .unwrap(model.next) { .input(.type(.hidden), .name("next"), .value($0)) },
                // `email`, not `username`: valid for type=email in every HTML checker and axe version.
                Fragments.field(
                    "email", label: "Email", type: .email, value: model.email, required: true, autocomplete: "email"),
                .button(.type(.submit), .class("primary"), .text("Continue"))
            )
        case .password:
            return passwordForm(model, context: context)
        case .provider(let district, let policy):
            return .group(
                .form(
                    .method(.post), .action(SiteURL.signInWithProvider.relativeURL),
                    Layout.csrfField(context.csrfToken),
                    .input(.type(.hidden), .name("email"), .value(model.email)),
                    .unwrap(model.next) { .input(.type(.hidden), .name("next"), .value($0)) },
                    .p(.text("\(model.email) signs in with \(district)'s own accounts.")),
                    .button(.type(.submit), .class("primary"), .text("Continue with \(district)'s account"))
                ),
                .section(
                    .attribute(named: "aria-labelledby", value: "password-heading"),
                    .h2(
                        .id("password-heading"),
                        .text(policy == .everyone ? "Or use your Trellis password" : "District admins: your password")),
                    passwordForm(model, context: context)
                ),
                .p(.a(.href(SiteURL.signIn.relativeURL), "Use another email"))
            )
        }
    }

    private static func passwordForm(_ model: Model, context: PageContext) -> Node<HTML.BodyContext> {
        .form(
            .method(.post), .action(SiteURL.signIn.relativeURL),
            Layout.csrfField(context.csrfToken),
            .unwrap(model.next) { .input(.type(.hidden), .name("next"), .value($0)) },
            // `email`, not `username`: valid for type=email in every HTML checker and axe version,
            // and password managers still pair it with the current-password field below.
            Fragments.field(
                "email", label: "Email", type: .email, value: model.email, required: true, autocomplete: "email"),
            Fragments.field(
                "password", label: "Password", type: .password, required: true, autocomplete: "current-password"),
            .button(.type(.submit), .class("primary"), .text("Sign in"))
        )
    }
}
