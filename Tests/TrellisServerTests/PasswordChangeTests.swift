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
}
