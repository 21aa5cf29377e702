import Foundation
import Plot
import TrellisCore

enum RosterPreviewPage {
    struct Model: Sendable {
        var pendingID: UUID
        var plan: RosterImportPlan
    }

    static func view(_ model: Model, context: PageContext) -> FramedPage {
        Layout.page(
            "Preview the import", context: context,
            .h1("Preview the import"),
            .p("The files are valid. Nothing has changed yet: this is what confirming will do."),
            RosterCountsTable.table(model.plan, caption: "What the import will change"),
            RosterCountsTable.skipped(model.plan),
            names(model.plan),
            .form(
                .method(.post), .action(SiteURL.rosterImportConfirmation(.value(model.pendingID)).relativeURL),
                Layout.csrfField(context.csrfToken),
                .button(.type(.submit), .class("primary"), .text("Confirm the import"))
            ),
            .p(.a(.href(SiteURL.rosterImport.relativeURL), .text("Cancel and upload other files")))
        )
    }
}

extension RosterPreviewPage {
    /// Who and what changes, by name: each list folded, so a large import stays one screen.
    static func names(_ plan: RosterImportPlan) -> Node<HTML.BodyContext> {
        let lists: [(String, [String])] = [
            ("Schools to add", plan.schoolNames[.create] ?? []), ("Schools to update", plan.schoolNames[.update] ?? []),
            ("Schools to archive", plan.schoolNames[.archive] ?? []),
            ("Leaders to add", plan.leaderNames[.create] ?? []), ("Leaders to update", plan.leaderNames[.update] ?? []),
            ("Leaders to archive (they are signed out at once)", plan.leaderNames[.archive] ?? []),
        ]
        return .section(
            .class("import-names"),
            .h2("By name"),
            .forEach(lists.filter { !$0.1.isEmpty }) { title, names in
                .details(
                    .summary(.text("\(title) (\(names.count))")),
                    .ul(.forEach(names) { .li(.text($0)) }))
            })
    }
}
