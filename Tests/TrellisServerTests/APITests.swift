import Fluent
import Foundation
import Testing
import TrellisCore
import Vapor
import VaporTesting

@testable import TrellisServer

@Suite("JSON API over real HTTP")
struct APITests {
    /// Requests go through a real listening server on a free loopback port.
    static func call(
        _ app: Application, _ method: HTTPMethod, _ path: String, token: String?, json: String? = nil,
        contentType: HTTPMediaType? = .json, _ check: (TestingHTTPResponse) async throws -> Void
    ) async throws {
        try await app.testing(method: .running(hostname: "127.0.0.1", port: 0)).test(
            method, path,
            beforeRequest: { request in
                if let token { request.headers.bearerAuthorization = .init(token: token) }
                if let json {
                    request.body = ByteBuffer(string: json)
                    if let contentType { request.headers.contentType = contentType }
                }
            }, afterResponse: check)
    }

    static func object(_ response: TestingHTTPResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(response.text.utf8)) as? [String: Any])
    }

    @Test("me, schools and cohorts answer for the token's owner, within their district")
    func readEndpoints() async throws {
        try await withTrellis { app, _ in
            let fixture = try await Fixture.make(app)
            let token = try await app.apiToken(for: "leader@own.example")
            try await Self.call(app, .GET, SiteURL.api(.me).relativeURL, token: token) { response in
                #expect(response.status == .ok)
                let me = try Self.object(response)
                #expect(me["email"] as? String == "leader@own.example")
                #expect(me["role"] as? String == "leader")
                #expect((me["school"] as? [String: Any])?["id"] as? String == fixture.own.schoolID.uuidString)
                #expect(
                    (me["cohorts"] as? [[String: Any]])?.first?["cohortId"] as? String
                        == fixture.own.cohortID.uuidString)
                #expect((me["cohorts"] as? [[String: Any]])?.first?["role"] as? String == "leader")
                #expect(me["communityId"] == nil, "no community is published yet")
            }
            let circle = Community(
                districtID: fixture.own.districtID, cohortID: fixture.own.cohortID, name: "Circle", focus: "x",
                sizes: 1...6, published: true)
            try await circle.create(on: app.db)
            try await CommunityMembership(communityID: circle.requireID(), userID: fixture.own.leader, reasons: "")
                .create(on: app.db)
            try await Self.call(app, .GET, SiteURL.api(.me).relativeURL, token: token) { response in
                let me = try Self.object(response)
                #expect(me["communityId"] as? String == circle.id?.uuidString)
                #expect((me["cohorts"] as? [[String: Any]])?.first?["communityId"] as? String == circle.id?.uuidString)
            }
            try await Self.call(app, .GET, SiteURL.api(.schools).relativeURL, token: token) { response in
                let items = try #require(try Self.object(response)["items"] as? [[String: Any]])
                #expect(items.map { $0["name"] as? String } == ["own Elementary"])
            }
            let otherSchool = SiteURL.api(.school(.value(fixture.other.schoolID))).relativeURL
            try await Self.call(app, .GET, otherSchool, token: token) { response in
                #expect(response.status == .notFound)
                #expect(response.headers.contentType?.subType == "problem+json")
            }
            try await Self.call(app, .GET, "/api/v1/schools/not-a-uuid", token: token) { response in
                #expect(response.status == .notFound)
            }
            let cohort = SiteURL.api(.cohort(.value(fixture.own.cohortID))).relativeURL
            try await Self.call(app, .GET, cohort, token: token) { response in
                #expect(response.status == .ok)
                let cohort = try Self.object(response)
                #expect(cohort["leaderCount"] as? Int == 1)
                let members = try #require(cohort["members"] as? [[String: Any]])
                #expect(members.count == 2)
                #expect(members.allSatisfy { $0["email"] == nil }, "leaders do not see their peers' emails")
            }
            try await Self.call(app, .GET, SiteURL.api(.people).relativeURL, token: token) { response in
                #expect(response.status == .forbidden)
            }
        }
    }

    @Test("without a token, or with a browser session, the API answers 401 problem JSON")
    func unauthenticated() async throws {
        try await withTrellis { app, _ in
            _ = try await Fixture.make(app)
            let me = SiteURL.api(.me).relativeURL
            try await Self.call(app, .GET, me, token: nil) { response in
                #expect(response.status == .unauthorized)
                let problem = try Self.object(response)
                #expect(problem["status"] as? Int == 401)
                #expect(problem["title"] as? String == "Unauthorized")
                #expect((problem["detail"] as? String)?.contains("Bearer") == true)
            }
            try await Self.call(app, .GET, me, token: "made-up") { response in
                #expect(response.status == .unauthorized)
            }
            let session = try await app.signIn("admin@own.example")
            try await app.testing().test(.GET, me, beforeRequest: { $0.headers = session.headers }) {
                response in
                #expect(response.status == .unauthorized)
            }
        }
    }

    @Test("creating a cohort: 201 with its location, 422 naming the field, 400 for broken JSON, 415 for a form")
    func createCohort() async throws {
        try await withTrellis { app, _ in
            let fixture = try await Fixture.make(app)
            let token = try await app.apiToken(for: "admin@own.example")
            let cohorts = SiteURL.api(.cohorts).relativeURL
            try await Self.call(
                app, .POST, cohorts, token: token, json: #"{"name":"Network 2","schoolYear":"2027-28"}"#
            ) { response in
                #expect(response.status == .created)
                let cohort = try Self.object(response)
                #expect(cohort["schoolYear"] as? String == "2027-28")
                #expect(cohort["districtId"] as? String == fixture.own.districtID.uuidString)
                let id = try #require((cohort["id"] as? String).flatMap(UUID.init(uuidString:)))
                #expect(response.headers.first(name: .location) == SiteURL.api(.cohort(.value(id))).relativeURL)
            }
            try await Self.call(app, .POST, cohorts, token: token, json: #"{"name":"","schoolYear":"27-28"}"#) {
                response in
                #expect(response.status == .unprocessableEntity)
                let errors = try #require(try Self.object(response)["errors"] as? [[String: String]])
                #expect(Set(errors.compactMap { $0["field"] }) == ["name", "schoolYear"])
            }
            try await Self.call(app, .POST, cohorts, token: token, json: #"{"name": 5"#) { response in
                #expect(response.status == .badRequest)
            }
            try await Self.call(
                app, .POST, cohorts, token: token, json: #"{"name": 5, "schoolYear": "2027-28"}"#
            ) { response in
                #expect(response.status == .badRequest)
                let detail = try Self.object(response)["detail"] as? String
                #expect(detail?.contains("name") == true)
            }
            try await Self.call(
                app, .POST, cohorts, token: token, json: "name=x", contentType: .urlEncodedForm
            ) { response in
                #expect(response.status == .unsupportedMediaType)
            }
            #expect(try await Cohort.query(on: app.db).filter(\.$district.$id == fixture.own.districtID).count() == 2)
        }
    }

    @Test("the OpenAPI document describes exactly the API's routes")
    func openAPIMatchesRoutes() async throws {
        try await withTrellis { app, _ in
            var documented: Set<String> = []
            try await app.testing().test(.GET, SiteURL.api(.openAPI).relativeURL) { response in
                #expect(response.status == .ok)
                let document = try Self.object(response)
                #expect(document["openapi"] as? String == "3.1.0")
                let paths = try #require(document["paths"] as? [String: [String: Any]])
                for (path, operations) in paths {
                    for method in operations.keys {
                        documented.insert(
                            "\(method.uppercased()) \(path.replacing(/\{(\w+)\}/) { ":\($0.1)" })")
                    }
                }
            }
            let registered = Set(
                app.routes.all
                    .map { "\($0.method.rawValue) /" + $0.path.map(\.description).joined(separator: "/") }
                    .filter { $0.contains(" /api/") })
            #expect(documented == registered)
        }
    }
}
