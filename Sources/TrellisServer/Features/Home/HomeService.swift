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
            if let published = communities.first(where: { $0.id.map(own.contains) ?? false }) {
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
                    meetings: try await nextMeetings(of: cohort, communities: communities, scope: scope)))
        }
        return cohorts
    }

    /// For a district admin, how each cohort is going: the latest trust round's response rate,
    /// meetings held as scheduled and attendance so far, and how much the communities have written
    /// (counts only: stories stay private).
    static func adminCohortSummaries(scope: DistrictScope, today: CalendarDay) async throws -> [AdminHomePage
        .CohortSummary]
    {
        var summaries: [AdminHomePage.CohortSummary] = []
        let cohorts = try await scope.visibleCohorts()
        let rosters = try await CohortService.summaries(of: try cohorts.map { try $0.requireID() }, on: scope.database)
        for cohort in cohorts {
            let cohortID = try cohort.requireID()
            let leaderCount = rosters[cohortID]?.leaders ?? 0
            var trust: String?
            if let round = try await TrustRound.query(on: scope.database).filter(\.$cohort.$id == cohortID)
                .sort(\.$opensOn, .descending).first()
            {
                let answered = try await TrustParticipation.query(on: scope.database)
                    .filter(\.$roundID == round.requireID()).count()
                trust =
                    "\(round.title) (\(round.status(on: today) == .open ? "open" : "closed")): \(answered) of \(leaderCount) leaders answered"
            }
            var held = Proportion(count: 0, total: 0)
            var attendance = Proportion(count: 0, total: 0)
            let series = try await MeetingSeriesRecord.query(on: scope.database).filter(\.$cohort.$id == cohortID)
                .with(\.$changes).all()
            for measures in try await RhythmService.measures(of: series, now: scope.clock.now(), on: scope.database)
                .values
            {
                held = held + measures.heldAsScheduled
                attendance = attendance + measures.attendance
            }
            let stories = try await StoryService.count(
                byLeadersOf: cohortID, districtID: cohort.$district.id, on: scope.database)
            summaries.append(
                .init(
                    id: cohortID, name: cohort.name, schoolYear: cohort.schoolYear, trust: trust,
                    meetings: held.total == 0
                        ? nil
                        : "\(MeetingFormat.percent(held)) meetings held as scheduled; attendance \(MeetingFormat.percent(attendance))",
                    stories: stories))
        }
        return summaries
    }

    static func districts(on db: any Database) async throws -> DistrictsPage.Model {
        let districts = try await District.query(on: db).sort(\.$name).all()
        var rows: [DistrictsPage.Row] = []
        for district in districts {
            let id = try district.requireID()
            rows.append(
                .init(
                    name: district.name, slug: district.slug,
                    schools: try await School.query(on: db).filter(\.$district.$id == id).count(),
                    people: try await User.query(on: db).filter(\.$district.$id == id).count(),
                    cohorts: try await Cohort.query(on: db).filter(\.$district.$id == id).count()))
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
