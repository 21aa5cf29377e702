import Fluent
import Foundation
import Testing
import TrellisCore
import Vapor
import VaporTesting

@testable import TrellisServer

@Suite("Each role's navigation leads to its daily work")
struct NavigationTests {
    @Test("a leader reaches their community, its board and their meetings in one click")
    func leaderNavigation() async throws {
        try await withTrellis { app, _ in
            // setup: the circle's leader is in a community; l2 is not
            let circle = try await Circle.make(app)
            try await app.page(SiteURL.home.relativeURL, as: circle.leader) { response in
                for link in [
                    #"<a href="/my/community">My community</a>"#, #"<a href="/my/board">Board</a>"#,
                    #"<a href="/my/meetings">Meetings</a>"#,
                ] {
                    #expect(response.text.contains(link), "\(link)")
                }
            }
            // MUT / validation
            let expected: [(SiteURL, SiteURL)] = [
                (.myCommunity, .community(.value(circle.communityID))),
                (.myBoard, .communityBoard(.value(circle.communityID))),
                (.myMeetings, .cohortMeetings(.value(circle.fixture.own.cohortID))),
            ]
            for (mine, place) in expected {
                let (path, target) = (mine.relativeURL, place.relativeURL)
                try await app.page(path, as: circle.leader) { response in
                    #expect(response.status == .seeOther)
                    #expect(response.headers.first(name: .location) == target, "\(path)")
                }
                try await app.page(path, as: circle.outsider) { response in
                    #expect(
                        response.headers.first(name: .location) == SiteURL.home.relativeURL,
                        "no community yet: home says why")
                }
                try await app.page(path, as: circle.facilitator) { #expect($0.status == .forbidden) }
            }
            let admin = try await app.signIn("admin@own.example")
            try await app.page(SiteURL.home.relativeURL, as: admin) { response in
                #expect(response.text.contains(#"<a href="/trust/questions">Trust questions</a>"#))
            }
        }
    }
}
