import Fluent
import FluentSQL
import Foundation
import SQLKit

/// Each board's version, raised by every change in the same statement that checks it: two instances
/// changing one board at once cannot both write over the same state.
struct Migration027AddBoardVersions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.sql().raw("ALTER TABLE inquiry_boards ADD COLUMN version INTEGER NOT NULL DEFAULT 0").run()
    }

    func revert(on database: any Database) async throws {
        try await database.sql().raw("ALTER TABLE inquiry_boards DROP COLUMN version").run()
    }
}
