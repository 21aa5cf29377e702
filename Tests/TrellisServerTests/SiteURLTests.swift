import Foundation
import Testing
import Vapor

@testable import TrellisServer

@Suite("Typed links: every step a page links to is a route, and query values come back as written")
struct SiteURLTests {
    /// Every typed step of a page or the API, as the path a route is registered under.
    static var steps: [SiteURL] {
        var steps: [SiteURL] = []
        steps += SiteURL.FormationStep.allCases.map { .cohortFormationStep(.key, $0) }
        steps += SiteURL.InquiryStep.allCases.map { .communityInquiryStep(.key, $0) }
        steps += SiteURL.BoardStep.allCases.map { .communityBoardStep(.key, $0) }
        steps += SiteURL.MeetingStep.allCases.map { .meetingStep(.key, day: .key, $0) }
        steps += SiteURL.StoryStep.allCases.map { .storyStep(.key, $0) }
        steps += SiteURL.ResourceStep.allCases.map { .resourceStep(.key, $0) }
        steps += SiteURL.CycleStep.allCases.map { .practiceCycleStep(.key, $0) }
        steps += SiteURL.APIPath.StoryStep.allCases.map { .api(.storyStep(.key, $0)) }
        steps += SiteURL.APIPath.CommunityStep.allCases.map { .api(.communityStep(.key, $0)) }
        steps += SiteURL.APIPath.BoardStep.allCases.map { .api(.communityBoardStep(.key, $0)) }
        return steps
    }

    @Test("each step a link can name answers on a registered route")
    func stepsAreRoutes() async throws {
        try await withTrellis { app, _ in
            let registered = Set(app.routes.all.map { "/" + $0.path.string })
            for step in Self.steps {
                let path = "/" + step.pathComponents.string
                #expect(registered.contains(path), "no route for \(path)")
            }
        }
    }

    @Test("a query value with &, =, +, # and spaces is read back exactly by the server")
    func queryValuesRoundTrip() throws {
        let next = "/stories?x=1&y=a+b c#top"
        let link = SiteURL.signIn.relativeURL(.next(next), .count(3))
        #expect(link.hasPrefix("/signin?next=%2Fstories") || link.hasPrefix("/signin?next=/stories"))
        let uri = URI(string: link)
        let read = try URLEncodedFormDecoder().decode([String: String].self, from: uri.query ?? "")
        #expect(read["next"] == next)
        #expect(read["count"] == "3")
        #expect(SiteURL.home.relativeURL(fragment: "notice") == "/#notice")
    }

    /// Every case of SiteURL, built with the given parameters (a step case with one of its steps; all steps
    /// are checked above).
    static func every(
        id: Parameter<UUID>, other: Parameter<UUID>, day: Parameter<String>, token: Parameter<String>
    ) -> [SiteURL] {
        [
            .home,
            .signIn,
            .signInWithProvider,
            .signInCallback,
            .signInSettings,
            .signOut,
            .passwordReset,
            .healthz,
            .readyz,
            .metrics,
            .stylesheet,
            .script,
            .favicon,
            .faviconFallback,
            .districts,
            .schools,
            .school(id),
            .people,
            .newPerson,
            .person(id),
            .personResetLink(id),
            .personArchiving(id),
            .cohorts,
            .newCohort,
            .cohort(id),
            .cohortMembers(id),
            .cohortMembersFromSchools(id),
            .cohortMemberRemoval(cohort: id, person: other),
            .rosterImport,
            .cohortTrust(id),
            .cohortIntake(id),
            .cohortFormation(id),
            .cohortFormationStep(id, .challenges),
            .community(id),
            .communityInquiry(id),
            .communityInquiryStep(id, .questions),
            .communityBoard(id),
            .communityBoardLive(id),
            .communityBoardStep(id, .export),
            .cohortMeetings(id),
            .meetingSeries(id),
            .meeting(id, day: day),
            .meetingStep(id, day: day, .change),
            .account,
            .accountCalendar,
            .accountPassword,
            .stories,
            .myCommunity,
            .myBoard,
            .myMeetings,
            .whatsNew,
            .story(id),
            .storyStep(id, .sharing),
            .calendarFeed(token),
            .unsubscribe(token),
            .accountEmail,
            .trustRound(id),
            .trustRoundClosing(id),
            .trustAnswer(id),
            .trustResultsCSV(id),
            .trustItemsCSV(id),
            .trustQuestions,
            .rosterImportConfirmation(id),
            .library,
            .newResource,
            .resource(id),
            .resourceStep(id, .edit),
            .libraryImport,
            .libraryExport,
            .traits,
            .trait(id),
            .communityPlaylist(id),
            .cohortPlaylist(id),
            .playlistItem(id),
            .playlistItemProgress(id),
            .communityPractice(id),
            .communityActivities(id),
            .communityStage(id),
            .cohortPractice(id),
            .practiceCycle(id),
            .practiceCycleStep(id, .debrief),
            .commitment(id),
            .commitmentInsight(id),
            .insightSharing(id),
            .activity(id),
            .activityAdoption(id),
            .outcomes,
            .outcomesExport,
            .outcomesImport,
            .outcomesImportConfirmation(id),
            .outcomeSettings,
            .communityValue(id),
            .communityValueStories(id),
            .newValueStory(id),
            .valueStory(id),
            .communityReport(id),
            .cohortReport(id),
        ]
            + ([
                .openAPI,
                .me,
                .schools,
                .school(id),
                .people,
                .cohorts,
                .cohort(id),
                .cohortTrustRounds(id),
                .trustRound(id),
                .trustRoundClosing(id),
                .trustResponses(id),
                .trustResults(id),
                .cohortIntake(id),
                .cohortProposal(id),
                .cohortProposalMoves(id),
                .cohortProposalPublishing(id),
                .cohortCommunities(id),
                .community(id),
                .protocols,
                .cohortMeetingSeries(id),
                .meetingSeries(id),
                .meetingSeriesChanges(id),
                .meeting(id, day: day),
                .meetingAgenda(id, day: day),
                .meetingAttendance(id, day: day),
                .meetingCheckIn(id, day: day),
                .stories,
                .story(id),
                .communityQuestions(id),
                .communityBallot(id),
                .communityQuestionsExport(id),
                .storyStep(id, .sharing),
                .communityStep(id, .vote),
                .communityBoard(id),
                .communityBoardStep(id, .export),
                .resources,
                .resource(id),
                .resourceFile(id),
                .communityPlaylist(id),
                .communityRecommendations(id),
                .playlistItemProgress(id),
                .communityCycles(id),
                .communityPairs(id),
                .communityActivities(id),
                .cycleCommitments(id),
                .cycleDebriefs(id),
                .cycleCounts(id),
                .commitment(id),
                .commitmentInsight(id),
                .insight(id),
                .insightSharing(id),
                .activity(id),
                .activityAdoption(id),
                .outcomes,
                .outcomeImports,
                .communityReport(id),
                .cohortReport(id),
            ] as [SiteURL.APIPath]).map { .api($0) }
            + SiteURL.ValueStoryStep.allCases.map { .valueStoryStep(id, $0) }
            + SiteURL.ReportFile.allCases.flatMap { [.communityReportFile(id, $0), .cohortReportFile(id, $0)] }
    }

    @Test("each case's link fills in the path its route is registered under, and no route lacks a case")
    func everyCase() async throws {
        let id = UUID(uuidString: "0F0E0D0C-0B0A-0908-0706-050403020100")!
        let other = UUID(uuidString: "00010203-0405-0607-0809-0A0B0C0D0E0F")!
        let templates = Self.every(id: .key, other: .key, day: .key, token: .key)
        let links = Self.every(id: .value(id), other: .value(other), day: .value("2027-01-28"), token: .value("t0k3n"))
        try await withTrellis { app, _ in
            let registered = Set(app.routes.all.map { "/" + $0.path.string })
            for (template, link) in zip(templates, links) {
                let path = "/" + template.pathComponents.string
                #expect(registered.contains(path), "no route for \(path)")
                let filled = path.replacingOccurrences(of: ":\(SiteURL.personKey)", with: other.uuidString.lowercased())
                    .replacingOccurrences(of: ":\(SiteURL.idKey)", with: id.uuidString.lowercased())
                    .replacingOccurrences(of: ":\(SiteURL.dayKey)", with: "2027-01-28")
                    .replacingOccurrences(of: ":\(SiteURL.tokenKey)", with: "t0k3n")
                // A feed's link ends in .ics for calendar apps; its route takes the token with or without it.
                let expected = filled == "/" ? "/" : filled + (path.hasPrefix("/calendar/") ? ".ics" : "")
                #expect(link.relativeURL == expected, "\(link) links to \(link.relativeURL)")
            }
            let built = Set((templates + Self.steps).map { "/" + $0.pathComponents.string })
            #expect(registered.subtracting(built).isEmpty, "routes without a SiteURL case")
        }
    }
}
