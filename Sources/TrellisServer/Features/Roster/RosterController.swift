import Fluent
import Foundation
import TrellisCore
import Vapor

/// Upload → preview → confirm. Nothing changes until the admin confirms, and a file with any problem
/// changes nothing at all.
enum RosterController {
    static func register(_ routes: RouteGroups) {
        let pages = routes.pages
        let admins = pages.grouped(RoleGuard(.districtAdmin))
        admins.get(SiteURL.rosterImport.pathComponents, use: uploadPage)
        admins.on(
            .POST, SiteURL.rosterImport.pathComponents,
            body: .collect(maxSize: ByteCount(value: BodyLimit.upload)), use: preview)
        admins.post(SiteURL.rosterImportConfirmation(.key).pathComponents, use: confirm)
    }

    @Sendable static func uploadPage(_ request: Request) async throws -> Response {
        RosterUploadPage.view(.init(), context: PageContext(request)).response()
    }

    struct Upload: Content {
        var orgs: File?
        var users: File?
        var academicSessions: File?
    }

    @Sendable static func preview(_ request: Request) async throws -> Response {
        let viewer = try request.viewer
        guard let districtID = viewer.districtID else { throw Abort(.forbidden) }
        let upload = try request.content.decode(Upload.self)
        func text(_ file: File?) -> String? {
            guard let file, file.data.readableBytes > 0 else { return nil }
            return String(buffer: file.data)
        }
        let orgs = text(upload.orgs)
        let users = text(upload.users)
        var missing: [String] = []
        if orgs == nil { missing.append("orgs.csv") }
        if users == nil { missing.append("users.csv") }
        guard let orgs, let users else {
            return RosterUploadPage.view(.init(problems: [], missingFiles: missing), context: PageContext(request))
                .response(status: .unprocessableEntity)
        }
        let files = OneRosterFiles(orgs: orgs, users: users, academicSessions: text(upload.academicSessions))
        let plan: RosterImportPlan
        do {
            plan = try await RosterService.plan(files, districtID: districtID, on: request.db)
        } catch let problems as RosterProblems {
            return RosterUploadPage.view(
                .init(problems), context: PageContext(request)
            )
            .response(status: .unprocessableEntity)
        }
        let pending = try await RosterService.keepPending(
            files, districtID: districtID, uploadedBy: viewer.userID, now: request.now, on: request.db)
        return RosterPreviewPage.view(
            .init(pendingID: try pending.requireID(), plan: plan), context: PageContext(request)
        ).response()
    }

    @Sendable static func confirm(_ request: Request) async throws -> Response {
        let scope = try request.scope
        let pending = try await scope.find(PendingRosterImport.self, try request.idParameter())
        do {
            let plan = try await RosterService.confirm(pending, on: request.db)
            return RosterResultPage.view(.init(plan: plan), context: PageContext(request)).response()
        } catch let problems as RosterProblems {
            return RosterUploadPage.view(
                .init(problems), context: PageContext(request)
            )
            .response(status: .unprocessableEntity)
        }
    }
}
