import Fluent
import Foundation
import SQLKit
import Testing
import TrellisCore
import Vapor
import VaporTesting

@testable import TrellisServer

/// Value-creation stories and the end-of-year report, by form and API, as every kind of viewer.
@Suite("What the year was worth")
struct ValueTests {
    static func storyForm(_ title: String, immediate: String, extra: [String: String] = [:]) -> [String: String] {
        ["title": title, "startCycle": "0", "immediate": immediate, "potential": "", "applied": ""].merging(
            extra, uniquingKeysWith: { _, new in new })
    }

    static func storyID(from response: TestingHTTPResponse) throws -> UUID {
        let location = try #require(response.headers.first(name: .location))
        let id = try #require(location.split(separator: "/").last?.split(separator: "?").first)
        return try #require(UUID(uuidString: String(id)))
    }

    @Test(
        "a story is its author's alone until shared; shared, the community and its runners read it; only the author includes it in the cohort's report"
    )
    func privacy() async throws {
        try await withTrellis { app, _ in
            let circle = try await PracticeCircle.make(app)
            let bystander = try #require(circle.members.first { $0 != circle.leader })
            let leader = try await app.signIn("leader@own.example")
            let member = try await app.signIn(circle.emails[bystander]!)
            let facilitator = try await app.signIn("facilitator@own.example")
            let admin = try await app.signIn("admin@own.example")
            let outsider = try await app.signIn("l4@own.example")
            let stranger = try await app.signIn("admin@other.example")
            let strangerFacilitator = try await app.signIn("facilitator@other.example")
            let community = circle.communityID
            let value = SiteURL.communityValue(.value(community)).relativeURL
            let create = SiteURL.communityValueStories(.value(community)).relativeURL
            let cohortReport = SiteURL.cohortReport(.value(circle.fixture.own.cohortID)).relativeURL
            let communityReport = SiteURL.communityReport(.value(community)).relativeURL

            // bad input keeps what was typed and names the field; nothing is stored
            try await app.submit(create, Self.storyForm("", immediate: "We met <b>first</b>"), as: leader) {
                #expect($0.status == .unprocessableEntity)
                #expect($0.shows("give the story a title"))
                #expect($0.text.contains("We met &lt;b&gt;first&lt;/b&gt;"))
            }
            try await app.submit(
                create,
                Self.storyForm(
                    "Cited", immediate: "x",
                    extra: ["immediate-evidence[]": "insight:\(UUID().uuidString.lowercased())"]),
                as: leader
            ) {
                #expect($0.status == .unprocessableEntity, "someone else's insight cannot be cited")
                #expect($0.shows("Immediate evidence: choose from the list"))
            }
            try await app.submit(create, Self.storyForm("Not a member's", immediate: "x"), as: facilitator) {
                #expect($0.status == .forbidden)
            }
            let stored = try await app.db.sql().raw("SELECT COUNT(*) AS n FROM value_stories").first()?.decode(
                column: "n", as: Int.self)
            #expect(stored == 0)

            // a private story
            var storyID = UUID()
            try await app.submit(
                create,
                Self.storyForm(
                    "Walking with students", immediate: "A colleague's walk",
                    extra: ["realized": "Hope", "realized-hoped": "on"]),
                as: leader
            ) {
                #expect($0.status == .seeOther)
                storyID = try Self.storyID(from: $0)
            }
            let story = SiteURL.valueStory(.value(storyID)).relativeURL
            try await app.page(story, as: leader) {
                #expect($0.status == .ok)
                #expect($0.shows("A colleague's walk"))
                #expect($0.shows("— hoped for"))
            }
            for viewer in [member, facilitator, admin, outsider, stranger] {
                try await app.page(story, as: viewer) { #expect($0.status == .notFound) }
                try await app.page(SiteURL.valueStoryStep(.value(storyID), .edit).relativeURL, as: viewer) {
                    #expect($0.status == .notFound)
                }
                for step in [SiteURL.ValueStoryStep.edit, .sharing, .ask] {
                    try await app.submit(
                        SiteURL.valueStoryStep(.value(storyID), step).relativeURL,
                        Self.storyForm("Taken over", immediate: "x", extra: ["sharing": "report"]), as: viewer
                    ) { #expect($0.status == .notFound) }
                }
            }
            for viewer in [member, facilitator, admin] {
                try await app.page(value, as: viewer) {
                    #expect($0.status == .ok)
                    #expect(!$0.shows("Walking with students"))
                }
                try await app.page(communityReport, as: viewer) { #expect(!$0.shows("Walking with students")) }
            }

            // shared with the community
            try await app.submit(
                SiteURL.valueStoryStep(.value(storyID), .sharing).relativeURL, ["sharing": "community"], as: leader
            ) { #expect($0.status == .seeOther) }
            for viewer in [member, facilitator, admin] {
                try await app.page(story, as: viewer) {
                    #expect($0.status == .ok)
                    #expect($0.shows("A colleague's walk"))
                }
                try await app.page(value, as: viewer) { #expect($0.shows("Walking with students")) }
                try await app.page(communityReport, as: viewer) { #expect($0.shows("Walking with students")) }
            }
            for viewer in [outsider, stranger] {
                try await app.page(story, as: viewer) { #expect($0.status == .notFound) }
                try await app.page(communityReport, as: viewer) { #expect($0.status == .notFound) }
            }
            try await app.submit(
                SiteURL.valueStoryStep(.value(storyID), .edit).relativeURL, Self.storyForm("Mine now", immediate: "x"),
                as: member
            ) { #expect($0.status == .forbidden) }
            try await app.submit(
                SiteURL.valueStoryStep(.value(storyID), .sharing).relativeURL, ["sharing": "report"], as: facilitator
            ) { #expect($0.status == .forbidden, "a facilitator can ask, never publish") }
            try await app.page(cohortReport, as: facilitator) {
                #expect($0.status == .ok)
                #expect(!$0.shows("Walking with students"), "shared with the community is not in the cohort's report")
            }

            // the facilitator asks; the author sees it and includes it
            try await app.submit(SiteURL.valueStoryStep(.value(storyID), .ask).relativeURL, [:], as: facilitator) {
                #expect($0.status == .seeOther)
            }
            try await app.page(story, as: leader) { #expect($0.shows("asked whether this story can go into")) }
            try await app.submit(
                SiteURL.valueStoryStep(.value(storyID), .sharing).relativeURL, ["sharing": "report"], as: leader
            ) { #expect($0.status == .seeOther) }
            for viewer in [facilitator, admin] {
                try await app.page(cohortReport, as: viewer) {
                    #expect($0.status == .ok)
                    #expect($0.shows("Walking with students"))
                    #expect($0.shows("Realized, cycle 4 (hoped for)"))
                }
            }
            for viewer in [leader, member, outsider, stranger, strangerFacilitator] {
                try await app.page(cohortReport, as: viewer) { #expect($0.status == .notFound) }
                try await app.page(
                    SiteURL.cohortReportFile(.value(circle.fixture.own.cohortID), .tables).relativeURL, as: viewer
                ) { #expect($0.status == .notFound) }
            }

            // the API gives the same report to the same people
            let outsiderToken = try await circle.token(circle.outsider, app: app)
            let memberToken = try await circle.token(bystander, app: app)
            try await APITests.call(
                app, .GET, SiteURL.api(.communityReport(.value(community))).relativeURL, token: memberToken
            ) {
                #expect($0.status == .ok)
                let stories = try #require(try APITests.object($0)["stories"] as? [[String: Any]])
                #expect(stories.map { $0["title"] as? String } == ["Walking with students"])
            }
            try await APITests.call(
                app, .GET, SiteURL.api(.communityReport(.value(community))).relativeURL, token: outsiderToken
            ) { #expect($0.status == .notFound) }
            try await APITests.call(
                app, .GET, SiteURL.api(.cohortReport(.value(circle.fixture.own.cohortID))).relativeURL,
                token: memberToken
            ) { #expect($0.status == .notFound) }
        }
    }

    @Test(
        "a community's report shows the trust figures of the cohort and its own community, not another's; the cohort's report shows every community's"
    )
    func trustRows() async throws {
        try await withTrellis { app, _ in
            let circle = try await PracticeCircle.make(app)
            let own = circle.fixture.own
            let second = Community(
                districtID: own.districtID, cohortID: own.cohortID, name: "Second Circle", focus: "y", sizes: 1...6,
                published: true)
            try await second.create(on: app.db)
            let roundID = try await Fixture.makeTrustRound(
                app, districtID: own.districtID, cohortID: own.cohortID, closedWithResponses: 0, title: "Autumn")
            for (communityID, base) in [(circle.communityID, 2), (try second.requireID(), 5)] {
                for number in 0..<6 {
                    let responseID = UUID()
                    for item in TrustInstrument.current.items {
                        try await TrustAnswer(
                            roundID: roundID, communityID: communityID, responseID: responseID, itemID: item.id,
                            value: base + number % 2, answeredOn: CalendarDay.today().description
                        ).create(on: app.db)
                    }
                }
            }
            let leader = try await app.signIn("leader@own.example")
            let facilitator = try await app.signIn("facilitator@own.example")
            // the trust table's row of a group, its figures included
            func row(_ group: String, in html: String) -> String? {
                guard let start = html.range(of: "<th scope=\"row\">Autumn</th><td>\(group)</td>"),
                    let end = html[start.upperBound...].range(of: "</tr>")
                else { return nil }
                return String(html[start.lowerBound..<end.upperBound])
            }
            func cohortRows() async throws -> [String: String] {
                var shown: [String: String] = [:]
                try await app.page(SiteURL.cohortReport(.value(own.cohortID)).relativeURL, as: facilitator) {
                    #expect($0.status == .ok)
                    for group in ["The cohort", "Circle of Practice", "Second Circle"] {
                        shown[group] = row(group, in: $0.text)
                        #expect(shown[group]?.contains("<td>12</td>") == (group == "The cohort"), "\(group)")
                        #expect(shown[group]?.contains("hidden") == false, "\(group)")
                    }
                }
                return shown
            }
            func communityRows() async throws -> [String: String] {
                var shown: [String: String] = [:]
                try await app.page(SiteURL.communityReport(.value(circle.communityID)).relativeURL, as: leader) {
                    #expect($0.status == .ok)
                    #expect(!$0.text.contains("Second Circle"))
                    for group in ["The cohort", "Circle of Practice"] { shown[group] = row(group, in: $0.text) }
                }
                return shown
            }
            // the results worked out afresh for either page first, then read back from what was stored
            for communityFirst in [false, true] {
                try await TrustRoundResultRecord.query(on: app.db).delete()
                let community = communityFirst ? try await communityRows() : [:]
                let cohort = try await cohortRows()
                #expect(Set(cohort.values).count == 3, "each group has figures of its own")
                for shown in [community, try await communityRows()] where !shown.isEmpty {
                    #expect(shown["The cohort"] == cohort["The cohort"])
                    #expect(shown["Circle of Practice"] == cohort["Circle of Practice"])
                }
            }
        }
    }

    @Test("the downloads: every table in a ZIP, the stories as Markdown with what was typed kept as text")
    func downloads() async throws {
        try await withTrellis { app, _ in
            let circle = try await PracticeCircle.make(app)
            let leader = try await app.signIn("leader@own.example")
            try await app.submit(
                SiteURL.communityValueStories(.value(circle.communityID)).relativeURL,
                Self.storyForm(
                    "# Not a heading <script>", immediate: "*not emphasis*", extra: ["sharing": "community"]),
                as: leader
            ) { #expect($0.status == .seeOther) }
            try await app.page(
                SiteURL.communityReportFile(.value(circle.communityID), .stories).relativeURL, as: leader
            ) {
                #expect($0.status == .ok)
                #expect($0.headers.first(name: .contentDisposition)?.contains("circle-of-practice-stories.md") == true)
                #expect($0.text.contains("## \\# Not a heading \\<script\\>"))
                #expect($0.text.contains("\\*not emphasis\\*"))
            }
            try await app.page(
                SiteURL.communityReportFile(.value(circle.communityID), .tables).relativeURL, as: leader
            ) {
                #expect($0.status == .ok)
                #expect($0.headers.contentType?.description.hasPrefix("application/zip") == true)
                let bytes = Array($0.body.readableBytesView)
                #expect(bytes.prefix(4) == [0x50, 0x4b, 0x03, 0x04])
                let text = String(decoding: bytes, as: UTF8.self)
                for file in ["board-buckets.csv", "trust.csv", "meetings.csv", "cycles.csv", "stages.csv"] {
                    #expect(text.contains(file), "\(file) is in the ZIP")
                }
            }
        }
    }
}
