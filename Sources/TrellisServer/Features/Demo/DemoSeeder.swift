import Fluent
import FluentSQL
import Foundation
import TrellisCore
import Vapor

/// Puts Bayview Unified into an empty database, or, when it is already there, gives its demo sign-ins the
/// password of this run so that the printed sign-ins always work.
public enum DemoSeeder {
    public struct Outcome: Sendable {
        public let created: Bool
        public let password: String
    }

    /// `scale` above 1 makes the district that many times larger (people, schools, communities, trust
    /// answers; each community's year the same), for the scaling benchmark; it applies only when the
    /// district is created.
    public static func seed(_ app: Application, password: String?, scale: Int = 1) async throws -> Outcome {
        let password = password ?? Secrets.newReadablePassword()
        if let problem = PasswordPolicy.problem(with: password) {
            throw TrellisConfiguration.Problem(description: "TRELLIS_DEMO_PASSWORD: \(problem)")
        }
        let hash = try await Passwords.hash(password, cost: app.trellis.configuration.bcryptCost, on: app)
        if let existing = try await District.query(on: app.db).filter(\.$slug == DemoDistrict.slug).first() {
            let emails = DemoDistrict.people.map(\.email)
            try await User.query(on: app.db)
                .filter(\.$district.$id == existing.requireID())
                .filter(\.$email ~~ emails)
                .set(\.$passwordHash, to: hash)
                .update()
            return Outcome(created: false, password: password)
        }
        let now = app.trellis.clock.now()
        try await app.db.transaction { db in
            let district = District(name: DemoDistrict.name, slug: DemoDistrict.slug)
            try await district.create(on: db)
            let districtID = try district.requireID()
            var schoolIDs: [String: UUID] = [:]
            for (index, demo) in DemoDistrict.schools(scale: scale).enumerated() {
                let school = School(
                    districtID: districtID, name: demo.name, level: demo.level, sourcedID: demo.key,
                    identifier: String(format: "BV%03d", index + 1))
                try await school.create(on: db)
                schoolIDs[demo.key] = try school.requireID()
            }
            let cohort = Cohort(
                districtID: districtID, name: DemoDistrict.cohortName, schoolYear: DemoDistrict.schoolYear)
            try await cohort.create(on: db)
            let cohortID = try cohort.requireID()
            var leaderIDs: [(email: String, id: UUID)] = []
            for demo in DemoDistrict.people(scale: scale) {
                let user = User(
                    districtID: districtID, email: demo.email, givenName: demo.givenName, familyName: demo.familyName,
                    role: demo.role, schoolID: demo.schoolKey.flatMap { schoolIDs[$0] }, position: demo.position,
                    yearsInRole: demo.yearsInRole, passwordHash: hash)
                try await user.create(on: db)
                switch demo.role {
                case .leader:
                    try await CohortMembership(cohortID: cohortID, userID: user.requireID(), role: .leader).create(
                        on: db)
                    leaderIDs.append((demo.email, try user.requireID()))
                case .facilitator:
                    try await CohortMembership(cohortID: cohortID, userID: user.requireID(), role: .facilitator).create(
                        on: db)
                case .districtAdmin, .networkAdmin:
                    break
                }
            }
            try await seedFormation(
                cohort: cohort, leaders: leaderIDs.map(\.id), communities: 4 * max(scale, 1), now: now, on: db)
            try await seedTrust(
                districtID: districtID, cohortID: cohortID, leaders: leaderIDs, scale: max(scale, 1), now: now, on: db)
            let demoLeader = leaderIDs.first { $0.email == DemoDistrict.leaderEmail }?.id
            try await seedRhythm(cohort: cohort, demoLeader: demoLeader, now: now, on: db)
            try await seedInquiry(cohort: cohort, demoLeader: demoLeader, now: now, on: db)
            try await seedLibrary(districtID: districtID, on: db)
            try await seedPractice(districtID: districtID, demoLeader: demoLeader, now: now, on: db)
            try await seedOutcomes(districtID: districtID, schoolIDs: schoolIDs, now: now, on: db)
            try await seedStories(districtID: districtID, demoLeader: demoLeader, now: now, on: db)
        }
        return Outcome(created: true, password: password)
    }

    /// Two closed rounds and one open one, dated around today so the demo always shows a year in progress,
    /// each named for the month it opened. The first ran before the communities were published, so its
    /// answers count for the cohort only; later answers count for each answerer's community, so the
    /// facilitator sees every community's row. The demo leader has not answered the open round, so
    /// signing in as them shows it waiting.
    private static func seedTrust(
        districtID: UUID, cohortID: UUID, leaders: [(email: String, id: UUID)], scale: Int, now: Date,
        on db: any Database
    ) async throws {
        let question = TrustQuestion(districtID: districtID, text: DemoTrust.openQuestion, position: 0)
        try await question.create(on: db)
        let memberships = try await CommunityMembership.query(on: db).all()
        let communityOf = Dictionary(
            memberships.map { ($0.$user.id, $0.$community.id) }, uniquingKeysWith: { first, _ in first })
        let today = CalendarDay(now)
        for (index, var demo) in DemoTrust.rounds.enumerated() {
            demo.responses *= scale
            let opens = today.adding(days: demo.opensInDays)
            let round = TrustRound(
                districtID: districtID, cohortID: cohortID, title: DemoTrust.title(opening: opens),
                opensOn: today.adding(days: demo.opensInDays).description,
                closesOn: today.adding(days: demo.closesInDays).description,
                instrumentVersion: TrustInstrument.current.version)
            // closed at the end of its last day, in the past like every other demo date
            if demo.closed { round.closedAt = now.addingTimeInterval(Double(demo.closesInDays) * 86_400) }
            try await round.create(on: db)
            let roundID = try round.requireID()
            let answerers = leaders.filter { demo.closed || $0.email != DemoDistrict.leaderEmail }.prefix(
                demo.responses)
            for leader in answerers {
                try await TrustParticipation(roundID: roundID, userID: leader.id).create(on: db)
            }
            let day = today.adding(days: demo.opensInDays + 2).description
            for (number, answers) in DemoTrust.responses(for: demo, seed: UInt64(index + 1)).enumerated() {
                let responseID = UUID()
                let answerer = number < answerers.count ? answerers[answerers.startIndex + number].id : nil
                let community = demo.beforeCommunities ? nil : answerer.flatMap { communityOf[$0] }
                try await answers.map { itemID, value in
                    TrustAnswer(
                        roundID: roundID, communityID: community, responseID: responseID, itemID: itemID, value: value,
                        answeredOn: day)
                }.create(on: db)
                if demo.closed, number < DemoTrust.openAnswers.count {
                    try await TrustOpenAnswer(
                        roundID: roundID, communityID: community, responseID: responseID,
                        questionID: try question.requireID(),
                        text: DemoTrust.openAnswers[number], answeredOn: day
                    ).create(on: db)
                }
            }
        }
    }

    /// Every demo leader has ranked three challenges (most around the article's four), one pair is kept
    /// apart, and the engine's four communities are published, each with one of the cohort's facilitators.
    private static func seedFormation(
        cohort: Cohort, leaders: [UUID], communities count: Int, now: Date, on db: any Database
    ) async throws {
        let cohortID = try cohort.requireID()
        let keys = StandardChallenges.all.map(\.key)
        for (position, challenge) in StandardChallenges.all.enumerated() {
            try await IntakeChallenge(
                cohortID: cohortID, key: challenge.key, title: challenge.title, position: position
            )
            .create(on: db)
        }
        for (index, leader) in leaders.enumerated() {
            let response = IntakeResponse(cohortID: cohortID, userID: leader)
            response.choice1 = keys[index % 4]
            response.choice2 = keys[(index + 1) % 6]
            response.choice3 = keys[(index + 3) % 6 == index % 4 ? (index + 4) % 6 : (index + 3) % 6]
            try await response.create(on: db)
        }
        if leaders.count > 12 {
            try await KeptApart(cohortID: cohortID, namedBy: leaders[12], personA: leaders[12], personB: leaders[4])
                .create(on: db)
        }
        try await FormationService.propose(cohort: cohort, sizes: 4...7, count: count, on: db)
        try await FormationService.publish(cohort: cohort, now: now, on: db)
        let facilitators = try await CohortMembership.query(on: db).filter(\.$cohort.$id == cohortID)
            .filter(\.$role == .facilitator).all().map { $0.$user.id }.sorted { $0.uuidString < $1.uuidString }
        let communities = try await Community.query(on: db).filter(\.$cohort.$id == cohortID).sort(\.$name).all()
        for (index, community) in communities.enumerated() where !facilitators.isEmpty {
            community.$facilitator.id = facilitators[index % facilitators.count]
            try await community.save(on: db)
        }
    }

    /// Every community meets on the second Tuesday of each month from September, 15:30–17:00. In the
    /// demo leader's community the October meeting moved a week later and November's was cancelled.
    /// Past meetings have attendance and a published agenda (one published late); the next meeting's
    /// agenda is out; the first meeting has a shared note.
    private static func seedRhythm(cohort: Cohort, demoLeader: UUID?, now: Date, on db: any Database) async throws {
        let cohortID = try cohort.requireID()
        let year = SchoolYear(cohort.schoolYear)?.startYear ?? 2026
        // The year starts in September; when fewer than four meetings have taken place by today (so fewer
        // than three cycles between meetings have ended), it starts as many months earlier as that takes.
        var startDay = CalendarDay("\(year)-09-01") ?? CalendarDay(now)
        var pattern = try demoPattern(from: startDay, year: year)
        while try demoMeetingsHeld(pattern, now: now) < 4 {
            startDay = startDay.adding(days: -28)
            pattern = try demoPattern(from: startDay, year: year)
        }
        let facilitators = try await CohortMembership.query(on: db).filter(\.$cohort.$id == cohortID)
            .filter(\.$role == .facilitator).all().map { $0.$user.id }
        let communities = try await Community.query(on: db).filter(\.$cohort.$id == cohortID)
            .filter(\.$published == true).sort(\.$name).with(\.$memberships).all()
        for (number, community) in communities.enumerated() {
            let record = MeetingSeriesRecord(
                districtID: cohort.$district.id, cohortID: cohortID, communityID: try community.requireID(),
                title: "Monthly community meeting", pattern: pattern,
                location: "Bayview district office, room \(201 + number)")
            try await record.create(on: db)
            record.$changes.value = []
            let seriesID = try record.requireID()
            var series = try record.series()
            let days = pattern.scheduledDays(from: pattern.startDay, through: pattern.endDay)
            if community.memberships.contains(where: { $0.$user.id == demoLeader }), days.count > 2 {
                try series.move(
                    days[1],
                    to: try MeetingSlot(
                        day: days[1].adding(days: 7), startTime: pattern.startTime, endTime: pattern.endTime))
                try series.cancel(days[2])
                for change in series.changes.values {
                    try await MeetingChange(seriesID: seriesID, change).create(on: db)
                }
            }
            let members = community.memberships.map { $0.$user.id }.sorted { $0.uuidString < $1.uuidString }
            let occurrences = series.occurrences(from: pattern.startDay, through: pattern.endDay)
            let upcoming = occurrences.first { $0.end > now }
            for (index, occurrence) in occurrences.enumerated()
            where occurrence.end <= now || occurrence.key == upcoming?.key {
                let agenda = MeetingAgendaRecord(seriesID: seriesID, meetingDay: occurrence.key.description)
                agenda.items = [
                    .init(
                        title: MeetingProtocol.checkIn.name, minutes: MeetingProtocol.checkIn.minutes,
                        protocolKey: MeetingProtocol.checkIn.key),
                    .init(
                        title: MeetingProtocol.consultancy.name, minutes: MeetingProtocol.consultancy.minutes,
                        protocolKey: MeetingProtocol.consultancy.key),
                    .init(
                        title: MeetingProtocol.reflection.name, minutes: MeetingProtocol.reflection.minutes,
                        protocolKey: MeetingProtocol.reflection.key),
                ]
                agenda.publishedAt = occurrence.start.addingTimeInterval(-Double(index == 1 ? 1 : 7) * 86_400)
                try await agenda.create(on: db)
                guard occurrence.end <= now, occurrence.status != .cancelled else { continue }
                for (position, member) in members.enumerated() {
                    let status: AttendanceRecord.Status =
                        (position + index + number) % 9 == 0
                        ? .absent : (position + index) % 11 == 0 ? .excused : .present
                    try await MeetingAttendance(
                        seriesID: seriesID, meetingDay: occurrence.key.description, userID: member, status: status,
                        recordedBy: facilitators.first ?? member
                    ).create(on: db)
                }
                if index == 0, let author = facilitators.first {
                    let note = MeetingNote(
                        seriesID: seriesID, meetingDay: occurrence.key.description, authorID: author,
                        body:
                            "## What we agreed\n- Meet the **second Tuesday** of each month, 15:30–17:00\n- Bring one story of a moment you could not address an equity concern\n\nNext time: a consultancy on family outreach."
                    )
                    try await note.create(on: db)
                    // dated the day of its meeting, not the day the demo was made
                    note.createdAt = occurrence.end
                    try await note.save(on: db)
                }
            }
        }
    }

    private static func demoPattern(from startDay: CalendarDay, year: Int) throws -> MeetingPattern {
        try MeetingPattern(
            recurrence: "monthly:2:tue", startDay: startDay.description, endDay: "\(year + 1)-06-30",
            startTime: "15:30",
            endTime: "17:00", timeZone: District.defaultTimeZone)
    }

    /// The demo leader's community's meetings that have begun by `now`, its second moved and third cancelled.
    private static func demoMeetingsHeld(_ pattern: MeetingPattern, now: Date) throws -> Int {
        var series = MeetingSeries(id: "demo", pattern: pattern)
        let days = pattern.scheduledDays(from: pattern.startDay, through: pattern.endDay)
        if days.count > 2 {
            try series.move(
                days[1],
                to: try MeetingSlot(
                    day: days[1].adding(days: 7), startTime: pattern.startTime, endTime: pattern.endTime))
            try series.cancel(days[2])
        }
        return series.occurrences(from: pattern.startDay, through: pattern.endDay).filter {
            $0.status != .cancelled && $0.start <= now
        }.count
    }

    /// Each community has stories (one shared with it, one kept private, one in an assumption check),
    /// three drafted questions, a closed dot vote and the winning question adopted, and a board with
    /// root causes in all four buckets (and one not yet sorted). The demo leader's
    /// own story stays private, so signing in as them shows the private space with something in it.
    private static func seedInquiry(cohort: Cohort, demoLeader: UUID?, now: Date, on db: any Database) async throws {
        let communities = try await Community.query(on: db).filter(\.$cohort.$id == cohort.requireID())
            .filter(\.$published == true).sort(\.$name).with(\.$memberships).all()
        for (number, community) in communities.enumerated() {
            let communityID = try community.requireID()
            let members = community.memberships.map { $0.$user.id }.sorted { $0.uuidString < $1.uuidString }
            guard members.count >= 3 else { continue }
            let sample = DemoInquiry.sample(for: community.focus, fallback: number)
            let author = members.first { $0 == demoLeader } ?? members[0]
            let others = members.filter { $0 != author }
            let privateStory = Story(
                districtID: cohort.$district.id, authorID: author, story: sample.privateStory, need: sample.privateNeed)
            try await privateStory.create(on: db)
            let shared = Story(
                districtID: cohort.$district.id, authorID: others[0], story: sample.sharedStory, need: sample.sharedNeed
            )
            shared.$sharedCommunity.id = communityID
            shared.sharedAt = now.addingTimeInterval(-30 * 86_400)
            try await shared.create(on: db)
            let checked = Story(
                districtID: cohort.$district.id, authorID: others[1], story: sample.checkedStory,
                need: sample.checkedNeed)
            try await checked.create(on: db)
            let share = StoryShare(storyID: try checked.requireID(), peerID: author)
            try await share.create(on: db)
            let question = PeerCheckMessage(
                storyID: try checked.requireID(), authorID: author, text: sample.peerQuestion)
            try await question.create(on: db)
            // Written weeks ago, as a year in progress would have them.
            for story in [privateStory, shared, checked] {
                story.createdAt = now.addingTimeInterval(-35 * 86_400)
                try await story.save(on: db)
            }
            share.createdAt = now.addingTimeInterval(-21 * 86_400)
            try await share.save(on: db)
            question.createdAt = now.addingTimeInterval(-20 * 86_400)
            try await question.save(on: db)
            var questions: [InquiryQuestion] = []
            for (index, text) in sample.questions.enumerated() {
                let question = InquiryQuestion(
                    districtID: cohort.$district.id, communityID: communityID, authorID: members[index % members.count],
                    text: text, bucket: RootCauseBucket.fourBuckets[index % 4])
                try await question.create(on: db)
                questions.append(question)
            }
            let vote = InquiryVote(communityID: communityID, votesPerMember: DotVote.defaultVotesPerMember)
            try await vote.create(on: db)
            for (index, member) in members.enumerated() {
                let favourite = index % 3 == 2 ? 1 : 0
                try await InquiryBallotDot(
                    voteID: vote.requireID(), voterID: member, questionID: questions[favourite].requireID(), dots: 2
                ).create(on: db)
                try await InquiryBallotDot(
                    voteID: vote.requireID(), voterID: member, questionID: questions[2].requireID(), dots: 1
                ).create(on: db)
            }
            vote.closedAt = now.addingTimeInterval(-14 * 86_400)
            try await vote.save(on: db)
            community.$inquiryQuestion.id = try questions[0].requireID()
            try await community.save(on: db)
            // Last month's meeting wrote the causes down; this month's sorted them: two snapshots.
            var board = InquiryBoard()
            var events: [BoardEvent] = []
            var ids: [String] = []
            for (index, cause) in sample.rootCauses.enumerated() {
                let writer = BoardParticipant.member(members[index % members.count].uuidString.lowercased())
                ids.append(UUID().uuidString.lowercased())
                events.append(try board.addNote(id: ids[index], text: cause.text, to: .unsorted, by: writer))
            }
            // the community's last two meetings so far (fewer early in the year)
            let past = try await BoardHistoryService.meetings(of: communityID, until: now, on: db)
                .map(\.meeting.start).filter { $0 < now }.suffix(2)
            try await BoardHistoryService.keep(
                board, community: communityID, at: past.first ?? now.addingTimeInterval(-30 * 86_400), on: db)
            let sorter = BoardParticipant.member(members[0].uuidString.lowercased())
            for (index, cause) in sample.rootCauses.enumerated() where cause.bucket != .unsorted {
                events.append(try board.moveNote(ids[index], to: cause.bucket, seenVersion: 1, by: sorter))
            }
            try await BoardHistoryService.keep(board, community: communityID, at: past.last ?? now, on: db)
            let record = BoardRecord(communityID: communityID)
            record.state = .init(board: board)
            try await record.create(on: db)
            // each change dated in its meeting, a minute apart, as the history page shows them
            let written = past.first ?? now.addingTimeInterval(-30 * 86_400)
            let sorted = past.last ?? now
            for event in events {
                let stored = BoardEventRecord(communityID: communityID, event: event)
                try await stored.create(on: db)
                let count = sample.rootCauses.count
                stored.createdAt = (event.sequence <= count ? written : sorted)
                    .addingTimeInterval(Double(5 + event.sequence % (count + 1)) * 60)
                try await stored.save(on: db)
            }
        }
    }

    /// The lines `trellis serve --demo` and `trellis demo` print.
    public static func signInText(_ outcome: Outcome, url: String) -> String {
        var lines = [
            outcome.created
                ? "Demo district \"\(DemoDistrict.name)\" created."
                : "Demo district \"\(DemoDistrict.name)\" was already there; its demo sign-ins now use the password below.",
            "Sign in at \(url)/signin as:",
        ]
        for signIn in DemoDistrict.signIns {
            lines.append("  \(signIn.email.padding(toLength: 30, withPad: " ", startingAt: 0)) \(signIn.role)")
        }
        lines.append("Password for every demo account: \(outcome.password)")
        return lines.joined(separator: "\n")
    }

    /// The default deeper-learning traits and thirty resources, read from the library's own CSV format.
    static func seedLibrary(districtID: UUID, on db: any Database) async throws {
        try await LibraryService.addDefaultTraits(districtID: districtID, on: db)
        let traits = try await DeeperLearningTrait.query(on: db).filter(\.$district.$id == districtID).all()
        let facilitator = try await User.query(on: db).filter(\.$email == DemoDistrict.facilitatorEmail).first()
        var challenges: [String: String] = [:]
        for challenge in StandardChallenges.all { challenges[challenge.key] = challenge.key }
        let rows = try LibraryCSV.parse(
            DemoLibrary.csv, file: "demo-library.csv", challenges: challenges, traits: traits.map(\.name))
        _ = try await LibraryService.importRows(
            rows, districtID: districtID, addedBy: facilitator?.id, traits: traits, on: db)
    }

    /// The demo leader's community between its meetings: every cycle that has begun has its debrief groups,
    /// most members' commitments (tried, changed or not tried), insights (some shared with the community,
    /// some with the peer, some private) and most debriefs held; an activity tagged to two traits was
    /// drafted, edited by a second member and adopted. In the current cycle the demo leader has committed
    /// and not yet tried, so their home page shows what is due.
    static func seedPractice(districtID: UUID, demoLeader: UUID?, now: Date, on db: any Database) async throws {
        guard let demoLeader,
            let communityID = try await CommunityMembership.query(on: db).filter(\.$user.$id == demoLeader).first()?
                .$community.id,
            let record = try await MeetingSeriesRecord.query(on: db).filter(\.$community.$id == communityID)
                .with(\.$changes).first()
        else { return }
        let members = try await CommunityMembership.query(on: db).filter(\.$community.$id == communityID).all()
            .map { $0.$user.id }.sorted { UUIDText.lowercased($0) < UUIDText.lowercased($1) }
        let roster = members.map(PracticeService.key)
        let series = try record.series()
        let cycles = PracticeCycles.cycles(
            series.occurrences(from: series.pattern.startDay, through: series.pattern.endDay).map {
                PracticeCycle.Meeting(seriesID: series.id, occurrence: $0)
            }
        ).filter { $0.hasBegun(now: now) }
        guard let first = cycles.first else { return }
        let traits = try await DeeperLearningTrait.query(on: db).filter(\.$district.$id == districtID)
            .sort(\.$position).all().compactMap(\.id).prefix(2).map(PracticeService.key)
        let other = members.first { $0 != demoLeader } ?? demoLeader
        // in the past, like every demo date
        func past(_ date: Date) -> Date { min(date, now.addingTimeInterval(-3600)) }
        let draft = ActivityDraft(
            title: DemoPractice.activityTitle, purpose: DemoPractice.activityPurpose, steps: "Invite a student guide.",
            evidence: DemoPractice.activityEvidence, traitIDs: Array(traits))
        let activity = LeadershipActivity(
            districtID: districtID, communityID: communityID, draft: draft, createdBy: demoLeader,
            createdAt: past(first.start.addingTimeInterval(86_400)))
        try await activity.create(on: db)
        let activityID = try activity.requireID()
        try await ActivityChange(
            activityID: activityID, version: 1, changedBy: demoLeader, changedAt: activity.createdAt, fields: "drafted"
        ).create(on: db)
        activity.steps = DemoPractice.activitySteps
        activity.version = 2
        activity.adoptedAt = past(first.start.addingTimeInterval(5 * 86_400))
        try await activity.save(on: db)
        try await ActivityChange(
            activityID: activityID, version: 2, changedBy: other,
            changedAt: past(first.start.addingTimeInterval(3 * 86_400)),
            fields: "steps"
        ).create(on: db)
        try await ActivityChange(
            activityID: activityID, version: 2, changedBy: demoLeader, changedAt: activity.adoptedAt ?? now,
            fields: "adopted"
        ).create(on: db)
        // the facilitator's judgement of the community's stage, two terms so far
        let facilitator = try await Community.find(communityID, on: db)?.$facilitator.id
        for (term, day, stage, why) in [
            (
                "Summer 2026", CalendarDay(first.start), CommunityStage.potential,
                "Members found each other around family partnership but had not yet worked together."
            ),
            (
                "Autumn 2026", CalendarDay(past(now.addingTimeInterval(-20 * 86_400))), .coalescing,
                "They adopted a question and their first activity, and most commit every cycle."
            ),
        ] {
            try await ValueService.store(
                StageEntry(term: term, day: day, stage: stage, why: why), communityID: communityID,
                districtID: districtID, setBy: facilitator, on: db)
        }
        var history: [[PeerGroup]] = []
        var turn = 0
        for cycle in cycles {
            let stored = PracticeCycleRecord()
            stored.$district.id = districtID
            stored.$community.id = communityID
            stored.$series.id = try record.requireID()
            stored.openingDay = cycle.opening.occurrence.key.description
            try await stored.create(on: db)
            let cycleID = try stored.requireID()
            let groups = PeerSchedule.plan(history: history, roster: roster, count: 1).first ?? []
            history.append(groups)
            for (position, group) in groups.enumerated() {
                try await PeerGroupRecord(cycleID: cycleID, position: position, group: group).create(on: db)
            }
            let ended = cycle.hasEnded(now: now)
            for (index, member) in members.enumerated() {
                let isDemoLeader = member == demoLeader
                // one member skips each ended cycle; in the current cycle, half have committed so far
                if !isDemoLeader, ended ? (index + cycle.number) % 5 == 4 : index % 2 == 1 { continue }
                let sample =
                    isDemoLeader && !ended
                    ? DemoPractice.current : DemoPractice.commitments[turn % DemoPractice.commitments.count]
                turn += 1
                let commitment = Commitment()
                commitment.$district.id = districtID
                commitment.$cycle.id = cycleID
                commitment.authorID = member
                commitment.text = sample.text
                commitment.prediction = sample.prediction
                commitment.activityID = cycle.number > 0 && index % 2 == 0 ? activityID : nil
                commitment.traitIDs = commitment.activityID == nil ? "" : traits.joined(separator: ",")
                commitment.shared = !isDemoLeader && index % 3 == 0
                commitment.createdAt = past(cycle.start.addingTimeInterval(86_400))
                commitment.reason = ""
                commitment.status =
                    !ended
                    ? .planned : isDemoLeader ? .tried : index % 4 == 3 ? .notTried : index % 3 == 0 ? .changed : .tried
                if commitment.status.isApplied {
                    commitment.triedOn = CalendarDay(past(cycle.start.addingTimeInterval(10 * 86_400))).description
                }
                if commitment.status == .notTried { commitment.reason = "State testing took the whole two weeks." }
                try await commitment.create(on: db)
                guard ended, commitment.status != .notTried else { continue }
                let insight = Insight()
                insight.$commitment.id = try commitment.requireID()
                insight.happened = sample.happened
                insight.learned = sample.learned
                insight.decision = sample.decision
                let choice = isDemoLeader ? cycle.number : index
                insight.sharing = [InsightSharing.community, .private, .peer][choice % 3]
                insight.createdAt = past(cycle.start.addingTimeInterval(12 * 86_400))
                try await insight.create(on: db)
            }
            guard ended else { continue }
            for (position, group) in groups.enumerated() where position != 1 || groups.count < 3 {
                let debrief = Debrief()
                debrief.$cycle.id = cycleID
                debrief.members = group.members.joined(separator: ",")
                debrief.heldOn = CalendarDay(past(cycle.start.addingTimeInterval(14 * 86_400))).description
                debrief.markedBy = group.members.first.flatMap(UUIDText.parse)
                debrief.notes = DemoPractice.debriefNotes
                try await debrief.create(on: db)
            }
        }
    }

    /// Two shared value-creation stories in the demo leader's community: the demo leader's, told from the
    /// first cycle to a reframing and included in the cohort's report, citing a meeting, the adopted activity,
    /// their insight and their school's ELA result; and another member's, shared with the community, its
    /// later steps hoped for, which the facilitator has asked for the report.
    static func seedStories(districtID: UUID, demoLeader: UUID?, now: Date, on db: any Database) async throws {
        guard let demoLeader,
            let communityID = try await CommunityMembership.query(on: db).filter(\.$user.$id == demoLeader).first()?
                .$community.id,
            let community = try await Community.find(communityID, on: db),
            let record = try await MeetingSeriesRecord.query(on: db).filter(\.$community.$id == communityID)
                .with(\.$changes).first()
        else { return }
        let sql = try db.sql()
        let members = try await CommunityMembership.query(on: db).filter(\.$community.$id == communityID).all()
            .map { $0.$user.id }.sorted { UUIDText.lowercased($0) < UUIDText.lowercased($1) }
        let other = members.first { $0 != demoLeader } ?? demoLeader
        let series = try record.series()
        let opening = series.occurrences(from: series.pattern.startDay, through: series.pattern.endDay).first
        var evidence: [Evidence] = []
        if let opening {
            evidence.append(
                Evidence(kind: .meeting, reference: "\(PracticeService.key(try record.requireID()))/\(opening.key)"))
        }
        let activity = try await sql.raw(
            "SELECT id FROM leadership_activities WHERE community_id = \(bind: communityID) ORDER BY created_at LIMIT 1"
        ).first().map { try $0.decodeUUID(column: "id") }
        let insight = try await sql.raw(
            """
            SELECT i.id FROM insights i JOIN commitments c ON c.id = i.commitment_id
            WHERE c.author_id = \(bind: demoLeader) ORDER BY i.created_at LIMIT 1
            """
        ).first().map { try $0.decodeUUID(column: "id") }
        let school = try await User.find(demoLeader, on: db)?.$school.id
        func steps(_ texts: [ValueKind: String], hoped: Set<ValueKind>, cite: [ValueKind: [Evidence]]) -> [StoryStep] {
            ValueKind.allCases.map {
                StoryStep(kind: $0, text: texts[$0] ?? "", hopedFor: hoped.contains($0), evidence: cite[$0] ?? [])
            }
        }
        var cite: [ValueKind: [Evidence]] = [.immediate: evidence]
        if let activity { cite[.potential] = [Evidence(kind: .activity, reference: PracticeService.key(activity))] }
        if let insight { cite[.applied] = [Evidence(kind: .insight, reference: PracticeService.key(insight))] }
        if let school {
            cite[.realized] = [
                Evidence(kind: .outcome, reference: "\(PracticeService.key(school))|ELA met standard|All students")
            ]
        }
        let facilitator = community.$facilitator.id
        for (author, title, texts, hoped, cited, sharing, asked) in [
            (demoLeader, DemoValue.toldTitle, DemoValue.told, Set<ValueKind>(), cite, StorySharing.report, false),
            (other, DemoValue.hopedTitle, DemoValue.hoped, [.applied, .realized], [:], .community, true),
        ] {
            let draft = ValueStoryDraft(title: title, startCycle: 0, steps: steps(texts, hoped: hoped, cite: cited))
            let when = now.addingTimeInterval(-2 * 86_400)
            try await sql.raw(
                """
                INSERT INTO value_stories (id, district_id, community_id, author_id, title, start_cycle, steps, sharing,
                  requested_by, requested_at, created_at, updated_at)
                VALUES (\(bind: UUID()), \(bind: districtID), \(bind: communityID), \(bind: author), \(bind: draft.title),
                  0, \(bind: String(decoding: try JSONEncoder().encode(draft.steps), as: UTF8.self)),
                  \(bind: sharing.rawValue), \(bind: asked ? facilitator : nil), \(bind: asked ? when : nil), \(bind: when),
                  \(bind: when))
                """
            ).run()
        }
    }

    /// Two school years of outcomes, read from the district's own CSV format, and the 2025-26 pilot cohort
    /// whose community the principals of six schools were in: the community schools the outcomes compare
    /// with the others. Seeded last, so that nothing before it sees the pilot community.
    static func seedOutcomes(districtID: UUID, schoolIDs: [String: UUID], now: Date, on db: any Database) async throws {
        let keys = DemoDistrict.schools.map(\.key).filter { schoolIDs[$0] != nil }
        let counts = try await OutcomeService.parse(
            DemoOutcomes.csv(schoolKeys: keys), file: "demo-outcomes.csv", districtID: districtID, on: db)
        _ = try await OutcomeService.store(counts, districtID: districtID, on: db)
        let pilot = Cohort(
            districtID: districtID, name: "Bayview pilot community", schoolYear: DemoOutcomes.after)
        try await pilot.create(on: db)
        let community = Community(
            districtID: districtID, cohortID: try pilot.requireID(), name: "Pilot community: family partnership",
            focus: "inclusive-families", sizes: 4...7, published: true)
        try await community.create(on: db)
        let schools = DemoOutcomes.pilotSchools.compactMap { schoolIDs[$0] }
        let principals = try await User.query(on: db).filter(\.$district.$id == districtID)
            .filter(\.$school.$id ~~ schools).filter(\.$position == .principal).all()
        for principal in principals {
            try await CommunityMembership(
                communityID: try community.requireID(), userID: try principal.requireID(), reasons: ""
            ).create(on: db)
        }
    }
}
