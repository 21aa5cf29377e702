import Fluent
import Foundation
import TrellisCore
import Vapor

/// The trust survey in `/api/v1`: rounds, answers in, aggregates out — never individual answers.
enum TrustAPIController {
    static func register(_ routes: RouteGroups) {
        let api = routes.api
        api.get(SiteURL.api(.cohortTrustRounds(.key)).pathComponents, use: list)
        api.grouped(RoleGuard(.districtAdmin, .facilitator)).post(
            SiteURL.api(.cohortTrustRounds(.key)).pathComponents, use: open)
        api.get(SiteURL.api(.trustRound(.key)).pathComponents, use: show)
        api.grouped(RoleGuard(.districtAdmin, .facilitator)).post(
            SiteURL.api(.trustRoundClosing(.key)).pathComponents, use: close)
        api.grouped(RoleGuard(.leader)).post(SiteURL.api(.trustResponses(.key)).pathComponents, use: respond)
        api.get(SiteURL.api(.trustResults(.key)).pathComponents, use: results)
    }

    struct RoundDTO: Content {
        var id: UUID
        var cohortId: UUID
        var title: String
        var opensOn: String
        var closesOn: String
        var status: String
        var instrumentVersion: String
        var answered: Int
        var eligible: Int
        /// The district's open-ended questions, keyed by id in `openAnswers` when answering.
        var openQuestions: [OpenQuestion]

        struct OpenQuestion: Content {
            var id: UUID
            var text: String
        }

        init(_ round: TrustRound, today: CalendarDay, on db: any Database) async throws {
            let participation = try await TrustService.participation(round, on: db)
            try self.init(
                round, today: today, answered: participation.answered, eligible: participation.eligible,
                questions: try await TrustService.openQuestions(of: round, on: db))
        }

        init(_ round: TrustRound, today: CalendarDay, answered: Int, eligible: Int, questions: [TrustQuestion]) throws {
            id = try round.requireID()
            cohortId = round.$cohort.id
            title = round.title
            opensOn = round.opensOn
            closesOn = round.closesOn
            status = round.status(on: today).rawValue
            instrumentVersion = round.instrumentVersion
            self.answered = answered
            self.eligible = eligible
            openQuestions = try questions.map { OpenQuestion(id: try $0.requireID(), text: $0.text) }
        }
    }

    @Sendable static func list(_ request: Request) async throws -> ItemList<RoundDTO> {
        let cohort = try await request.scope.visibleCohort(try request.idParameter())
        // every round asks its district's questions: read them, and the counts of all rounds, once
        let rounds = try await TrustService.rounds(of: cohort.requireID(), on: request.db)
        let participation = try await TrustService.participation(
            of: try rounds.map { try $0.requireID() }, cohortID: try cohort.requireID(), on: request.db)
        let questions = try await TrustService.openQuestions(ofDistrict: cohort.$district.id, on: request.db)
        let items = try rounds.map { round in
            try RoundDTO(
                round, today: request.today, answered: participation.answered[try round.requireID()] ?? 0,
                eligible: participation.eligible, questions: questions)
        }
        return ItemList(items: items)
    }

    @Sendable static func open(_ request: Request) async throws -> Response {
        try request.requireJSONBody()
        let scope = try request.scope
        let cohort = try await scope.visibleCohort(try request.idParameter())
        let round = try await TrustService.open(
            try request.content.decode(TrustService.RoundForm.self), cohort: cohort, scope: scope)
        return try .created(
            try await RoundDTO(round, today: request.today, on: request.db),
            at: SiteURL.api(.trustRound(.value(try round.requireID()))))
    }

    @Sendable static func show(_ request: Request) async throws -> RoundDTO {
        try await RoundDTO(
            try await TrustService.visibleRound(try request.idParameter(), scope: try request.scope),
            today: request.today, on: request.db)
    }

    @Sendable static func close(_ request: Request) async throws -> RoundDTO {
        let scope = try request.scope
        let round = try await TrustService.visibleRound(try request.idParameter(), scope: scope)
        try await TrustService.close(round, scope: scope)
        return try await RoundDTO(round, today: request.today, on: request.db)
    }

    struct ResponseBody: Content {
        var answers: [String: Int]
        var openAnswers: [String: String]?
    }

    struct Recorded: Content {
        var recorded: Bool
    }

    @Sendable static func respond(_ request: Request) async throws -> Response {
        try request.requireJSONBody()
        let scope = try request.scope
        let round = try await TrustService.visibleRound(try request.idParameter(), scope: scope)
        let body = try request.content.decode(ResponseBody.self)
        var open: [UUID: String] = [:]
        for (key, text) in body.openAnswers ?? [:] {
            guard let id = UUID(uuidString: key) else {
                throw ValidationProblem(field: "openAnswers", "\(key) is not a question id")
            }
            open[id] = text
        }
        try await TrustService.record(
            .init(answers: body.answers, openAnswers: open), round: round, viewer: try request.viewer,
            today: request.today, on: request.db)
        return try .created(Recorded(recorded: true))
    }

    struct FacetDTO: Content {
        var mean: Double?
        var alpha: Double?
        var ci95: [Double]?
    }

    struct GroupDTO: Content {
        var community: String?
        var n: Int
        var suppressed: Bool
        var facets: [String: FacetDTO]?
        var weakestFacet: String?
    }

    struct ResultsDTO: Content {
        var roundId: UUID
        var instrumentVersion: String
        var minimum: Int
        var groups: [GroupDTO]
        var practices: [String]?
    }

    @Sendable static func results(_ request: Request) async throws -> ResultsDTO {
        let round = try await TrustService.visibleRound(try request.idParameter(), scope: try request.scope)
        guard let results = try await TrustService.results(round, today: request.today, on: request.db) else {
            throw Abort(.conflict, reason: "Results exist once the round is closed.")
        }
        let groups = results.groups.map { group in
            GroupDTO(
                community: group.community, n: group.n, suppressed: group.suppressed,
                facets: group.suppressed
                    ? nil
                    : Dictionary(
                        uniqueKeysWithValues: group.facets.map { facet, figures in
                            (
                                facet.rawValue,
                                FacetDTO(
                                    mean: figures.mean, alpha: figures.alpha,
                                    ci95: figures.ci95.map { [$0.lower, $0.upper] })
                            )
                        }),
                weakestFacet: group.suppressed ? nil : group.weakestFacet?.rawValue)
        }
        return ResultsDTO(
            roundId: try round.requireID(), instrumentVersion: round.instrumentVersion, minimum: results.minimum,
            groups: groups, practices: results.cohort.suppressed ? nil : results.cohort.weakestFacet?.practices)
    }
}
