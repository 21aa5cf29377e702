import Fluent
import Foundation
import TrellisCore
import Vapor

/// Learning between meetings through the API: a community's cycles and pairs (its members and
/// facilitators), a leader's commitments, insights and debriefs (their own), the counts, and the
/// activities a community drafts. A private insight answers 404 to anyone but its author.
enum PracticeAPIController {
    static func register(_ routes: RouteGroups) {
        let api = routes.api
        api.get(SiteURL.api(.communityCycles(.key)).pathComponents, use: cycles)
        api.get(SiteURL.api(.communityPairs(.key)).pathComponents, use: pairs)
        api.get(SiteURL.api(.communityActivities(.key)).pathComponents, use: activities)
        api.post(SiteURL.api(.communityActivities(.key)).pathComponents, use: draftActivity)
        api.post(SiteURL.api(.cycleCommitments(.key)).pathComponents, use: commit)
        api.post(SiteURL.api(.cycleDebriefs(.key)).pathComponents, use: debrief)
        api.get(SiteURL.api(.cycleCounts(.key)).pathComponents, use: counts)
        api.get(SiteURL.api(.commitment(.key)).pathComponents, use: commitment)
        api.patch(SiteURL.api(.commitment(.key)).pathComponents, use: mark)
        api.post(SiteURL.api(.commitmentInsight(.key)).pathComponents, use: capture)
        api.get(SiteURL.api(.insight(.key)).pathComponents, use: insight)
        api.put(SiteURL.api(.insightSharing(.key)).pathComponents, use: sharing)
        api.get(SiteURL.api(.activity(.key)).pathComponents, use: activity)
        api.put(SiteURL.api(.activity(.key)).pathComponents, use: editActivity)
        api.post(SiteURL.api(.activityAdoption(.key)).pathComponents, use: adopt)
    }

    // MARK: - Cycles and pairs

    struct CycleDTO: Content {
        var id: UUID
        var number: Int
        /// When the meeting that opens the cycle starts, and the one that closes it.
        var start: Date
        var end: Date
        /// Who debriefs with whom: groups of two, one of three when the community has an odd number.
        var groups: [[UUID]]
    }

    static func ids(_ groups: [PeerGroup]) -> [[UUID]] {
        groups.map { $0.members.compactMap(UUIDText.parse) }
    }

    @Sendable static func cycles(_ request: Request) async throws -> ItemList<CycleDTO> {
        let scope = try request.scope
        let access = try await scope.practice(of: try request.idParameter())
        let cycles = try await PracticeService.cycles(of: access, scope: scope)
        let schedule = try await PracticeService.schedule(
            cycles, access: access, now: request.now, through: cycles.last?.number ?? 0, on: scope.database)
        return ItemList(
            items: cycles.map { cycle in
                CycleDTO(
                    id: cycle.id, number: cycle.number, start: cycle.cycle.start, end: cycle.cycle.end,
                    groups: ids(schedule.groups(of: cycle.number)))
            })
    }

    /// The current cycle's groups and those of the `cycles − 1` after it, past the last scheduled meeting
    /// too: a bare array, one array of groups per cycle.
    @Sendable static func pairs(_ request: Request) async throws -> Response {
        let scope = try request.scope
        let access = try await scope.practice(of: try request.idParameter())
        let text = request.query[String.self, at: "cycles"] ?? "1"
        guard let count = Int(text), (1...52).contains(count) else {
            throw ValidationProblem(field: "cycles", "cycles: a whole number from 1 to 52 (how many cycles to list).")
        }
        let cycles = try await PracticeService.cycles(of: access, scope: scope)
        let first = PracticeCycles.currentNumber(cycles.map(\.cycle), now: request.now)
        let schedule = try await PracticeService.schedule(
            cycles, access: access, now: request.now, through: first + count - 1, on: scope.database)
        let response = Response(status: .ok)
        try response.content.encode((first..<(first + count)).map { ids(schedule.groups(of: $0)) }, as: .json)
        return response
    }

    struct CountsDTO: Content {
        var cycleId: UUID
        var members: Int
        var committed: Int
        var tried: Int
        var captured: Int
        var debriefed: Int
        var sharedInsights: Int
    }

    @Sendable static func counts(_ request: Request) async throws -> CountsDTO {
        let scope = try request.scope
        let (cycle, _, access) = try await scope.practiceCycle(try request.idParameter())
        let counts =
            try await PracticeService.counts(of: [cycle.id], access: access, on: scope.database)[cycle.id]
            ?? .init(members: access.members.count)
        return CountsDTO(
            cycleId: cycle.id, members: counts.members, committed: counts.committed, tried: counts.tried,
            captured: counts.captured, debriefed: counts.debriefed, sharedInsights: counts.sharedInsights)
    }

    // MARK: - Commitments

    struct CommitmentDTO: Content {
        var id: UUID
        var cycleId: UUID
        var authorId: UUID
        var text: String
        var prediction: String
        var questionId: UUID?
        var resourceId: UUID?
        var activityId: UUID?
        var traitIds: [UUID]
        var shared: Bool
        var status: String
        var triedOn: String?
        var reason: String
        /// Its insight, when there is one the reader may read.
        var insightId: UUID?
    }

    static func dto(_ commitment: Commitment, insight: UUID?) throws -> CommitmentDTO {
        CommitmentDTO(
            id: try commitment.requireID(), cycleId: commitment.$cycle.id, authorId: commitment.authorID,
            text: commitment.text, prediction: commitment.prediction, questionId: commitment.questionID,
            resourceId: commitment.resourceID, activityId: commitment.activityID,
            traitIds: commitment.traitIDs.split(separator: ",").compactMap { UUIDText.parse(String($0)) },
            shared: commitment.shared, status: commitment.status.rawValue, triedOn: commitment.triedOn,
            reason: commitment.reason, insightId: insight)
    }

    struct NewCommitment: Content {
        var text: String?
        var prediction: String?
        var questionId: UUID?
        var resourceId: UUID?
        var activityId: UUID?
        var traitIds: [UUID]?
        var shared: Bool?
    }

    @Sendable static func commit(_ request: Request) async throws -> Response {
        let scope = try request.scope
        let (cycle, _, access) = try await scope.practiceCycle(try request.idParameter())
        try request.requireJSONBody()
        let body = try request.content.decode(NewCommitment.self)
        let links = try await PracticeService.links(for: access, scope: scope)
        let commitment = try await PracticeService.commit(
            .init(
                text: body.text ?? "", prediction: body.prediction ?? "", questionID: body.questionId,
                resourceID: body.resourceId, activityID: body.activityId, traitIDs: body.traitIds ?? [],
                shared: body.shared ?? false),
            in: cycle, access: access, links: links, now: request.now, on: scope.database)
        return try .created(
            try dto(commitment, insight: nil), at: .api(.commitment(.value(try commitment.requireID()))))
    }

    /// The reader's view of a commitment: its insight's id only when they may read the insight.
    static func readable(_ commitment: Commitment, scope: DistrictScope) async throws -> CommitmentDTO {
        let id = try commitment.requireID()
        let insight = try await Insight.query(on: scope.database).filter(\.$commitment.$id == id).first()
        var readable: UUID?
        if let insight, let insightID = insight.id {
            readable = (try? await PracticeService.insight(insightID, scope: scope)) == nil ? nil : insightID
        }
        return try dto(commitment, insight: readable)
    }

    @Sendable static func commitment(_ request: Request) async throws -> CommitmentDTO {
        let scope = try request.scope
        let (commitment, _, _, _) = try await PracticeService.commitment(try request.idParameter(), scope: scope)
        return try await readable(commitment, scope: scope)
    }

    struct Marking: Content {
        var status: String?
        var triedOn: String?
        var reason: String?
        var shared: Bool?
    }

    @Sendable static func mark(_ request: Request) async throws -> CommitmentDTO {
        let scope = try request.scope
        let (commitment, _, _, access) = try await PracticeService.commitment(try request.idParameter(), scope: scope)
        try request.requireJSONBody()
        let body = try request.content.decode(Marking.self)
        guard body.status != nil || body.shared != nil else {
            throw ValidationProblem(field: "status", "status: tried, changed or not-tried (or shared: true or false).")
        }
        if let text = body.status {
            guard let status = CommitmentStatus(rawValue: text), status != .planned else {
                throw ValidationProblem(field: "status", "status: tried, changed or not-tried.")
            }
            try await PracticeService.mark(
                commitment, status: status, triedOn: body.triedOn ?? "", reason: body.reason ?? "",
                today: request.today, access: access, on: scope.database)
        }
        if let shared = body.shared {
            try await PracticeService.share(commitment, shared, access: access, on: scope.database)
        }
        return try await readable(commitment, scope: scope)
    }

    // MARK: - Insights

    struct InsightDTO: Content {
        var id: UUID
        var commitmentId: UUID
        var happened: String
        var learned: String
        var decision: String
        var sharing: String
    }

    static func dto(_ insight: Insight) throws -> InsightDTO {
        InsightDTO(
            id: try insight.requireID(), commitmentId: insight.$commitment.id, happened: insight.happened,
            learned: insight.learned, decision: insight.decision.rawValue, sharing: insight.sharing.rawValue)
    }

    struct NewInsight: Content {
        var happened: String?
        var learned: String?
        var decision: String?
    }

    @Sendable static func capture(_ request: Request) async throws -> Response {
        let scope = try request.scope
        let (commitment, _, _, access) = try await PracticeService.commitment(try request.idParameter(), scope: scope)
        try request.requireJSONBody()
        let body = try request.content.decode(NewInsight.self)
        let insight = try await PracticeService.capture(
            commitment, happened: body.happened ?? "", learned: body.learned ?? "", decision: body.decision,
            access: access, now: request.now, on: scope.database)
        return try .created(try dto(insight), at: .api(.insight(.value(try insight.requireID()))))
    }

    @Sendable static func insight(_ request: Request) async throws -> InsightDTO {
        let (insight, _, _, _) = try await PracticeService.insight(try request.idParameter(), scope: try request.scope)
        return try dto(insight)
    }

    struct Sharing: Content {
        var sharing: String?
    }

    @Sendable static func sharing(_ request: Request) async throws -> InsightDTO {
        let scope = try request.scope
        let (insight, commitment, _, access) = try await PracticeService.insight(
            try request.idParameter(), scope: scope)
        try request.requireJSONBody()
        let body = try request.content.decode(Sharing.self)
        guard let sharing = body.sharing.flatMap(InsightSharing.init(rawValue:)) else {
            throw ValidationProblem(field: "sharing", "sharing: private, peer or community.")
        }
        try await PracticeService.setSharing(insight, sharing, of: commitment, access: access, on: scope.database)
        return try dto(insight)
    }

    // MARK: - Debriefs

    struct DebriefDTO: Content {
        var cycleId: UUID
        var members: [UUID]
        var heldOn: String?
        var notes: String
    }

    struct NewDebrief: Content {
        var heldOn: String?
        var notes: String?
    }

    @Sendable static func debrief(_ request: Request) async throws -> DebriefDTO {
        let scope = try request.scope
        let (cycle, cycles, access) = try await scope.practiceCycle(try request.idParameter())
        try request.requireJSONBody()
        let body = try request.content.decode(NewDebrief.self)
        let schedule = try await PracticeService.schedule(
            cycles, access: access, now: request.now, through: cycle.number, on: scope.database)
        try await PracticeService.recordDebrief(
            in: cycle, schedule: schedule, heldOn: body.heldOn, notes: body.notes ?? "", access: access,
            today: request.today, now: request.now, on: scope.database)
        let group = schedule.group(of: access.viewerID, in: cycle.number)
        let debrief = try await PracticeService.debriefs(in: cycle.id, access: access, on: scope.database).first {
            $0.group == group
        }
        return DebriefDTO(
            cycleId: cycle.id, members: group?.members.compactMap(UUIDText.parse) ?? [], heldOn: debrief?.heldOn,
            notes: debrief?.notes ?? "")
    }

    // MARK: - Activities

    struct ActivityDTO: Content {
        var id: UUID
        var communityId: UUID
        var title: String
        var purpose: String
        var steps: String
        var evidence: String
        var traitIds: [UUID]
        /// Send it back with an edit: an edit made on an older version is refused (409).
        var version: Int
        var adopted: Bool
    }

    static func dto(_ activity: LeadershipActivity) throws -> ActivityDTO {
        let draft = activity.draft
        return ActivityDTO(
            id: try activity.requireID(), communityId: activity.$community.id, title: draft.title,
            purpose: draft.purpose, steps: draft.steps, evidence: draft.evidence,
            traitIds: draft.traitIDs.compactMap(UUIDText.parse), version: activity.version,
            adopted: activity.adoptedAt != nil)
    }

    struct ActivityBody: Content {
        var title: String?
        var purpose: String?
        var steps: String?
        var evidence: String?
        var traitIds: [UUID]?
        var version: Int?

        var draft: ActivityDraft {
            ActivityDraft(
                title: title ?? "", purpose: purpose ?? "", steps: steps ?? "", evidence: evidence ?? "",
                traitIDs: (traitIds ?? []).map(PracticeService.key))
        }
    }

    @Sendable static func activities(_ request: Request) async throws -> ItemList<ActivityDTO> {
        let scope = try request.scope
        let access = try await scope.practice(of: try request.idParameter())
        return ItemList(items: try await PracticeService.activities(of: access, on: scope.database).map(dto))
    }

    @Sendable static func draftActivity(_ request: Request) async throws -> Response {
        let scope = try request.scope
        let access = try await scope.practice(of: try request.idParameter())
        try request.requireJSONBody()
        let body = try request.content.decode(ActivityBody.self)
        let activity = try await PracticeService.draftActivity(
            body.draft, access: access, traits: try await PracticeController.traitIDs(scope), now: request.now,
            on: scope.database)
        return try .created(try dto(activity), at: .api(.activity(.value(try activity.requireID()))))
    }

    @Sendable static func activity(_ request: Request) async throws -> ActivityDTO {
        try dto(try await PracticeService.activity(try request.idParameter(), scope: try request.scope).0)
    }

    @Sendable static func editActivity(_ request: Request) async throws -> Response {
        let scope = try request.scope
        let (activity, access) = try await PracticeService.activity(try request.idParameter(), scope: scope)
        guard access.isMember else {
            throw Abort(.forbidden, reason: "The community's members edit its draft activities.")
        }
        try request.requireJSONBody()
        let body = try request.content.decode(ActivityBody.self)
        guard let version = body.version else {
            throw ValidationProblem(field: "version", "version: the version your edit was made on, from a GET.")
        }
        do {
            try await PracticeService.edit(
                activity, to: body.draft, madeOn: version, access: access,
                traits: try await PracticeController.traitIDs(scope), now: request.now, on: scope.database)
        } catch is PracticeService.StaleEdit {
            throw Abort(
                .conflict,
                reason:
                    "version: someone saved this draft since version \(version); GET it, merge your change and send it again. Nothing was changed."
            )
        }
        let saved = try await PracticeService.activity(try activity.requireID(), scope: scope).0
        let response = Response(status: .ok)
        try response.content.encode(try dto(saved), as: .json)
        return response
    }

    @Sendable static func adopt(_ request: Request) async throws -> ActivityDTO {
        let scope = try request.scope
        let (activity, access) = try await PracticeService.activity(try request.idParameter(), scope: scope)
        try await PracticeService.adopt(activity, access: access, now: request.now, on: scope.database)
        return try dto(activity)
    }
}
