import Fluent
import Foundation
import TrellisCore
import Vapor

/// The district admin's list of deeper-learning traits (`/settings/traits`).
enum TraitController {
    static func register(_ routes: RouteGroups) {
        let admins = routes.pages.grouped(RoleGuard(.districtAdmin))
        admins.get(SiteURL.traits.pathComponents, use: list)
        admins.post(SiteURL.traits.pathComponents, use: add)
        admins.post(SiteURL.trait(.key).pathComponents, use: change)
    }

    @Sendable static func list(_ request: Request) async throws -> Response {
        let notices = [
            "added": "Added.", "saved": "Saved; its tags stay on every resource.", "retired": "Retired.",
            "restored": "Brought back.", "deleted": "Deleted.",
        ]
        return try await render(request, notice: request.query[String.self, at: "done"].flatMap { notices[$0] })
    }

    static func render(
        _ request: Request, problems: [FieldProblem] = [], draft: (name: String, description: String) = ("", ""),
        notice: String? = nil, status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let scope = try request.scope
        let use = try await LibraryService.traitUse(scope: scope)
        let traits = try await LibraryService.traits(scope: scope).map { trait in
            TraitsPage.Trait(
                id: try trait.requireID(), name: trait.name, description: trait.description,
                retired: trait.retiredAt != nil, uses: use[try trait.requireID()] ?? 0)
        }
        let model = TraitsPage.Model(traits: traits, problems: problems, draft: draft, notice: notice)
        return TraitsPage.view(model, context: PageContext(request)).response(status: status)
    }

    struct TraitForm: Content {
        var name: String?
        var description: String?
    }

    @Sendable static func add(_ request: Request) async throws -> Response {
        let form = try request.content.decode(TraitForm.self)
        do {
            try await LibraryService.saveTrait(
                nil, name: form.name ?? "", description: form.description ?? "", scope: try request.scope)
        } catch let problem as ValidationProblem {
            return try await render(
                request, problems: problem.problems, draft: (form.name ?? "", form.description ?? ""),
                status: .unprocessableEntity)
        }
        return request.redirect(to: SiteURL.traits.relativeURL(.done(.added)))
    }

    /// Rename (with its sentence), retire, bring back or delete one trait. Its form's fields carry the
    /// trait's id in their names, so that every trait's form on the page has fields of its own.
    @Sendable static func change(_ request: Request) async throws -> Response {
        let scope = try request.scope
        let trait = try await scope.find(DeeperLearningTrait.self, try request.idParameter())
        let key = try trait.requireID().uuidString.lowercased()
        let change = (try? request.content.get(String.self, at: "change")) ?? "rename"
        do {
            if change == "rename" {
                try await LibraryService.saveTrait(
                    trait, name: (try? request.content.get(String.self, at: "name-\(key)")) ?? "",
                    description: (try? request.content.get(String.self, at: "description-\(key)")) ?? "",
                    scope: scope)
            } else {
                try await LibraryService.changeTrait(trait, to: change, scope: scope)
            }
        } catch let problem as ValidationProblem {
            return try await render(request, problems: problem.problems, status: .unprocessableEntity)
        }
        let done: SiteURL.Done =
            switch change {
            case "retire": .retired
            case "restore": .restored
            case "delete": .deleted
            default: .saved
            }
        return request.redirect(to: SiteURL.traits.relativeURL(.done(done)))
    }
}
