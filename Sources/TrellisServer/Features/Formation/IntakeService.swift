import Fluent
import Foundation
import SQLKit
import TrellisCore
import Vapor

/// Intake's queries: the cohort's challenges, whether intake is open, and a leader's answer. Intake is
/// open while the cohort has challenges and no published communities.
enum IntakeService {
    static func challenges(of cohortID: UUID, on db: any Database) async throws -> [IntakeChallenge] {
        try await IntakeChallenge.query(on: db).filter(\.$cohort.$id == cohortID).sort(\.$position).all()
    }

    static func isPublished(_ cohortID: UUID, on db: any Database) async throws -> Bool {
        try await Community.query(on: db).filter(\.$cohort.$id == cohortID).filter(\.$published == true).count() > 0
    }

    /// Asked on every leader's home page, so in one query.
    static func isOpen(_ cohortID: UUID, on db: any Database) async throws -> Bool {
        let row = try await db.sql().raw(
            """
            SELECT CASE WHEN EXISTS (SELECT 1 FROM intake_challenges c WHERE c.cohort_id = \(bind: cohortID))
            AND NOT EXISTS (SELECT 1 FROM communities m WHERE m.cohort_id = \(bind: cohortID) AND m.published = \(bind: true))
            THEN 1 ELSE 0 END AS open
            """
        ).first()
        return try row?.decode(column: "open", as: Int.self) == 1
    }

    /// A person's own intake answer in the cohort, if they have given one.
    static func response(of userID: UUID, in cohortID: UUID, on db: any Database) async throws -> IntakeResponse? {
        try await IntakeResponse.query(on: db).filter(\.$cohort.$id == cohortID).filter(\.$user.$id == userID).first()
    }

    /// The kept-apart pairs a person named in the cohort.
    static func keptApart(namedBy userID: UUID, in cohortID: UUID, on db: any Database) async throws -> [KeptApart] {
        try await KeptApart.query(on: db).filter(\.$cohort.$id == cohortID).filter(\.$namedBy.$id == userID).all()
    }

    /// The cohort, if the viewer is one of its leaders.
    static func leaderCohort(_ id: UUID, scope: DistrictScope) async throws -> Cohort {
        let cohort = try await scope.visibleCohort(id)
        guard
            try await DistrictScope.isMember(
                scope.viewer.userID, of: cohort.requireID(), as: .leader, on: scope.database)
        else { throw Abort(.notFound) }
        return cohort
    }

    /// Saves a leader's ranked challenges (empty strings are unranked places) and the people they keep
    /// apart from, replacing what they said before. Checked in full first: nothing is saved if anything
    /// is wrong.
    static func record(choices: [String], apart: [String], cohort: Cohort, viewer: Viewer, on db: any Database)
        async throws
    {
        let cohortID = try cohort.requireID()
        guard try await isOpen(cohortID, on: db) else {
            throw try await isPublished(cohortID, on: db)
                ? Abort(.conflict, reason: "Intake is closed: the communities are published.")
                : Abort(
                    .conflict,
                    reason: "Intake has not opened yet: the cohort's facilitator has not listed the equity challenges.")
        }
        let keys = Set(try await challenges(of: cohortID, on: db).map(\.key))
        let (picked, ranking) = IntakeRanking.read(choices, among: keys)
        var problems = ranking.map { FieldProblem(field: $0.field, message: $0.message) }
        let memberIDs = Set(
            try await CohortMembership.query(on: db).filter(\.$cohort.$id == cohortID).all().map { $0.$user.id })
        let apartIDs = apart.compactMap(UUID.init(uuidString:))
        if apartIDs.count != apart.count
            || apartIDs.contains(where: { !memberIDs.contains($0) || $0 == viewer.userID })
        {
            problems.append(.init(field: "apart", message: "People to keep apart: choose people from this cohort."))
        }
        guard problems.isEmpty else { throw ValidationProblem(problems) }
        try await db.transaction { db in
            let response =
                try await IntakeResponse.query(on: db).filter(\.$cohort.$id == cohortID)
                .filter(\.$user.$id == viewer.userID).first()
                ?? IntakeResponse(cohortID: cohortID, userID: viewer.userID)
            response.choice1 = picked.count > 0 ? picked[0] : nil
            response.choice2 = picked.count > 1 ? picked[1] : nil
            response.choice3 = picked.count > 2 ? picked[2] : nil
            try await response.save(on: db)
            try await KeptApart.query(on: db).filter(\.$cohort.$id == cohortID).filter(\.$namedBy.$id == viewer.userID)
                .delete()
            for person in Set(apartIDs) {
                try await KeptApart(cohortID: cohortID, namedBy: viewer.userID, personA: viewer.userID, personB: person)
                    .create(on: db)
            }
        }
    }
}
