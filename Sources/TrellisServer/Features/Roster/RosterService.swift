import Fluent
import Foundation
import TrellisCore

/// Reads what a district has, asks the core what an import would change, and writes it in one
/// transaction: an import lands whole or not at all.
enum RosterService {
    /// An account with no roster id is matched by email; it is keyed by this prefix in the snapshot.
    static let emailKeyPrefix = "email:"

    static func snapshot(districtID: UUID, on db: any Database) async throws -> RosterSnapshot {
        let schools = try await School.query(on: db).filter(\.$district.$id == districtID).all()
        var schoolsBySourcedID: [String: RosterSchool] = [:]
        var schoolSourcedIDByID: [UUID: String] = [:]
        for school in schools {
            guard let sourcedID = school.sourcedID else { continue }
            schoolSourcedIDByID[try school.requireID()] = sourcedID
            schoolsBySourcedID[sourcedID] = RosterSchool(
                sourcedId: sourcedID, name: school.name, identifier: school.identifier, level: school.level,
                archived: school.archived)
        }
        var leaders: [String: RosterLeader] = [:]
        var keyByEmail: [String: String] = [:]
        var emailsElsewhere: Set<String> = []
        let everyone = try await User.query(on: db).all()
        for user in everyone {
            guard user.$district.id == districtID, user.role == .leader else {
                emailsElsewhere.insert(user.email)
                continue
            }
            let key = user.sourcedID ?? emailKeyPrefix + user.email
            keyByEmail[user.email] = key
            leaders[key] = RosterLeader(
                sourcedId: key, givenName: user.givenName, familyName: user.familyName, email: user.email,
                schoolSourcedId: user.$school.id.flatMap { schoolSourcedIDByID[$0] } ?? "",
                position: user.position, yearsInRole: user.yearsInRole, archived: user.archived, line: 0)
        }
        return RosterSnapshot(
            schools: schoolsBySourcedID, leaders: leaders, leaderSourcedIdByEmail: keyByEmail,
            emailsInOtherDistricts: emailsElsewhere)
    }

    static func plan(_ files: OneRosterFiles, districtID: UUID, on db: any Database) async throws -> RosterImportPlan {
        let known = try await School.query(on: db).filter(\.$district.$id == districtID).all().compactMap(\.sourcedID)
        let roster = try OneRoster.parse(files, knownSchoolSourcedIds: Set(known))
        return try RosterImportPlan.make(roster, against: try await snapshot(districtID: districtID, on: db))
    }

    /// Keeps the uploaded files for the admin to confirm and returns them; uploads left over a day are removed.
    static func keepPending(
        _ files: OneRosterFiles, districtID: UUID, uploadedBy userID: UUID, now: Date, on db: any Database
    ) async throws -> PendingRosterImport {
        let pending = PendingRosterImport(
            districtID: districtID, uploadedBy: userID, orgsCSV: files.orgs, usersCSV: files.users,
            academicSessionsCSV: files.academicSessions)
        try await pending.create(on: db)
        try await PendingRosterImport.query(on: db)
            .filter(\.$createdAt < now.addingTimeInterval(-24 * 60 * 60)).delete()
        return pending
    }

    /// Applies a previewed upload and removes it; an upload with problems is removed too, and its
    /// `RosterProblems` rethrown.
    static func confirm(_ pending: PendingRosterImport, on db: any Database) async throws -> RosterImportPlan {
        let files = OneRosterFiles(
            orgs: pending.orgsCSV, users: pending.usersCSV, academicSessions: pending.academicSessionsCSV)
        do {
            let plan = try await apply(files, districtID: pending.$district.id, on: db)
            try await pending.delete(on: db)
            return plan
        } catch let problems as RosterProblems {
            try await pending.delete(on: db)
            throw problems
        }
    }

    /// Plans again inside the transaction, so what is written matches the database at that moment.
    static func apply(_ files: OneRosterFiles, districtID: UUID, on db: any Database) async throws -> RosterImportPlan {
        try await db.transaction { db in
            let plan = try await plan(files, districtID: districtID, on: db)
            var schoolIDs: [String: UUID] = [:]
            for school in try await School.query(on: db).filter(\.$district.$id == districtID).all() {
                if let sourcedID = school.sourcedID { schoolIDs[sourcedID] = try school.requireID() }
            }
            for incoming in plan.schoolsToWrite {
                let school =
                    try await School.query(on: db).filter(\.$district.$id == districtID)
                    .filter(\.$sourcedID == incoming.sourcedId).first()
                    ?? School(
                        districtID: districtID, name: incoming.name, level: incoming.level,
                        sourcedID: incoming.sourcedId)
                school.name = incoming.name
                school.level = incoming.level
                school.identifier = incoming.identifier
                school.archived = incoming.archived
                try await school.save(on: db)
                schoolIDs[incoming.sourcedId] = try school.requireID()
            }
            for incoming in plan.leadersToWrite {
                let matchedKey = plan.leaderMatches[incoming.sourcedId]
                let existing: User?
                if let matchedKey, matchedKey.hasPrefix(emailKeyPrefix) {
                    existing = try await User.query(on: db).filter(\.$district.$id == districtID)
                        .filter(\.$email == String(matchedKey.dropFirst(emailKeyPrefix.count))).first()
                } else {
                    existing = try await User.query(on: db).filter(\.$district.$id == districtID)
                        .filter(\.$sourcedID == (matchedKey ?? incoming.sourcedId)).first()
                }
                let user =
                    existing
                    ?? User(
                        districtID: districtID, email: incoming.email, givenName: incoming.givenName,
                        familyName: incoming.familyName, role: .leader)
                user.sourcedID = incoming.sourcedId
                user.email = incoming.email
                user.givenName = incoming.givenName
                user.familyName = incoming.familyName
                user.$school.id = schoolIDs[incoming.schoolSourcedId]
                // The roster's extension columns are optional; an import without them keeps what an admin entered.
                if let position = incoming.position { user.position = position }
                if let years = incoming.yearsInRole { user.yearsInRole = years }
                user.archived = incoming.archived
                try await user.save(on: db)
                if incoming.archived {
                    try await AccountService.endAccess(of: user.requireID(), on: db)
                }
            }
            return plan
        }
    }
}
