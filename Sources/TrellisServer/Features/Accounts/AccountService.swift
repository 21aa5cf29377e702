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
}
