import Fluent
import Foundation
import Testing
import TrellisCore
import Vapor
import VaporTesting

@testable import TrellisServer

@Suite("Changing one's own password")
struct PasswordChangeTests {
    @Test("the current password is checked, typed passwords are never shown back, other sessions end")
    func changePassword() async throws {
        try await withTrellis { app, _ in
            // setup: the leader signed in on two browsers
            _ = try await Fixture.make(app)
            let here = try await app.signIn("leader@own.example")
            let elsewhere = try await app.signIn("leader@own.example")
            let path = SiteURL.accountPassword.relativeURL
            let new = "plum orchard lantern"

            // MUT: wrong current password, and a mismatch
            try await app.submit(
                path, ["current": "not it at all", "password": new, "confirmation": new], as: here
            ) { response in
                #expect(response.status == .unprocessableEntity)
                #expect(response.text.contains("Current password: that is not your current password."))
                #expect(!response.text.contains(new) && !response.text.contains("not it at all"))
            }
            try await app.submit(
                path, ["current": Fixture.password, "password": new, "confirmation": "plum orchard"], as: here
            ) { response in
                #expect(response.status == .unprocessableEntity)
                #expect(response.text.contains("New password again: repeat the new password exactly."))
            }
            try await app.submit(
                path, ["current": Fixture.password, "password": "short", "confirmation": "short"], as: here
            ) { #expect($0.status == .unprocessableEntity) }

            // MUT: the change
            try await app.submit(
                path, ["current": Fixture.password, "password": new, "confirmation": new], as: here
            ) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers.first(name: .location) == SiteURL.account.relativeURL(.done(.password)))
            }
            // validation
            try await app.page(SiteURL.account.relativeURL(.done(.password)), as: here) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("Your password is changed."))
            }
            try await app.page(SiteURL.account.relativeURL, as: elsewhere) { #expect($0.status == .seeOther) }
            _ = try await app.signIn("leader@own.example", password: new)
        }
    }

    @Test(
        "someone who signs in only through the district's accounts is offered no change form, and a hand-made change is refused; with passwords turned off the page says so"
    )
    func noPasswordToChange() async throws {
        try await withTrellis { app, _ in
            // setup: the leader is signed in, then their Trellis password is gone (as for someone who
            // only ever signed in through the district's provider)
            let fixture = try await Fixture.make(app)
            let session = try await app.signIn("leader@own.example")
            let leader = try #require(try await User.find(fixture.own.leader, on: app.db))
            leader.passwordHash = nil
            try await leader.save(on: app.db)

            // MUT + validation: the page explains instead of asking for a current password
            try await app.page(SiteURL.account.relativeURL, as: session) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("You have no Trellis password"))
                #expect(!response.text.contains("Current password"))
                #expect(!response.text.contains("Change my password"))
            }
            let new = "plum orchard lantern"
            try await app.submit(
                SiteURL.accountPassword.relativeURL, ["current": "", "password": new, "confirmation": new],
                as: session
            ) { response in
                #expect(response.status == .unprocessableEntity)
                #expect(response.text.contains("you have no Trellis password to change"))
            }
            #expect(try await User.find(fixture.own.leader, on: app.db)?.passwordHash == nil)

            // setup: the district connects its provider and lets only admins use a password
            let connection = DistrictSignIn()
            connection.$district.id = fixture.own.districtID
            connection.issuer = "https://id.own.example"
            connection.clientID = "trellis"
            connection.clientSecret = "secret"
            connection.domains = "own.example"
            connection.passwordSignIn = OpenIDConnect.PasswordSignIn.admins.rawValue
            connection.authorizationEndpoint = "https://id.own.example/authorize"
            connection.tokenEndpoint = "https://id.own.example/token"
            connection.jwksURI = "https://id.own.example/jwks"
            connection.secretInForm = false
            connection.savedAt = Date()
            try await connection.create(on: app.db)
            try await app.page(SiteURL.account.relativeURL, as: session) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("has turned Trellis passwords off"))
                #expect(!response.text.contains("Current password"))
            }
        }
    }
}
