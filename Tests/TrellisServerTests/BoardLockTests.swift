import Fluent
import Foundation
import Testing
import TrellisCore
import Vapor
import VaporTesting

@testable import TrellisServer

@Suite("A locked board pauses adding notes")
struct BoardLockTests {
    @Test("while locked, members see that adding is paused instead of an Add form; unlocked, the form is back")
    func lockedBoardHidesTheAddForm() async throws {
        try await withTrellis { app, _ in
            // setup
            let circle = try await Circle.make(app)
            try await app.page(circle.board, as: circle.leader) { response in
                #expect(response.text.contains(#"id="text""#))
            }
            // MUT
            try await app.submit(circle.board, ["op": "lock"], as: circle.facilitator) {
                #expect($0.status == .seeOther)
            }
            // validation
            try await app.page(circle.board, as: circle.leader) { response in
                #expect(response.text.contains("Adding notes is paused while the board is locked."))
                #expect(!response.text.contains(#"id="text""#))
            }
            // a note sent as the board locked comes back in its box, with the reason
            try await app.submit(circle.board, ["op": "add", "text": "Typed before the lock"], as: circle.leader) {
                response in
                #expect(response.status == .unprocessableEntity)
                #expect(response.text.contains("Typed before the lock"))
            }
            try await app.submit(circle.board, ["op": "unlock"], as: circle.facilitator) {
                #expect($0.status == .seeOther)
            }
            try await app.page(circle.board, as: circle.leader) { response in
                #expect(response.text.contains(#"id="text""#))
            }
        }
    }
}
