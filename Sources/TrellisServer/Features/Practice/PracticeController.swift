import Fluent
import Foundation
import TrellisCore
import Vapor

/// Learning between meetings, in the browser: a community's cycles and pairs, one cycle's commitments,
/// insights and debriefs, the activities a community drafts together, and the cohort's counts.
enum PracticeController {
    static func register(_ routes: RouteGroups) {
        let pages = routes.pages
        pages.get(SiteURL.communityPractice(.key).pathComponents, use: communityPage)
        pages.post(SiteURL.communityActivities(.key).pathComponents, use: draftActivity)
        pages.post(SiteURL.communityStage(.key).pathComponents, use: setStage)
        pages.get(SiteURL.cohortPractice(.key).pathComponents, use: cohortPage)
        pages.get(SiteURL.practiceCycle(.key).pathComponents, use: cyclePage)
        for step in SiteURL.CycleStep.allCases {
            pages.post(SiteURL.practiceCycleStep(.key, step).pathComponents) { request in
                try await cycleStep(request, step)
            }
        }
        pages.post(SiteURL.commitment(.key).pathComponents, use: commitmentChange)
        pages.post(SiteURL.commitmentInsight(.key).pathComponents, use: capture)
        pages.post(SiteURL.insightSharing(.key).pathComponents, use: sharing)
        pages.get(SiteURL.activity(.key).pathComponents, use: activityPage)
        pages.post(SiteURL.activity(.key).pathComponents, use: editActivity)
        pages.post(SiteURL.activityAdoption(.key).pathComponents, use: adopt)
    }

    static let notices: [SiteURL.Done: String] = [
        .committed: "Your commitment is saved.", .marked: "Saved how it went.", .captured: "Your insight is saved.",
        .shared: "Sharing saved.", .debriefed: "Your debrief is saved.", .swapped: "The two have swapped places.",
        .drafted: "The draft is saved.", .saved: "Saved.", .adopted: "The community adopted it.",
    ]

    static func notice(_ request: Request) -> String? {
        (request.query[String.self, at: "done"]).flatMap(SiteURL.Done.init(rawValue:)).flatMap { notices[$0] }
    }

    static func decisionSummary(_ counts: [InsightDecision: Int]?) -> String? {
        guard let counts, !counts.isEmpty else { return nil }
        return InsightDecision.allCases.map { "\(counts[$0] ?? 0) \($0.rawValue)" }.joined(separator: " · ")
    }

    /// "Pairs changed by Dana Reyes on Tue 3 Nov 2026: Ana Ortiz swapped with Ben Lee."
    static func swapNotes(_ swaps: [PracticeService.SwapView], names: [UUID: String]) -> [String] {
        swaps.map { swap in
            "Changed by \(names[swap.madeBy] ?? "a facilitator") on \(CalendarDay(swap.madeAt).readable): \(names[swap.personA] ?? "a member") swapped places with \(names[swap.personB] ?? "a member")."
        }
    }

    static func groupNames(_ groups: [PeerGroup], names: [UUID: String]) -> [[String]] {
        groups.map { group in group.members.map { UUIDText.parse($0).flatMap { names[$0] } ?? "a former member" } }
    }

    static func people(in groups: [PeerGroup]) -> Set<UUID> {
        Set(groups.flatMap(\.members).compactMap(UUIDText.parse))
    }

    // MARK: - A community's cycles

    @Sendable static func communityPage(_ request: Request) async throws -> Response {
        let scope = try request.scope
        return try await renderCommunity(request, try await scope.practice(of: try request.idParameter()))
    }

    static func renderCommunity(
        _ request: Request, _ access: PracticeAccess, draft: ActivityDraft? = nil,
        stageForm: PracticePage.StageForm = .init(), problems: [FieldProblem] = [], status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let scope = try request.scope
        let db = scope.database
        let now = request.now
        let cycles = try await PracticeService.cycles(of: access, scope: scope)
        let currentNumber = PracticeCycles.currentNumber(cycles.map(\.cycle), now: now)
        let shown = 4
        let schedule = try await PracticeService.schedule(
            cycles, access: access, now: now, through: currentNumber + shown - 1, on: db)
        let counts = try await PracticeService.counts(of: cycles.map(\.id), access: access, on: db)
        var ids = Set(access.members.map(\.id))
        for number in currentNumber..<(currentNumber + shown) { ids.formUnion(people(in: schedule.groups(of: number))) }
        ids.formUnion(schedule.swaps.values.flatMap { $0.map(\.madeBy) })
        let names = try await PracticeService.names(of: ids, scope: scope)
        var current: PracticePage.Current?
        if let standing = try await PracticeService.standing(of: access, scope: scope, now: now) {
            current = .init(
                cycleID: standing.cycle.id,
                label: "Cycle \(standing.cycle.number + 1): \(standing.cycle.cycle.readable)",
                step: standing.step, partners: standing.partners, dueSoon: standing.dueSoon)
        } else if let cycle = PracticeCycles.current(cycles.map(\.cycle), now: now),
            let stored = cycles.first(where: { $0.number == cycle.number })
        {
            current = .init(
                cycleID: stored.id, label: "Cycle \(cycle.number + 1): \(cycle.readable)", step: nil, partners: [],
                dueSoon: cycle.isDueSoon(now: now))
        }
        let byNumber = Dictionary(cycles.map { ($0.number, $0) }, uniquingKeysWith: { a, _ in a })
        let scheduleRows = (currentNumber..<(currentNumber + shown)).compactMap { number -> PracticePage.ScheduleRow? in
            let groups = schedule.groups(of: number)
            guard !groups.isEmpty else { return nil }
            let cycle = byNumber[number]
            return .init(
                number: number,
                label: cycle.map { "Cycle \(number + 1): \($0.cycle.readable)" }
                    ?? "Cycle \(number + 1), after the last scheduled meeting",
                cycleID: cycle?.id, groups: groupNames(groups, names: names),
                changes: swapNotes(schedule.swaps[number] ?? [], names: names))
        }
        let activities = try await PracticeService.activities(of: access, on: db)
        let decisions = try await PracticeService.decisions(about: activities.compactMap(\.id), on: db)
        let traits = try await LibraryService.traits(scope: scope)
        let traitNames = Dictionary(
            traits.compactMap { trait in trait.id.map { (PracticeService.key($0), trait.name) } },
            uniquingKeysWith: { a, _ in a })
        let model = PracticePage.Model(
            communityID: access.communityID, communityName: access.community.name, isMember: access.isMember,
            runs: access.runs, current: current, schedule: scheduleRows,
            cycles: cycles.map { cycle in
                .init(
                    id: cycle.id, number: cycle.number, label: cycle.cycle.readable,
                    state: cycle.cycle.hasEnded(now: now)
                        ? "ended" : cycle.cycle.hasBegun(now: now) ? "under way" : "to come",
                    counts: counts[cycle.id] ?? .init(members: access.members.count))
            },
            activities: activities.compactMap { activity in
                activity.id.map { id in
                    .init(
                        id: id, title: activity.title, adopted: activity.adoptedAt != nil,
                        traits: activity.draft.traitIDs.compactMap { traitNames[$0] },
                        decisions: decisionSummary(decisions[id]))
                }
            },
            traits: traits.filter { $0.retiredAt == nil }.compactMap { trait in trait.id.map { ($0, trait.name) } },
            draft: draft ?? ActivityDraft(title: "", purpose: "", steps: "", evidence: "", traitIDs: []),
            stages: try await ValueService.stages(of: access.communityID, on: db), stageForm: stageForm,
            problems: problems, notice: notice(request))
        return PracticePage.view(model, context: PageContext(request)).response(status: status)
    }

    // MARK: - The community's stage

    struct StageBody: Content {
        var term: String?
        var stage: String?
        var why: String?
    }

    @Sendable static func setStage(_ request: Request) async throws -> Response {
        let scope = try request.scope
        let access = try await scope.practice(of: try request.idParameter())
        let body = try request.content.decode(StageBody.self)
        do {
            try await ValueService.setStage(
                term: body.term ?? "", stage: body.stage ?? "", why: body.why ?? "", access: access,
                today: request.today, on: scope.database)
        } catch let problem as ValidationProblem {
            return try await renderCommunity(
                request, access, stageForm: .init(term: body.term ?? "", stage: body.stage ?? "", why: body.why ?? ""),
                problems: problem.problems, status: .unprocessableEntity)
        }
        return request.redirect(
            to: SiteURL.communityPractice(.value(access.communityID)).relativeURL(
                .done(.saved), fragment: "community-stage"))
    }

    // MARK: - The cohort's counts

    @Sendable static func cohortPage(_ request: Request) async throws -> Response {
        let scope = try request.scope
        let cohort = try await scope.visibleCohort(try request.idParameter())
        try await scope.requireRunner(of: cohort)
        let now = request.now
        var rows: [CohortPracticePage.Row] = []
        for community in try await scope.publishedCommunities(of: cohort) {
            let access = try await scope.practice(of: try community.requireID())
            let cycles = try await PracticeService.cycles(of: access, scope: scope)
            let current = PracticeCycles.current(cycles.map(\.cycle), now: now)
            let cycle = current.flatMap { current in cycles.first { $0.number == current.number } }
            let counts = try await PracticeService.counts(
                of: cycle.map { [$0.id] } ?? [], access: access, on: scope.database)
            let activities = try await PracticeService.activities(of: access, on: scope.database).filter {
                $0.adoptedAt != nil
            }
            let decisions = try await PracticeService.decisions(about: activities.compactMap(\.id), on: scope.database)
            rows.append(
                .init(
                    communityID: access.communityID, name: community.name,
                    cycle: cycle.map { "Cycle \($0.number + 1): \($0.cycle.readable)" } ?? "No cycle under way",
                    counts: cycle.flatMap { counts[$0.id] },
                    activities: activities.compactMap { activity in
                        activity.id.map { (activity.title, decisionSummary(decisions[$0]) ?? "no insights yet") }
                    }))
        }
        let model = CohortPracticePage.Model(cohortID: try cohort.requireID(), cohortName: cohort.name, rows: rows)
        return CohortPracticePage.view(model, context: PageContext(request)).response()
    }

    // MARK: - One cycle

    @Sendable static func cyclePage(_ request: Request) async throws -> Response {
        try await renderCycle(request, try request.idParameter())
    }

    static func renderCycle(
        _ request: Request, _ id: UUID, commitForm: CyclePage.CommitForm = .init(), typed: [String: String] = [:],
        problems: [FieldProblem] = [], status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let scope = try request.scope
        let db = scope.database
        let now = request.now
        let (cycle, cycles, access) = try await scope.practiceCycle(id)
        let schedule = try await PracticeService.schedule(
            cycles, access: access, now: now, through: cycle.number, on: db)
        let groups = schedule.groups(of: cycle.number)
        let commitments = try await PracticeService.commitments(
            in: [cycle.id], groups: [cycle.id: groups], access: access, on: db)
        let insights = try await PracticeService.insights(
            in: [cycle.id], groups: [cycle.id: groups], access: access, on: db)
        let counts =
            try await PracticeService.counts(of: [cycle.id], access: access, on: db)[cycle.id]
            ?? .init(members: access.members.count)
        let debriefs = access.isMember ? try await PracticeService.debriefs(in: cycle.id, access: access, on: db) : []
        let links = try await PracticeService.links(for: access, scope: scope)
        var ids = people(in: groups).union(access.members.map(\.id)).union(commitments.map(\.authorID))
        ids.formUnion((schedule.swaps[cycle.number] ?? []).map(\.madeBy))
        ids.formUnion(debriefs.compactMap(\.markedBy))
        let names = try await PracticeService.names(of: ids, scope: scope)
        let insightsByCommitment = Dictionary(
            insights.map { ($0.commitmentID, $0) }, uniquingKeysWith: { a, _ in a })
        func row(_ commitment: PracticeService.CommitmentView) -> CyclePage.CommitmentRow {
            var linked: [String] = []
            if let id = commitment.questionID, let question = links.question, question.id == id {
                linked.append("Question: \(question.text)")
            }
            if let id = commitment.resourceID, let resource = links.resources.first(where: { $0.id == id }) {
                linked.append("Resource: \(resource.title)")
            }
            if let id = commitment.activityID, let activity = links.activities.first(where: { $0.id == id }) {
                linked.append("Activity: \(activity.title)")
            }
            let traits = links.traits.filter { commitment.traitIDs.contains(PracticeService.key($0.id)) }.map(\.name)
            if !traits.isEmpty { linked.append("Traits: \(traits.joined(separator: ", "))") }
            return .init(
                id: commitment.id, author: names[commitment.authorID] ?? "A former member",
                isOwn: commitment.authorID == access.viewerID, text: commitment.text, prediction: commitment.prediction,
                links: linked, status: commitment.status,
                triedOn: commitment.triedOn.flatMap(CalendarDay.init)?.readable,
                reason: commitment.reason, shared: commitment.shared)
        }
        var own: CyclePage.Own?
        if access.isMember {
            let mine = commitments.first { $0.authorID == access.viewerID }
            let group = schedule.group(of: access.viewerID, in: cycle.number)
            let debrief = group.flatMap { group in debriefs.first { $0.group == group } }
            let insight = mine.flatMap { insightsByCommitment[$0.id] }
            own = .init(
                commitment: mine.map(row), insightID: insight?.id,
                insight: insight.map { ($0.happened, $0.learned, $0.decision, $0.sharing) },
                partners: group?.members.filter { $0 != access.viewerKey }.map {
                    UUIDText.parse($0).flatMap { names[$0] } ?? "a former member"
                } ?? [],
                debriefHeldOn: debrief?.heldOn, debriefNotes: debrief?.notes ?? "",
                debriefMarkedBy: debrief?.markedBy.flatMap { names[$0] })
        }
        let model = CyclePage.Model(
            cycleID: cycle.id, communityID: access.communityID, communityName: access.community.name,
            number: cycle.number, label: cycle.cycle.readable, begun: cycle.cycle.hasBegun(now: now),
            ended: cycle.cycle.hasEnded(now: now), isMember: access.isMember, runs: access.runs,
            groups: groupNames(groups, names: names),
            changes: swapNotes(schedule.swaps[cycle.number] ?? [], names: names), own: own, commitForm: commitForm,
            links: links, commitments: commitments.map(row),
            insights: insights.map { insight in
                .init(
                    id: insight.id, author: names[insight.authorID] ?? "A former member",
                    happenedHTML: MeetingNotes.html(fromMarkdown: insight.happened),
                    learnedHTML: MeetingNotes.html(fromMarkdown: insight.learned), decision: insight.decision,
                    sharing: insight.sharing)
            },
            counts: counts, members: access.members.map { ($0.id, $0.fullName) }, today: request.today.description,
            typed: typed, problems: problems, notice: notice(request))
        return CyclePage.view(model, context: PageContext(request)).response(status: status)
    }

    struct CommitBody: Content {
        var text: String?
        var prediction: String?
        var question: String?
        var resource: String?
        var activity: String?
        var traits: [String]?
        var shared: String?
    }

    struct DebriefBody: Content {
        var heldOn: String?
        var notes: String?
    }

    struct SwapBody: Content {
        var personA: String?
        var personB: String?
    }

    static func optionalID(_ text: String?, field: String) throws -> UUID? {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        guard let id = UUIDText.parse(text) else {
            throw ValidationProblem(field: field, "Choose one of the options, or none.")
        }
        return id
    }

    static func cycleStep(_ request: Request, _ step: SiteURL.CycleStep) async throws -> Response {
        let scope = try request.scope
        let id = try request.idParameter()
        let (cycle, cycles, access) = try await scope.practiceCycle(id)
        let now = request.now
        let page = SiteURL.practiceCycle(.value(id))
        switch step {
        case .commitment:
            let body = try request.content.decode(CommitBody.self)
            let form = CyclePage.CommitForm(
                text: body.text ?? "", prediction: body.prediction ?? "", question: body.question ?? "",
                resource: body.resource ?? "", activity: body.activity ?? "", traits: body.traits ?? [],
                shared: body.shared == "true")
            do {
                let links = try await PracticeService.links(for: access, scope: scope)
                let input = PracticeService.CommitmentInput(
                    text: form.text, prediction: form.prediction,
                    questionID: try optionalID(body.question, field: "question"),
                    resourceID: try optionalID(body.resource, field: "resource"),
                    activityID: try optionalID(body.activity, field: "activity"),
                    traitIDs: try form.traits.map { text in
                        guard let id = UUIDText.parse(text) else {
                            throw ValidationProblem(
                                field: "traits", "Choose among the district's deeper-learning traits.")
                        }
                        return id
                    }, shared: form.shared)
                _ = try await PracticeService.commit(
                    input, in: cycle, access: access, links: links, now: now, on: scope.database)
            } catch let problem as ValidationProblem {
                return try await renderCycle(
                    request, id, commitForm: form, problems: problem.problems, status: .unprocessableEntity)
            }
            return request.redirect(to: page.relativeURL(.done(.committed)))
        case .debrief:
            let body = try request.content.decode(DebriefBody.self)
            let schedule = try await PracticeService.schedule(
                cycles, access: access, now: now, through: cycle.number, on: scope.database)
            do {
                try await PracticeService.recordDebrief(
                    in: cycle, schedule: schedule, heldOn: body.heldOn, notes: body.notes ?? "", access: access,
                    today: request.today, now: now, on: scope.database)
            } catch let problem as ValidationProblem {
                return try await renderCycle(
                    request, id, typed: ["heldOn": body.heldOn ?? "", "notes": body.notes ?? ""],
                    problems: problem.problems, status: .unprocessableEntity)
            }
            return request.redirect(to: page.relativeURL(.done(.debriefed)))
        case .swap:
            guard access.runs else {
                throw Abort(.forbidden, reason: "The cohort's facilitators and the district's admins change the pairs.")
            }
            let body = try request.content.decode(SwapBody.self)
            let schedule = try await PracticeService.schedule(
                cycles, access: access, now: now, through: cycle.number, on: scope.database)
            do {
                guard let a = try optionalID(body.personA, field: "personA") else {
                    throw ValidationProblem(field: "personA", "Choose the first member to swap.")
                }
                guard let b = try optionalID(body.personB, field: "personB") else {
                    throw ValidationProblem(field: "personB", "Choose the member to swap them with.")
                }
                try await PracticeService.swap(
                    a, b, in: cycle, schedule: schedule, access: access, now: now, on: scope.database)
            } catch let problem as ValidationProblem {
                return try await renderCycle(
                    request, id, typed: ["personA": body.personA ?? "", "personB": body.personB ?? ""],
                    problems: problem.problems, status: .unprocessableEntity)
            }
            return request.redirect(to: page.relativeURL(.done(.swapped)))
        }
    }

    // MARK: - A commitment and its insight

    struct StatusBody: Content {
        var action: String?
        var status: String?
        var triedOn: String?
        var reason: String?
    }

    @Sendable static func commitmentChange(_ request: Request) async throws -> Response {
        let scope = try request.scope
        let (commitment, cycle, _, access) = try await PracticeService.commitment(
            try request.idParameter(), scope: scope)
        let body = try request.content.decode(StatusBody.self)
        let page = SiteURL.practiceCycle(.value(cycle.id))
        switch body.action {
        case "share", "unshare":
            try await PracticeService.share(commitment, body.action == "share", access: access, on: scope.database)
            return request.redirect(to: page.relativeURL(.done(.shared)))
        case "status":
            do {
                guard let status = body.status.flatMap(CommitmentStatus.init(rawValue:)), status != .planned else {
                    throw ValidationProblem(
                        field: "status", "Choose how it went: tried, tried and changed, or not tried yet.")
                }
                try await PracticeService.mark(
                    commitment, status: status, triedOn: body.triedOn ?? "", reason: body.reason ?? "",
                    today: request.today, access: access, on: scope.database)
            } catch let problem as ValidationProblem {
                return try await renderCycle(
                    request, cycle.id,
                    typed: ["status": body.status ?? "", "triedOn": body.triedOn ?? "", "reason": body.reason ?? ""],
                    problems: problem.problems, status: .unprocessableEntity)
            }
            return request.redirect(to: page.relativeURL(.done(.marked)))
        default:
            throw Abort(.badRequest, reason: "action: status, share or unshare.")
        }
    }

    struct InsightBody: Content {
        var happened: String?
        var learned: String?
        var decision: String?
    }

    @Sendable static func capture(_ request: Request) async throws -> Response {
        let scope = try request.scope
        let (commitment, cycle, _, access) = try await PracticeService.commitment(
            try request.idParameter(), scope: scope)
        let body = try request.content.decode(InsightBody.self)
        do {
            _ = try await PracticeService.capture(
                commitment, happened: body.happened ?? "", learned: body.learned ?? "", decision: body.decision,
                access: access, now: request.now, on: scope.database)
        } catch let problem as ValidationProblem {
            return try await renderCycle(
                request, cycle.id,
                typed: [
                    "happened": body.happened ?? "", "learned": body.learned ?? "", "decision": body.decision ?? "",
                ],
                problems: problem.problems, status: .unprocessableEntity)
        }
        return request.redirect(to: SiteURL.practiceCycle(.value(cycle.id)).relativeURL(.done(.captured)))
    }

    struct SharingBody: Content {
        var sharing: String?
    }

    @Sendable static func sharing(_ request: Request) async throws -> Response {
        let scope = try request.scope
        let (insight, commitment, cycle, access) = try await PracticeService.insight(
            try request.idParameter(), scope: scope)
        let body = try request.content.decode(SharingBody.self)
        guard let sharing = body.sharing.flatMap(InsightSharing.init(rawValue:)) else {
            return try await renderCycle(
                request, cycle.id,
                problems: [
                    .init(field: "sharing", message: "Choose who can read it: only you, your peer, or your community.")
                ],
                status: .unprocessableEntity)
        }
        try await PracticeService.setSharing(insight, sharing, of: commitment, access: access, on: scope.database)
        return request.redirect(to: SiteURL.practiceCycle(.value(cycle.id)).relativeURL(.done(.shared)))
    }

    // MARK: - Activities

    struct ActivityBody: Content {
        var title: String?
        var purpose: String?
        var steps: String?
        var evidence: String?
        var traits: [String]?
        var version: Int?

        var draft: ActivityDraft {
            ActivityDraft(
                title: title ?? "", purpose: purpose ?? "", steps: steps ?? "", evidence: evidence ?? "",
                traitIDs: (traits ?? []).map { $0.lowercased() })
        }
    }

    static func traitIDs(_ scope: DistrictScope) async throws -> [UUID] {
        try await LibraryService.traits(scope: scope).filter { $0.retiredAt == nil }.compactMap(\.id)
    }

    @Sendable static func draftActivity(_ request: Request) async throws -> Response {
        let scope = try request.scope
        let access = try await scope.practice(of: try request.idParameter())
        let draft = try request.content.decode(ActivityBody.self).draft
        let activity: LeadershipActivity
        do {
            activity = try await PracticeService.draftActivity(
                draft, access: access, traits: try await traitIDs(scope), now: request.now, on: scope.database)
        } catch let problem as ValidationProblem {
            return try await renderCommunity(
                request, access, draft: draft, problems: problem.problems, status: .unprocessableEntity)
        }
        return request.redirect(to: SiteURL.activity(.value(try activity.requireID())).relativeURL(.done(.drafted)))
    }

    @Sendable static func activityPage(_ request: Request) async throws -> Response {
        let scope = try request.scope
        let (activity, access) = try await PracticeService.activity(try request.idParameter(), scope: scope)
        return try await renderActivity(request, activity, access)
    }

    static func renderActivity(
        _ request: Request, _ activity: LeadershipActivity, _ access: PracticeAccess, form: ActivityDraft? = nil,
        conflict: PracticeService.StaleEdit? = nil, problems: [FieldProblem] = [], status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let scope = try request.scope
        let db = scope.database
        let id = try activity.requireID()
        let changes = try await PracticeService.changes(of: id, on: db)
        let cycles = try await PracticeService.cycles(of: access, scope: scope)
        let insights = try await PracticeService.insights(
            about: id, cycles: cycles, access: access, now: request.now, on: db)
        let decisions = try await PracticeService.decisions(about: [id], on: db)[id]
        let names = try await PracticeService.names(
            of: Set(changes.map(\.changedBy) + insights.map(\.0.authorID)), scope: scope)
        let traits = try await LibraryService.traits(scope: scope)
        let lastEditor = changes.last.flatMap { names[$0.changedBy] } ?? "Someone"
        let model = ActivityPage.Model(
            id: id, communityID: access.communityID, communityName: access.community.name,
            current: conflict?.current ?? activity.draft, version: conflict?.version ?? activity.version,
            adopted: activity.adoptedAt != nil, isMember: access.isMember, runs: access.runs,
            traits: traits.filter {
                $0.retiredAt == nil || activity.draft.traitIDs.contains(PracticeService.key($0.id ?? UUID()))
            }
            .compactMap { trait in trait.id.map { ($0, trait.name) } },
            form: form ?? activity.draft, conflict: conflict.map { ($0.current, lastEditor) },
            changes: changes.map { change in
                .init(
                    who: names[change.changedBy] ?? "A former member",
                    when: "\(CalendarDay(change.changedAt).readable) \(Self.time(change.changedAt))",
                    what: change.fields == "drafted"
                        ? "drafted it" : change.fields == "adopted" ? "adopted it" : "changed the \(change.fields)")
            },
            insights: insights.map { insight, cycle in
                .init(
                    author: names[insight.authorID] ?? "A former member", cycle: "cycle \(cycle.number + 1)",
                    happenedHTML: MeetingNotes.html(fromMarkdown: insight.happened),
                    learnedHTML: MeetingNotes.html(fromMarkdown: insight.learned), decision: insight.decision)
            },
            decisions: decisionSummary(decisions), problems: problems, notice: notice(request))
        return ActivityPage.view(model, context: PageContext(request)).response(status: status)
    }

    /// "15:04" in UTC, beside the day, so two changes on one day read in order.
    static func time(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970) % 86_400
        return String(format: "%02d:%02d UTC", seconds / 3600, seconds % 3600 / 60)
    }

    @Sendable static func editActivity(_ request: Request) async throws -> Response {
        let scope = try request.scope
        let (activity, access) = try await PracticeService.activity(try request.idParameter(), scope: scope)
        let body = try request.content.decode(ActivityBody.self)
        let draft = body.draft
        do {
            try await PracticeService.edit(
                activity, to: draft, madeOn: body.version ?? 0, access: access, traits: try await traitIDs(scope),
                now: request.now, on: scope.database)
        } catch let problem as ValidationProblem {
            return try await renderActivity(
                request, activity, access, form: draft, problems: problem.problems, status: .unprocessableEntity)
        } catch let stale as PracticeService.StaleEdit {
            return try await renderActivity(request, activity, access, form: draft, conflict: stale, status: .conflict)
        }
        return request.redirect(to: SiteURL.activity(.value(try activity.requireID())).relativeURL(.done(.saved)))
    }

    @Sendable static func adopt(_ request: Request) async throws -> Response {
        let scope = try request.scope
        let (activity, access) = try await PracticeService.activity(try request.idParameter(), scope: scope)
        try await PracticeService.adopt(activity, access: access, now: request.now, on: scope.database)
        return request.redirect(to: SiteURL.activity(.value(try activity.requireID())).relativeURL(.done(.adopted)))
    }
}
