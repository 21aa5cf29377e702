import Foundation
import Plot
import TrellisCore

/// `/settings/sign-in`: a district admin connects the district's own identity provider (OpenID Connect).
enum SignInSettingsPage {
    struct Draft: Sendable {
        var issuer = ""
        var clientID = ""
        var domains = ""
        var passwordSignIn = OpenIDConnect.PasswordSignIn.everyone
    }

    struct Model: Sendable {
        var connected: Bool
        var draft: Draft
        var callbackURL: String
        var problems: [FieldProblem] = []
        var notice: String?
    }

    static func view(_ model: Model, context: PageContext) -> FramedPage {
        let problem = { (field: String) in model.problems.first { $0.field == field }?.message }
        return Layout.page(
            "Sign-in with your district's accounts", context: context,
            .h1("Sign-in with your district's accounts"),
            .p(
                "Connect your district's identity provider (Google Workspace, Microsoft Entra or any OpenID Connect provider) and people whose email is in your domains sign in with the account they already have. Trellis never creates an account from a sign-in: people must already be on your roster."
            ),
            Fragments.notice(model.notice),
            Fragments.problemSummary(model.problems),
            .p(
                .strong(.text(model.connected ? "Connected." : "Not connected.")),
                .text(" Register Trellis with your provider as a web application with this redirect URI: "),
                .code(.text(model.callbackURL)),
                .text(", and the scopes openid, email and profile.")
            ),
            .form(
                .method(.post), .action(SiteURL.signInSettings.relativeURL),
                Layout.csrfField(context.csrfToken),
                Fragments.field(
                    "issuer", label: "Issuer URL", type: .url, value: model.draft.issuer, problem: problem("issuer"),
                    required: true,
                    hint:
                        "As your provider names it, e.g. https://accounts.google.com or https://login.microsoftonline.com/TENANT-ID/v2.0. Trellis reads its discovery document when you save."
                ),
                Fragments.field(
                    "client_id", label: "Client ID", value: model.draft.clientID, problem: problem("client_id"),
                    required: true),
                Fragments.field(
                    "client_secret", label: "Client secret", type: .password, problem: problem("client_secret"),
                    required: !model.connected, autocomplete: "off",
                    hint: model.connected
                        ? "Saved, and never shown again. Leave empty to keep it; type a new one to replace it."
                        : "Saved, and never shown again."),
                Fragments.field(
                    "domains", label: "Email domains", value: model.draft.domains, problem: problem("domains"),
                    required: true, hint: "Separated by commas, e.g. bayview.k12.us, staff.bayview.org."),
                .fieldset(
                    .element(named: "legend", text: "Trellis passwords"),
                    .unwrap(problem("password_sign_in")) { .p(.class("error"), .text($0)) },
                    .forEach(OpenIDConnect.PasswordSignIn.allCases) { policy in
                        .div(
                            .class("choice"),
                            .input(
                                .type(.radio), .name("password_sign_in"), .id("password-\(policy.rawValue)"),
                                .value(policy.rawValue), policy == model.draft.passwordSignIn ? .checked(true) : .empty),
                            .label(.for("password-\(policy.rawValue)"), .text(policy.label))
                        )
                    }
                ),
                .button(.type(.submit), .class("primary"), .text(model.connected ? "Save" : "Connect"))
            ),
            .if(
                model.connected,
                .form(
                    .method(.post), .action(SiteURL.signInSettings.relativeURL),
                    Layout.csrfField(context.csrfToken),
                    .button(.type(.submit), .name("change"), .value("disconnect"), .text("Disconnect the provider"))
                ))
        )
    }
}
