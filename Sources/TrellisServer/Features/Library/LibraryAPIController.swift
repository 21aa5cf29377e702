import Fluent
import Foundation
import TrellisCore
import Vapor

/// The library through the API: add a resource (JSON for a link, multipart with a `file` part for an
/// upload), search, read one, download its file. The same rules as the pages.
enum LibraryAPIController {
    static func register(_ routes: RouteGroups) {
        let api = routes.api
        let members = api.grouped(RoleGuard(.districtAdmin, .facilitator, .leader))
        members.on(
            .POST, SiteURL.api(.resources).pathComponents,
            body: .collect(maxSize: ByteCount(value: BodyLimit.resourceUpload)), use: create)
        api.get(SiteURL.api(.resources).pathComponents, use: search)
        api.get(SiteURL.api(.resource(.key)).pathComponents, use: show)
        api.get(SiteURL.api(.resourceFile(.key)).pathComponents, use: LibraryController.file)
    }

    struct FileDTO: Content {
        var name: String
        var contentType: String
        var size: Int
    }

    struct TraitDTO: Content {
        var id: UUID
        var name: String
    }

    struct ResourceDTO: Content {
        var id: UUID
        var title: String
        var kind: String
        var url: String?
        var summary: String
        var minutes: Int?
        var keywords: [String]
        var buckets: [String]
        var challenges: [String]
        var traits: [TraitDTO]
        var state: String
        var file: FileDTO?
        /// The words of the search found in its title, summary or keywords (search results only).
        var matchedWords: [String]?
    }

    static func dto(
        id: UUID, title: String, kind: String, url: String?, summary: String, minutes: Int?, keywords: String,
        state: LibraryResource.State, file: FileDTO?, tags: LibraryService.Tags, traitNames names: [UUID: String]
    ) -> ResourceDTO {
        ResourceDTO(
            id: id, title: title, kind: kind, url: url, summary: summary, minutes: minutes,
            keywords: ResourceRules.keywords(from: keywords), buckets: tags.buckets.map(\.rawValue),
            challenges: tags.challenges,
            traits: tags.traits.compactMap { id in names[id].map { TraitDTO(id: id, name: $0) } },
            state: state.rawValue, file: file, matchedWords: nil)
    }

    static func dto(_ resource: LibraryResource, scope: DistrictScope) async throws -> ResourceDTO {
        let id = try resource.requireID()
        let (tags, names) = try await LibraryService.tagsAndTraitNames(of: [id], on: scope.database)
        return dto(
            id: id, title: resource.title, kind: resource.kind, url: resource.url, summary: resource.summary,
            minutes: resource.minutes, keywords: resource.keywords, state: resource.state,
            file: resource.fileName.map {
                FileDTO(name: $0, contentType: resource.fileType ?? "", size: resource.fileSize ?? 0)
            },
            tags: tags[id] ?? .init(), traitNames: names)
    }

    struct NewResource: Content {
        var title: String?
        var kind: String?
        var url: String?
        var summary: String?
        var minutes: Int?
        var keywords: [String]?
        var buckets: [String]?
        var challenges: [String]?
        var traits: [UUID]?
    }

    /// JSON adds a link; `multipart/form-data` takes the page's fields and a `file` part.
    @Sendable static func create(_ request: Request) async throws -> Response {
        let input: LibraryService.Input
        if request.headers.contentType?.type == "multipart" {
            input = try request.content.decode(LibraryController.ResourceForm.self).input
        } else {
            try request.requireJSONBody()
            let body = try request.content.decode(NewResource.self)
            input = LibraryService.Input(
                title: body.title ?? "", kind: body.kind ?? "", url: body.url ?? "", summary: body.summary ?? "",
                minutes: body.minutes.map(String.init) ?? "", keywords: (body.keywords ?? []).joined(separator: ", "),
                buckets: body.buckets ?? [], challenges: body.challenges ?? [],
                traits: (body.traits ?? []).map { UUIDText.lowercased($0) })
        }
        let scope = try request.scope
        let resource = try await LibraryService.create(input, scope: scope)
        return try .created(
            try await dto(resource, scope: scope), at: SiteURL.api(.resource(.value(try resource.requireID()))))
    }

    @Sendable static func show(_ request: Request) async throws -> ResourceDTO {
        let scope = try request.scope
        return try await dto(try await LibraryService.readable(try request.idParameter(), scope: scope), scope: scope)
    }

    /// Ranked results with the words each matched; `q`, `kind`, `bucket`, `challenge`, `trait` and
    /// `maxMinutes` as on the library page. An unknown filter value is a 422 naming it.
    @Sendable static func search(_ request: Request) async throws -> ItemList<ResourceDTO> {
        let scope = try request.scope
        var filters = LibraryService.Filters()
        var problems: [FieldProblem] = []
        filters.words = String((request.query[String.self, at: "q"] ?? "").prefix(200))
        if let kind = request.query[String.self, at: "kind"], !kind.isEmpty {
            filters.kind = ResourceKind(rawValue: kind)
            if filters.kind == nil { problems.append(.init(field: "kind", message: "kind: \(kind) is not a kind.")) }
        }
        if let bucket = request.query[String.self, at: "bucket"], !bucket.isEmpty {
            filters.bucket = RootCauseBucket(rawValue: bucket).flatMap {
                RootCauseBucket.fourBuckets.contains($0) ? $0 : nil
            }
            if filters.bucket == nil {
                problems.append(.init(field: "bucket", message: "bucket: \(bucket) is not one of the four buckets."))
            }
        }
        if let challenge = request.query[String.self, at: "challenge"], !challenge.isEmpty {
            filters.challenge = challenge
        }
        if let trait = request.query[String.self, at: "trait"], !trait.isEmpty {
            filters.trait = UUIDText.parse(trait)
            if filters.trait == nil { problems.append(.init(field: "trait", message: "trait: not a trait's id.")) }
        }
        if let minutes = request.query[String.self, at: "maxMinutes"], !minutes.isEmpty {
            filters.maxMinutes = Int(minutes)
            if filters.maxMinutes == nil {
                problems.append(.init(field: "maxMinutes", message: "maxMinutes: a whole number of minutes."))
            }
        }
        guard problems.isEmpty else { throw ValidationProblem(problems) }
        let hits = try await LibraryService.search(filters, limit: 50, scope: scope)
        let (tags, names) = try await LibraryService.tagsAndTraitNames(of: hits.map(\.id), on: scope.database)
        let terms = SearchTerms(filters.words)
        return ItemList(
            items: hits.map { hit in
                var item = dto(
                    id: hit.id, title: hit.title, kind: hit.kind.rawValue, url: hit.url, summary: hit.summary,
                    minutes: hit.minutes, keywords: hit.keywords, state: hit.state,
                    file: hit.fileName.map {
                        FileDTO(name: $0, contentType: hit.fileType ?? "", size: hit.fileSize ?? 0)
                    }, tags: tags[hit.id] ?? .init(), traitNames: names)
                item.matchedWords = terms.matchedWords(in: [hit.title, hit.summary, hit.keywords])
                return item
            })
    }
}
