import Fluent
import FluentSQL
import Foundation
import SQLKit
import TrellisCore
import Vapor

/// The district's library: its resources, their tags and files, search on either database, CSV import and
/// export, and the district's deeper-learning traits. Every read goes through the viewer's scope; a leader
/// sees listed resources and their own suggestions, staff (facilitators and admins) see every state.
enum LibraryService {
    // MARK: - What a form sends

    /// A resource as a form or the API sends it, before it is checked.
    struct Input: Sendable {
        var title = ""
        var kind = ""
        var url = ""
        var summary = ""
        var minutes = ""
        var keywords = ""
        var buckets: [String] = []
        var challenges: [String] = []
        /// Trait ids as text.
        var traits: [String] = []
        var upload: Upload?
        var removeFile = false
    }

    struct Upload: Sendable {
        var fileName: String
        var bytes: [UInt8]
    }

    /// A resource's tags, by kind: buckets, challenge keys, trait ids.
    struct Tags: Sendable, Equatable {
        var buckets: [RootCauseBucket] = []
        var challenges: [String] = []
        var traits: [UUID] = []
    }

    enum TagKind: String {
        case bucket, challenge, trait
    }

    static func isStaff(_ viewer: Viewer) -> Bool { viewer.role != .leader }

    /// The start of a summary as plain text for a list: Markdown's marks dropped, cut at a word near
    /// 240 characters.
    static func opening(_ summary: String) -> String {
        let plain = summary.filter { !"*_#`>".contains($0) }.split(whereSeparator: \.isNewline)
            .joined(separator: " ")
        guard plain.count > 240 else { return plain }
        let cut = plain.prefix(240)
        return (cut.lastIndex(of: " ").map { String(cut[..<$0]) } ?? String(cut)) + " …"
    }

    // MARK: - Traits

    /// The district's traits in their order, retired ones included (pages mark them).
    static func traits(scope: DistrictScope) async throws -> [DeeperLearningTrait] {
        try await scope.memo.read("traits") {
            try await scope.database.sql().raw(
                """
                SELECT * FROM deeper_learning_traits WHERE \(scope.districtCondition("district_id"))
                ORDER BY position, name
                """
            ).all().map { try $0.decode(fluentModel: DeeperLearningTrait.self) }
        }
    }

    static func addDefaultTraits(districtID: UUID, on db: any Database) async throws {
        for trait in DeeperLearningTrait.defaults(districtID: districtID) { try await trait.create(on: db) }
    }

    static func saveTrait(
        _ trait: DeeperLearningTrait?, name: String, description: String, scope: DistrictScope
    ) async throws {
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        let description = description.trimmingCharacters(in: .whitespacesAndNewlines)
        // Each trait's form has fields of its own (`name-ID`), the form that adds one plain `name`.
        let suffix = trait?.id.map { "-\(UUIDText.lowercased($0))" } ?? ""
        var problems: [FieldProblem] = []
        if name.isEmpty || name.count > 60 {
            problems.append(.init(field: "name\(suffix)", message: "Name: between 1 and 60 characters."))
        }
        if description.count > 300 {
            problems.append(.init(field: "description\(suffix)", message: "Sentence: at most 300 characters."))
        }
        let others = try await traits(scope: scope).filter { $0.id != trait?.id }
        if others.contains(where: { $0.name.lowercased() == name.lowercased() }) {
            problems.append(
                .init(field: "name\(suffix)", message: "Name: the district already has a trait called \(name)."))
        }
        guard problems.isEmpty else { throw ValidationProblem(problems) }
        if let trait {
            trait.name = name
            trait.description = description
            try await trait.save(on: scope.database)
        } else {
            let district = try await scope.districtForNewObject(named: nil)
            let created = DeeperLearningTrait(
                districtID: try district.requireID(), name: name, description: description,
                position: (others.map(\.position).max() ?? -1) + 1)
            try await created.create(on: scope.database)
        }
    }

    /// How many resources carry each trait.
    static func traitUse(scope: DistrictScope) async throws -> [UUID: Int] {
        let rows = try await scope.database.sql().raw(
            """
            SELECT t.value AS trait, COUNT(*) AS uses FROM resource_tags t JOIN resources r ON r.id = t.resource_id
            WHERE t.kind = 'trait' AND \(scope.districtCondition("r.district_id")) GROUP BY t.value
            """
        ).all()
        var use: [UUID: Int] = [:]
        for row in rows {
            if let id = UUIDText.parse(try row.decode(column: "trait", as: String.self)) {
                use[id] = try row.decode(column: "uses", as: Int.self)
            }
        }
        return use
    }

    /// Retires a trait (it stays on the resources it tags), brings one back, or deletes one nobody uses.
    static func changeTrait(_ trait: DeeperLearningTrait, to change: String, scope: DistrictScope) async throws {
        switch change {
        case "retire": trait.retiredAt = scope.clock.now()
        case "restore": trait.retiredAt = nil
        case "delete":
            guard try await traitUse(scope: scope)[try trait.requireID()] == nil else {
                throw ValidationProblem(
                    field: "name-\(try trait.requireID().uuidString.lowercased())",
                    "\(trait.name) tags resources, so it can be retired but not deleted.")
            }
            try await trait.delete(on: scope.database)
            return
        default: throw Abort(.badRequest, reason: "change: retire, restore or delete.")
        }
        try await trait.save(on: scope.database)
    }

    // MARK: - Equity challenges

    /// The district's equity challenges: the standard ones and every challenge a cohort's intake named, by key.
    static func challenges(scope: DistrictScope) async throws -> [(key: String, title: String)] {
        var seen = Set<String>()
        var all: [(key: String, title: String)] = []
        for challenge in StandardChallenges.all where seen.insert(challenge.key).inserted {
            all.append((challenge.key, challenge.title))
        }
        let rows = try await scope.database.sql().raw(
            """
            SELECT ic.key AS key, ic.title AS title FROM intake_challenges ic JOIN cohorts c ON c.id = ic.cohort_id
            WHERE \(scope.districtCondition("c.district_id")) ORDER BY ic.position, ic.title
            """
        ).all()
        for row in rows {
            let key = try row.decode(column: "key", as: String.self)
            if seen.insert(key).inserted { all.append((key, try row.decode(column: "title", as: String.self))) }
        }
        return all
    }

    // MARK: - Reading resources

    /// A resource the viewer may see, or 404: another district's, someone else's suggestion for a leader,
    /// and a retired one for a leader are all simply not there.
    static func readable(_ id: UUID, scope: DistrictScope) async throws -> LibraryResource {
        let resource = try await scope.find(LibraryResource.self, id)
        guard
            isStaff(scope.viewer) || resource.state == .listed
                || (resource.state == .suggested && resource.$addedBy.id == scope.viewer.userID)
        else { throw Abort(.notFound) }
        return resource
    }

    static func tags(of ids: [UUID], on db: any Database) async throws -> [UUID: Tags] {
        try await tagsAndTraitNames(of: ids, on: db).tags
    }

    /// The resources' tags, and the names of the traits among them, in one statement (a search answers
    /// with both, and every statement is a round trip).
    static func tagsAndTraitNames(of ids: [UUID], on db: any Database) async throws
        -> (tags: [UUID: Tags], traitNames: [UUID: String])
    {
        guard !ids.isEmpty else { return ([:], [:]) }
        let sql = try db.sql()
        // A trait tag holds the trait's id as lowercase text; SQLite keeps ids as text, PostgreSQL as uuid.
        let traitID: SQLQueryString = sql.dialect.name == "sqlite" ? "lower(d.id)" : "CAST(d.id AS TEXT)"
        let rows = try await sql.raw(
            """
            SELECT t.resource_id, t.kind, t.value, d.name AS trait_name FROM resource_tags t
            LEFT JOIN deeper_learning_traits d ON t.kind = 'trait' AND \(traitID) = t.value
            WHERE t.resource_id IN (\(ids.map { SQLQueryString("\(bind: $0)") }.joined(separator: ", ")))
            ORDER BY t.kind, t.value
            """
        ).all()
        var tags: [UUID: Tags] = [:]
        var names: [UUID: String] = [:]
        for row in rows {
            let id = try row.decodeUUID(column: "resource_id")
            let value = try row.decode(column: "value", as: String.self)
            switch TagKind(rawValue: try row.decode(column: "kind", as: String.self)) {
            case .bucket:
                if let bucket = RootCauseBucket(rawValue: value) { tags[id, default: .init()].buckets.append(bucket) }
            case .challenge: tags[id, default: .init()].challenges.append(value)
            case .trait:
                if let trait = UUIDText.parse(value) {
                    tags[id, default: .init()].traits.append(trait)
                    if let name = try row.decode(column: "trait_name", as: String?.self) { names[trait] = name }
                }
            case nil: break
            }
        }
        return (tags, names)
    }

    static func addedByName(_ resource: LibraryResource, on db: any Database) async throws -> String? {
        guard let id = resource.$addedBy.id, let user = try await User.find(id, on: db) else { return nil }
        return user.fullName
    }

    static func fileData(of resource: LibraryResource, on db: any Database) async throws -> [UInt8]? {
        guard
            let row = try await db.sql().raw(
                "SELECT data FROM resource_files WHERE resource_id = \(bind: try resource.requireID())"
            ).first()
        else { return nil }
        return [UInt8](try row.decode(column: "data", as: Data.self))
    }

    // MARK: - Writing resources

    /// A checked resource: what `create` and `update` store.
    struct Checked {
        var title: String
        var kind: ResourceKind
        var url: String?
        var summary: String
        var minutes: Int?
        var keywords: [String]
        var tags: Tags
        var upload: StoredFile?
    }

    struct StoredFile {
        var name: String
        var kind: UploadKind
        var bytes: [UInt8]
        /// A PDF's text where it can be read, for search.
        var text: String
    }

    static func check(_ input: Input, keepsFile: Bool, scope: DistrictScope) async throws -> Checked {
        var problems: [FieldProblem] = []
        let title = input.title.trimmingCharacters(in: .whitespacesAndNewlines)
        if title.isEmpty { problems.append(.init(field: "title", message: "Title: give the resource a title.")) }
        if title.count > ResourceRules.titleLimit {
            problems.append(.init(field: "title", message: "Title: at most \(ResourceRules.titleLimit) characters."))
        }
        let kind = ResourceKind(text: input.kind)
        if kind == nil {
            problems.append(
                .init(
                    field: "kind",
                    message: "Kind: choose one of \(ResourceKind.allCases.map(\.title).joined(separator: ", "))."))
        }
        let url = input.url.trimmingCharacters(in: .whitespacesAndNewlines)
        if !url.isEmpty, let problem = ResourceRules.linkProblem(url) {
            problems.append(.init(field: "url", message: "Link: \(problem)."))
        }
        let summary = input.summary.trimmingCharacters(in: .whitespacesAndNewlines)
        if summary.count > ResourceRules.summaryLimit {
            problems.append(
                .init(field: "summary", message: "Summary: at most \(ResourceRules.summaryLimit) characters."))
        }
        if let problem = ResourceRules.minutesProblem(input.minutes) {
            problems.append(.init(field: "minutes", message: "Minutes to use: \(problem)."))
        }
        var tags = Tags()
        for text in input.buckets {
            if let bucket = RootCauseBucket(rawValue: text), RootCauseBucket.fourBuckets.contains(bucket) {
                tags.buckets.append(bucket)
            } else {
                problems.append(.init(field: "buckets", message: "Buckets: \(text) is not one of the four buckets."))
            }
        }
        let challengeKeys = Set(try await challenges(scope: scope).map(\.key))
        for key in input.challenges {
            if challengeKeys.contains(key) {
                tags.challenges.append(key)
            } else {
                problems.append(
                    .init(field: "challenges", message: "Equity challenges: \(key) is not one of the district's."))
            }
        }
        let traitIDs = Set(try await traits(scope: scope).compactMap(\.id))
        for text in input.traits {
            if let id = UUIDText.parse(text), traitIDs.contains(id) {
                tags.traits.append(id)
            } else {
                problems.append(
                    .init(field: "traits", message: "Deeper-learning traits: \(text) is not one of the district's."))
            }
        }
        var upload: StoredFile?
        if let file = input.upload, !file.bytes.isEmpty || !file.fileName.isEmpty {
            do {
                let kind = try UploadKind.identify(fileName: file.fileName, bytes: file.bytes)
                upload = StoredFile(
                    name: UploadKind.safeFileName(file.fileName), kind: kind, bytes: file.bytes,
                    text: kind == .pdf ? String(PDFText.extract(file.bytes).prefix(200_000)) : "")
            } catch {
                problems.append(.init(field: "file", message: "File: \(error.description)."))
            }
        }
        let hasFile = upload != nil || (keepsFile && !input.removeFile)
        if !url.isEmpty && hasFile {
            problems.append(
                .init(field: "url", message: "Link: a resource is a link or a file, not both; leave one out."))
        }
        guard problems.isEmpty, let kind else { throw ValidationProblem(problems) }
        return Checked(
            title: title, kind: kind, url: url.isEmpty ? nil : url, summary: summary,
            minutes: ResourceRules.minutes(from: input.minutes),
            keywords: ResourceRules.keywords(from: input.keywords), tags: tags, upload: upload)
    }

    /// Adds a resource: listed when staff add it, suggested when a leader does.
    static func create(_ input: Input, scope: DistrictScope) async throws -> LibraryResource {
        let checked = try await check(input, keepsFile: false, scope: scope)
        let district = try await scope.districtForNewObject(named: nil)
        let resource = LibraryResource()
        resource.$district.id = try district.requireID()
        resource.state = isStaff(scope.viewer) ? .listed : .suggested
        resource.$addedBy.id = scope.viewer.userID
        try await scope.database.transaction { db in
            try await store(checked, in: resource, on: db)
        }
        return resource
    }

    /// Staff edit any resource; a leader only their own suggestion, until it is accepted.
    static func update(_ resource: LibraryResource, with input: Input, scope: DistrictScope) async throws {
        try requireEditor(resource, scope: scope)
        let checked = try await check(input, keepsFile: resource.fileName != nil, scope: scope)
        try await scope.database.transaction { db in
            if input.removeFile || checked.upload != nil {
                try await db.sql().raw(
                    "DELETE FROM resource_files WHERE resource_id = \(bind: try resource.requireID())"
                )
                .run()
                resource.fileName = nil
                resource.fileType = nil
                resource.fileSize = nil
                resource.bodyText = ""
            }
            try await store(checked, in: resource, on: db)
        }
    }

    static func canEdit(_ resource: LibraryResource, viewer: Viewer) -> Bool {
        isStaff(viewer) || (resource.state == .suggested && resource.$addedBy.id == viewer.userID)
    }

    static func requireEditor(_ resource: LibraryResource, scope: DistrictScope) throws {
        guard canEdit(resource, viewer: scope.viewer) else {
            throw Abort(.forbidden, reason: "Only facilitators and admins change a resource once it is in the library.")
        }
    }

    /// Accept a suggestion, retire a resource, or bring a retired one back. Staff only.
    static func changeState(_ resource: LibraryResource, to state: LibraryResource.State, scope: DistrictScope)
        async throws
    {
        guard isStaff(scope.viewer) else {
            throw Abort(.forbidden, reason: "Only facilitators and admins accept or retire resources.")
        }
        resource.state = state
        try await resource.save(on: scope.database)
    }

    static func store(_ checked: Checked, in resource: LibraryResource, on db: any Database) async throws {
        resource.title = checked.title
        resource.kind = checked.kind.rawValue
        resource.url = checked.url
        resource.summary = checked.summary
        resource.minutes = checked.minutes
        resource.keywords = checked.keywords.joined(separator: ", ")
        if let upload = checked.upload {
            resource.fileName = upload.name
            resource.fileType = upload.kind.contentType
            resource.fileSize = upload.bytes.count
            resource.bodyText = upload.text
        } else if resource.fileName == nil {
            resource.bodyText = ""
        }
        try await resource.save(on: db)
        let id = try resource.requireID()
        let sql = try db.sql()
        if let upload = checked.upload {
            try await sql.raw(
                "INSERT INTO resource_files (id, resource_id, data) VALUES (\(bind: UUID()), \(bind: id), \(bind: Data(upload.bytes)))"
            ).run()
        }
        try await sql.raw("DELETE FROM resource_tags WHERE resource_id = \(bind: id)").run()
        let tags: [(TagKind, String)] =
            checked.tags.buckets.map { (.bucket, $0.rawValue) } + checked.tags.challenges.map { (.challenge, $0) }
            + checked.tags.traits.map { (.trait, UUIDText.lowercased($0)) }
        for (kind, value) in tags {
            try await sql.raw(
                "INSERT INTO resource_tags (id, resource_id, kind, value) VALUES (\(bind: UUID()), \(bind: id), \(bind: kind.rawValue), \(bind: value))"
            ).run()
        }
        try await index(resource, on: sql)
    }

    /// The search index, written with the resource: an FTS5 row on SQLite; on PostgreSQL the stemmed
    /// words, weighted title first, then keywords, summary and a file's text.
    private static func index(_ resource: LibraryResource, on sql: any SQLDatabase) async throws {
        let id = try resource.requireID()
        guard sql.dialect.name == "sqlite" else {
            try await sql.raw(
                """
                INSERT INTO resource_search (resource_id, search) VALUES (\(bind: id),
                    setweight(to_tsvector('english', \(bind: resource.title)), 'A')
                    || setweight(to_tsvector('english', \(bind: resource.keywords)), 'B')
                    || setweight(to_tsvector('english', \(bind: resource.summary)), 'C')
                    || setweight(to_tsvector('english', \(bind: resource.bodyText)), 'D'))
                ON CONFLICT (resource_id) DO UPDATE SET search = EXCLUDED.search
                """
            ).run()
            return
        }
        try await sql.raw("DELETE FROM resource_search WHERE resource_id = \(bind: id)").run()
        try await sql.raw(
            """
            INSERT INTO resource_search (resource_id, title, summary, keywords, body)
            VALUES (\(bind: id), \(bind: resource.title), \(bind: resource.summary), \(bind: resource.keywords), \(bind: resource.bodyText))
            """
        ).run()
    }
}

/// The names behind resources' tags, read once per page or export: the district's challenges and traits,
/// and the lookups from a tag to its name, built once rather than for every resource shown.
struct TagNames: Sendable {
    let challenges: [(key: String, title: String)]
    let traits: [DeeperLearningTrait]
    let challengeTitles: [String: String]
    let traitNames: [UUID: String]

    init(scope: DistrictScope) async throws {
        challenges = try await LibraryService.challenges(scope: scope)
        traits = try await LibraryService.traits(scope: scope)
        challengeTitles = Dictionary(challenges.map { ($0.key, $0.title) }, uniquingKeysWith: { first, _ in first })
        traitNames = Dictionary(
            traits.compactMap { trait in trait.id.map { ($0, trait.name) } }, uniquingKeysWith: { first, _ in first })
    }

    func groups(_ tags: LibraryService.Tags) -> [(label: String, values: [String])] {
        [
            ("Buckets", tags.buckets.map(\.title)),
            ("Equity challenges", tags.challenges.map { challengeTitles[$0] ?? $0 }),
            ("Deeper-learning traits", tags.traits.compactMap { traitNames[$0] }),
        ]
    }

    func labels(_ tags: LibraryService.Tags) -> [String] {
        groups(tags).flatMap(\.values)
    }
}
