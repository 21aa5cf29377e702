import Fluent
import FluentSQL
import Foundation
import SQLKit
import TrellisCore
import Vapor

/// What each home page shows, gathered from the features it summarises.
enum HomeService {
    /// The viewer's own district; nil for a network admin, who has none, or when it no longer exists.
    static func viewerDistrict(scope: DistrictScope) async throws -> District? {
        guard let districtID = scope.viewer.districtID else { return nil }
        return try await District.find(districtID, on: scope.database)
    }

    /// Loads the person's school, for the member home page (one short statement; none when they have no
    /// school).
    static func loadSchool(of user: User, scope: DistrictScope) async throws {
        guard let schoolID = user.$school.id, let districtID = user.$district.id else {
            user.$school.value = .some(nil)
            return
        }
        user.$school.value = .some(
            try await scope.database.sql().raw(
                "SELECT * FROM schools WHERE id = \(bind: schoolID) AND district_id = \(bind: districtID)"
            ).first().map { try $0.decode(fluentModel: School.self) })
    }

    /// A district admin's overview: what is set up, and how each cohort is going.
    static func adminHome(of district: District, scope: DistrictScope, today: CalendarDay) async throws
        -> AdminHomePage.Model
    {
        let active = scope.query(User.self).filter(\.$archived == false)
        return AdminHomePage.Model(
            districtName: district.name,
            schoolCount: try await scope.query(School.self).filter(\.$archived == false).count(),
            leaderCount: try await active.copy().filter(\.$role == .leader).count(),
            facilitatorCount: try await active.copy().filter(\.$role == .facilitator).count(),
            notInvitedCount: try await active.copy().filter(\.$passwordHash == nil).count(),
            cohorts: try await adminCohortSummaries(scope: scope, today: today))
    }

    /// A facilitator's or leader's cohorts: who is in them, the trust rounds waiting for them, intake,
    /// their community and the next meetings.
    static func memberCohorts(scope: DistrictScope, today: CalendarDay) async throws -> [MemberHomePage.CohortSummary] {
        let viewer = scope.viewer
        var cohorts: [MemberHomePage.CohortSummary] = []
        let visible = try await scope.visibleCohorts()
        let summaries = try await CohortService.summaries(
            of: try visible.map { try $0.requireID() }, on: scope.database)
        for cohort in visible {
            // a facilitator's home lists the leaders; a leader's shows how many there are
            let leaders =
                viewer.role == .facilitator ? try await scope.members(of: cohort, as: .leader) : []
            let summary = summaries[try cohort.requireID()]
            let openRounds = try await TrustService.roundsWaiting(
                for: viewer, in: cohort.requireID(), today: today, on: scope.database)
            let cohortID = try cohort.requireID()
            // the cohort's current communities name the community series; the viewer's own is among them
            // (a leader's home reads only theirs: it shows no other)
            let own = try await scope.viewerCommunityIDs()
            let communities = try await scope.publishedCommunities(
                of: cohort, among: viewer.role == .leader ? own : nil)
            var community: (UUID, String, [String])?
            var practice: MemberHomePage.Practice?
            if let published = communities.first(where: { $0.id.map(own.contains) ?? false }) {
                if viewer.role == .leader,
                    let standing = try await PracticeService.standing(
                        of: try await scope.practice(of: published.requireID()), scope: scope, now: scope.clock.now())
                {
                    practice = .init(
                        cycleID: standing.cycle.id,
                        label: "cycle \(standing.cycle.number + 1), \(standing.cycle.cycle.readable)",
                        step: standing.step.label, partners: standing.partners,
                        due: standing.dueSoon ? standing.due : [],
                        closingDay: standing.cycle.cycle.closing.occurrence.day.readable)
                }
                let others =
                    (try await scope.communityMembers(of: [published.requireID()])[published.requireID()] ?? [])
                    .filter { $0.person.id != viewer.userID }.map(\.person.fullName).sorted()
                community = (try published.requireID(), published.name, others)
            }
            // published communities close intake: only a cohort without any needs asking
            let intakeOpen =
                viewer.role == .leader && communities.isEmpty
                ? try await IntakeService.isOpen(cohortID, on: scope.database) : false
            cohorts.append(
                .init(
                    id: try cohort.requireID(), name: cohort.name, schoolYear: cohort.schoolYear,
                    facilitators: (summary?.facilitators ?? []).map(\.fullName), leaderCount: summary?.leaders ?? 0,
                    leaders: leaders.map {
                        .init(
                            name: $0.person.fullName, school: $0.person.schoolName, position: $0.person.position?.label)
                    }, openTrustRounds: openRounds, intakeOpen: intakeOpen, community: community,
                    meetings: try await nextMeetings(of: cohort, communities: communities, scope: scope),
                    practice: practice))
        }
        return cohorts
    }

    /// For a district admin, how each cohort is going: the latest trust round's response rate,
    /// meetings held as scheduled and attendance so far, and how much the communities have written
    /// (counts only: stories stay private).
    static func adminCohortSummaries(scope: DistrictScope, today: CalendarDay) async throws -> [AdminHomePage
        .CohortSummary]
    {
        // a handful of statements for every cohort together, not five per cohort
        let cohorts = try await scope.visibleCohorts()
        let cohortIDs = try cohorts.map { try $0.requireID() }
        let rosters = try await CohortService.summaries(of: cohortIDs, on: scope.database)
        let latestRounds = try await TrustService.latestRounds(of: cohortIDs, on: scope.database)
        let answered = try await TrustService.answeredCounts(
            of: try latestRounds.values.map { try $0.requireID() }, on: scope.database)
        let series = try await scope.allSeries(of: cohortIDs)
        let measures = try await RhythmService.measures(of: series, now: scope.clock.now(), on: scope.database)
        let stories = try await StoryService.counts(byLeadersOf: cohortIDs, on: scope.database)
        return try cohorts.map { cohort in
            let cohortID = try cohort.requireID()
            let leaderCount = rosters[cohortID]?.leaders ?? 0
            var trust: String?
            if let round = latestRounds[cohortID] {
                trust =
                    "\(round.title) (\(round.status(on: today) == .open ? "open" : "closed")): \(answered[try round.requireID()] ?? 0) of \(leaderCount) leaders answered"
            }
            var held = Proportion(count: 0, total: 0)
            var attendance = Proportion(count: 0, total: 0)
            for record in series where record.$cohort.id == cohortID {
                guard let measures = measures[try record.requireID()] else { continue }
                held = held + measures.heldAsScheduled
                attendance = attendance + measures.attendance
            }
            return AdminHomePage.CohortSummary(
                id: cohortID, name: cohort.name, schoolYear: cohort.schoolYear, trust: trust,
                meetings: held.total == 0
                    ? nil
                    : "\(MeetingFormat.percent(held)) meetings held as scheduled; attendance \(MeetingFormat.percent(attendance))",
                stories: stories[cohortID] ?? 0)
        }
    }

    static func districts(on db: any Database) async throws -> DistrictsPage.Model {
        // one statement counting for every district, not three per district
        let rows = try await db.sql().raw(
            """
            SELECT d.name AS name, d.slug AS slug,
              (SELECT COUNT(*) FROM schools s WHERE s.district_id = d.id) AS schools,
              (SELECT COUNT(*) FROM users u WHERE u.district_id = d.id) AS people,
              (SELECT COUNT(*) FROM cohorts c WHERE c.district_id = d.id) AS cohorts
            FROM districts d ORDER BY d.name
            """
        ).all().map { row in
            DistrictsPage.Row(
                name: try row.decode(column: "name", as: String.self),
                slug: try row.decode(column: "slug", as: String.self),
                schools: try row.decode(column: "schools", as: Int.self),
                people: try row.decode(column: "people", as: Int.self),
                cohorts: try row.decode(column: "cohorts", as: Int.self))
        }
        return .init(rows: rows)
    }

    /// The viewer's next three meetings in a cohort, with whether the agenda is out.
    static func nextMeetings(of cohort: Cohort, communities: [Community], scope: DistrictScope) async throws -> [(
        seriesID: UUID, key: String, title: String, when: String, note: String
    )] {
        let records = try await scope.visibleSeries(of: cohort)
        var meetings: [(seriesID: UUID, key: String, title: String, when: String, note: String)] = []
        let upcoming = try RhythmService.upcoming(records, now: scope.clock.now(), limit: 3)
        let published = try await RhythmService.publishedAgendas(
            of: try upcoming.map { (try $0.0.requireID(), $0.1.key) }, on: scope.database)
        for (record, occurrence) in upcoming {
            let agendaOut = published.contains("\(try record.requireID())|\(occurrence.key)")
            let note =
                occurrence.status == .cancelled
                ? "cancelled"
                : [
                    occurrence.status == .moved ? MeetingFormat.status(occurrence) : nil,
                    agendaOut ? "agenda ready" : nil,
                ].compactMap { $0 }.joined(separator: "; ")
            meetings.append(
                (
                    try record.requireID(), occurrence.key.description,
                    "\(record.title) · \(RhythmService.audience(record, communities: communities))",
                    MeetingFormat.slot(occurrence.slot), note
                ))
        }
        return meetings
    }
}
