import Foundation
import Plot
import TrellisCore

enum PersonPage {
    struct Model: Sendable {
        var id: UUID
        var name: String
        var email: String
        var role: String
        var school: String?
        var position: String?
        var yearsInRole: Int?
        var status: String
        var sourcedID: String?
        var cohorts: [String]
        var canEdit: Bool
        var canMakeResetLink: Bool
        /// Nil when the viewer may not archive this person (not a district admin, or it is themself).
        var archiving: Archiving?
        var form: PersonForm
        var schools: [(value: String, label: String)]
        var problems: [FieldProblem]
        var notice: String?
    }

    enum Archiving: Sendable {
        case canArchive
        case canRestore
    }

    static func view(_ model: Model, context: PageContext) -> FramedPage {
        Layout.page(
            model.name, context: context,
            .h1(.text(model.name)),
            Fragments.notice(model.notice),
            .dl(
                .dt("Role"), .dd(.text(model.role)),
                .dt("Email"), .dd(.text(model.email)),
                .dt("School"), .dd(.text(model.school ?? "—")),
                .dt("Position"), .dd(.text(model.position ?? "—")),
                .dt("Years in the role"), .dd(.text(model.yearsInRole.map(String.init) ?? "—")),
                .dt("Sign-in"), .dd(.text(model.status)),
                .dt("Roster id"), .dd(.text(model.sourcedID ?? "— (added by hand)"))
            ),
            .h2("Cohorts"),
            .if(model.cohorts.isEmpty, Fragments.emptyState("Not in a cohort.")),
            .ul(.forEach(model.cohorts) { .li(.text($0)) }),
            .if(
                model.canMakeResetLink,
                .section(
                    .attribute(named: "aria-labelledby", value: "reset-heading"),
                    .h2(.id("reset-heading"), "Sign-in link"),
                    .p(
                        "Make a one-time link with which this person sets a new password. Any earlier link stops working."
                    ),
                    .form(
                        .method(.post), .action(SiteURL.personResetLink(.value(model.id)).relativeURL),
                        Layout.csrfField(context.csrfToken),
                        .button(.type(.submit), .text("Make a password-reset link"))
                    )
                )),
            .if(
                model.canEdit,
                .section(
                    .attribute(named: "aria-labelledby", value: "edit-heading"),
                    .h2(.id("edit-heading"), "Edit"),
                    Fragments.problemSummary(model.problems),
                    .form(
                        .method(.post), .action(SiteURL.person(.value(model.id)).relativeURL),
                        Layout.csrfField(context.csrfToken),
                        PersonFormFields.fields(model.form, schools: model.schools, problems: model.problems),
                        .button(.type(.submit), .class("primary"), .text("Save changes"))
                    )
                )),
            .unwrap(model.archiving) { archiving(model, $0, context: context) },
            .p(.a(.href(SiteURL.people.relativeURL), .text("All people")))
        )
    }

    private static func archiving(_ model: Model, _ archiving: Archiving, context: PageContext)
        -> Node<HTML.BodyContext>
    {
        let archive = archiving == .canArchive
        return .section(
            .attribute(named: "aria-labelledby", value: "archive-heading"),
            .h2(.id("archive-heading"), archive ? "Archive" : "Restore"),
            .p(
                .text(
                    archive
                        ? "Archiving signs \(model.name) out everywhere at once and revokes their API tokens. What they wrote stays; they no longer appear in lists or cohorts to add."
                        : "\(model.name) is archived and cannot sign in. Restoring lets them sign in again with a new password-reset link; old sessions and tokens stay revoked."
                )),
            .form(
                .method(.post), .action(SiteURL.personArchiving(.value(model.id)).relativeURL),
                Layout.csrfField(context.csrfToken),
                .input(.type(.hidden), .name("archived"), .value(archive ? "true" : "false")),
                .button(
                    .type(.submit), .class(archive ? "danger" : "primary"),
                    .text(archive ? "Archive \(model.name)" : "Restore \(model.name)"))
            )
        )
    }
}
