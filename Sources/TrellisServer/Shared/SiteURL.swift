import Foundation
import TrellisCore
import Vapor

/// A path parameter: `.key` where a route is registered, `.value` where a link is built.
enum Parameter<Value: Sendable>: Sendable {
    case key
    case value(Value)
}

/// Every page and endpoint of Trellis. The same case registers the route and builds every link to it, so
/// links and routes cannot drift apart.
enum SiteURL: Sendable {
    case home
    case signIn
    case signInWithProvider
    case signInCallback
    case signInSettings
    case signOut
    case passwordReset
    case healthz
    case readyz
    case metrics
    case stylesheet
    case script
    case favicon
    /// Where browsers and tools look for an icon when a page names none.
    case faviconFallback
    case districts
    case schools
    case school(Parameter<UUID>)
    case people
    case newPerson
    case person(Parameter<UUID>)
    case personResetLink(Parameter<UUID>)
    case personArchiving(Parameter<UUID>)
    case cohorts
    case newCohort
    case cohort(Parameter<UUID>)
    case cohortMembers(Parameter<UUID>)
    /// Every leader of the chosen schools joins at once.
    case cohortMembersFromSchools(Parameter<UUID>)
    case cohortMemberRemoval(cohort: Parameter<UUID>, person: Parameter<UUID>)
    case rosterImport
    case cohortTrust(Parameter<UUID>)
    case cohortIntake(Parameter<UUID>)
    case cohortFormation(Parameter<UUID>)
    case cohortFormationStep(Parameter<UUID>, FormationStep)
    case community(Parameter<UUID>)
    case communityInquiry(Parameter<UUID>)
    case communityInquiryStep(Parameter<UUID>, InquiryStep)
    case communityBoard(Parameter<UUID>)
    case communityBoardLive(Parameter<UUID>)
    case communityBoardStep(Parameter<UUID>, BoardStep)
    case cohortMeetings(Parameter<UUID>)
    case meetingSeries(Parameter<UUID>)
    case meeting(Parameter<UUID>, day: Parameter<String>)
    case meetingStep(Parameter<UUID>, day: Parameter<String>, MeetingStep)
    case account
    case accountCalendar
    case accountPassword
    case accountEmail
    case unsubscribe(Parameter<String>)
    case stories
    /// A leader's own community, its board and its meetings, wherever they are this year.
    case myCommunity
    case myBoard
    case myMeetings
    case whatsNew
    case story(Parameter<UUID>)
    case storyStep(Parameter<UUID>, StoryStep)
    case calendarFeed(Parameter<String>)
    case trustRound(Parameter<UUID>)
    case trustRoundClosing(Parameter<UUID>)
    case trustAnswer(Parameter<UUID>)
    case trustResultsCSV(Parameter<UUID>)
    case trustItemsCSV(Parameter<UUID>)
    case trustQuestions
    case rosterImportConfirmation(Parameter<UUID>)
    case library
    case newResource
    case resource(Parameter<UUID>)
    case resourceStep(Parameter<UUID>, ResourceStep)
    case libraryImport
    case libraryExport
    case traits
    case trait(Parameter<UUID>)
    case communityPlaylist(Parameter<UUID>)
    case cohortPlaylist(Parameter<UUID>)
    case playlistItem(Parameter<UUID>)
    case playlistItemProgress(Parameter<UUID>)
    case communityPractice(Parameter<UUID>)
    case communityActivities(Parameter<UUID>)
    case communityStage(Parameter<UUID>)
    case cohortPractice(Parameter<UUID>)
    case practiceCycle(Parameter<UUID>)
    case practiceCycleStep(Parameter<UUID>, CycleStep)
    case commitment(Parameter<UUID>)
    case commitmentInsight(Parameter<UUID>)
    case insightSharing(Parameter<UUID>)
    case activity(Parameter<UUID>)
    case activityAdoption(Parameter<UUID>)
    case outcomes
    case outcomesExport
    case outcomesImport
    case outcomesImportConfirmation(Parameter<UUID>)
    case outcomeSettings
    case communityValue(Parameter<UUID>)
    case communityValueStories(Parameter<UUID>)
    case newValueStory(Parameter<UUID>)
    case valueStory(Parameter<UUID>)
    case valueStoryStep(Parameter<UUID>, ValueStoryStep)
    case communityReport(Parameter<UUID>)
    case communityReportFile(Parameter<UUID>, ReportFile)
    case cohortReport(Parameter<UUID>)
    case cohortReportFile(Parameter<UUID>, ReportFile)
    case api(APIPath)

    enum APIPath: Sendable {
        case openAPI
        case me
        case schools
        case school(Parameter<UUID>)
        case people
        case cohorts
        case cohort(Parameter<UUID>)
        case cohortTrustRounds(Parameter<UUID>)
        case trustRound(Parameter<UUID>)
        case trustRoundClosing(Parameter<UUID>)
        case trustResponses(Parameter<UUID>)
        case trustResults(Parameter<UUID>)
        case cohortIntake(Parameter<UUID>)
        case cohortProposal(Parameter<UUID>)
        case cohortProposalMoves(Parameter<UUID>)
        case cohortProposalPublishing(Parameter<UUID>)
        case cohortCommunities(Parameter<UUID>)
        case community(Parameter<UUID>)
        case protocols
        case cohortMeetingSeries(Parameter<UUID>)
        case meetingSeries(Parameter<UUID>)
        case meetingSeriesChanges(Parameter<UUID>)
        case meeting(Parameter<UUID>, day: Parameter<String>)
        case meetingAgenda(Parameter<UUID>, day: Parameter<String>)
        case meetingAttendance(Parameter<UUID>, day: Parameter<String>)
        case meetingCheckIn(Parameter<UUID>, day: Parameter<String>)
        case stories
        case story(Parameter<UUID>)
        case communityQuestions(Parameter<UUID>)
        case communityBallot(Parameter<UUID>)
        case communityQuestionsExport(Parameter<UUID>)
        case storyStep(Parameter<UUID>, StoryStep)
        case communityStep(Parameter<UUID>, CommunityStep)
        case communityBoard(Parameter<UUID>)
        case communityBoardStep(Parameter<UUID>, BoardStep)
        case resources
        case resource(Parameter<UUID>)
        case resourceFile(Parameter<UUID>)
        case communityPlaylist(Parameter<UUID>)
        case communityRecommendations(Parameter<UUID>)
        case playlistItemProgress(Parameter<UUID>)
        case communityCycles(Parameter<UUID>)
        case communityPairs(Parameter<UUID>)
        case communityActivities(Parameter<UUID>)
        case cycleCommitments(Parameter<UUID>)
        case cycleDebriefs(Parameter<UUID>)
        case cycleCounts(Parameter<UUID>)
        case commitment(Parameter<UUID>)
        case commitmentInsight(Parameter<UUID>)
        case insight(Parameter<UUID>)
        case insightSharing(Parameter<UUID>)
        case activity(Parameter<UUID>)
        case activityAdoption(Parameter<UUID>)
        case outcomes
        case outcomeImports
        case communityReport(Parameter<UUID>)
        case cohortReport(Parameter<UUID>)

        /// What can be done to one story through the API.
        enum StoryStep: String, Sendable, CaseIterable {
            case sharing, messages
        }

        /// A community's inquiry question, through the API.
        enum CommunityStep: String, Sendable, CaseIterable {
            case vote
            case inquiryQuestion = "inquiry-question"
        }

        /// A community's board, through the API.
        enum BoardStep: String, Sendable, CaseIterable {
            case operations, snapshots, export
        }
    }

    /// The forms of a cohort's formation page, each posting to its own path.
    enum FormationStep: String, Sendable, CaseIterable {
        case challenges, apart, proposal, move, publish
        case apartRemoval = "apart-removal"
    }

    /// The forms and the export of a community's inquiry page.
    enum InquiryStep: String, Sendable, CaseIterable {
        case questions, ballot, vote, adoption, export
    }

    /// A community board's pages beside the board itself.
    enum BoardStep: String, Sendable, CaseIterable {
        case history, export
    }

    /// The forms of one meeting's page.
    enum MeetingStep: String, Sendable, CaseIterable {
        case change, agenda, attendance, notes
        case checkIn = "check-in"
    }

    /// A library resource's edit form, its accept/retire form and its file.
    enum ResourceStep: String, Sendable, CaseIterable {
        case edit, state, file
    }

    /// The forms of one cycle's page: a leader's commitment and debrief, a facilitator's swap.
    enum CycleStep: String, Sendable, CaseIterable {
        case commitment, debrief, swap
    }

    /// The forms of a value-creation story's pages: the author's editor and sharing, a facilitator's ask.
    enum ValueStoryStep: String, Sendable, CaseIterable {
        case edit, sharing, ask
    }

    /// The end-of-year report's downloads: every table as CSV in a ZIP, the stories as Markdown.
    enum ReportFile: String, Sendable, CaseIterable {
        case tables = "tables.zip"
        case stories = "stories.md"
    }

    /// The forms of one story's page.
    enum StoryStep: String, Sendable, CaseIterable {
        case sharing, edit, deletion, messages
    }

    static let idKey = "id"
    static let personKey = "personID"
    static let dayKey = "day"
    static let tokenKey = "token"

    var pathComponents: [PathComponent] {
        path(keys: true).split(separator: "/").map { PathComponent(stringLiteral: String($0)) }
    }

    /// The path with values filled in, for links.
    var relativeURL: String { path(keys: false) }

    private func path(keys: Bool) -> String {
        func id(_ parameter: Parameter<UUID>, _ key: String = SiteURL.idKey) -> String {
            switch parameter {
            case .key: ":\(key)"
            case .value(let value): UUIDText.lowercased(value)
            }
        }
        func text(_ parameter: Parameter<String>, _ key: String) -> String {
            switch parameter {
            case .key: ":\(key)"
            case .value(let value): value.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? value
            }
        }
        switch self {
        case .home: return "/"
        case .signIn: return "/signin"
        case .signInWithProvider: return "/signin/oidc"
        case .signInCallback: return "/signin/oidc/callback"
        case .signInSettings: return "/settings/sign-in"
        case .signOut: return "/signout"
        case .passwordReset: return "/reset"
        case .healthz: return "/healthz"
        case .readyz: return "/readyz"
        case .stylesheet: return "/static/trellis.css"
        case .script: return "/static/trellis.js"
        case .favicon: return "/static/favicon.svg"
        case .faviconFallback: return "/favicon.ico"
        case .districts: return "/districts"
        case .schools: return "/schools"
        case .school(let p): return "/schools/\(id(p))"
        case .people: return "/people"
        case .newPerson: return "/people/new"
        case .person(let p): return "/people/\(id(p))"
        case .personResetLink(let p): return "/people/\(id(p))/reset-link"
        case .personArchiving(let p): return "/people/\(id(p))/archived"
        case .cohorts: return "/cohorts"
        case .newCohort: return "/cohorts/new"
        case .cohort(let p): return "/cohorts/\(id(p))"
        case .cohortMembers(let p): return "/cohorts/\(id(p))/members"
        case .cohortMembersFromSchools(let p): return "/cohorts/\(id(p))/members/schools"
        case .cohortMemberRemoval(let c, let p): return "/cohorts/\(id(c))/members/\(id(p, SiteURL.personKey))/remove"
        case .rosterImport: return "/roster/import"
        case .cohortTrust(let p): return "/cohorts/\(id(p))/trust"
        case .cohortIntake(let p): return "/cohorts/\(id(p))/intake"
        case .cohortFormation(let p): return "/cohorts/\(id(p))/formation"
        case .cohortFormationStep(let p, let step): return "/cohorts/\(id(p))/formation/\(step.rawValue)"
        case .community(let p): return "/communities/\(id(p))"
        case .communityInquiry(let p): return "/communities/\(id(p))/inquiry"
        case .communityInquiryStep(let p, let step): return "/communities/\(id(p))/inquiry/\(step.rawValue)"
        case .communityBoard(let p): return "/communities/\(id(p))/board"
        case .communityBoardLive(let p): return "/communities/\(id(p))/board/live"
        case .communityBoardStep(let p, let step): return "/communities/\(id(p))/board/\(step.rawValue)"
        case .cohortMeetings(let p): return "/cohorts/\(id(p))/meetings"
        case .meetingSeries(let p): return "/meetings/\(id(p))"
        case .meeting(let p, let day): return "/meetings/\(id(p))/\(text(day, SiteURL.dayKey))"
        case .meetingStep(let p, let day, let step):
            return "/meetings/\(id(p))/\(text(day, SiteURL.dayKey))/\(step.rawValue)"
        case .stories: return "/stories"
        case .myCommunity: return "/my/community"
        case .myBoard: return "/my/board"
        case .myMeetings: return "/my/meetings"
        case .whatsNew: return "/my/new"
        case .story(let p): return "/stories/\(id(p))"
        case .storyStep(let p, let step): return "/stories/\(id(p))/\(step.rawValue)"
        case .account: return "/account"
        case .accountPassword: return "/account/password"
        case .accountEmail: return "/account/email"
        case .unsubscribe(let token):
            if case .value(let value) = token { return "/unsubscribe/\(value)" }
            return "/unsubscribe/:\(SiteURL.tokenKey)"
        case .accountCalendar: return "/account/calendar"
        case .calendarFeed(let token):
            // The address ends in .ics, which calendar apps like; the route takes the whole last component.
            if case .value(let value) = token { return "/calendar/\(value).ics" }
            return "/calendar/:\(SiteURL.tokenKey)"
        case .trustRound(let p): return "/trust/\(id(p))"
        case .trustRoundClosing(let p): return "/trust/\(id(p))/close"
        case .trustAnswer(let p): return "/trust/\(id(p))/answer"
        case .trustResultsCSV(let p): return "/trust/\(id(p))/results.csv"
        case .trustItemsCSV(let p): return "/trust/\(id(p))/items.csv"
        case .trustQuestions: return "/trust/questions"
        case .rosterImportConfirmation(let p): return "/roster/import/\(id(p))/confirm"
        case .library: return "/library"
        case .newResource: return "/library/new"
        case .resource(let p): return "/library/\(id(p))"
        case .resourceStep(let p, let step): return "/library/\(id(p))/\(step.rawValue)"
        case .libraryImport: return "/library/import"
        case .libraryExport: return "/library/export.csv"
        case .traits: return "/settings/traits"
        case .trait(let p): return "/settings/traits/\(id(p))"
        case .communityPlaylist(let p): return "/communities/\(id(p))/playlist"
        case .cohortPlaylist(let p): return "/cohorts/\(id(p))/playlist"
        case .playlistItem(let p): return "/playlist-items/\(id(p))"
        case .playlistItemProgress(let p): return "/playlist-items/\(id(p))/progress"
        case .communityPractice(let p): return "/communities/\(id(p))/practice"
        case .communityActivities(let p): return "/communities/\(id(p))/activities"
        case .communityStage(let p): return "/communities/\(id(p))/stage"
        case .cohortPractice(let p): return "/cohorts/\(id(p))/practice"
        case .practiceCycle(let p): return "/cycles/\(id(p))"
        case .practiceCycleStep(let p, let step): return "/cycles/\(id(p))/\(step.rawValue)"
        case .commitment(let p): return "/commitments/\(id(p))"
        case .commitmentInsight(let p): return "/commitments/\(id(p))/insight"
        case .insightSharing(let p): return "/insights/\(id(p))/sharing"
        case .activity(let p): return "/activities/\(id(p))"
        case .activityAdoption(let p): return "/activities/\(id(p))/adopt"
        case .outcomes: return "/outcomes"
        case .outcomesExport: return "/outcomes/export.csv"
        case .outcomesImport: return "/outcomes/import"
        case .outcomesImportConfirmation(let p): return "/outcomes/import/\(id(p))/confirm"
        case .outcomeSettings: return "/settings/outcomes"
        case .metrics: return "/metrics"
        case .communityValue(let p): return "/communities/\(id(p))/value"
        case .communityValueStories(let p): return "/communities/\(id(p))/value-stories"
        case .newValueStory(let p): return "/communities/\(id(p))/value-stories/new"
        case .valueStory(let p): return "/value-stories/\(id(p))"
        case .valueStoryStep(let p, let step): return "/value-stories/\(id(p))/\(step.rawValue)"
        case .communityReport(let p): return "/communities/\(id(p))/report"
        case .communityReportFile(let p, let file): return "/communities/\(id(p))/report/\(file.rawValue)"
        case .cohortReport(let p): return "/cohorts/\(id(p))/report"
        case .cohortReportFile(let p, let file): return "/cohorts/\(id(p))/report/\(file.rawValue)"
        case .api(let api):
            switch api {
            case .openAPI: return "/api/v1/openapi.json"
            case .me: return "/api/v1/me"
            case .schools: return "/api/v1/schools"
            case .school(let p): return "/api/v1/schools/\(id(p))"
            case .people: return "/api/v1/people"
            case .cohorts: return "/api/v1/cohorts"
            case .cohort(let p): return "/api/v1/cohorts/\(id(p))"
            case .cohortTrustRounds(let p): return "/api/v1/cohorts/\(id(p))/trust-rounds"
            case .trustRound(let p): return "/api/v1/trust-rounds/\(id(p))"
            case .trustRoundClosing(let p): return "/api/v1/trust-rounds/\(id(p))/close"
            case .trustResponses(let p): return "/api/v1/trust-rounds/\(id(p))/responses"
            case .trustResults(let p): return "/api/v1/trust-rounds/\(id(p))/results"
            case .cohortIntake(let p): return "/api/v1/cohorts/\(id(p))/intake"
            case .cohortProposal(let p): return "/api/v1/cohorts/\(id(p))/proposal"
            case .cohortProposalMoves(let p): return "/api/v1/cohorts/\(id(p))/proposal/moves"
            case .cohortProposalPublishing(let p): return "/api/v1/cohorts/\(id(p))/proposal/publish"
            case .cohortCommunities(let p): return "/api/v1/cohorts/\(id(p))/communities"
            case .community(let p): return "/api/v1/communities/\(id(p))"
            case .protocols: return "/api/v1/protocols"
            case .stories: return "/api/v1/stories"
            case .story(let p): return "/api/v1/stories/\(id(p))"
            case .communityQuestions(let p): return "/api/v1/communities/\(id(p))/questions"
            case .communityBallot(let p): return "/api/v1/communities/\(id(p))/ballot"
            case .communityQuestionsExport(let p): return "/api/v1/communities/\(id(p))/questions/export"
            case .storyStep(let p, let step): return "/api/v1/stories/\(id(p))/\(step.rawValue)"
            case .communityStep(let p, let step): return "/api/v1/communities/\(id(p))/\(step.rawValue)"
            case .communityBoard(let p): return "/api/v1/communities/\(id(p))/board"
            case .communityBoardStep(let p, let step): return "/api/v1/communities/\(id(p))/board/\(step.rawValue)"
            case .resources: return "/api/v1/resources"
            case .resource(let p): return "/api/v1/resources/\(id(p))"
            case .resourceFile(let p): return "/api/v1/resources/\(id(p))/file"
            case .communityPlaylist(let p): return "/api/v1/communities/\(id(p))/playlist"
            case .communityRecommendations(let p): return "/api/v1/communities/\(id(p))/recommendations"
            case .playlistItemProgress(let p): return "/api/v1/playlist-items/\(id(p))/progress"
            case .communityCycles(let p): return "/api/v1/communities/\(id(p))/cycles"
            case .communityPairs(let p): return "/api/v1/communities/\(id(p))/pairs"
            case .communityActivities(let p): return "/api/v1/communities/\(id(p))/activities"
            case .cycleCommitments(let p): return "/api/v1/cycles/\(id(p))/commitments"
            case .cycleDebriefs(let p): return "/api/v1/cycles/\(id(p))/debriefs"
            case .cycleCounts(let p): return "/api/v1/cycles/\(id(p))/counts"
            case .commitment(let p): return "/api/v1/commitments/\(id(p))"
            case .commitmentInsight(let p): return "/api/v1/commitments/\(id(p))/insight"
            case .insight(let p): return "/api/v1/insights/\(id(p))"
            case .insightSharing(let p): return "/api/v1/insights/\(id(p))/sharing"
            case .activity(let p): return "/api/v1/activities/\(id(p))"
            case .activityAdoption(let p): return "/api/v1/activities/\(id(p))/adopt"
            case .outcomes: return "/api/v1/outcomes"
            case .outcomeImports: return "/api/v1/outcomes/imports"
            case .communityReport(let p): return "/api/v1/communities/\(id(p))/report"
            case .cohortReport(let p): return "/api/v1/cohorts/\(id(p))/report"
            case .cohortMeetingSeries(let p): return "/api/v1/cohorts/\(id(p))/meeting-series"
            case .meetingSeries(let p): return "/api/v1/meeting-series/\(id(p))"
            case .meetingSeriesChanges(let p): return "/api/v1/meeting-series/\(id(p))/changes"
            case .meeting(let p, let day):
                return "/api/v1/meeting-series/\(id(p))/meetings/\(text(day, SiteURL.dayKey))"
            case .meetingAgenda(let p, let day):
                return "/api/v1/meeting-series/\(id(p))/meetings/\(text(day, SiteURL.dayKey))/agenda"
            case .meetingAttendance(let p, let day):
                return "/api/v1/meeting-series/\(id(p))/meetings/\(text(day, SiteURL.dayKey))/attendance"
            case .meetingCheckIn(let p, let day):
                return "/api/v1/meeting-series/\(id(p))/meetings/\(text(day, SiteURL.dayKey))/check-in"
            }
        }
    }
}

extension Request {
    /// The `:id` path parameter as a UUID. A malformed id is simply not found: 404, never 400 or 500.
    func idParameter(_ key: String = SiteURL.idKey) throws -> UUID {
        guard let text = parameters.get(key), let id = UUID(uuidString: text) else {
            throw Abort(.notFound)
        }
        return id
    }
}
