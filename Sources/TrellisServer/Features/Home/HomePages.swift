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

    static func view(_ model: Model, context: PageContext) -> HTML {
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
                            .href(SiteURL.people.relativeURL + "?role=leader"), .strong(.text("\(model.leaderCount)")),
                            .text(" leaders"))),
                    .li(
                        .a(
                            .href(SiteURL.people.relativeURL + "?role=facilitator"),
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

enum MemberHomePage {
    struct LeaderSummary: Sendable {
        var name: String
        var school: String?
        var position: String?
    }

    struct CohortSummary: Sendable {
        var id: UUID
        var name: String
        var schoolYear: String
        var facilitators: [String]
        var leaders: [LeaderSummary]
        /// Trust rounds open now that this viewer has not answered (leaders) or is running (facilitators).
        var openTrustRounds: [(id: UUID, title: String, closesOn: String)]
        /// Whether leaders can rank their challenges now.
        var intakeOpen: Bool
        /// The viewer's published community in this cohort: its name and the other members.
        var community: (id: UUID, name: String, members: [String])?
        /// The next meetings the viewer is expected at, soonest first.
        var meetings: [(seriesID: UUID, key: String, title: String, when: String, note: String)]
    }

    struct Model: Sendable {
        var name: String
        var role: Role
        var schoolName: String?
        var schoolID: UUID?
        var schoolLevel: String?
        var position: String?
        var yearsInRole: Int?
        var cohorts: [CohortSummary]
    }

    static func view(_ model: Model, context: PageContext) -> HTML {
        Layout.page(
            "Home", context: context,
            .h1(.text("Welcome, \(model.name)")),
            .if(model.role == .leader, schoolSection(model)),
            .section(
                .attribute(named: "aria-labelledby", value: "cohorts-heading"),
                .h2(
                    .id("cohorts-heading"), .text(model.role == .facilitator ? "Cohorts you facilitate" : "Your cohort")
                ),
                .if(
                    model.cohorts.isEmpty,
                    Fragments.emptyState(
                        model.role == .facilitator
                            ? "You do not facilitate a cohort yet. Your district admin adds facilitators to cohorts."
                            : "You are not in a cohort yet. Your district admin adds leaders to cohorts.")),
                .forEach(model.cohorts) { cohort in
                    .article(
                        .class("card"),
                        .h3(
                            .a(
                                .href(SiteURL.cohort(.value(cohort.id)).relativeURL),
                                .text("\(cohort.name) (\(cohort.schoolYear))"))),
                        .p(
                            .text(
                                cohort.facilitators.isEmpty
                                    ? "No facilitator yet."
                                    : "Facilitated by \(cohort.facilitators.joined(separator: ", ")).")),
                        .p(.text("\(cohort.leaders.count) leaders")),
                        .forEach(cohort.openTrustRounds) { round in
                            .p(
                                .class("notice"),
                                .text(
                                    model.role == .leader
                                        ? "The trust survey “\(round.title)” is open until \(round.closesOn). It takes a few minutes and is anonymous. "
                                        : "The trust survey “\(round.title)” is open until \(round.closesOn). "),
                                .a(
                                    .href(SiteURL.trustRound(.value(round.id)).relativeURL),
                                    .text(model.role == .leader ? "Answer it" : "See how many have answered"))
                            )
                        },
                        .unwrap(cohort.community) { community in
                            .div(
                                .class("notice"),
                                .h4(
                                    .text("Your community: "),
                                    .a(
                                        .href(SiteURL.community(.value(community.id)).relativeURL),
                                        .text(community.name))),
                                .p(
                                    .text(
                                        community.members.isEmpty
                                            ? "" : "With \(community.members.joined(separator: ", ")).")))
                        },
                        .if(
                            !cohort.meetings.isEmpty,
                            .group(
                                .h4("Next meetings"),
                                .ul(
                                    .forEach(cohort.meetings) { meeting in
                                        .li(
                                            .a(
                                                .href(
                                                    SiteURL.meeting(.value(meeting.seriesID), day: .value(meeting.key))
                                                        .relativeURL),
                                                .text("\(meeting.when) — \(meeting.title)")),
                                            .text(meeting.note.isEmpty ? "" : " (\(meeting.note))"))
                                    }))),
                        .p(.a(.href(SiteURL.cohortMeetings(.value(cohort.id)).relativeURL), .text("Meetings"))),
                        .if(
                            model.role == .leader && cohort.intakeOpen,
                            .p(
                                .a(
                                    .href(SiteURL.cohortIntake(.value(cohort.id)).relativeURL),
                                    .text("Rank your equity challenges")))),
                        .if(
                            model.role == .facilitator,
                            .p(
                                .a(
                                    .href(SiteURL.cohortFormation(.value(cohort.id)).relativeURL),
                                    .text("Forming communities")))),
                        .p(.a(.href(SiteURL.cohortTrust(.value(cohort.id)).relativeURL), .text("Trust survey rounds"))),
                        .if(model.role == .facilitator, memberTable(cohort))
                    )
                }
            )
        )
    }

    private static func schoolSection(_ model: Model) -> Node<HTML.BodyContext> {
        .section(
            .attribute(named: "aria-labelledby", value: "school-heading"),
            .h2(.id("school-heading"), "Your school"),
            .unwrap(
                model.schoolName,
                { name in
                    .p(
                        .unwrap(model.schoolID) { .a(.href(SiteURL.school(.value($0)).relativeURL), .text(name)) },
                        .unwrap(model.schoolLevel) { .text(" · \($0)") }
                    )
                }, else: .p("No school is recorded for you yet. Your district admin can set it.")),
            .p(
                .text(
                    [model.position, model.yearsInRole.map { "\($0) \($0 == 1 ? "year" : "years") in the role" }]
                        .compactMap { $0 }.joined(separator: " · ")))
        )
    }

    private static func memberTable(_ cohort: CohortSummary) -> Node<HTML.BodyContext> {
        .table(
            .caption(.text("Leaders in \(cohort.name)")),
            .thead(.tr(.th("Name"), .th("School"), .th("Position"))),
            .tbody(
                .forEach(cohort.leaders) { leader in
                    .tr(.td(.text(leader.name)), .td(.text(leader.school ?? "—")), .td(.text(leader.position ?? "—")))
                })
        )
    }
}

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

    static func view(_ model: Model, context: PageContext) -> HTML {
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
