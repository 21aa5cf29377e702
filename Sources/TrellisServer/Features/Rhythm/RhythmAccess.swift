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
        guard try await canSee(series, in: cohort) else { throw Abort(.notFound) }
        return (series, cohort)
    }

    func visibleSeries(of cohort: Cohort) async throws -> [MeetingSeriesRecord] {
        let all = try await query(MeetingSeriesRecord.self).filter(\.$cohort.$id == cohort.requireID())
            .with(\.$changes).sort(\.$title).all()
        var visible: [MeetingSeriesRecord] = []
        for series in all where try await canSee(series, in: cohort) { visible.append(series) }
        return visible
    }

    private func canSee(_ series: MeetingSeriesRecord, in cohort: Cohort) async throws -> Bool {
        guard let communityID = series.$community.id else { return true }
        if viewer.role.isAdmin { return true }
        if try await Self.isMember(viewer.userID, of: cohort.requireID(), as: .facilitator, on: database) {
            return true
        }
        return try await CommunityMembership.query(on: database).filter(\.$community.$id == communityID)
            .filter(\.$user.$id == viewer.userID).count() > 0
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
