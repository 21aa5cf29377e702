import Foundation
import Plot

enum SchoolsPage {
    struct Row: Sendable {
        var id: UUID
        var name: String
        var level: String
        var leaders: Int
        var archived: Bool
    }

    struct Model: Sendable {
        var rows: [Row]
    }

    static func view(_ model: Model, context: PageContext) -> HTML {
        Layout.page(
            "Schools", context: context,
            .h1("Schools"),
            .if(
                model.rows.isEmpty,
                Fragments.emptyState("No schools yet. An admin imports them from the district's OneRoster files.")),
            .if(
                !model.rows.isEmpty,
                .table(
                    .caption(.text("\(model.rows.filter { !$0.archived }.count) schools")),
                    .thead(.tr(.th("School"), .th("Level"), .th("Leaders"))),
                    .tbody(
                        .forEach(model.rows) { row in
                            .tr(
                                .td(
                                    .a(.href(SiteURL.school(.value(row.id)).relativeURL), .text(row.name)),
                                    .if(row.archived, .text(" (archived)"))),
                                .td(.text(row.level)),
                                .td(.text("\(row.leaders)"))
                            )
                        })
                ))
        )
    }
}

enum SchoolPage {
    struct Leader: Sendable {
        var id: UUID
        var name: String
        var position: String?
        var yearsInRole: Int?
    }

    struct Model: Sendable {
        var name: String
        var level: String
        var identifier: String?
        var archived: Bool
        var leaders: [Leader]
        var linkPeople: Bool
    }

    static func view(_ model: Model, context: PageContext) -> HTML {
        Layout.page(
            model.name, context: context,
            .h1(.text(model.name)),
            .p(
                .text(
                    [model.level, model.identifier.map { "School code \($0)" }, model.archived ? "Archived" : nil]
                        .compactMap { $0 }.joined(separator: " · "))),
            .h2("Leaders"),
            .if(model.leaders.isEmpty, Fragments.emptyState("No leaders recorded at this school.")),
            .ul(
                .forEach(model.leaders) { leader in
                    .li(
                        model.linkPeople
                            ? .a(.href(SiteURL.person(.value(leader.id)).relativeURL), .text(leader.name))
                            : .text(leader.name),
                        .text(
                            [leader.position, leader.yearsInRole.map { "\($0) yrs" }].compactMap { $0 }.map {
                                " · \($0)"
                            }.joined())
                    )
                }),
            .p(.a(.href(SiteURL.schools.relativeURL), .text("All schools")))
        )
    }
}
