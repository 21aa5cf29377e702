import Fluent
import Foundation
import Testing
import TrellisCore
import Vapor
import VaporTesting

@testable import TrellisServer

@Suite("Reordering and re-timing an agenda")
struct AgendaEditingTests {
    @Test("items move up and down and take new lengths; the page says where the agenda ends against the meeting")
    func reorderAndRetime() async throws {
        try await withTrellis { app, _ in
            // setup: a meeting 15:30–17:00 with a consultancy (45 min) and then a check-in (10 min)
            let fixture = try await Fixture.make(app)
            let facilitator = try await app.signIn("facilitator@own.example")
            let series = try await RhythmTests.createSeries(app, fixture, as: facilitator)
            let meeting = SiteURL.meeting(.value(series), day: .value("2027-01-12")).relativeURL
            let agenda = SiteURL.meetingStep(.value(series), day: .value("2027-01-12"), .agenda).relativeURL
            try await app.submit(agenda, ["protocol": "consultancy"], as: facilitator) {
                #expect($0.status == .seeOther)
            }
            try await app.submit(agenda, ["itemTitle": "Check-in", "itemMinutes": "10"], as: facilitator) {
                #expect($0.status == .seeOther)
            }
            try await app.page(meeting, as: facilitator) { response in
                #expect(response.text.contains("15:30–16:15 Consultancy"))
                #expect(
                    response.text.contains("The agenda ends at 16:25; the meeting ends at 17:00 (35 minutes to spare).")
                )
            }

            // MUT: the check-in moves first and gets 15 minutes
            try await app.submit(agenda, ["move": "1", "direction": "up"], as: facilitator) {
                #expect($0.status == .seeOther)
            }
            try await app.submit(agenda, ["retime": "0", "minutes": "15"], as: facilitator) {
                #expect($0.status == .seeOther)
            }
            // validation
            try await app.page(meeting, as: facilitator) { response in
                #expect(response.text.contains("15:30–15:45 Check-in"))
                #expect(response.text.contains("15:45–16:30 Consultancy"))
                #expect(
                    response.text.contains("The agenda ends at 16:30; the meeting ends at 17:00 (30 minutes to spare).")
                )
            }
            // an item that would run past the end, or a move off the list, changes nothing
            try await app.submit(agenda, ["retime": "0", "minutes": "200"], as: facilitator) {
                #expect($0.status == .unprocessableEntity)
            }
            try await app.submit(agenda, ["move": "0", "direction": "up"], as: facilitator) {
                #expect($0.status == .unprocessableEntity)
            }
            // a drag sends the place to go to: the consultancy goes first again
            try await app.submit(agenda, ["move": "1", "to": "0"], as: facilitator) { #expect($0.status == .seeOther) }
            try await app.page(meeting, as: facilitator) { response in
                #expect(response.text.contains("15:30–16:15 Consultancy"))
                #expect(response.text.contains("16:15–16:30 Check-in"))
            }
            try await app.submit(agenda, ["move": "0", "to": "5"], as: facilitator) {
                #expect($0.status == .unprocessableEntity)
            }
            try await app.submit(agenda, ["move": "1", "to": "0"], as: facilitator) { #expect($0.status == .seeOther) }
            let leader = try await app.signIn("leader@own.example")
            try await app.submit(agenda, ["move": "1", "direction": "up"], as: leader) {
                #expect($0.status == .forbidden)
            }
            try await app.page(meeting, as: facilitator) { response in
                #expect(response.text.contains("15:30–15:45 Check-in"))
            }
        }
    }
}
