import Foundation
import Plot
import TrellisCore

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
        var leaderCount: Int
        /// The cohort's leaders, for a facilitator's table; empty for a leader, whose page shows the count.
        var leaders: [LeaderSummary]
        /// Trust rounds open now that this viewer has not answered (leaders) or is running (facilitators).
        var openTrustRounds: [(id: UUID, title: String, closesOn: String)]
        /// Whether leaders can rank their challenges now.
        var intakeOpen: Bool
        /// The viewer's published community in this cohort: its name and the other members.
        var community: (id: UUID, name: String, members: [String])?
        /// The next meetings the viewer is expected at, soonest first.
        var meetings: [(seriesID: UUID, key: String, title: String, when: String, note: String)]
        /// Where a leader is in their community's current cycle.
        var practice: Practice? = nil
    }

    /// A leader's place in the current cycle between meetings, and what is due in its last week.
    struct Practice: Sendable {
        var cycleID: UUID
        var label: String
        var step: String
        var partners: [String]
        /// Set in the week before the closing meeting: what is still to do before it.
        var due: [String]
        var closingDay: String
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

    static func view(_ model: Model, context: PageContext) -> FramedPage {
        Layout.page(
            "Home", context: context,
            .h1(.text("Welcome, \(model.name)")),
            .if(model.role == .leader, schoolSection(model)),
            cohortsSection(model)
        )
    }

    /// The cohorts the viewer facilitates or belongs to, one card each.
    private static func cohortsSection(_ model: Model) -> Node<HTML.BodyContext> {
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
            .forEach(model.cohorts) { cohort in cohortCard(cohort, model: model) }
        )
    }

    /// One cohort: who runs it, open surveys, the viewer's community and meetings, and its pages.
    private static func cohortCard(_ cohort: CohortSummary, model: Model) -> Node<HTML.BodyContext> {
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
            .p(.text("\(cohort.leaderCount) leaders")),
            trustRoundNotices(cohort, model: model),
            .unwrap(cohort.community) { community in communityNotice(community) },
            .unwrap(cohort.practice) { practice in practiceNotice(practice) },
            .if(!cohort.meetings.isEmpty, nextMeetings(cohort)),
            cohortLinks(cohort, model: model),
            .if(model.role == .facilitator, memberTable(cohort))
        )
    }

    /// A notice per open trust round: to answer it (leaders) or to see how many have (facilitators).
    private static func trustRoundNotices(_ cohort: CohortSummary, model: Model) -> Node<HTML.BodyContext> {
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
        }
    }

    /// The viewer's community in the cohort and its other members.
    private static func communityNotice(_ community: (id: UUID, name: String, members: [String]))
        -> Node<HTML.BodyContext>
    {
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
    }

    /// Where the leader is in the current cycle, and in its last week what is due before the meeting.
    private static func practiceNotice(_ practice: Practice) -> Node<HTML.BodyContext> {
        .div(
            .class(practice.due.isEmpty ? "notice" : "notice due"),
            .h4(
                .text("Between meetings: "),
                .a(.href(SiteURL.practiceCycle(.value(practice.cycleID)).relativeURL), .text(practice.label))),
            .p(.strong("Your next step: "), .text(practice.step)),
            .if(
                !practice.partners.isEmpty,
                .p(.text("Your debrief peer: \(practice.partners.joined(separator: " and "))."))),
            .if(
                !practice.due.isEmpty,
                .group(
                    .p(.strong(.text("Due before the meeting on \(practice.closingDay):"))),
                    .ul(.forEach(practice.due) { .li(.text($0)) })))
        )
    }

    /// The next meetings the viewer is expected at, soonest first.
    private static func nextMeetings(_ cohort: CohortSummary) -> Node<HTML.BodyContext> {
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
                }))
    }

    /// Links to the cohort's meetings, intake or formation as the role allows, and trust survey rounds.
    private static func cohortLinks(_ cohort: CohortSummary, model: Model) -> Node<HTML.BodyContext> {
        .group(
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
            .p(.a(.href(SiteURL.cohortTrust(.value(cohort.id)).relativeURL), .text("Trust survey rounds")))
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
                        .compactMap { $0 }.joined(separator: " · "))),
            .if(
                model.schoolID != nil,
                .p(.a(.href(SiteURL.outcomes.relativeURL), .text("Your school's student outcomes"))))
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
