import Foundation
import Plot
import TrellisCore

enum CohortsPage {
    struct Row: Sendable {
        var id: UUID
        var name: String
        var schoolYear: String
        var leaders: Int
        var facilitators: [String]
    }

    struct Model: Sendable {
        var rows: [Row]
        var canCreate: Bool
    }

    static func view(_ model: Model, context: PageContext) -> FramedPage {
        Layout.page(
            "Cohorts", context: context,
            .h1("Cohorts"),
            .if(model.canCreate, .p(.a(.class("button"), .href(SiteURL.newCohort.relativeURL), .text("New cohort")))),
            .if(model.rows.isEmpty, Fragments.emptyState("No cohorts to show.")),
            .if(
                !model.rows.isEmpty,
                .table(
                    .caption("Cohorts you can see"),
                    .thead(.tr(.th("Cohort"), .th("School year"), .th("Leaders"), .th("Facilitators"))),
                    .tbody(
                        .forEach(model.rows) { row in
                            .tr(
                                .td(.a(.href(SiteURL.cohort(.value(row.id)).relativeURL), .text(row.name))),
                                .td(.text(row.schoolYear)),
                                .td(.text("\(row.leaders)")),
                                .td(.text(row.facilitators.isEmpty ? "—" : row.facilitators.joined(separator: ", ")))
                            )
                        })
                ))
        )
    }
}
