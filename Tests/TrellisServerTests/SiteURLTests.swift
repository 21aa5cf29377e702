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
}
