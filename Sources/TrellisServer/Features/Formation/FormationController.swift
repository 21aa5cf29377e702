import Fluent
import Foundation
import TrellisCore
import Vapor

/// The facilitator's side of forming communities: the challenges leaders rank, who answered, pairs to
/// keep apart, the engine's proposal with every leader's reasons, moves, and publishing.
enum FormationController {
    static func register(_ routes: RouteGroups) {
        let pages = routes.pages
        let runners = pages.grouped(RoleGuard(.districtAdmin, .facilitator))
        runners.get(SiteURL.cohortFormation(.key).pathComponents, use: page)
        runners.post(SiteURL.cohortFormationStep(.key, .challenges).pathComponents, use: addChallenges)
        runners.post(SiteURL.cohortFormationStep(.key, .apart).pathComponents, use: addPair)
        runners.post(SiteURL.cohortFormationStep(.key, .apartRemoval).pathComponents, use: removePair)
        runners.post(SiteURL.cohortFormationStep(.key, .proposal).pathComponents, use: propose)
        runners.post(SiteURL.cohortFormationStep(.key, .move).pathComponents, use: move)
        runners.post(SiteURL.cohortFormationStep(.key, .publish).pathComponents, use: publish)
    }

    @Sendable static func page(_ request: Request) async throws -> Response {
        try await render(request, problems: [], status: .ok)
    }

    static func render(
        _ request: Request, problems: [FieldProblem], status: HTTPResponseStatus, proposalForm: ProposalForm? = nil
    ) async throws -> Response {
        let cohort = try await FormationService.runnerCohort(try request.idParameter(), scope: try request.scope)
        let cohortID = try cohort.requireID()
        let db = request.db
        // the review reads the cohort's leaders, their choices, the challenges and the pairs kept apart
        // for the engine; the page shows the same, read once
        let review = try await FormationService.review(of: cohort, on: db)
        let challenges = review.input.challenges
        let titles = Dictionary(challenges.map { ($0.key, $0.title) }, uniquingKeysWith: { first, _ in first })
        let leaders = review.input.leaders
        let choices = review.input.choices
        let names = Dictionary(
            leaders.map { person in (person.id, person.fullName) }, uniquingKeysWith: { first, _ in first })
        let pairs = review.input.keptApart
        let evaluated = review.evaluation
        let reasons = review.reasons
        let published = try await request.scope.publishedCommunities(of: cohort)
        let publishedMembers = try await request.scope.communityMembers(of: published.compactMap(\.id))
        let sizes = review.drafts.first?.community.sizes ?? FormationRequest.advisedSizes
        let model = FormationPage.Model(
            cohortID: cohortID, cohortName: cohort.name,
            proposalForm: proposalForm
                ?? ProposalForm(
                    communities: review.drafts.isEmpty ? "" : String(review.drafts.count),
                    smallest: String(sizes.lowerBound), largest: String(sizes.upperBound)),
            challenges: challenges.map { ($0.key, $0.title) },
            intake: leaders.map { person in
                (person.fullName, (choices[person.id] ?? []).map { titles[$0] ?? $0 })
            },
            pairs: pairs.map { pair in
                (
                    pair.id ?? UUID(),
                    "\(names[pair.$personA.id] ?? "someone") and \(names[pair.$personB.id] ?? "someone")"
                )
            },
            people: leaders.map { person in (UUIDText.lowercased(person.id), person.sortName) },
            drafts: review.drafts.enumerated().map { index, draft in
                FormationPage.Draft(
                    id: draft.0.id ?? UUID(), name: draft.0.name, focus: titles[draft.0.focus] ?? draft.0.focus,
                    score: evaluated?.communities[index].score.total ?? 0,
                    members: draft.1.compactMap { UUID(uuidString: $0) }.map { id in
                        (id, names[id] ?? "someone", FormationReasonVoice.aboutSomeoneElse(reasons[id] ?? ""))
                    })
            },
            score: evaluated?.score, violations: evaluated?.violations.map(\.message) ?? [],
            published: published.map { community in
                (
                    community.id ?? UUID(), community.name,
                    (publishedMembers[community.id ?? UUID()] ?? []).map(\.person.fullName)
                )
            },
            ended: try await request.scope.endedCommunities(of: cohort).compactMap { community in
                community.id.map { ($0, community.name) }
            },
            problems: problems)
        return FormationPage.view(model, context: PageContext(request)).response(status: status)
    }

    private static func redirect(_ request: Request, _ cohort: Cohort) throws -> Response {
        request.redirect(to: SiteURL.cohortFormation(.value(try cohort.requireID())).relativeURL)
    }

    struct ChallengeForm: Content {
        var title: String?
        var standard: String?
    }

    /// Adds the standard list, or one challenge of the facilitator's own.
    @Sendable static func addChallenges(_ request: Request) async throws -> Response {
        let cohort = try await FormationService.runnerCohort(try request.idParameter(), scope: try request.scope)
        let cohortID = try cohort.requireID()
        let form = try request.content.decode(ChallengeForm.self)
        let existing = try await IntakeService.challenges(of: cohortID, on: request.db)
        var adding: [StandardChallenges.Challenge] = []
        if form.standard != nil {
            adding = StandardChallenges.all
        } else {
            let title = (form.title ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            let key = StandardChallenges.key(for: title)
            guard !title.isEmpty, title.count <= 160, !key.isEmpty else {
                return try await render(
                    request,
                    problems: [.init(field: "title", message: "Challenge: describe it in up to 160 characters.")],
                    status: .unprocessableEntity)
            }
            adding = [.init(key: key, title: title)]
        }
        try await FormationService.addChallenges(adding, to: cohortID, existing: existing, on: request.db)
        return try redirect(request, cohort)
    }

    struct PairForm: Content {
        var personA: String?
        var personB: String?
    }

    @Sendable static func addPair(_ request: Request) async throws -> Response {
        let cohort = try await FormationService.runnerCohort(try request.idParameter(), scope: try request.scope)
        let form = try request.content.decode(PairForm.self)
        let leaders = Set(
            try await request.scope.members(of: cohort, as: .leader).map(\.person.id))
        guard let a = form.personA.flatMap(UUID.init(uuidString:)),
            let b = form.personB.flatMap(UUID.init(uuidString:)),
            a != b, leaders.contains(a), leaders.contains(b)
        else {
            return try await render(
                request,
                problems: [
                    .init(field: "personA", message: "Keep apart: choose two different leaders of this cohort.")
                ], status: .unprocessableEntity)
        }
        try await FormationService.keepApart(
            a, b, in: try cohort.requireID(), namedBy: try request.viewer.userID, on: request.db)
        return try redirect(request, cohort)
    }

    struct PairRemoval: Content {
        var pair: String?
    }

    /// Takes a kept-apart pair away, whoever named it.
    @Sendable static func removePair(_ request: Request) async throws -> Response {
        let cohort = try await FormationService.runnerCohort(try request.idParameter(), scope: try request.scope)
        let form = try request.content.decode(PairRemoval.self)
        guard let id = form.pair.flatMap(UUID.init(uuidString:)),
            let pair = try await FormationService.keptApartPair(id, in: cohort.requireID(), on: request.db)
        else { throw Abort(.notFound) }
        try await FormationService.removeKeptApartPair(pair, on: request.db)
        return try redirect(request, cohort)
    }

    struct ProposalForm: Content, Sendable {
        var communities: String?
        var smallest: String?
        var largest: String?
    }

    @Sendable static func propose(_ request: Request) async throws -> Response {
        let cohort = try await FormationService.runnerCohort(try request.idParameter(), scope: try request.scope)
        let form = try request.content.decode(ProposalForm.self)
        let trimmed = { (text: String?) in (text ?? "").trimmingCharacters(in: .whitespaces) }
        var problems: [FieldProblem] = []
        let count = trimmed(form.communities).isEmpty ? nil : Int(trimmed(form.communities))
        if !trimmed(form.communities).isEmpty && (count ?? 0) < 1 {
            problems.append(
                .init(field: "communities", message: "Number of communities: a whole number, at least 1, or empty."))
        }
        let smallest = Int(trimmed(form.smallest))
        let largest = Int(trimmed(form.largest))
        if (smallest ?? 0) < 1 {
            problems.append(.init(field: "smallest", message: "Smallest community: a whole number, at least 1."))
        }
        if let smallest, let largest, largest >= smallest {
        } else {
            problems.append(
                .init(field: "largest", message: "Largest community: a whole number, no smaller than the smallest."))
        }
        if problems.isEmpty, let smallest, let largest {
            do {
                try await FormationService.propose(
                    cohort: cohort, sizes: smallest...largest, count: count, on: request.db)
                return try redirect(request, cohort)
            } catch let problem as ValidationProblem {
                problems = problem.problems
            }
        }
        return try await render(request, problems: problems, status: .unprocessableEntity, proposalForm: form)
    }

    struct MoveForm: Content {
        var person: String?
        var community: String?
    }

    @Sendable static func move(_ request: Request) async throws -> Response {
        let cohort = try await FormationService.runnerCohort(try request.idParameter(), scope: try request.scope)
        let form = try request.content.decode(MoveForm.self)
        guard let person = form.person.flatMap(UUID.init(uuidString:)),
            let community = form.community.flatMap(UUID.init(uuidString:))
        else { throw Abort(.unprocessableEntity, reason: "Choose a leader and a community.") }
        try await FormationService.move(person, to: community, cohort: cohort, on: request.db)
        return try redirect(request, cohort)
    }

    struct PublishForm: Content {
        var confirm: String?
    }

    /// The first publish happens at once; a later one first shows what it changes and asks to confirm.
    @Sendable static func publish(_ request: Request) async throws -> Response {
        let cohort = try await FormationService.runnerCohort(try request.idParameter(), scope: try request.scope)
        let confirmed = (try? request.content.decode(PublishForm.self).confirm) == "yes"
        do {
            if !confirmed {
                let preview = try await FormationService.publishPreview(cohort: cohort, on: request.db)
                if preview.replacesPublished {
                    let model = PublishConfirmationPage.Model(
                        cohortID: try cohort.requireID(), cohortName: cohort.name, preview: preview)
                    return PublishConfirmationPage.view(model, context: PageContext(request)).response()
                }
            }
            try await FormationService.publish(cohort: cohort, now: request.now, on: request.db)
        } catch let problem as ValidationProblem {
            return try await render(request, problems: problem.problems, status: .unprocessableEntity)
        }
        return try redirect(request, cohort)
    }
}
