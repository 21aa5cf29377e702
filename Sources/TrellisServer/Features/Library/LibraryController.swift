import Fluent
import Foundation
import TrellisCore
import Vapor

/// The district's library pages: search, a resource, adding or suggesting one, editing, accepting and
/// retiring, its file, and the library's CSV import and export.
enum LibraryController {
    static func register(_ routes: RouteGroups) {
        let pages = routes.pages
        let members = pages.grouped(RoleGuard(.districtAdmin, .facilitator, .leader))
        let staff = pages.grouped(RoleGuard(.districtAdmin, .facilitator))
        let upload = HTTPBodyStreamStrategy.collect(maxSize: ByteCount(value: BodyLimit.resourceUpload))
        pages.get(SiteURL.library.pathComponents, use: list)
        members.get(SiteURL.newResource.pathComponents, use: newForm)
        members.on(.POST, SiteURL.newResource.pathComponents, body: upload, use: create)
        pages.get(SiteURL.resource(.key).pathComponents, use: show)
        members.get(SiteURL.resourceStep(.key, .edit).pathComponents, use: editForm)
        members.on(.POST, SiteURL.resourceStep(.key, .edit).pathComponents, body: upload, use: edit)
        staff.post(SiteURL.resourceStep(.key, .state).pathComponents, use: changeState)
        pages.get(SiteURL.resourceStep(.key, .file).pathComponents, use: file)
        staff.get(SiteURL.libraryImport.pathComponents, use: importPage)
        staff.on(.POST, SiteURL.libraryImport.pathComponents, body: upload, use: importCSV)
        staff.get(SiteURL.libraryExport.pathComponents, use: export)
    }

    // MARK: - Search

    @Sendable static func list(_ request: Request) async throws -> Response {
        let scope = try request.scope
        let minutesText = request.query[String.self, at: "minutes"] ?? ""
        var filters = LibraryService.Filters()
        filters.words = String((request.query[String.self, at: "q"] ?? "").prefix(200))
        filters.kind = (request.query[String.self, at: "kind"]).flatMap(ResourceKind.init(rawValue:))
        filters.bucket = (request.query[String.self, at: "bucket"]).flatMap(RootCauseBucket.init(rawValue:))
        filters.challenge = request.query[String.self, at: "challenge"].flatMap { $0.isEmpty ? nil : $0 }
        filters.trait = request.query[String.self, at: "trait"].flatMap(UUIDText.parse)
        filters.maxMinutes = Int(minutesText)
        filters.show = request.query[String.self, at: "show"].flatMap(LibraryService.Filters.Show.init) ?? .library
        let limit = 50
        let hits = try await LibraryService.search(filters, limit: limit, scope: scope)
        let tags = try await LibraryService.tags(of: hits.map(\.id), on: scope.database)
        let names = try await TagNames(scope: scope)
        let terms = SearchTerms(filters.words)
        let results = hits.map { hit in
            let opening = LibraryService.opening(hit.summary)
            let shown = terms.matchedWords(in: [hit.title, opening, hit.keywords])
            return LibraryPage.Result(
                id: hit.id, title: terms.highlight(hit.title), kind: hit.kind.title, minutes: hit.minutes,
                opening: terms.highlight(opening), tags: names.labels(tags[hit.id] ?? .init()), state: hit.state,
                isFile: hit.fileName != nil, foundInFile: !terms.isEmpty && shown.isEmpty && hit.fileName != nil)
        }
        let viewer = scope.viewer
        let model = LibraryPage.Model(
            filters: filters, minutesText: minutesText, challenges: names.challenges,
            traits: names.traits.compactMap { trait in trait.id.map { ($0, trait.name) } }, results: results,
            limit: limit,
            isStaff: LibraryService.isStaff(viewer) && viewer.role != .networkAdmin,
            isDistrictAdmin: viewer.role == .districtAdmin,
            notice: request.query[String.self, at: "done"] == SiteURL.Done.imported.rawValue
                ? "Imported: \(request.query[Int.self, at: "count"] ?? 0) added, \(request.query[Int.self, at: "updated"] ?? 0) updated."
                : notices[request.query[String.self, at: "done"] ?? ""])
        return LibraryPage.view(model, context: PageContext(request)).response()
    }

    static let notices = [
        "added": "Added to the library.", "suggested": "Suggested. A facilitator will look at it.",
        "saved": "Saved.", "listed": "It is in the library.", "retired": "Retired.",
    ]

    // MARK: - One resource

    @Sendable static func show(_ request: Request) async throws -> Response {
        let scope = try request.scope
        let resource = try await LibraryService.readable(try request.idParameter(), scope: scope)
        let id = try resource.requireID()
        let tags = try await LibraryService.tags(of: [id], on: scope.database)[id] ?? .init()
        let names = try await TagNames(scope: scope)
        let model = ResourcePage.Model(
            id: id, title: resource.title, kind: ResourceKind(rawValue: resource.kind)?.title ?? resource.kind,
            minutes: resource.minutes, url: resource.url,
            file: resource.fileName.map { ($0, resource.fileSize ?? 0) },
            summaryHTML: MeetingNotes.html(fromMarkdown: resource.summary),
            tags: names.groups(tags), keywords: resource.keywords,
            addedBy: try await LibraryService.addedByName(resource, on: scope.database),
            addedOn: resource.createdAt.map { CalendarDay($0, timeZone: .gmt).readable },
            state: resource.state,
            canEdit: LibraryService.canEdit(resource, viewer: scope.viewer) && scope.viewer.role != .networkAdmin,
            isStaff: LibraryService.isStaff(scope.viewer),
            notice: notices[request.query[String.self, at: "done"] ?? ""])
        return ResourcePage.view(model, context: PageContext(request)).response()
    }

    /// The file as a download under its own name, with its real type; never shown inline.
    @Sendable static func file(_ request: Request) async throws -> Response {
        let scope = try request.scope
        let resource = try await LibraryService.readable(try request.idParameter(), scope: scope)
        guard let name = resource.fileName,
            let data = try await LibraryService.fileData(of: resource, on: scope.database)
        else { throw Abort(.notFound) }
        return Download.file(data, contentType: resource.fileType ?? "application/octet-stream", filename: name)
    }

    // MARK: - Adding and editing

    struct ResourceForm: Content {
        var title: String?
        var kind: String?
        var url: String?
        var summary: String?
        var minutes: String?
        var keywords: String?
        var buckets: [String]?
        var challenges: [String]?
        var traits: [String]?
        var file: File?
        var removeFile: String?

        var input: LibraryService.Input {
            LibraryService.Input(
                title: title ?? "", kind: kind ?? "", url: url ?? "", summary: summary ?? "", minutes: minutes ?? "",
                keywords: keywords ?? "", buckets: buckets ?? [], challenges: challenges ?? [], traits: traits ?? [],
                upload: file.map { .init(fileName: $0.filename, bytes: Array($0.data.readableBytesView)) },
                removeFile: removeFile == "yes")
        }
    }

    @Sendable static func newForm(_ request: Request) async throws -> Response {
        try await renderForm(request, id: nil, input: .init(kind: ResourceKind.reading.rawValue), currentFile: nil)
    }

    @Sendable static func create(_ request: Request) async throws -> Response {
        let scope = try request.scope
        let input = try request.content.decode(ResourceForm.self).input
        do {
            let resource = try await LibraryService.create(input, scope: scope)
            let done: SiteURL.Query = resource.state == .listed ? .done(.added) : .done(.suggested)
            return request.redirect(to: SiteURL.resource(.value(try resource.requireID())).relativeURL(done))
        } catch let problem as ValidationProblem {
            return try await renderForm(
                request, id: nil, input: input, currentFile: nil, problems: problem.problems,
                status: .unprocessableEntity)
        }
    }

    @Sendable static func editForm(_ request: Request) async throws -> Response {
        let scope = try request.scope
        let resource = try await LibraryService.readable(try request.idParameter(), scope: scope)
        try LibraryService.requireEditor(resource, scope: scope)
        let id = try resource.requireID()
        let tags = try await LibraryService.tags(of: [id], on: scope.database)[id] ?? .init()
        let input = LibraryService.Input(
            title: resource.title, kind: resource.kind, url: resource.url ?? "", summary: resource.summary,
            minutes: resource.minutes.map(String.init) ?? "", keywords: resource.keywords,
            buckets: tags.buckets.map(\.rawValue), challenges: tags.challenges,
            traits: tags.traits.map { UUIDText.lowercased($0) })
        return try await renderForm(request, id: id, input: input, currentFile: resource.fileName)
    }

    @Sendable static func edit(_ request: Request) async throws -> Response {
        let scope = try request.scope
        let resource = try await LibraryService.readable(try request.idParameter(), scope: scope)
        let input = try request.content.decode(ResourceForm.self).input
        do {
            try await LibraryService.update(resource, with: input, scope: scope)
        } catch let problem as ValidationProblem {
            return try await renderForm(
                request, id: try resource.requireID(), input: input, currentFile: resource.fileName,
                problems: problem.problems, status: .unprocessableEntity)
        }
        return request.redirect(to: SiteURL.resource(.value(try resource.requireID())).relativeURL(.done(.saved)))
    }

    static func renderForm(
        _ request: Request, id: UUID?, input: LibraryService.Input, currentFile: String?,
        problems: [FieldProblem] = [], status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let scope = try request.scope
        let names = try await TagNames(scope: scope)
        let model = ResourceFormPage.Model(
            id: id, input: input, currentFile: currentFile, challenges: names.challenges,
            traits: names.traits.compactMap { trait in trait.id.map { ($0, trait.name, trait.retiredAt != nil) } },
            isStaff: LibraryService.isStaff(scope.viewer), problems: problems)
        return ResourceFormPage.view(model, context: PageContext(request)).response(status: status)
    }

    struct StateForm: Content {
        var state: String?
    }

    @Sendable static func changeState(_ request: Request) async throws -> Response {
        let scope = try request.scope
        let resource = try await LibraryService.readable(try request.idParameter(), scope: scope)
        guard let state = try request.content.decode(StateForm.self).state.flatMap(LibraryResource.State.init),
            state != .suggested
        else { throw Abort(.badRequest, reason: "state: listed or retired.") }
        try await LibraryService.changeState(resource, to: state, scope: scope)
        let done: SiteURL.Query = state == .listed ? .done(.listed) : .done(.retired)
        return request.redirect(to: SiteURL.resource(.value(try resource.requireID())).relativeURL(done))
    }

    // MARK: - CSV

    @Sendable static func importPage(_ request: Request) async throws -> Response {
        LibraryImportPage.view(.init(), context: PageContext(request)).response()
    }

    struct ImportForm: Content {
        var file: File?
    }

    @Sendable static func importCSV(_ request: Request) async throws -> Response {
        let scope = try request.scope
        guard let file = try request.content.decode(ImportForm.self).file, file.data.readableBytes > 0 else {
            return LibraryImportPage.view(.init(missingFile: true), context: PageContext(request))
                .response(status: .unprocessableEntity)
        }
        let name = UploadKind.safeFileName(file.filename.isEmpty ? "library.csv" : file.filename)
        do {
            let result = try await LibraryService.importCSV(String(buffer: file.data), file: name, scope: scope)
            return request.redirect(
                to: SiteURL.library.relativeURL(.done(.imported), .count(result.added), .updated(result.updated)))
        } catch let problems as RosterProblems {
            return LibraryImportPage.view(
                .init(problems: problems.problems.map(\.description), unlisted: problems.unlisted),
                context: PageContext(request)
            ).response(status: .unprocessableEntity)
        }
    }

    @Sendable static func export(_ request: Request) async throws -> Response {
        let text = try await LibraryService.exportCSV(scope: try request.scope)
        return Download.response("\u{FEFF}" + text, subType: "csv", filename: "library.csv")
    }
}
