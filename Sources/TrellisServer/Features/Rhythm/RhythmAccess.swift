import Fluent
import Foundation
import TrellisCore
import Vapor

/// Who sees a meeting series: the district's admins and the cohort's facilitators; for a cohort-wide
/// series every member of the cohort; for a community's series the community's members. Everyone else
/// is told it does not exist.
extension DistrictScope {
    func visibleSeries(_ id: UUID) async throws -> (series: MeetingSeriesRecord, cohort: Cohort) {
        guard let series = try await query(MeetingSeriesRecord.self).filter(\.$id == id).with(\.$changes).first()
        else { throw Abort(.notFound) }
        let cohort = try await visibleCohort(series.$cohort.id)
        guard try await seriesFilter(in: cohort)(series) else { throw Abort(.notFound) }
        return (series, cohort)
    }

    func visibleSeries(of cohort: Cohort) async throws -> [MeetingSeriesRecord] {
        let all = try await query(MeetingSeriesRecord.self).filter(\.$cohort.$id == cohort.requireID())
            .with(\.$changes).sort(\.$title).all()
        return all.filter(try await seriesFilter(in: cohort))
    }

    /// Decides, with at most two queries whatever the number of series, which of a cohort's series the
    /// viewer sees (this runs on every home page and calendar feed).
    private func seriesFilter(in cohort: Cohort) async throws -> @Sendable (MeetingSeriesRecord) -> Bool {
        let runsCohort =
            viewer.role.isAdmin
            ? true : try await Self.isMember(viewer.userID, of: cohort.requireID(), as: .facilitator, on: database)
        if runsCohort { return { _ in true } }
        let own = Set(
            try await CommunityMembership.query(on: database).filter(\.$user.$id == viewer.userID).all()
                .map { $0.$community.id })
        return { series in series.$community.id.map(own.contains) ?? true }
    }

    /// The leaders expected at a series' meetings: the community's members, or the cohort's leaders.
    func attendees(of series: MeetingSeriesRecord, in cohort: Cohort) async throws -> [User] {
        if let communityID = series.$community.id {
            return (try await communityMembers(of: [communityID])[communityID] ?? []).map(\.user)
        }
        return try await members(of: cohort).filter { $0.role == .leader }.map(\.user)
    }
}

extension Request {
    /// The `:day` path parameter: a meeting's original day, yyyy-mm-dd. Anything else is not found.
    func dayParameter() throws -> CalendarDay {
        guard let text = parameters.get(SiteURL.dayKey), let day = CalendarDay(text) else { throw Abort(.notFound) }
        return day
    }
}
