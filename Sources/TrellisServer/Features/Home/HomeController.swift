import Fluent
import Foundation
import Plot
import TrellisCore
import Vapor

/// Each role lands on the page that answers its first question: an admin, "what is set up?"; a
/// facilitator, "who is in my cohorts?"; a leader, "where do I belong?".
enum HomeController {
    static func register(on pages: any RoutesBuilder) {
        pages.get(SiteURL.home.pathComponents, use: home)
        pages.grouped(RoleGuard(.networkAdmin)).get(SiteURL.districts.pathComponents, use: districts)
    }

    @Sendable static func home(_ request: Request) async throws -> Response {
        let viewer = try request.viewer
        let scope = try request.scope
        let context = PageContext(request)
        switch viewer.role {
        case .networkAdmin:
            return try await DistrictsPage.view(districtsModel(request), context: context).response()
        case .districtAdmin:
            guard let districtID = viewer.districtID, let district = try await District.find(districtID, on: request.db)
            else { throw Abort(.notFound) }
            let people = try await scope.query(User.self).filter(\.$archived == false).all()
            let model = AdminHomePage.Model(
                districtName: district.name,
                schoolCount: try await scope.query(School.self).filter(\.$archived == false).count(),
                leaderCount: people.filter { $0.role == .leader }.count,
                facilitatorCount: people.filter { $0.role == .facilitator }.count,
                notInvitedCount: people.filter { $0.passwordHash == nil }.count,
                cohorts: try await adminCohortSummaries(request))
            return AdminHomePage.view(model, context: context).response()
        case .facilitator, .leader:
            try await viewer.user.$school.load(on: request.db)
            var cohorts: [MemberHomePage.CohortSummary] = []
            for cohort in try await scope.visibleCohorts() {
                let members = try await scope.members(of: cohort)
                var openRounds: [(UUID, String, String)] = []
                for round in try await TrustRound.query(on: request.db).filter(\.$cohort.$id == cohort.requireID())
                    .all()
                where round.status() == .open {
                    let answered = try await TrustService.hasAnswered(round, userID: viewer.userID, on: request.db)
                    if viewer.role == .facilitator || !answered {
                        openRounds.append((try round.requireID(), round.title, round.closesOn))
                    }
                }
                let cohortID = try cohort.requireID()
                var community: (UUID, String, [String])?
                if let published = try await request.scope.community(of: viewer.userID, in: cohortID) {
                    let others = try await CommunityMembership.query(on: request.db)
                        .filter(\.$community.$id == published.requireID()).filter(\.$user.$id != viewer.userID)
                        .with(\.$user).all().map(\.user.fullName).sorted()
                    community = (try published.requireID(), published.name, others)
                }
                let intakeOpen =
                    viewer.role == .leader ? try await IntakeController.isOpen(cohortID, on: request.db) : false
                cohorts.append(
                    .init(
                        id: try cohort.requireID(), name: cohort.name, schoolYear: cohort.schoolYear,
                        facilitators: members.filter { $0.role == .facilitator }.map(\.user.fullName),
                        leaders: members.filter { $0.role == .leader }.map {
                            .init(
                                name: $0.user.fullName, school: $0.user.school?.name, position: $0.user.position?.label)
                        }, openTrustRounds: openRounds, intakeOpen: intakeOpen, community: community,
                        meetings: try await nextMeetings(of: cohort, scope: scope)))
            }
            let user = viewer.user
            let model = MemberHomePage.Model(
                name: user.givenName, role: user.role, schoolName: user.school?.name, schoolID: user.school?.id,
                schoolLevel: user.school?.level.label, position: user.position?.label, yearsInRole: user.yearsInRole,
                cohorts: cohorts)
            return MemberHomePage.view(model, context: context).response()
        }
    }

    /// For a district admin, how each cohort is going: the latest trust round's response rate,
    /// meetings held as scheduled and attendance so far, and how much the communities have written
    /// (counts only: stories stay private).
    static func adminCohortSummaries(_ request: Request) async throws -> [AdminHomePage.CohortSummary] {
        let scope = try request.scope
        var summaries: [AdminHomePage.CohortSummary] = []
        for cohort in try await scope.visibleCohorts() {
            let cohortID = try cohort.requireID()
            let leaders = try await scope.members(of: cohort).filter { $0.role == .leader }.compactMap(\.user.id)
            var trust: String?
            if let round = try await TrustRound.query(on: request.db).filter(\.$cohort.$id == cohortID)
                .sort(\.$opensOn, .descending).first()
            {
                let answered = try await TrustParticipation.query(on: request.db)
                    .filter(\.$roundID == round.requireID()).count()
                trust =
                    "\(round.title) (\(round.status() == .open ? "open" : "closed")): \(answered) of \(leaders.count) leaders answered"
            }
            var held = Proportion(count: 0, total: 0)
            var attendance = Proportion(count: 0, total: 0)
            for series in try await MeetingSeriesRecord.query(on: request.db).filter(\.$cohort.$id == cohortID)
                .with(\.$changes).all()
            {
                let measures = try await RhythmService.measures(series, on: request.db)
                held = held + measures.heldAsScheduled
                attendance = attendance + measures.attendance
            }
            let stories =
                leaders.isEmpty ? 0 : try await scope.query(Story.self).filter(\.$author.$id ~~ leaders).count()
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

    @Sendable static func districts(_ request: Request) async throws -> Response {
        try await DistrictsPage.view(districtsModel(request), context: PageContext(request)).response()
    }

    private static func districtsModel(_ request: Request) async throws -> DistrictsPage.Model {
        let districts = try await District.query(on: request.db).sort(\.$name).all()
        var rows: [DistrictsPage.Row] = []
        for district in districts {
            let id = try district.requireID()
            rows.append(
                .init(
                    name: district.name, slug: district.slug,
                    schools: try await School.query(on: request.db).filter(\.$district.$id == id).count(),
                    people: try await User.query(on: request.db).filter(\.$district.$id == id).count(),
                    cohorts: try await Cohort.query(on: request.db).filter(\.$district.$id == id).count()))
        }
        return .init(rows: rows)
    }

    /// The viewer's next three meetings in a cohort, with whether the agenda is out.
    static func nextMeetings(of cohort: Cohort, scope: DistrictScope) async throws -> [(
        seriesID: UUID, key: String, title: String, when: String, note: String
    )] {
        let records = try await scope.visibleSeries(of: cohort)
        let communities =
            records.contains { $0.$community.id != nil } ? try await scope.publishedCommunities(of: cohort) : []
        var meetings: [(seriesID: UUID, key: String, title: String, when: String, note: String)] = []
        for (record, occurrence) in try RhythmController.upcoming(records, limit: 3) {
            let agenda = try await RhythmService.agenda(record, day: occurrence.key, on: scope.database)
            let note =
                occurrence.status == .cancelled
                ? "cancelled"
                : [
                    occurrence.status == .moved ? MeetingFormat.status(occurrence) : nil,
                    agenda?.publishedAt != nil ? "agenda ready" : nil,
                ].compactMap { $0 }.joined(separator: "; ")
            meetings.append(
                (
                    try record.requireID(), occurrence.key.description,
                    "\(record.title) · \(RhythmController.audience(record, communities: communities))",
                    MeetingFormat.slot(occurrence.slot), note
                ))
        }
        return meetings
    }
}
