import Fluent
import Foundation
import Testing
import TrellisCore
import Vapor
import VaporTesting

@testable import TrellisServer

@Suite("Library and playlists through the JSON API over real HTTP")
struct LibraryAPITests {
    static func call(
        _ app: Application, _ method: HTTPMethod, _ path: String, token: String, json: String? = nil,
        _ check: (TestingHTTPResponse) async throws -> Void
    ) async throws {
        try await APITests.call(app, method, path, token: token, json: json, check)
    }

    @Test(
        "add a link and a file, search with matched words, build a playlist, mark progress; bad input names the field")
    func library() async throws {
        try await withTrellis { app, _ in
            // setup
            let circle = try await Circle.make(app)
            let fixture = circle.fixture
            try await LibraryService.addDefaultTraits(districtID: fixture.own.districtID, on: app.db)
            let facilitator = try await app.apiToken(for: "facilitator@own.example")
            let leader = try await app.apiToken(for: "leader@own.example")
            let outsider = try await app.apiToken(for: "l2@own.example")
            let stranger = try await app.apiToken(for: "admin@other.example")
            let resources = SiteURL.api(.resources).relativeURL
            let mastery = try #require(
                try await DeeperLearningTrait.query(on: app.db).filter(\.$district.$id == fixture.own.districtID)
                    .filter(\.$name == "Mastery").first()
            ).requireID()

            // MUT: bad input is a 422 naming the field, and adds nothing
            try await Self.call(
                app, .POST, resources, token: facilitator,
                json: #"{"title": "Circles", "kind": "article", "url": "ftp://x"}"#
            ) { response in
                #expect(response.status == .unprocessableEntity)
                #expect(response.text.contains("Kind: choose one of"))
                #expect(response.text.contains("\"field\":\"url\""))
            }
            #expect(try await LibraryResource.query(on: app.db).count() == 0)

            // MUT: a link by JSON, a file by multipart
            var linkID = ""
            try await Self.call(
                app, .POST, resources, token: facilitator,
                json:
                    #"{"title": "Listening circles with families", "kind": "protocol", "url": "https://example.org/c", "summary": "Eight to twelve families.", "minutes": 90, "keywords": ["families"], "buckets": ["skills"], "challenges": ["generative-listening"], "traits": ["\#(mastery)"]}"#
            ) { response in
                #expect(response.status == .created)
                let body = try APITests.object(response)
                linkID = try #require(body["id"] as? String)
                #expect(body["state"] as? String == "listed")
                #expect(body["buckets"] as? [String] == ["skills"])
                #expect((body["traits"] as? [[String: Any]])?.first?["name"] as? String == "Mastery")
                #expect(response.headers.first(name: .location) == "/api/v1/resources/\(linkID.lowercased())")
            }
            var form = MultipartForm()
            form.fields = [("title", "Cafeteria guide"), ("kind", "reading")]
            form.files = [
                ("file", "guide.pdf", "application/pdf", samplePDF("Restorative conversations in the cafeteria"))
            ]
            let (body, type) = form.encoded()
            var fileID = ""
            try await app.testing(method: .running(hostname: "127.0.0.1", port: 0)).test(
                .POST, resources,
                beforeRequest: { request in
                    request.headers.bearerAuthorization = .init(token: leader)
                    request.headers.contentType = type
                    request.body = body
                },
                afterResponse: { response in
                    #expect(response.status == .created)
                    let resource = try APITests.object(response)
                    fileID = try #require(resource["id"] as? String)
                    #expect(resource["state"] as? String == "suggested")
                    #expect((resource["file"] as? [String: Any])?["contentType"] as? String == "application/pdf")
                })

            // validation: search answers the matched words; a suggestion is its author's and staff's only
            try await Self.call(app, .GET, resources + "?q=famil", token: outsider) { response in
                let items = try #require(try APITests.object(response)["items"] as? [[String: Any]])
                #expect(items.map { $0["title"] as? String } == ["Listening circles with families"])
                #expect(items.first?["matchedWords"] as? [String] == ["families"])
                #expect((items.first?["traits"] as? [[String: Any]])?.first?["name"] as? String == "Mastery")
            }
            try await Self.call(app, .GET, resources + "?q=cafeteria", token: outsider) { response in
                let items = try APITests.object(response)["items"] as? [Any]
                #expect(items?.isEmpty == true)
            }
            try await Self.call(app, .GET, resources + "?q=cafeteria", token: facilitator) { response in
                let items = try #require(try APITests.object(response)["items"] as? [[String: Any]])
                #expect(items.first?["id"] as? String == fileID)
            }
            try await Self.call(app, .GET, resources + "?kind=article", token: leader) { response in
                #expect(response.status == .unprocessableEntity)
                #expect(response.text.contains("kind: article is not a kind."))
            }
            try await Self.call(
                app, .GET, SiteURL.api(.resourceFile(.value(UUID(uuidString: fileID)!))).relativeURL, token: leader
            ) { response in
                #expect(response.status == .ok)
                #expect(response.headers.first(name: .contentDisposition)?.hasPrefix("attachment") == true)
            }
            try await Self.call(
                app, .GET, SiteURL.api(.resource(.value(UUID(uuidString: linkID)!))).relativeURL, token: stranger
            ) {
                #expect($0.status == .notFound)
            }

            // MUT: the facilitator puts the link on the community's playlist; a suggestion cannot go on it
            let playlist = SiteURL.api(.communityPlaylist(.value(circle.communityID))).relativeURL
            try await Self.call(
                app, .PUT, playlist, token: facilitator,
                json: #"{"purpose": "Before March", "items": [{"resourceId": "\#(fileID)"}]}"#
            ) { response in
                #expect(response.status == .unprocessableEntity)
                #expect(response.text.contains("items[0].resourceId: no such resource in the library."))
            }
            try await Self.call(app, .PUT, playlist, token: leader, json: #"{"items": []}"#) {
                #expect($0.status == .forbidden)
            }
            var itemID = ""
            try await Self.call(
                app, .PUT, playlist, token: facilitator,
                json: #"{"purpose": "Before March", "items": [{"resourceId": "\#(linkID)", "note": "Read first"}]}"#
            ) { response in
                #expect(response.status == .ok)
                let items = try #require(try APITests.object(response)["items"] as? [[String: Any]])
                itemID = try #require(items.first?["id"] as? String)
                #expect(items.first?["note"] as? String == "Read first")
            }

            // MUT: the leader marks it done; a leader outside the community cannot
            let progress = SiteURL.api(.playlistItemProgress(.value(UUID(uuidString: itemID)!))).relativeURL
            try await Self.call(app, .PUT, progress, token: leader, json: #"{"state": "done"}"#) { response in
                #expect(response.status == .ok)
                let mark = try APITests.object(response)
                #expect(mark["state"] as? String == "done")
            }
            try await Self.call(app, .PUT, progress, token: leader, json: #"{"state": "finished"}"#) {
                #expect($0.status == .unprocessableEntity)
            }
            try await Self.call(app, .PUT, progress, token: outsider, json: #"{"state": "done"}"#) {
                #expect($0.status == .forbidden)
            }

            // validation: the member reads their progress, the facilitator the counts
            try await Self.call(app, .GET, playlist, token: leader) { response in
                let items = try #require(try APITests.object(response)["items"] as? [[String: Any]])
                #expect((items.first?["progress"] as? [String: Any])?["state"] as? String == "done")
                #expect(items.first?["counts"] == nil)
            }
            try await Self.call(app, .GET, playlist, token: facilitator) { response in
                let items = try #require(try APITests.object(response)["items"] as? [[String: Any]])
                let counts = try #require(items.first?["counts"] as? [String: Any])
                #expect(counts["done"] as? Int == 1)
                #expect(counts["members"] as? Int == 2)
                #expect(items.first?["progress"] == nil)
            }
            try await Self.call(
                app, .GET, SiteURL.api(.communityRecommendations(.value(circle.communityID))).relativeURL,
                token: stranger
            ) { #expect($0.status == .notFound) }
        }
    }

    @Test("a body that says multipart but is not is the sender's mistake: 400 with what is wrong, nothing added")
    func brokenMultipart() async throws {
        try await withTrellis { app, _ in
            _ = try await Fixture.make(app)
            let token = try await app.apiToken(for: "facilitator@own.example")
            try await APITests.call(
                app, .POST, SiteURL.api(.resources).relativeURL, token: token, json: "--c637e12e2b1a998d--\r\n",
                contentType: HTTPMediaType(
                    type: "multipart", subType: "form-data", parameters: ["boundary": "c637e12e2b1a998d"])
            ) { response in
                #expect(response.status == .badRequest)
                #expect(response.text.contains(#"not readable multipart\/form-data"#))
            }
            #expect(try await LibraryResource.query(on: app.db).count() == 0)
        }
    }
}
