import Fluent
import Foundation
import TrellisCore
import Vapor

/// What the year was worth, in the browser: a community's value-creation matrix, its members' stories
/// (written, shared, asked for), and the end-of-year report of a community and of a cohort with its
/// downloads. The report's data is also in the API.
enum ValueController {
    static func register(_ routes: RouteGroups) {
        let pages = routes.pages
        pages.get(SiteURL.communityValue(.key).pathComponents, use: valuePage)
        pages.get(SiteURL.newValueStory(.key).pathComponents, use: newStory)
        pages.post(SiteURL.communityValueStories(.key).pathComponents, use: create)
        pages.get(SiteURL.valueStory(.key).pathComponents, use: storyPage)
        pages.get(SiteURL.valueStoryStep(.key, .edit).pathComponents, use: editStory)
        pages.post(SiteURL.valueStoryStep(.key, .edit).pathComponents, use: update)
        pages.post(SiteURL.valueStoryStep(.key, .sharing).pathComponents, use: share)
        pages.post(SiteURL.valueStoryStep(.key, .ask).pathComponents, use: ask)
        pages.get(SiteURL.communityReport(.key).pathComponents, use: communityReport)
        pages.get(SiteURL.cohortReport(.key).pathComponents, use: cohortReport)
        for file in SiteURL.ReportFile.allCases {
            pages.get(SiteURL.communityReportFile(.key, file).pathComponents) { try await communityFile($0, file) }
            pages.get(SiteURL.cohortReportFile(.key, file).pathComponents) { try await cohortFile($0, file) }
        }
        let api = routes.api
        api.get(SiteURL.api(.communityReport(.key)).pathComponents, use: communityReportJSON)
        api.get(SiteURL.api(.cohortReport(.key)).pathComponents, use: cohortReportJSON)
    }

    static let notices: [SiteURL.Done: String] = [
        .created: "Your story is saved.", .saved: "Your changes are saved.", .shared: "Saved who reads it.",
        .asked: "The author will see your request on the story.",
    ]

    static func notice(_ request: Request) -> String? {
        (request.query[String.self, at: "done"]).flatMap(SiteURL.Done.init(rawValue:)).flatMap { notices[$0] }
    }

    // MARK: - The matrix

    @Sendable static func valuePage(_ request: Request) async throws -> Response {
        let scope = try request.scope
        let access = try await scope.practice(of: try request.idParameter())
        let part = try await ValueReportService.part(access, forCohort: false, scope: scope, now: request.now)
        let readable = try await ValueStoryService.readable(in: access, on: scope.database)
        let names = try await PracticeService.names(of: Set(readable.map(\.authorID)), scope: scope)
        let texts = part.stories.map { story in
            StoryText(
                title: story.draft.title, author: names[story.authorID] ?? "A former member",
                community: access.community.name, draft: story.draft, evidence: [:])
        }
        let realized = try await ValueReportService.realized(schools: part.schools, scope: scope)
        let id = access.communityID
        let sources: [Indicator.Source: String] = [
            .meetings: SiteURL.communityPractice(.value(id)).relativeURL,
            .cycles: SiteURL.communityPractice(.value(id)).relativeURL,
            .playlist: SiteURL.communityPlaylist(.value(id)).relativeURL,
            .trust: SiteURL.cohortTrust(.value(try access.cohort.requireID())).relativeURL,
            .activities: SiteURL.communityPractice(.value(id)).relativeURL + "#activities",
            .outcomes: SiteURL.outcomes.relativeURL,
            .stories: SiteURL.communityReport(.value(id)).relativeURL + "#report-stories",
        ]
        func link(_ story: ValueStoryService.Record) -> ValuePage.StoryLink {
            ValuePage.StoryLink(
                id: story.id, title: story.draft.title, author: names[story.authorID] ?? "A former member",
                sharing: story.sharing, aspirational: story.draft.isAspirational, asked: story.requestedBy != nil)
        }
        let stages = part.community.stages
        // columns for cycles not begun that stories already tell about (a step hoped for, say)
        let begun = part.community.cycles.count
        let lastTold =
            texts.flatMap { story in story.draft.toldSteps.map { story.draft.cycle(of: $0.kind) } }.max() ?? -1
        let later = max(0, lastTold + 1 - begun)
        let model = ValuePage.Model(
            communityID: id, communityName: access.community.name, isMember: access.isMember, runs: access.runs,
            cycles: part.community.cycles.map { ($0.number, $0.label) }
                + (begun..<(begun + later)).map { ($0, "Cycle \($0 + 1), to come") },
            indicators: ValueMatrix.indicators(
                part.community.cycles, later: later, realized: realized, reframing: ValueMatrix.reframing(texts)
            ).map { ($0, sources[$0.source]) },
            rows: ValueMatrix.storyRows(texts),
            mine: readable.filter { $0.authorID == access.viewerID }.map(link),
            shared: readable.filter { $0.sharing.isShared && $0.authorID != access.viewerID }.map(link),
            stageChart: stages.isEmpty
                ? nil : StageHistory.chart(stages, title: "\(access.community.name): stage of development by term"),
            notice: notice(request))
        return ValuePage.view(model, context: PageContext(request)).response()
    }

    // MARK: - Stories

    static func cycleChoices(_ cycles: [PracticeService.Cycle]) -> [(number: Int, label: String)] {
        cycles.map { ($0.number, "Cycle \($0.number + 1): \($0.cycle.readable)") }
    }

    static func renderForm(
        _ request: Request, access: PracticeAccess, storyID: UUID?, draft: ValueStoryDraft, sharing: StorySharing,
        problems: [FieldProblem] = [], status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let scope = try request.scope
        let cycles = try await PracticeService.cycles(of: access, scope: scope)
        let model = ValueStoryFormPage.Model(
            communityID: access.communityID, communityName: access.community.name, storyID: storyID, draft: draft,
            sharing: sharing, cycles: cycleChoices(cycles),
            options: try await ValueStoryService.options(access: access, cycles: cycles, scope: scope),
            problems: problems)
        return ValueStoryFormPage.view(model, context: PageContext(request)).response(status: status)
    }

    @Sendable static func newStory(_ request: Request) async throws -> Response {
        let scope = try request.scope
        let access = try await scope.practice(of: try request.idParameter())
        guard access.isMember else {
            throw Abort(.forbidden, reason: "The community's members write its value-creation stories.")
        }
        let cycles = try await PracticeService.cycles(of: access, scope: scope)
        let current = PracticeCycles.current(cycles.map(\.cycle), now: request.now)?.number ?? 0
        return try await renderForm(
            request, access: access, storyID: nil,
            draft: ValueStoryDraft(title: "", startCycle: max(current - 1, 0), steps: []), sharing: .onlyMe)
    }

    /// The story as the form sent it: every field kept as typed, for the page to show again on a problem.
    static func draft(_ request: Request) -> (ValueStoryDraft, StorySharing?, [String]) {
        let content = request.content
        var unknown: [String] = []
        let steps = ValueKind.allCases.map { kind in
            let tokens = (try? content.get([String].self, at: "\(kind.rawValue)-evidence")) ?? []
            let evidence = tokens.compactMap { token -> Evidence? in
                guard let evidence = Evidence(token: token) else {
                    unknown.append(kind.rawValue)
                    return nil
                }
                return evidence
            }
            return StoryStep(
                kind: kind, text: (try? content.get(String.self, at: kind.rawValue)) ?? "",
                hopedFor: (try? content.get(String.self, at: "\(kind.rawValue)-hoped")) == "on", evidence: evidence)
        }
        let start = (try? content.get(String.self, at: "startCycle")).flatMap { Int($0) } ?? -1
        let sharing = (try? content.get(String.self, at: "sharing")).flatMap(StorySharing.init(rawValue:))
        return (
            ValueStoryDraft(title: (try? content.get(String.self, at: "title")) ?? "", startCycle: start, steps: steps),
            sharing, unknown
        )
    }

    /// Evidence the author may not cite (someone else's insight, another school's outcome) is refused by field.
    static func evidenceProblems(
        _ draft: ValueStoryDraft, unknown: [String], access: PracticeAccess, scope: DistrictScope,
        existing: ValueStoryDraft?
    ) async throws -> [FieldProblem] {
        let cycles = try await PracticeService.cycles(of: access, scope: scope)
        var allowed = Set(
            try await ValueStoryService.options(access: access, cycles: cycles, scope: scope).flatMap {
                $0.options.map(\.token)
            })
        // What the story cited before stays citable (a resource since removed from the playlist, say).
        allowed.formUnion(existing?.steps.flatMap { $0.evidence.map(\.token) } ?? [])
        var fields = Set(unknown)
        for step in draft.steps where step.evidence.contains(where: { !allowed.contains($0.token) }) {
            fields.insert(step.kind.rawValue)
        }
        return ValueKind.allCases.filter { fields.contains($0.rawValue) }.map {
            FieldProblem(
                field: "\($0.rawValue)-evidence",
                message: "\($0.title) evidence: choose from the list of what you can cite.")
        }
    }

    @Sendable static func create(_ request: Request) async throws -> Response {
        let scope = try request.scope
        let access = try await scope.practice(of: try request.idParameter())
        let (draft, sharing, unknown) = draft(request)
        let cycles = try await PracticeService.cycles(of: access, scope: scope)
        do {
            guard access.isMember else {
                throw Abort(.forbidden, reason: "The community's members write its value-creation stories.")
            }
            let problems = try await evidenceProblems(
                draft, unknown: unknown, access: access, scope: scope, existing: nil)
            guard problems.isEmpty else { throw ValidationProblem(problems) }
            let id = try await ValueStoryService.save(
                draft, sharing: sharing ?? .onlyMe, story: nil, access: access, cycleCount: cycles.count,
                now: request.now, on: scope.database)
            return request.redirect(to: SiteURL.valueStory(.value(id)).relativeURL(.done(.created)))
        } catch let problem as ValidationProblem {
            return try await renderForm(
                request, access: access, storyID: nil, draft: draft, sharing: sharing ?? .onlyMe,
                problems: problem.problems, status: .unprocessableEntity)
        }
    }

    @Sendable static func storyPage(_ request: Request) async throws -> Response {
        let scope = try request.scope
        let (story, access) = try await ValueStoryService.story(try request.idParameter(), scope: scope)
        return try await renderStory(request, story: story, access: access)
    }

    static func renderStory(
        _ request: Request, story: ValueStoryService.Record, access: PracticeAccess, problems: [FieldProblem] = [],
        status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let scope = try request.scope
        let cycles = try await PracticeService.cycles(of: access, scope: scope)
        let labels = try await ValueStoryService.labels(
            for: [story], readerID: access.viewerID, cycles: [story.communityID: cycles], scope: scope)
        var ids: Set<UUID> = [story.authorID]
        if let asked = story.requestedBy { ids.insert(asked) }
        let names = try await PracticeService.names(of: ids, scope: scope)
        let model = ValueStoryPage.Model(
            id: story.id, communityID: story.communityID, communityName: access.community.name,
            author: names[story.authorID] ?? "A former member", isAuthor: story.authorID == access.viewerID,
            runs: access.runs, draft: story.draft, sharing: story.sharing,
            askedBy: story.requestedBy.map { names[$0] ?? "A facilitator" },
            cycleLabels: Dictionary(
                cycleChoices(cycles).map { ($0.number, $0.label) }, uniquingKeysWith: { a, _ in a }),
            evidence: labels[story.id] ?? [:], problems: problems, notice: notice(request))
        return ValueStoryPage.view(model, context: PageContext(request)).response(status: status)
    }

    @Sendable static func editStory(_ request: Request) async throws -> Response {
        let scope = try request.scope
        let (story, access) = try await ValueStoryService.story(try request.idParameter(), scope: scope)
        guard story.authorID == access.viewerID else {
            throw Abort(.forbidden, reason: "Only its author changes a story.")
        }
        return try await renderForm(
            request, access: access, storyID: story.id, draft: story.draft, sharing: story.sharing)
    }

    @Sendable static func update(_ request: Request) async throws -> Response {
        let scope = try request.scope
        let (story, access) = try await ValueStoryService.story(try request.idParameter(), scope: scope)
        guard story.authorID == access.viewerID else {
            throw Abort(.forbidden, reason: "Only its author changes a story.")
        }
        let (draft, _, unknown) = draft(request)
        let cycles = try await PracticeService.cycles(of: access, scope: scope)
        do {
            let problems = try await evidenceProblems(
                draft, unknown: unknown, access: access, scope: scope, existing: story.draft)
            guard problems.isEmpty else { throw ValidationProblem(problems) }
            _ = try await ValueStoryService.save(
                draft, sharing: nil, story: story, access: access, cycleCount: cycles.count, now: request.now,
                on: scope.database)
            return request.redirect(to: SiteURL.valueStory(.value(story.id)).relativeURL(.done(.saved)))
        } catch let problem as ValidationProblem {
            return try await renderForm(
                request, access: access, storyID: story.id, draft: draft, sharing: story.sharing,
                problems: problem.problems, status: .unprocessableEntity)
        }
    }

    @Sendable static func share(_ request: Request) async throws -> Response {
        let scope = try request.scope
        let (story, access) = try await ValueStoryService.story(try request.idParameter(), scope: scope)
        guard let sharing = (try? request.content.get(String.self, at: "sharing")).flatMap(StorySharing.init(rawValue:))
        else {
            guard story.authorID == access.viewerID else {
                throw Abort(.forbidden, reason: "Only its author decides who reads a story.")
            }
            return try await renderStory(
                request, story: story, access: access,
                problems: [FieldProblem(field: "sharing", message: "Who reads it: choose one of the three.")],
                status: .unprocessableEntity)
        }
        try await ValueStoryService.setSharing(sharing, of: story, access: access, on: scope.database)
        return request.redirect(to: SiteURL.valueStory(.value(story.id)).relativeURL(.done(.shared)))
    }

    @Sendable static func ask(_ request: Request) async throws -> Response {
        let scope = try request.scope
        let (story, access) = try await ValueStoryService.story(try request.idParameter(), scope: scope)
        do {
            try await ValueStoryService.ask(story, access: access, now: request.now, on: scope.database)
        } catch let problem as ValidationProblem {
            return try await renderStory(
                request, story: story, access: access, problems: problem.problems, status: .unprocessableEntity)
        }
        return request.redirect(to: SiteURL.valueStory(.value(story.id)).relativeURL(.done(.asked)))
    }

    // MARK: - The report

    struct Prepared: Sendable {
        let report: YearReport
        let stories: [StoryText]
        let stageCharts: [String]
        let name: String
    }

    static func prepareCommunity(_ request: Request) async throws -> (Prepared, PracticeAccess) {
        let scope = try request.scope
        let access = try await scope.practice(of: try request.idParameter())
        let (report, stories, part) = try await ValueReportService.communityReport(
            access, scope: scope, now: request.now)
        return (
            Prepared(
                report: report, stories: stories, stageCharts: stageCharts([part.community]),
                name: access.community.name), access
        )
    }

    /// The cohort's report is read by its facilitators and the district's admins; to anyone else it does not exist.
    static func prepareCohort(_ request: Request) async throws -> (Prepared, Cohort) {
        let scope = try request.scope
        let cohort = try await scope.visibleCohort(try request.idParameter())
        guard try await scope.canRun(cohort) else { throw Abort(.notFound) }
        let (report, stories, communities) = try await ValueReportService.cohortReport(
            cohort, scope: scope, now: request.now)
        return (
            Prepared(report: report, stories: stories, stageCharts: stageCharts(communities), name: cohort.name),
            cohort
        )
    }

    /// Each community's stage line over the year, for those judged at least once.
    static func stageCharts(_ communities: [ReportFacts.Community]) -> [String] {
        communities.enumerated().filter { !$0.element.stages.isEmpty }.map { index, community in
            StageHistory.chart(
                community.stages, title: "\(community.name): stage of development by term", id: "report-stages-\(index)"
            )
        }
    }

    static func render(
        _ request: Request, _ prepared: Prepared, back: (String, String), tables: String, stories: String
    )
        -> Response
    {
        ReportPage.view(
            ReportPage.Model(
                report: prepared.report, stories: prepared.stories, stageCharts: prepared.stageCharts, back: back,
                tablesURL: tables, storiesURL: stories, generated: request.today.readable),
            context: PageContext(request)
        ).response()
    }

    @Sendable static func communityReport(_ request: Request) async throws -> Response {
        let (prepared, access) = try await prepareCommunity(request)
        let id = access.communityID
        return render(
            request, prepared, back: (SiteURL.communityValue(.value(id)).relativeURL, "What the year was worth"),
            tables: SiteURL.communityReportFile(.value(id), .tables).relativeURL,
            stories: SiteURL.communityReportFile(.value(id), .stories).relativeURL)
    }

    @Sendable static func cohortReport(_ request: Request) async throws -> Response {
        let (prepared, cohort) = try await prepareCohort(request)
        let id = try cohort.requireID()
        return render(
            request, prepared, back: (SiteURL.cohort(.value(id)).relativeURL, cohort.name),
            tables: SiteURL.cohortReportFile(.value(id), .tables).relativeURL,
            stories: SiteURL.cohortReportFile(.value(id), .stories).relativeURL)
    }

    static func file(_ request: Request, _ prepared: Prepared, _ file: SiteURL.ReportFile) -> Response {
        let slug = Download.slug(prepared.name, fallback: "report")
        switch file {
        case .tables:
            let files = prepared.report.csvFiles.map { (name: $0.name, data: Array($0.text.utf8)) }
            return Download.file(
                StoredZip.archive(files, modified: request.now), contentType: "application/zip",
                filename: "\(slug)-report.zip")
        case .stories:
            return Download.response(
                StoryMarkdown.document(
                    title: "\(prepared.report.title): value-creation stories", stories: prepared.stories),
                subType: "markdown", filename: "\(slug)-stories.md")
        }
    }

    static func communityFile(_ request: Request, _ kind: SiteURL.ReportFile) async throws -> Response {
        file(request, try await prepareCommunity(request).0, kind)
    }

    static func cohortFile(_ request: Request, _ kind: SiteURL.ReportFile) async throws -> Response {
        file(request, try await prepareCohort(request).0, kind)
    }

    // MARK: - API

    /// The report as JSON: its sections and tables, and the stories with their steps and evidence in words.
    struct ReportJSON: Content {
        struct Step: Content {
            var kind: String
            var cycle: Int
            var text: String
            var hopedFor: Bool
            var evidence: [String]
        }

        struct Story: Content {
            var title: String
            var author: String
            var community: String
            var steps: [Step]
        }

        struct Table: Content {
            var name: String
            var title: String
            var columns: [String]
            var rows: [[String]]
        }

        struct Section: Content {
            var id: String
            var title: String
            var paragraphs: [String]
            var tables: [Table]
        }

        var title: String
        var year: String
        var sections: [Section]
        var stories: [Story]

        init(_ prepared: Prepared) {
            title = prepared.report.title
            year = prepared.report.year
            sections = prepared.report.sections.map { section in
                Section(
                    id: section.id, title: section.title, paragraphs: section.paragraphs,
                    tables: section.tables.map {
                        Table(name: $0.file, title: $0.title, columns: $0.columns, rows: $0.rows)
                    })
            }
            stories = prepared.stories.map { story in
                Story(
                    title: story.title, author: story.author, community: story.community,
                    steps: story.draft.toldSteps.map { step in
                        Step(
                            kind: step.kind.rawValue, cycle: story.draft.cycle(of: step.kind) + 1, text: step.text,
                            hopedFor: step.hopedFor,
                            evidence: step.evidence.map { story.evidence[$0.token] ?? $0.kind.title })
                    })
            }
        }
    }

    @Sendable static func communityReportJSON(_ request: Request) async throws -> ReportJSON {
        ReportJSON(try await prepareCommunity(request).0)
    }

    @Sendable static func cohortReportJSON(_ request: Request) async throws -> ReportJSON {
        ReportJSON(try await prepareCohort(request).0)
    }
}
