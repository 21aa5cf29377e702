import Foundation
import Plot
import TrellisCore

/// A cohort's learning between meetings across its communities, for its facilitators and the district's
/// admins: each community's current cycle in counts, and what its activities led members to decide.
enum CohortPracticePage {
    struct Row: Sendable {
        var communityID: UUID
        var name: String
        var cycle: String
        var counts: PracticeService.Counts?
        var activities: [(title: String, decisions: String)]
    }

    struct Model: Sendable {
        var cohortID: UUID
        var cohortName: String
        var rows: [Row]
    }

    static func view(_ model: Model, context: PageContext) -> FramedPage {
        Layout.page(
            "Between meetings: \(model.cohortName)", context: context,
            .p(.a(.href(SiteURL.cohort(.value(model.cohortID)).relativeURL), .text("← \(model.cohortName)"))),
            .h1(.text("Between meetings: \(model.cohortName)")),
            .p(
                .class("lead"),
                .text(
                    "Counts for each community's current cycle, and the decisions its members reached about its activities. Names and words stay with the communities, except what members shared."
                )),
            .if(model.rows.isEmpty, Fragments.emptyState("No communities are published yet.")),
            .if(
                !model.rows.isEmpty,
                .table(
                    .caption("Each community's current cycle"),
                    .thead(
                        .tr(
                            .forEach([
                                "Community", "Cycle", "Committed", "Tried", "Captured", "Debriefed", "Shared insights",
                            ]) {
                                .th(.attribute(named: "scope", value: "col"), .text($0))
                            })),
                    .tbody(
                        .forEach(model.rows) { row in
                            .tr(
                                .th(
                                    .attribute(named: "scope", value: "row"),
                                    .a(
                                        .href(SiteURL.communityPractice(.value(row.communityID)).relativeURL),
                                        .text(row.name))),
                                .td(.text(row.cycle)),
                                .unwrap(
                                    row.counts,
                                    { counts in
                                        .group(
                                            .td(.text("\(counts.committed) of \(counts.members)")),
                                            .td(.text("\(counts.tried)")), .td(.text("\(counts.captured)")),
                                            .td(.text("\(counts.debriefed)")), .td(.text("\(counts.sharedInsights)")))
                                    }, else: .td(.attribute(named: "colspan", value: "5"), .text("—")))
                            )
                        })
                )),
            .section(
                .ariaLabel("Activities"),
                .h2("Activities and what members decided"),
                .forEach(model.rows.filter { !$0.activities.isEmpty }) { row in
                    .group(
                        .h3(.text(row.name)),
                        .ul(.forEach(row.activities) { .li(.text("\($0.title): \($0.decisions)")) }))
                },
                .if(
                    model.rows.allSatisfy { $0.activities.isEmpty },
                    Fragments.emptyState("No community has adopted an activity yet."))
            )
        )
    }
}
