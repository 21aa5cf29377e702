import Foundation
import Plot
import TrellisCore

enum DistrictsPage {
    struct Row: Sendable {
        var name: String
        var slug: String
        var schools: Int
        var people: Int
        var cohorts: Int
    }

    struct Model: Sendable {
        var rows: [Row]
    }

    static func view(_ model: Model, context: PageContext) -> FramedPage {
        Layout.page(
            "Districts", context: context,
            .h1("Districts"),
            .if(
                model.rows.isEmpty, Fragments.emptyState("No districts yet. Create one with 'trellis district create'.")
            ),
            .table(
                .caption("Every district on this Trellis"),
                .thead(.tr(.th("District"), .th("Slug"), .th("Schools"), .th("People"), .th("Cohorts"))),
                .tbody(
                    .forEach(model.rows) { row in
                        .tr(
                            .td(.text(row.name)), .td(.code(.text(row.slug))), .td(.text("\(row.schools)")),
                            .td(.text("\(row.people)")), .td(.text("\(row.cohorts)")))
                    })
            )
        )
    }
}
