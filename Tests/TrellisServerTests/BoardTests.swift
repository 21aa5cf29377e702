import Fluent
import Foundation
import Testing
import TrellisCore
import Vapor
import VaporTesting

@testable import TrellisServer

/// Records what the board broadcasts, as each subscriber would receive it.
actor Inbox {
    private(set) var messages: [String] = []

    func add(_ message: String) { messages.append(message) }
}

@Suite("Inquiry: the live root-cause board")
struct BoardTests {
    @Test("changes reach every subscriber as they may see them; private notes stay private; no note is lost")
    func live() async throws {
        try await withTrellis { app, _ in
            // setup: a community of the fixture's leader and l1; l2 outside it; a real listening server
            let fixture = try await Fixture.make(app)
            let extra = try await fixture.addOwnLeaders(2, app: app)
            let community = Community(
                districtID: fixture.own.districtID, cohortID: fixture.own.cohortID, name: "Circle", focus: "x",
                sizes: 1...6, published: true)
            try await community.create(on: app.db)
            let communityID = try community.requireID()
            for member in [fixture.own.leader, extra[0]] {
                try await CommunityMembership(communityID: communityID, userID: member, reasons: "").create(on: app.db)
            }
            let leader = try await app.signIn("leader@own.example")
            let peer = try await app.signIn("l1@own.example")
            let outsider = try await app.signIn("l2@own.example")
            let facilitator = try await app.signIn("facilitator@own.example")
            let board = "/communities/\(communityID)/board"
            let broadcast = await app.boards.broadcast
            let leaderInbox = Inbox()
            let peerInbox = Inbox()
            _ = await broadcast.subscribe(
                community: communityID, participant: .member(fixture.own.leader.uuidString.lowercased())
            ) { await leaderInbox.add($0) }
            _ = await broadcast.subscribe(
                community: communityID, participant: .member(extra[0].uuidString.lowercased())
            ) {
                await peerInbox.add($0)
            }
            try await app.page(board, as: outsider) { #expect($0.status == .notFound) }

            // a note added by one appears for the other, within moments
            try await app.submit(
                board, ["op": "add", "text": "No interpreter budget", "bucket": "unsorted"], as: leader
            ) {
                #expect($0.status == .seeOther)
            }
            #expect(await peerInbox.messages.contains { $0.contains("No interpreter budget") })
            let note = try #require(try await BoardRecord.query(on: app.db).first()).state.board.notes(
                seenBy: .member("x")
            ).first
            let noteID = try #require(note?.id)

            // both move it having seen version 0: the later move wins, the note is there once, flagged stale
            try await app.submit(
                board, ["op": "move", "note": noteID, "bucket": "resources", "seenVersion": "0"], as: leader
            ) { #expect($0.status == .seeOther) }
            try await app.submit(
                board, ["op": "move", "note": noteID, "bucket": "knowledge", "seenVersion": "0"], as: peer
            ) { #expect($0.status == .seeOther) }
            #expect(await leaderInbox.messages.contains { $0.contains(#""staleVersion":0"#) })
            let stored = try #require(try await BoardRecord.query(on: app.db).first()).state.board
            #expect(stored.notes(seenBy: .member("x")).count == 1)
            #expect(stored.notes(in: .knowledge, seenBy: .member("x")).map(\.id) == [noteID])

            // private writing: the peer's note reaches the leader without its words until the reveal
            try await app.submit(board, ["op": "private"], as: leader) { #expect($0.status == .forbidden) }
            try await app.submit(board, ["op": "private"], as: facilitator) { #expect($0.status == .seeOther) }
            try await app.submit(
                board, ["op": "add", "text": "Fear of looking biased", "bucket": "dispositions"], as: peer
            ) {
                #expect($0.status == .seeOther)
            }
            #expect(await peerInbox.messages.contains { $0.contains("Fear of looking biased") })
            #expect(await leaderInbox.messages.contains { $0.contains(#""sequence":5"#) })
            #expect(await !leaderInbox.messages.contains { $0.contains("Fear of looking biased") })
            try await app.page(board, as: leader) { response in
                #expect(!response.text.contains("Fear of looking biased"))
                #expect(response.text.contains("A hidden note, revealed with the others later."))
            }
            try await app.submit(board, ["op": "reveal"], as: facilitator) { #expect($0.status == .seeOther) }
            #expect(await leaderInbox.messages.contains { $0.contains("Fear of looking biased") })

            // locked: nothing changes, and the page says why
            try await app.submit(board, ["op": "lock"], as: facilitator) { #expect($0.status == .seeOther) }
            try await app.submit(board, ["op": "add", "text": "Late idea"], as: peer) { response in
                #expect(response.status == .unprocessableEntity)
                #expect(response.text.contains("locked the board"))
                #expect(response.text.contains(">Late idea</textarea>"), "what was typed is kept")
            }
            let events = try await BoardEventRecord.query(on: app.db).sort(\.$sequence).all().map(\.sequence)
            #expect(events == Array(1...events.count), "the history has every change, in order")

        }
    }
}
