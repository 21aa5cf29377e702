import Fluent
import Foundation

/// What ends a person's access. Sessions and API tokens live only in the database and every request
/// looks them up there, so deleting the rows ends them on the very next request, on every instance.
enum AccountService {
    /// Signs the person out everywhere and revokes every API token: used when a person is archived,
    /// their role changes or their password is reset. Restoring an archived person brings nothing back.
    static func endAccess(of userID: UUID, on db: any Database) async throws {
        try await UserSession.query(on: db).filter(\.$user.$id == userID).delete()
        try await APIToken.query(on: db).filter(\.$user.$id == userID).delete()
    }

    /// Archives or restores a person; archiving ends their access at once.
    static func setArchived(_ archived: Bool, person: User, on db: any Database) async throws {
        let personID = try person.requireID()
        try await db.transaction { db in
            person.archived = archived
            try await person.save(on: db)
            if archived {
                try await endAccess(of: personID, on: db)
                try await PasswordReset.query(on: db).filter(\.$user.$id == personID).delete()
            }
        }
    }

    // MARK: signing in and out

    /// The person with this (normalized) email address, archived or not, if there is one.
    static func user(withEmail email: String, on db: any Database) async throws -> User? {
        try await User.query(on: db).filter(\.$email == email).first()
    }

    /// The person with this id, if there is one.
    static func user(_ id: UUID, on db: any Database) async throws -> User? {
        try await User.find(id, on: db)
    }

    /// Starts a browser session for `token` (stored hashed, with a fresh CSRF token); clears expired ones.
    static func startSession(token: String, for userID: UUID, expiresAt: Date, now: Date, on db: any Database)
        async throws
    {
        try await UserSession(
            tokenHash: Secrets.hash(token), userID: userID, csrfToken: Secrets.newToken(), expiresAt: expiresAt
        ).create(on: db)
        try await UserSession.query(on: db).filter(\.$user.$id == userID).filter(\.$expiresAt < now).delete()
    }

    /// Ends the one session whose cookie holds `token`.
    static func endSession(token: String, on db: any Database) async throws {
        try await UserSession.query(on: db).filter(\.$tokenHash == Secrets.hash(token)).delete()
    }

    /// Loads the person's district and school, for showing who they are.
    static func loadDistrictAndSchool(of user: User, on db: any Database) async throws {
        try await user.$district.load(on: db)
        try await user.$school.load(on: db)
    }

    // MARK: passwords

    /// Sets a new password hash and, in one transaction, ends every other session (all but token hash `keep`).
    static func changePassword(of user: User, to hash: String, keepingSession keep: String, on db: any Database)
        async throws
    {
        let userID = try user.requireID()
        try await db.transaction { db in
            user.passwordHash = hash
            try await user.save(on: db)
            try await UserSession.query(on: db).filter(\.$user.$id == userID).filter(\.$tokenHash != keep)
                .delete()
        }
    }

    /// Replaces the person's reset links with a new one that expires at `expiresAt`; returns its token.
    static func createResetLink(for personID: UUID, expiresAt: Date, on db: any Database) async throws -> String {
        try await PasswordReset.query(on: db).filter(\.$user.$id == personID).delete()
        let token = Secrets.newToken()
        try await PasswordReset(tokenHash: Secrets.hash(token), userID: personID, expiresAt: expiresAt).create(on: db)
        return token
    }

    /// The unused, unexpired reset link for `token`, with its person; nil for anything else.
    static func validReset(_ token: String?, now: Date, on db: any Database) async throws -> PasswordReset? {
        guard let token, !token.isEmpty else { return nil }
        return try await PasswordReset.query(on: db)
            .filter(\.$tokenHash == Secrets.hash(token))
            .filter(\.$usedAt == nil)
            .filter(\.$expiresAt > now)
            .with(\.$user)
            .first()
    }

    /// Uses a reset link: in one transaction, sets the new password hash, marks the link used, ends all access.
    static func resetPassword(with reset: PasswordReset, to hash: String, now: Date, on db: any Database)
        async throws
    {
        let user = reset.user
        let userID = try user.requireID()
        try await db.transaction { db in
            user.passwordHash = hash
            try await user.save(on: db)
            reset.usedAt = now
            try await reset.save(on: db)
            try await endAccess(of: userID, on: db)
        }
    }
}
