import Fluent
import Foundation
import TrellisCore
import Vapor

/// Forming communities in `/api/v1`: a leader's intake, the facilitator's proposal (propose, move,
/// publish) and the published communities. The same rules as the pages: kept-apart pairs are seen by
/// runners and by the person who named them only; drafts by runners only.
enum FormationAPIController {
    static func register(_ routes: RouteGroups) {
        let api = routes.api
        let runners = api.grouped(RoleGuard(.districtAdmin, .facilitator))
        api.get(SiteURL.api(.cohortIntake(.key)).pathComponents, use: intake)
        api.grouped(RoleGuard(.leader)).put(SiteURL.api(.cohortIntake(.key)).pathComponents, use: answerIntake)
        runners.get(SiteURL.api(.cohortProposal(.key)).pathComponents, use: proposal)
        runners.post(SiteURL.api(.cohortProposal(.key)).pathComponents, use: propose)
        runners.post(SiteURL.api(.cohortProposalMoves(.key)).pathComponents, use: move)
        runners.post(SiteURL.api(.cohortProposalPublishing(.key)).pathComponents, use: publish)
        api.get(SiteURL.api(.cohortCommunities(.key)).pathComponents, use: communities)
        api.get(SiteURL.api(.community(.key)).pathComponents, use: community)
        runners.patch(SiteURL.api(.community(.key)).pathComponents, use: updateCommunity)
    }

    // MARK: - Intake

    struct IntakeDTO: Content {
        struct Challenge: Content {
            var key: String
            var title: String
        }

        struct Answer: Content {
            var choices: [String]
            var keepApartFrom: [UUID]
        }

        struct Response: Content {
            var personId: UUID
            var choices: [String]
        }

        struct Pair: Content {
            var a: UUID
            var b: UUID
        }

        var cohortId: UUID
        var open: Bool
        var challenges: [Challenge]
        var answered: Int
        var eligible: Int
        /// The viewer's own answer, for the cohort's leaders.
        var mine: Answer?
        /// Everyone's choices and the kept-apart pairs, for the cohort's runners only.
        var responses: [Response]?
        var keptApart: [Pair]?
    }

    static func intakeDTO(_ cohort: Cohort, request: Request) async throws -> IntakeDTO {
        let scope = try request.scope
        let cohortID = try cohort.requireID()
        let viewerID = scope.viewer.userID
        let leaders = Set(try await scope.members(of: cohort, as: .leader).map(\.person.id))
        let responses = try await FormationService.intakeResponses(of: cohortID, on: request.db)
            .filter { leaders.contains($0.$user.id) }
        let isRunner = try await scope.canRun(cohort)
        var mine: IntakeDTO.Answer?
        if leaders.contains(viewerID) {
            let apart = try await IntakeService.keptApart(namedBy: viewerID, in: cohortID, on: request.db)
            mine = .init(
                choices: responses.first { $0.$user.id == viewerID }?.choices ?? [],
                keepApartFrom: apart.map { $0.$personB.id })
        }
        let pairs = isRunner ? try await FormationService.keptApartPairs(of: cohortID, on: request.db) : []
        return IntakeDTO(
            cohortId: cohortID, open: try await IntakeService.isOpen(cohortID, on: request.db),
            challenges: try await IntakeService.challenges(of: cohortID, on: request.db).map {
                .init(key: $0.key, title: $0.title)
            },
            answered: responses.filter { !$0.choices.isEmpty }.count, eligible: leaders.count, mine: mine,
            responses: isRunner ? responses.map { .init(personId: $0.$user.id, choices: $0.choices) } : nil,
            keptApart: isRunner ? pairs.map { .init(a: $0.$personA.id, b: $0.$personB.id) } : nil)
    }

    @Sendable static func intake(_ request: Request) async throws -> IntakeDTO {
        let cohort = try await request.scope.visibleCohort(try request.idParameter())
        return try await intakeDTO(cohort, request: request)
    }

    struct IntakeBody: Content {
        var choices: [String]
        var keepApartFrom: [String]?
    }

    @Sendable static func answerIntake(_ request: Request) async throws -> IntakeDTO {
        let cohort = try await IntakeService.leaderCohort(try request.idParameter(), scope: try request.scope)
        try request.requireJSONBody()
        let body = try request.content.decode(IntakeBody.self)
        try await IntakeService.record(
            choices: body.choices, apart: body.keepApartFrom ?? [], cohort: cohort, viewer: try request.viewer,
            on: request.db)
        return try await intakeDTO(cohort, request: request)
    }

    // MARK: - Proposal

    struct ScoreDTO: Content {
        var total: Int
        var preference: Int
        var mix: Int
        var sameSchoolPairs: Int

        init(_ score: FormationScore) {
            total = score.total
            preference = score.preference
            mix = score.mix
            sameSchoolPairs = score.sameSchoolPairs
        }
    }

    struct ProposalDTO: Content {
        struct Member: Content {
            var personId: UUID
            var name: String
            var reasons: String
        }

        struct Draft: Content {
            var id: UUID
            var name: String
            var focus: String
            var focusTitle: String
            var score: ScoreDTO
            var members: [Member]
        }

        var cohortId: UUID
        var smallest: Int
        var largest: Int
        /// Absent until a proposal has been made.
        var score: ScoreDTO?
        /// Broken hard constraints; publishing is refused while there are any.
        var violations: [String]
        var communities: [Draft]
    }

    static func proposalDTO(_ cohort: Cohort, on db: any Database) async throws -> ProposalDTO {
        let review = try await FormationService.review(of: cohort, on: db)
        let sizes = review.drafts.first?.community.sizes ?? FormationRequest.advisedSizes
        return ProposalDTO(
            cohortId: try cohort.requireID(), smallest: sizes.lowerBound, largest: sizes.upperBound,
            score: review.evaluation.map { ScoreDTO($0.score) },
            violations: review.evaluation?.violations.map(\.message) ?? [],
            communities: try review.drafts.enumerated().map { index, draft in
                ProposalDTO.Draft(
                    id: try draft.community.requireID(), name: draft.community.name, focus: draft.community.focus,
                    focusTitle: review.input.request.titles[draft.community.focus] ?? draft.community.focus,
                    score: ScoreDTO(review.evaluation?.communities[index].score ?? FormationScore()),
                    members: draft.members.compactMap { member in
                        UUID(uuidString: member).map { id in
                            .init(
                                personId: id, name: review.input.names[member] ?? "",
                                reasons: FormationReasonVoice.aboutSomeoneElse(review.reasons[id] ?? ""))
                        }
                    })
            })
    }

    @Sendable static func proposal(_ request: Request) async throws -> ProposalDTO {
        try await proposalDTO(
            try await FormationService.runnerCohort(try request.idParameter(), scope: try request.scope), on: request.db
        )
    }

    struct ProposeBody: Content {
        var communities: Int?
        var smallest: Int?
        var largest: Int?
    }

    @Sendable static func propose(_ request: Request) async throws -> Response {
        let cohort = try await FormationService.runnerCohort(try request.idParameter(), scope: try request.scope)
        try request.requireJSONBody()
        let body = try request.content.decode(ProposeBody.self)
        let smallest = body.smallest ?? FormationRequest.advisedSizes.lowerBound
        let largest = body.largest ?? FormationRequest.advisedSizes.upperBound
        var problems: [FieldProblem] = []
        if smallest < 1 { problems.append(.init(field: "smallest", message: "smallest: at least 1")) }
        if largest < smallest {
            problems.append(.init(field: "largest", message: "largest: no smaller than smallest (\(smallest))"))
        }
        if let count = body.communities, count < 1 {
            problems.append(.init(field: "communities", message: "communities: at least 1"))
        }
        guard problems.isEmpty else { throw ValidationProblem(problems) }
        try await FormationService.propose(
            cohort: cohort, sizes: smallest...largest, count: body.communities, on: request.db)
        return try .created(
            try await proposalDTO(cohort, on: request.db),
            at: SiteURL.api(.cohortProposal(.value(try cohort.requireID()))))
    }

    struct MoveBody: Content {
        var personId: UUID
        var communityId: UUID
    }

    @Sendable static func move(_ request: Request) async throws -> ProposalDTO {
        let cohort = try await FormationService.runnerCohort(try request.idParameter(), scope: try request.scope)
        try request.requireJSONBody()
        let body = try request.content.decode(MoveBody.self)
        try await FormationService.move(body.personId, to: body.communityId, cohort: cohort, on: request.db)
        return try await proposalDTO(cohort, on: request.db)
    }

    @Sendable static func publish(_ request: Request) async throws -> ItemList<CommunityDTO> {
        let cohort = try await FormationService.runnerCohort(try request.idParameter(), scope: try request.scope)
        try await FormationService.publish(cohort: cohort, now: request.now, on: request.db)
        return try await communityList(cohort, request: request)
    }

    // MARK: - Communities

    struct CommunityDTO: Content {
        struct Member: Content {
            var personId: UUID
            var givenName: String
            var familyName: String
            var schoolId: UUID?
        }

        var id: UUID
        var cohortId: UUID
        var name: String
        var focus: String
        var facilitatorId: UUID?
        var members: [Member]

        init(_ community: Community, members: [CommunityMember]) throws {
            id = try community.requireID()
            cohortId = community.$cohort.id
            name = community.name
            focus = community.focus
            facilitatorId = community.$facilitator.id
            self.members = try members.map {
                .init(
                    personId: try $0.person.id, givenName: $0.person.givenName, familyName: $0.person.familyName,
                    schoolId: $0.person.schoolID)
            }
        }
    }

    static func communityList(_ cohort: Cohort, request: Request) async throws -> ItemList<CommunityDTO> {
        let scope = try request.scope
        let communities = try await scope.publishedCommunities(of: cohort)
        let members = try await scope.communityMembers(of: communities.compactMap(\.id))
        return ItemList(items: try communities.map { try CommunityDTO($0, members: members[$0.id ?? UUID()] ?? []) })
    }

    @Sendable static func communities(_ request: Request) async throws -> ItemList<CommunityDTO> {
        try await communityList(try await request.scope.visibleCohort(try request.idParameter()), request: request)
    }

    @Sendable static func community(_ request: Request) async throws -> CommunityDTO {
        let scope = try request.scope
        let (community, _) = try await scope.visibleCommunity(try request.idParameter())
        let id = try community.requireID()
        return try CommunityDTO(community, members: try await scope.communityMembers(of: [id])[id] ?? [])
    }

    /// `{"name": "..."}` renames; `{"facilitatorId": "..."}` chooses the facilitator, `null` takes them away.
    struct CommunityChange: Content {
        var name: String?
        var facilitatorId: UUID??

        enum CodingKeys: String, CodingKey { case name, facilitatorId }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decodeIfPresent(String.self, forKey: .name)
            if container.contains(.facilitatorId) {
                facilitatorId = .some(
                    try container.decodeNil(forKey: .facilitatorId)
                        ? nil : try container.decode(UUID.self, forKey: .facilitatorId))
            }
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encodeIfPresent(name, forKey: .name)
            if let facilitatorId { try container.encode(facilitatorId, forKey: .facilitatorId) }
        }
    }

    @Sendable static func updateCommunity(_ request: Request) async throws -> CommunityDTO {
        let scope = try request.scope
        let (community, cohort) = try await scope.visibleCommunity(try request.idParameter())
        try request.requireJSONBody()
        let change = try request.content.decode(CommunityChange.self)
        try await CommunityService.update(
            community, cohort: cohort, with: .init(name: change.name, facilitatorID: change.facilitatorId),
            scope: scope)
        let id = try community.requireID()
        return try CommunityDTO(community, members: try await scope.communityMembers(of: [id])[id] ?? [])
    }
}
