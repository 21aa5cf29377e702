import Fluent
import Foundation
import TrellisCore
import Vapor

/// Puts Bayview Unified into an empty database, or, when it is already there, gives its demo sign-ins the
/// password of this run so that the printed sign-ins always work.
public enum DemoSeeder {
    public struct Outcome: Sendable {
        public let created: Bool
        public let password: String
    }

    public static func seed(_ app: Application, password: String?) async throws -> Outcome {
        let password = password ?? Secrets.newReadablePassword()
        if let problem = PasswordPolicy.problem(with: password) {
            throw TrellisConfiguration.Problem(description: "TRELLIS_DEMO_PASSWORD: \(problem)")
        }
        let hash = try await Passwords.hash(password, cost: app.trellis.configuration.bcryptCost, on: app)
        if let existing = try await District.query(on: app.db).filter(\.$slug == DemoDistrict.slug).first() {
            let emails = DemoDistrict.people.map(\.email)
            try await User.query(on: app.db)
                .filter(\.$district.$id == existing.requireID())
                .filter(\.$email ~~ emails)
                .set(\.$passwordHash, to: hash)
                .update()
            return Outcome(created: false, password: password)
        }
        try await app.db.transaction { db in
            let district = District(name: DemoDistrict.name, slug: DemoDistrict.slug)
            try await district.create(on: db)
            let districtID = try district.requireID()
            var schoolIDs: [String: UUID] = [:]
            for (index, demo) in DemoDistrict.schools.enumerated() {
                let school = School(
                    districtID: districtID, name: demo.name, level: demo.level, sourcedID: demo.key,
                    identifier: String(format: "BV%03d", index + 1))
                try await school.create(on: db)
                schoolIDs[demo.key] = try school.requireID()
            }
            let cohort = Cohort(
                districtID: districtID, name: DemoDistrict.cohortName, schoolYear: DemoDistrict.schoolYear)
            try await cohort.create(on: db)
            let cohortID = try cohort.requireID()
            for demo in DemoDistrict.people {
                let user = User(
                    districtID: districtID, email: demo.email, givenName: demo.givenName, familyName: demo.familyName,
                    role: demo.role, schoolID: demo.schoolKey.flatMap { schoolIDs[$0] }, position: demo.position,
                    yearsInRole: demo.yearsInRole, passwordHash: hash)
                try await user.create(on: db)
                switch demo.role {
                case .leader:
                    try await CohortMembership(cohortID: cohortID, userID: user.requireID(), role: .leader).create(
                        on: db)
                case .facilitator:
                    try await CohortMembership(cohortID: cohortID, userID: user.requireID(), role: .facilitator).create(
                        on: db)
                case .districtAdmin, .networkAdmin:
                    break
                }
            }
        }
        return Outcome(created: true, password: password)
    }

    /// The lines `trellis serve --demo` and `trellis demo` print.
    public static func signInText(_ outcome: Outcome, url: String) -> String {
        var lines = [
            outcome.created
                ? "Demo district \"\(DemoDistrict.name)\" created."
                : "Demo district \"\(DemoDistrict.name)\" was already there; its demo sign-ins now use the password below.",
            "Sign in at \(url)/signin as:",
        ]
        for signIn in DemoDistrict.signIns {
            lines.append("  \(signIn.email.padding(toLength: 30, withPad: " ", startingAt: 0)) \(signIn.role)")
        }
        lines.append("Password for every demo account: \(outcome.password)")
        return lines.joined(separator: "\n")
    }
}
