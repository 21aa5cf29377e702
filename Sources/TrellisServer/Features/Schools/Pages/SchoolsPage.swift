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

    static func view(_ model: Model, context: PageContext) -> FramedPage {
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
