import Fluent
import Foundation
import TrellisCore
import Vapor

/// The trust survey's pages: a cohort's rounds, a round's progress and results, the answer form, exports.
enum TrustController {
    static func register(_ routes: RouteGroups) {
        let pages = routes.pages
        pages.get(SiteURL.cohortTrust(.key).pathComponents, use: rounds)
        pages.grouped(RoleGuard(.districtAdmin, .facilitator)).post(
            SiteURL.cohortTrust(.key).pathComponents, use: openRound)
        pages.get(SiteURL.trustRound(.key).pathComponents, use: round)
        pages.grouped(RoleGuard(.districtAdmin, .facilitator)).post(
            SiteURL.trustRoundClosing(.key).pathComponents, use: closeRound)
        let leaders = pages.grouped(RoleGuard(.leader))
        leaders.get(SiteURL.trustAnswer(.key).pathComponents, use: answerForm)
        leaders.post(SiteURL.trustAnswer(.key).pathComponents, use: answer)
        pages.grouped(RoleGuard(.districtAdmin, .facilitator)).get(
            SiteURL.trustResultsCSV(.key).pathComponents, use: resultsCSV)
        pages.grouped(RoleGuard(.districtAdmin)).get(SiteURL.trustItemsCSV(.key).pathComponents, use: itemsCSV)
        let admins = pages.grouped(RoleGuard(.districtAdmin))
        admins.get(SiteURL.trustQuestions.pathComponents, use: questions)
        admins.post(SiteURL.trustQuestions.pathComponents, use: addQuestion)
    }

    // MARK: a cohort's rounds

    @Sendable static func rounds(_ request: Request) async throws -> Response {
        try await renderRounds(request, form: .init(), problems: [], status: .ok)
    }

    private static func renderRounds(
        _ request: Request, form: TrustService.RoundForm, problems: [FieldProblem], status: HTTPResponseStatus
    ) async throws -> Response {
        let scope = try request.scope
        let cohort = try await scope.visibleCohort(try request.idParameter())
        let rounds = try await TrustService.rounds(of: cohort.requireID(), newestFirst: true, on: request.db)
        let participation = try await TrustService.participation(
            of: try rounds.map { try $0.requireID() }, cohortID: try cohort.requireID(), on: request.db)
        let rows = try rounds.map { round in
            TrustRoundsPage.Row(
                id: try round.requireID(), title: round.title, opensOn: round.opensOn, closesOn: round.closesOn,
                status: round.status(on: request.today), answered: participation.answered[try round.requireID()] ?? 0,
                eligible: participation.eligible)
        }
        let today = request.today
        let model = TrustRoundsPage.Model(
            cohortID: try cohort.requireID(), cohortName: cohort.name, rows: rows,
            canRun: try await scope.canRun(cohort),
            form: .init(
                title: form.title ?? "", opensOn: form.opensOn ?? today.description,
                closesOn: form.closesOn ?? today.adding(days: 14).description),
            problems: problems)
        return TrustRoundsPage.view(model, context: PageContext(request)).response(status: status)
    }

    @Sendable static func openRound(_ request: Request) async throws -> Response {
        let scope = try request.scope
        let cohort = try await scope.visibleCohort(try request.idParameter())
        let form = try request.content.decode(TrustService.RoundForm.self)
        do {
            let round = try await TrustService.open(form, cohort: cohort, scope: scope)
            return request.redirect(to: SiteURL.trustRound(.value(try round.requireID())).relativeURL(.done(.opened)))
        } catch let problem as ValidationProblem {
            return try await renderRounds(request, form: form, problems: problem.problems, status: .unprocessableEntity)
        }
    }

    // MARK: one round

    @Sendable static func round(_ request: Request) async throws -> Response {
        let scope = try request.scope
        let viewer = try request.viewer
        let (round, cohort) = try await TrustService.visibleRoundAndCohort(try request.idParameter(), scope: scope)
        let participation = try await TrustService.participation(round, answeredBy: viewer.userID, on: request.db)
        let isLeader = try await scope.viewerRoles(in: round.$cohort.id).contains(.leader)
        var results: TrustResultsView.Model?
        if let current = try await TrustService.summary(round, today: request.today, on: request.db) {
            let history = try await TrustService.history(
                upTo: current, cohortID: try cohort.requireID(), today: request.today, on: request.db)
            results = TrustResultsView.model(current, history: history)
        }
        let notice: String? =
            switch request.query[String.self, at: "done"] {
            case "opened": "The round is set up. Leaders see it on their home page while it is open."
            case "closed": "The round is closed. The results are below."
            case "answered": "Thank you. Your answers are saved without your name."
            default: nil
            }
        let model = TrustRoundPage.Model(
            id: try round.requireID(), title: round.title, cohortID: try cohort.requireID(), cohortName: cohort.name,
            opensOn: round.opensOn, closesOn: round.closesOn, status: round.status(on: request.today),
            instrumentVersion: round.instrumentVersion, answered: participation.answered,
            eligible: participation.eligible, canRun: try await scope.canRun(cohort),
            canExportItems: viewer.role == .districtAdmin,
            viewerIsLeader: isLeader,
            viewerHasAnswered: isLeader && participation.byUser,
            results: results, notice: notice)
        return TrustRoundPage.view(model, context: PageContext(request)).response()
    }

    @Sendable static func closeRound(_ request: Request) async throws -> Response {
        let scope = try request.scope
        let round = try await TrustService.visibleRound(try request.idParameter(), scope: scope)
        try await TrustService.close(round, scope: scope)
        return request.redirect(to: SiteURL.trustRound(.value(try round.requireID())).relativeURL(.done(.closed)))
    }

    // MARK: answering

    @Sendable static func answerForm(_ request: Request) async throws -> Response {
        try await renderAnswerForm(request, chosen: [:], written: [:], problems: [], status: .ok)
    }

    private static func renderAnswerForm(
        _ request: Request, chosen: [String: Int], written: [UUID: String], problems: [FieldProblem],
        status: HTTPResponseStatus
    ) async throws -> Response {
        let scope = try request.scope
        let viewer = try request.viewer
        let round = try await TrustService.visibleRound(try request.idParameter(), scope: scope)
        guard try await scope.viewerRoles(in: round.$cohort.id).contains(.leader) else {
            throw Abort(.notFound)
        }
        if try await TrustService.hasAnswered(round, userID: viewer.userID, on: request.db)
            || round.status(on: request.today) != .open
        {
            return request.redirect(to: SiteURL.trustRound(.value(try round.requireID())).relativeURL)
        }
        let questions = try await TrustService.openQuestions(of: round, on: request.db)
        let model = TrustAnswerPage.Model(
            roundID: try round.requireID(), title: round.title, instrument: TrustService.instrument,
            questions: try questions.map { (try $0.requireID(), $0.text) }, chosen: chosen, written: written,
            problems: problems)
        return TrustAnswerPage.view(model, context: PageContext(request)).response(status: status)
    }

    @Sendable static func answer(_ request: Request) async throws -> Response {
        let scope = try request.scope
        let round = try await TrustService.visibleRound(try request.idParameter(), scope: scope)
        let fields = try request.content.decode([String: String].self)
        var chosen: [String: Int] = [:]
        var written: [UUID: String] = [:]
        for (key, value) in fields {
            if key.hasPrefix("item-"), let number = Int(value) { chosen[String(key.dropFirst(5))] = number }
            if key.hasPrefix("open-"), let id = UUID(uuidString: String(key.dropFirst(5))) { written[id] = value }
        }
        do {
            try await TrustService.record(
                .init(answers: chosen, openAnswers: written), round: round, viewer: try request.viewer,
                today: request.today, on: request.db)
        } catch let problem as ValidationProblem {
            return try await renderAnswerForm(
                request, chosen: chosen, written: written, problems: problem.problems, status: .unprocessableEntity)
        }
        return request.redirect(to: SiteURL.trustRound(.value(try round.requireID())).relativeURL(.done(.answered)))
    }

    // MARK: exports

    @Sendable static func resultsCSV(_ request: Request) async throws -> Response {
        let scope = try request.scope
        let round = try await TrustService.visibleRound(try request.idParameter(), scope: scope)
        try await scope.requireRunner(of: try await scope.find(Cohort.self, round.$cohort.id))
        guard let results = try await TrustService.results(round, today: request.today, on: request.db) else {
            throw Abort(.conflict, reason: "Results exist once the round is closed.")
        }
        let text = TrustExport.resultsCSV(
            round: round.title, instrumentVersion: round.instrumentVersion, groups: results.groups)
        return Download.response(text, subType: "csv", filename: "trust-results.csv")
    }

    /// Item-level answers for district analysts: no identities, random response ids, and only for rounds
    /// whose whole cohort reached the minimum. The long form is the one `trellis trust analyze` reads.
    @Sendable static func itemsCSV(_ request: Request) async throws -> Response {
        let scope = try request.scope
        let round = try await TrustService.visibleRound(try request.idParameter(), scope: scope)
        guard let results = try await TrustService.results(round, today: request.today, on: request.db),
            !results.cohort.suppressed
        else {
            throw Abort(
                .conflict,
                reason:
                    "Item-level answers are exported only for closed rounds that reached the minimum number of responses."
            )
        }
        let instrument = TrustInstrument.version(round.instrumentVersion) ?? TrustService.instrument
        let answers = try await TrustService.answers(of: round, on: request.db)
        let text = TrustExport.itemsCSV(round: round.title, answers: answers, instrument: instrument)
        return Download.response(text, subType: "csv", filename: "trust-items.csv")
    }

    // MARK: open-ended questions

    @Sendable static func questions(_ request: Request) async throws -> Response {
        try await renderQuestions(request, text: "", problems: [], status: .ok)
    }

    private static func renderQuestions(
        _ request: Request, text: String, problems: [FieldProblem], status: HTTPResponseStatus
    ) async throws -> Response {
        let questions = try await TrustService.districtQuestions(scope: try request.scope).map(\.text)
        let model = TrustQuestionsPage.Model(questions: questions, text: text, problems: problems)
        return TrustQuestionsPage.view(model, context: PageContext(request)).response(status: status)
    }

    struct QuestionForm: Content {
        var text: String?
    }

    @Sendable static func addQuestion(_ request: Request) async throws -> Response {
        let scope = try request.scope
        let text = (try request.content.decode(QuestionForm.self).text ?? "").trimmingCharacters(
            in: .whitespacesAndNewlines)
        guard !text.isEmpty, text.count <= 300 else {
            return try await renderQuestions(
                request, text: text,
                problems: [.init(field: "text", message: "Question: write a question of up to 300 characters.")],
                status: .unprocessableEntity)
        }
        try await TrustService.addQuestion(text, scope: scope)
        return request.redirect(to: SiteURL.trustQuestions.relativeURL)
    }
}
