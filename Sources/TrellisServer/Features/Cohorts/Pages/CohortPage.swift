import Foundation
import Plot
import TrellisCore

enum CohortPage {
    struct Member: Sendable {
        var id: UUID
        var name: String
        var email: String?
        var school: String?
        var position: String?
        var yearsInRole: Int?
    }

    struct Model: Sendable {
        var id: UUID
        var name: String
        var schoolYear: String
        var facilitators: [Member]
        var leaders: [Member]
        var canManage: Bool
        var canRunFormation: Bool
        var candidates: [(value: String, label: String)]
        var form: CohortController.MemberForm
        var problems: [FieldProblem]
        var notice: String?
        /// Schools with leaders not yet in the cohort, as (id, "Elm School (3 leaders)"), for adding them all.
        var schools: [(value: String, label: String)] = []
    }

    static func view(_ model: Model, context: PageContext) -> FramedPage {
        Layout.page(
            model.name, context: context,
            .h1(.text(model.name)),
            .p(
                .text(
                    "School year \(model.schoolYear) · \(model.leaders.count) leaders · \(model.facilitators.count) facilitators"
                )),
            Fragments.notice(model.notice),
            .p(
                .a(.href(SiteURL.cohortTrust(.value(model.id)).relativeURL), .text("Trust survey")),
                .text(" · "),
                .a(.href(SiteURL.cohortPlaylist(.value(model.id)).relativeURL), .text("The cohort's playlist")),
                .if(
                    model.canRunFormation,
                    .group(
                        .text(" · "),
                        .a(.href(SiteURL.cohortFormation(.value(model.id)).relativeURL), .text("Forming communities")),
                        .text(" · "),
                        .a(.href(SiteURL.cohortPractice(.value(model.id)).relativeURL), .text("Between meetings")),
                        .text(" · "),
                        .a(.href(SiteURL.cohortReport(.value(model.id)).relativeURL), .text("End-of-year report"))))
            ),
            .h2("Facilitators"),
            memberTable(
                model.facilitators, caption: "Facilitators", model: model, context: context, showsLeaderColumns: false),
            .h2("Leaders"),
            memberTable(model.leaders, caption: "Leaders", model: model, context: context, showsLeaderColumns: true),
            .if(model.canManage, addForm(model, context: context))
        )
    }

    private static func memberTable(
        _ members: [Member], caption: String, model: Model, context: PageContext, showsLeaderColumns: Bool
    ) -> Node<HTML.BodyContext> {
        guard !members.isEmpty else { return Fragments.emptyState("None yet.") }
        let showsEmail = members.contains { $0.email != nil }
        return .div(
            .class("table-wrap"),
            .table(
                .caption(.text("\(caption) in \(model.name)")),
                .thead(
                    .tr(
                        .th("Name"),
                        .if(showsLeaderColumns, .group(.th("School"), .th("Position"), .th("Years"))),
                        .if(showsEmail, .th("Email")),
                        .if(model.canManage, .th(.span(.class("visually-hidden"), .text("Actions"))))
                    )),
                .tbody(
                    .forEach(members) { member in
                        .tr(
                            .td(.text(member.name)),
                            .if(
                                showsLeaderColumns,
                                .group(
                                    .td(.text(member.school ?? "—")),
                                    .td(.text(member.position ?? "—")),
                                    .td(.text(member.yearsInRole.map(String.init) ?? "—")))),
                            .if(showsEmail, .td(.text(member.email ?? ""))),
                            .if(
                                model.canManage,
                                .td(
                                    .form(
                                        .method(.post),
                                        .action(
                                            SiteURL.cohortMemberRemoval(
                                                cohort: .value(model.id), person: .value(member.id)
                                            ).relativeURL),
                                        Layout.csrfField(context.csrfToken),
                                        .button(
                                            .type(.submit), .class("link-button"),
                                            .ariaLabel("Remove \(member.name) from the cohort"),
                                            .text("Remove"))
                                    )))
                        )
                    })
            )
        )
    }

    private static func addForm(_ model: Model, context: PageContext) -> Node<HTML.BodyContext> {
        .section(
            .attribute(named: "aria-labelledby", value: "add-heading"),
            .h2(.id("add-heading"), "Add someone"),
            Fragments.problemSummary(model.problems),
            .if(model.candidates.isEmpty, Fragments.emptyState("Everyone who could join is already in this cohort.")),
            .if(
                !model.candidates.isEmpty,
                .form(
                    .method(.post), .action(SiteURL.cohortMembers(.value(model.id)).relativeURL),
                    Layout.csrfField(context.csrfToken),
                    Fragments.select(
                        "person", label: "Person", options: model.candidates, selected: model.form.person,
                        problem: model.problems.first { $0.field == "person" }?.message),
                    Fragments.select(
                        "role", label: "Takes part as", options: CohortRole.allCases.map { ($0.rawValue, $0.label) },
                        selected: model.form.role, problem: model.problems.first { $0.field == "role" }?.message),
                    .button(.type(.submit), .class("primary"), .text("Add to cohort"))
                )),
            .if(
                !model.schools.isEmpty,
                .form(
                    .method(.post), .action(SiteURL.cohortMembersFromSchools(.value(model.id)).relativeURL),
                    Layout.csrfField(context.csrfToken),
                    .fieldset(
                        .element(named: "legend", text: "Or add every leader of these schools"),
                        .unwrap(model.problems.first { $0.field == "schools" }?.message) {
                            .p(.id("schools"), .class("error"), .text($0))
                        },
                        .forEach(Array(model.schools.enumerated())) { index, school in
                            .div(
                                .class("field checkbox"),
                                .input(
                                    .type(.checkbox), .id("school-\(index)"), .name("schools[]"), .value(school.value)),
                                .label(.for("school-\(index)"), .text(school.label))
                            )
                        }
                    ),
                    .button(.type(.submit), .text("Add their leaders"))
                ))
        )
    }
}
