import Fluent
import Foundation
import Testing
import TrellisCore
import Vapor
import VaporTesting

@testable import TrellisServer

@Suite("Accounts: sign-in, sessions, CSRF, password resets")
struct AccountTests {
    @Test("signing in stores a hashed session in the database and sets an HttpOnly SameSite cookie")
    func signInCreatesSession() async throws {
        try await withTrellis { app, _ in
            let fixture = try await Fixture.make(app)
            var anonymous = ""
            let signIn = SiteURL.signIn.relativeURL
            try await app.testing().test(.GET, signIn) { response in
                anonymous = response.headers.setCookie?[CookieName.anonymousCSRF]?.string ?? ""
            }
            try await app.testing().test(
                .POST, signIn,
                beforeRequest: { request in
                    request.headers.cookie = [CookieName.anonymousCSRF: .init(string: anonymous)]
                    try request.content.encode(
                        ["email": "  Leader@Own.Example ", "password": Fixture.password, "csrf": anonymous],
                        as: .urlEncodedForm)
                },
                afterResponse: { response in
                    #expect(response.status == .seeOther)
                    #expect(response.headers.first(name: .location) == SiteURL.home.relativeURL)
                    let cookie = try #require(response.headers.setCookie?[CookieName.session])
                    #expect(cookie.isHTTPOnly)
                    #expect(cookie.sameSite == .lax)
                    let stored = try await UserSession.query(on: app.db).filter(
                        \.$tokenHash == Secrets.hash(cookie.string)
                    ).first()
                    #expect(stored?.$user.id == fixture.own.leader)
                    let raw = try await UserSession.query(on: app.db).filter(\.$tokenHash == cookie.string).count()
                    #expect(raw == 0, "the raw cookie value must not be stored")
                })
        }
    }

    @Test("a wrong password is refused with the email kept, and the account is throttled after five failures")
    func wrongPasswordAndRateLimit() async throws {
        try await withTrellis { app, _ in
            _ = try await Fixture.make(app)
            let csrf = "anonymous-form-token-of-enough-length-000"
            let signIn = SiteURL.signIn.relativeURL
            for attempt in 1...6 {
                try await app.testing().test(
                    .POST, signIn,
                    beforeRequest: { request in
                        request.headers.cookie = [CookieName.anonymousCSRF: .init(string: csrf)]
                        try request.content.encode(
                            ["email": "leader@own.example", "password": "wrong guess \(attempt)", "csrf": csrf],
                            as: .urlEncodedForm)
                    },
                    afterResponse: { response in
                        if attempt <= 5 {
                            #expect(response.status == .unauthorized)
                            #expect(response.text.contains("do not match"))
                            #expect(response.text.contains("value=\"leader@own.example\""))
                        } else {
                            #expect(response.status == .tooManyRequests)
                            #expect(response.text.contains("Too many failed sign-ins for this account"))
                            #expect(response.headers.first(name: .retryAfter) != nil)
                        }
                    })
            }
            // The right password is refused too while the account is throttled.
            try await app.testing().test(
                .POST, signIn,
                beforeRequest: { request in
                    request.headers.cookie = [CookieName.anonymousCSRF: .init(string: csrf)]
                    try request.content.encode(
                        ["email": "leader@own.example", "password": Fixture.password, "csrf": csrf], as: .urlEncodedForm
                    )
                },
                afterResponse: { response in #expect(response.status == .tooManyRequests) })
            // Another account is not affected.
            _ = try await app.signIn("facilitator@own.example")
        }
    }

    @Test("a form without its CSRF token changes nothing")
    func csrfRequired() async throws {
        try await withTrellis { app, _ in
            let fixture = try await Fixture.make(app)
            let admin = try await app.signIn("admin@own.example")
            let cohorts = SiteURL.cohorts.relativeURL
            try await app.submit(
                cohorts, ["name": "Sneaky", "schoolYear": "2026-27"], as: admin, includeCSRF: false
            ) { response in
                #expect(response.status == .forbidden)
                #expect(response.text.contains("nothing was saved"))
            }
            try await app.submit(
                cohorts, ["name": "Sneaky", "schoolYear": "2026-27", "csrf": "guess"], as: admin, includeCSRF: false
            ) { response in
                #expect(response.status == .forbidden)
            }
            let count = try await Cohort.query(on: app.db).filter(\.$district.$id == fixture.own.districtID).count()
            #expect(count == 1)
            try await app.submit(cohorts, ["name": "Real", "schoolYear": "2026-27"], as: admin) { response in
                #expect(response.status == .seeOther)
            }
        }
    }

    @Test("signing out deletes the session: the old cookie no longer works")
    func signOut() async throws {
        try await withTrellis { app, _ in
            _ = try await Fixture.make(app)
            let session = try await app.signIn("leader@own.example")
            try await app.submit(SiteURL.signOut.relativeURL, [:], as: session) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers.first(name: .location) == SiteURL.signIn.relativeURL(.done(.signedOut)))
            }
            try await app.page(SiteURL.home.relativeURL, as: session) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers.first(name: .location) == SiteURL.signIn.relativeURL)
            }
        }
    }

    @Test("an expired session is not accepted")
    func expiredSession() async throws {
        try await withTrellis { app, _ in
            _ = try await Fixture.make(app)
            let session = try await app.signIn("leader@own.example")
            try await UserSession.query(on: app.db).set(\.$expiresAt, to: Date().addingTimeInterval(-1)).update()
            try await app.page(SiteURL.home.relativeURL, as: session) { #expect($0.status == .seeOther) }
        }
    }

    @Test("an archived person cannot sign in and their sessions stop working")
    func archivedPerson() async throws {
        try await withTrellis { app, _ in
            let fixture = try await Fixture.make(app)
            let session = try await app.signIn("leader@own.example")
            try await User.query(on: app.db).filter(\.$id == fixture.own.leader).set(\.$archived, to: true).update()
            try await app.page(SiteURL.home.relativeURL, as: session) { #expect($0.status == .seeOther) }
        }
    }

    @Test("a reset link sets a password once, signs out everywhere, and then is dead")
    func passwordReset() async throws {
        try await withTrellis { app, _ in
            let fixture = try await Fixture.make(app)
            let admin = try await app.signIn("admin@own.example")
            let leaderSession = try await app.signIn("leader@own.example")
            var link = ""
            let resetLink = SiteURL.personResetLink(.value(fixture.own.leader)).relativeURL
            try await app.submit(resetLink, [:], as: admin) { response in
                #expect(response.status == .ok)
                let match = response.text.firstMatch(of: /value="(http[^"]+\/reset\?token=[^"]+)"/)
                link = String(try #require(match).1)
            }
            let token = String(link.split(separator: "=").last ?? "")
            let resetPath = SiteURL.passwordReset.relativeURL(.token(token))
            try await app.page(resetPath, as: nil) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("leader@own.example"))
            }
            let csrf = "anonymous-form-token-of-enough-length-000"
            func post(
                _ password: String, _ confirmation: String,
                _ check: @escaping (TestingHTTPResponse) async throws -> Void
            ) async throws {
                try await app.testing().test(
                    .POST, SiteURL.passwordReset.relativeURL,
                    beforeRequest: { request in
                        request.headers.cookie = [CookieName.anonymousCSRF: .init(string: csrf)]
                        try request.content.encode(
                            ["token": token, "password": password, "confirmation": confirmation, "csrf": csrf],
                            as: .urlEncodedForm)
                    }, afterResponse: check)
            }
            try await post("short", "short") { response in
                #expect(response.status == .unprocessableEntity)
                #expect(response.text.contains("at least 10 characters"))
            }
            try await post("a brand new password", "a different one") { response in
                #expect(response.status == .unprocessableEntity)
                #expect(response.text.contains("Repeat the new password exactly"))
            }
            try await post("a brand new password", "a brand new password") { response in
                #expect(response.status == .seeOther)
                #expect(response.headers.first(name: .location) == SiteURL.signIn.relativeURL(.done(.reset)))
            }
            try await app.page(SiteURL.home.relativeURL, as: leaderSession) { response in
                #expect(response.status == .seeOther, "old sessions end when the password changes")
            }
            _ = try await app.signIn("leader@own.example", password: "a brand new password")
            try await post("yet another password", "yet another password") { response in
                #expect(response.status == .notFound)
                #expect(response.text.contains("not valid"))
            }
        }
    }

    @Test("after sign-in a person returns to the page they asked for, never to another site")
    func nextParameter() async throws {
        let cohorts = SiteURL.cohorts.relativeURL
        #expect(AccountController.safeNext(cohorts) == cohorts)
        #expect(AccountController.safeNext("//evil.example") == nil)
        #expect(AccountController.safeNext("https://evil.example") == nil)
        #expect(AccountController.safeNext("/\\evil.example") == nil)
        #expect(AccountController.safeNext(SiteURL.signIn.relativeURL) == nil)
        try await withTrellis { app, _ in
            _ = try await Fixture.make(app)
            try await app.page(cohorts, as: nil) { response in
                #expect(response.headers.first(name: .location) == SiteURL.signIn.relativeURL(.next(cohorts)))
            }
        }
    }
}
