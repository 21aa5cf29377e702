import Foundation
import Plot
import TrellisCore

enum RosterResultPage {
    struct Model: Sendable {
        var plan: RosterImportPlan
    }

    static func view(_ model: Model, context: PageContext) -> FramedPage {
        Layout.page(
            "Roster imported", context: context,
            .h1("Roster imported"),
            Fragments.notice("The roster is imported."),
            RosterCountsTable.table(model.plan, caption: "What the import changed"),
            RosterCountsTable.skipped(model.plan),
            .p("Imported leaders cannot sign in until you give them a password-reset link from their page."),
            .p(.a(.href(SiteURL.people.relativeURL(.role(.leader))), .text("See the leaders")))
        )
    }
}
