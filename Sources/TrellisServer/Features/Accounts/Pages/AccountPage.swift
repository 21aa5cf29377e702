import Foundation
import Plot
import TrellisCore

enum AccountPage {
    struct Model: Sendable {
        var name: String
        var email: String
        var role: String
        var calendarURL: String
        var regenerated: Bool
        var passwordChanged: Bool = false
        var passwordProblems: [FieldProblem] = []
        /// How this person signs in, in words ("With a Trellis password", "With Bayview's accounts …").
        var signInWays: [String] = []
        /// Nil when this Trellis sends no email; else whether this person gets reminders.
        var reminders: Bool? = nil
        var saved = false
        /// What the password section offers: a change, nothing to change (signs in only through the
        /// district's accounts), or nothing at all (the district has turned Trellis passwords off).
        var password: PasswordState = .set
    }

    enum PasswordState: Sendable, Equatable {
        /// The person has a Trellis password: the change form, current password first.
        case set
        /// No Trellis password (they sign in with their district's accounts): how to get one.
        case none
        /// The district lets only its admins use a Trellis password: nothing to change here.
        case off(district: String)
    }

    static func view(_ model: Model, context: PageContext) -> FramedPage {
        Layout.page(
            "Your account", context: context,
            .h1("Your account"),
            Fragments.notice(model.regenerated ? "A new calendar address is ready. The old one no longer works." : nil),
            Fragments.notice(
                model.passwordChanged ? "Your password is changed. You were signed out everywhere else." : nil),
            .dl(
                .dt("Name"), .dd(.text(model.name)), .dt("Email"), .dd(.text(model.email)), .dt("Role"),
                .dd(.text(model.role)), .dt("How you sign in"),
                .dd(.ul(.forEach(model.signInWays) { .li(.text($0)) }))),
            .section(
                .h2("Your meetings in your calendar"),
                .p(
                    "Subscribe your calendar to this secret address and your meetings appear there; moved and cancelled meetings update by themselves. Keep it to yourself: anyone with the address can read your meeting times."
                ),
                .div(
                    .class("field"),
                    .label(.for("calendar-url"), .text("Your calendar address")),
                    .input(
                        .type(.text), .id("calendar-url"), .value(model.calendarURL), .readonly(true),
                        .attribute(named: "spellcheck", value: "false"))
                ),
                .ul(
                    .li("Google Calendar: Other calendars → + → From URL, then paste the address."),
                    .li("Outlook: Add calendar → Subscribe from web, then paste the address."),
                    .li("Apple Calendar: File → New Calendar Subscription, then paste the address.")
                ),
                .form(
                    .method(.post), .action(SiteURL.accountCalendar.relativeURL),
                    Layout.csrfField(context.csrfToken),
                    .button(.type(.submit), .text("Make a new address (the old one stops working)"))
                )
            ),
            .section(
                .attribute(named: "aria-labelledby", value: "email-heading"),
                .h2(.id("email-heading"), "Email reminders"),
                Fragments.notice(model.saved ? "Saved." : nil),
                .unwrap(
                    model.reminders,
                    { reminders in
                        .form(
                            .method(.post), .action(SiteURL.accountEmail.relativeURL),
                            Layout.csrfField(context.csrfToken),
                            .div(
                                .class("choice"),
                                .input(
                                    .type(.checkbox), .id("reminders"), .name("reminders"), .value("on"),
                                    reminders ? .checked(true) : .empty),
                                .label(
                                    .for("reminders"),
                                    .text(
                                        "Email me a week before each meeting with what is still due, and when a meeting moves or is cancelled"
                                    ))
                            ),
                            .button(.type(.submit), .text("Save email reminders"))
                        )
                    },
                    else: .p(
                        "This Trellis sends no email yet (its IT staff have not set up a mail server), so reminders reach you in your calendar, through the address above, and on your home page."
                    ))
            ),
            passwordSection(model, context: context)
        )
    }

    /// Only someone with a Trellis password can change it here. Someone who signs in through the district's
    /// accounts gets a first password the way a new person does, from a set-password link their admin makes
    /// (a session alone is not enough to add a second way in).
    private static func passwordSection(_ model: Model, context: PageContext) -> Node<HTML.BodyContext> {
        let problem = { (field: String) in model.passwordProblems.first { $0.field == field }?.message }
        let (heading, body): (String, Node<HTML.BodyContext>) =
            switch model.password {
            case .off(let district):
                (
                    "Your Trellis password",
                    .p(
                        .text(
                            "\(district) has turned Trellis passwords off for everyone but its admins: you sign in with the district's own accounts, so there is no password to change here."
                        ))
                )
            case .none:
                (
                    "Your Trellis password",
                    .p(
                        "You have no Trellis password: you sign in with your district's own accounts. If you want a password as well, ask your district's admin for a set-password link."
                    )
                )
            case .set:
                (
                    "Change your password",
                    .form(
                        .method(.post), .action(SiteURL.accountPassword.relativeURL),
                        Layout.csrfField(context.csrfToken),
                        Fragments.field(
                            "current", label: "Current password", type: .password, problem: problem("current"),
                            required: true, autocomplete: "current-password"),
                        Fragments.field(
                            "password", label: "New password", type: .password, problem: problem("password"),
                            required: true, autocomplete: "new-password",
                            hint:
                                "At least \(PasswordPolicy.minimumLength) characters. A few unrelated words are easy to remember."
                        ),
                        Fragments.field(
                            "confirmation", label: "New password again", type: .password,
                            problem: problem("confirmation"), required: true, autocomplete: "new-password"),
                        .button(.type(.submit), .class("primary"), .text("Change my password"))
                    )
                )
            }
        return .section(
            .attribute(named: "aria-labelledby", value: "password-heading"),
            .h2(.id("password-heading"), .text(heading)),
            Fragments.problemSummary(model.passwordProblems),
            body
        )
    }
}
