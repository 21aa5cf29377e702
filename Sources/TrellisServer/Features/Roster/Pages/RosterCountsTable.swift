import Foundation
import Plot
import TrellisCore

enum RosterCountsTable {
    static func table(_ plan: RosterImportPlan, caption: String) -> Node<HTML.BodyContext> {
        .table(
            .caption(.text(caption)),
            .thead(.tr(.th("Record"), .th("Create"), .th("Update"), .th("Archive"), .th("Unchanged"))),
            .tbody(
                row("Schools", plan.schools),
                row("Leaders", plan.leaders)
            )
        )
    }

    private static func row(_ title: String, _ counts: RosterImportPlan.Counts) -> Node<HTML.TableContext> {
        .tr(
            .th(.attribute(named: "scope", value: "row"), .text(title)), .td(.text("\(counts.create)")),
            .td(.text("\(counts.update)")), .td(.text("\(counts.archive)")), .td(.text("\(counts.unchanged)")))
    }

    static func skipped(_ plan: RosterImportPlan) -> Node<HTML.BodyContext> {
        let s = plan.skipped
        return .ul(
            .li(
                .text(
                    "\(s.teachers) teachers and \(s.students) students counted and skipped (no student data is stored)")
            ),
            .li(.text("\(s.otherUsers) other users (aides, guardians, …) skipped")),
            .li(
                .text(
                    "\(s.administratorsWithoutSchool) administrators without a school skipped (add central-office staff by hand)"
                )),
            .li(.text("\(s.nonSchoolOrgs) orgs that are not schools skipped")),
            .if(
                !plan.schoolYears.isEmpty,
                .li(.text("School years in the file: \(plan.schoolYears.map(\.title).joined(separator: ", "))")))
        )
    }
}
