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

    static func view(_ model: Model, context: PageContext) -> FramedPage {
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
            .if(
                model.canAdd,
                .p(
                    .a(.class("button"), .href(SiteURL.newPerson.relativeURL), .text("Add a person")), .text(" "),
                    .a(.href(SiteURL.signInSettings.relativeURL), .text("How people sign in"))
                )),
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
        let href = role.map { SiteURL.people.relativeURL(.role($0)) } ?? SiteURL.people.relativeURL
        return .a(.href(href), .if(role == current, .attribute(named: "aria-current", value: "page")), .text(title))
    }
}
