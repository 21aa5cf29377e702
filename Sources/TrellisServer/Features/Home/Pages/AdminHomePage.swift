import Foundation
import Plot
import TrellisCore

enum AdminHomePage {
    struct Model: Sendable {
        var districtName: String
        var schoolCount: Int
        var leaderCount: Int
        var facilitatorCount: Int
        var notInvitedCount: Int
        var cohorts: [CohortSummary]
    }

    struct CohortSummary: Sendable {
        var id: UUID
        var name: String
        var schoolYear: String
        /// "December check-in (open): 9 of 23 leaders answered".
        var trust: String?
        /// "3 of 4 (75 %) meetings held as scheduled; attendance 40 of 44 (91 %)".
        var meetings: String?
        /// How many stories the cohort's leaders wrote (never what).
        var stories: Int
    }

    static func view(_ model: Model, context: PageContext) -> FramedPage {
        Layout.page(
            model.districtName, context: context,
            .h1(.text(model.districtName)),
            .section(
                .attribute(named: "aria-labelledby", value: "setup-heading"),
                .h2(.id("setup-heading"), "Your district in Trellis"),
                .ul(
                    .class("stats"),
                    .li(
                        .a(
                            .href(SiteURL.schools.relativeURL), .strong(.text("\(model.schoolCount)")),
                            .text(" schools"))),
                    .li(
                        .a(
                            .href(SiteURL.people.relativeURL(.role(.leader))), .strong(.text("\(model.leaderCount)")),
                            .text(" leaders"))),
                    .li(
                        .a(
                            .href(SiteURL.people.relativeURL(.role(.facilitator))),
                            .strong(.text("\(model.facilitatorCount)")), .text(" facilitators")))
                ),
                .if(
                    model.notInvitedCount > 0,
                    .p(
                        .text(
                            "\(model.notInvitedCount) people cannot sign in yet: open a person's page to make them a password-reset link."
                        ))),
                .p(
                    .a(
                        .class("button"), .href(SiteURL.rosterImport.relativeURL),
                        .text("Import the roster (OneRoster)")))
            ),
            .section(
                .attribute(named: "aria-labelledby", value: "cohorts-heading"),
                .h2(.id("cohorts-heading"), "Cohorts"),
                .if(model.cohorts.isEmpty, Fragments.emptyState("No cohorts yet.")),
                .ul(
                    .class("cohort-summaries"),
                    .forEach(model.cohorts) { cohort in
                        .li(
                            .a(
                                .href(SiteURL.cohort(.value(cohort.id)).relativeURL),
                                .text("\(cohort.name) (\(cohort.schoolYear))")),
                            .ul(
                                .li(.text("Trust survey: \(cohort.trust ?? "no round yet")")),
                                .li(.text("Meetings: \(cohort.meetings ?? "none held yet")")),
                                .li(
                                    .text(
                                        "Stories written: \(cohort.stories) (private to their authors unless shared)"))
                            ))
                    }),
                .p(.a(.class("button"), .href(SiteURL.newCohort.relativeURL), .text("New cohort")))
            )
        )
    }
}
