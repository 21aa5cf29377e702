import Foundation
import Plot
import TrellisCore

enum PeoplePage {
    struct Row: Sendable {
        var id: UUID
        var name: String
        var email: String
        var role: String
        var school: String?
        var position: String?
        var yearsInRole: Int?
        var status: String
    }

    struct Model: Sendable {
        var roleFilter: Role?
        var canAdd: Bool
        var rows: [Row]
    }

    static func view(_ model: Model, context: PageContext) -> HTML {
        Layout.page(
            "People", context: context,
            .h1("People"),
            .nav(
                .ariaLabel("Filter by role"), .class("filters"),
                .ul(
                    .li(filterLink("Everyone", nil, current: model.roleFilter)),
                    .forEach([Role.leader, .facilitator, .districtAdmin]) {
                        .li(filterLink($0.label + "s", $0, current: model.roleFilter))
                    }
                )
            ),
            .if(model.canAdd, .p(.a(.class("button"), .href(SiteURL.newPerson.relativeURL), .text("Add a person")))),
            .if(model.rows.isEmpty, Fragments.emptyState("No one here yet.")),
            .if(
                !model.rows.isEmpty,
                .div(
                    .class("table-wrap"),
                    .table(
                        .caption(.text("\(model.rows.count) people")),
                        .thead(
                            .tr(
                                .th("Name"), .th("Role"), .th("School"), .th("Position"), .th("Years"), .th("Email"),
                                .th("Sign-in"))),
                        .tbody(
                            .forEach(model.rows) { row in
                                .tr(
                                    .td(.a(.href(SiteURL.person(.value(row.id)).relativeURL), .text(row.name))),
                                    .td(.text(row.role)),
                                    .td(.text(row.school ?? "—")),
                                    .td(.text(row.position ?? "—")),
                                    .td(.text(row.yearsInRole.map(String.init) ?? "—")),
                                    .td(.text(row.email)),
                                    .td(.text(row.status))
                                )
                            })
                    )
                ))
        )
    }

    private static func filterLink(_ title: String, _ role: Role?, current: Role?) -> Node<HTML.BodyContext> {
        let href = SiteURL.people.relativeURL + (role.map { "?role=\($0.rawValue)" } ?? "")
        return .a(.href(href), .if(role == current, .attribute(named: "aria-current", value: "page")), .text(title))
    }
}

/// The fields shared by the new-person and edit-person forms.
enum PersonFormFields {
    static func fields(_ form: PersonForm, schools: [(value: String, label: String)], problems: [FieldProblem])
        -> Node<HTML.FormContext>
    {
        func problem(_ field: String) -> String? { problems.first { $0.field == field }?.message }
        return .group(
            Fragments.field(
                "givenName", label: "Given name", value: form.givenName ?? "", problem: problem("givenName"),
                required: true, autocomplete: "off"),
            Fragments.field(
                "familyName", label: "Family name", value: form.familyName ?? "", problem: problem("familyName"),
                required: true, autocomplete: "off"),
            Fragments.field(
                "email", label: "Email (used to sign in)", type: .email, value: form.email ?? "",
                problem: problem("email"), required: true, autocomplete: "off"),
            Fragments.select(
                "role", label: "Role", options: PersonForm.editableRoles.map { ($0.rawValue, $0.label) },
                selected: form.role, problem: problem("role")),
            Fragments.select(
                "school", label: "School (leaders)", options: schools, selected: form.school, problem: problem("school")
            ),
            Fragments.select(
                "position", label: "Position (leaders)",
                options: [("", "Not set")] + LeaderPosition.allCases.map { ($0.rawValue, $0.label) },
                selected: form.position, problem: problem("position")),
            Fragments.field(
                "yearsInRole", label: "Years in the role (leaders)", type: .number, value: form.yearsInRole ?? "",
                problem: problem("yearsInRole"),
                hint: "Whole years as a principal or assistant principal; 0 for a first year.")
        )
    }
}

enum NewPersonPage {
    struct Model: Sendable {
        var form: PersonForm
        var schools: [(value: String, label: String)]
        var problems: [FieldProblem]
    }

    static func view(_ model: Model, context: PageContext) -> HTML {
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

    static func view(_ model: Model, context: PageContext) -> HTML {
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
