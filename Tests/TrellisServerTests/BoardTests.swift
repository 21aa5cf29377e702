import Fluent
import Foundation
import Testing
import TrellisCore
import Vapor
import VaporTesting
import WebSocketKit

@testable import TrellisServer

/// Records what the board broadcasts, as each subscriber would receive it.
actor Inbox {
    private(set) var messages: [String] = []

    func add(_ message: String) { messages.append(message) }

    /// Waits up to five seconds for a message that satisfies `match`.
    /// Up to 15 s: it returns as soon as the message is there, and a loaded 2-core machine (a build beside
    /// the tests) once took over 5 s to deliver a reconnect's hello.
    func waitFor(_ match: @Sendable (String) -> Bool) async -> Bool {
        for _ in 0..<300 {
            if messages.contains(where: match) { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return messages.contains(where: match)
    }
}

@Suite("Inquiry: the live root-cause board")
struct BoardTests {
    /// Opens the board's live connection as a browser on this site would: the session cookie, and an
    /// Origin matching the Host the client sends.
    static func connect(
        port: Int, community: UUID, as session: BrowserSession, origin: String = "http://127.0.0.1",
        on app: Application, inbox: Inbox
    ) async throws -> WebSocket {
        let socket = OpenSocket()
        var headers = session.headers
        headers.replaceOrAdd(name: .origin, value: origin)
        // The text handler is set as the connection opens, before the server's first message can arrive (an
        // async upgrade closure runs later, in a task of its own, and a quick server's hello would be lost).
        try await WebSocket.connect(
            to: SiteURL.communityBoardLive(.value(community)).absoluteURL(base: "ws://127.0.0.1:\(port)"),
            headers: headers,
            on: app.eventLoopGroup
        ) { (ws: WebSocket) -> Void in
            ws.onText { _, text in await inbox.add(text) }
            Task { await socket.set(ws) }
        }.get()
        // the upgrade handler runs just after the handshake completes
        for _ in 0..<100 where await socket.socket == nil { try await Task.sleep(for: .milliseconds(20)) }
        return try #require(await socket.socket)
    }

    actor OpenSocket {
        var socket: WebSocket?
        func set(_ socket: WebSocket) { self.socket = socket }
    }

    @Test("two clients on real connections: one's change reaches the other live; strangers are refused")
    func twoClients() async throws {
        try await withTrellis { app, _ in
            // setup: a community of the fixture's leader and l1, a listening server on a free port
            let circle = try await Circle.make(app)
            let communityID = circle.communityID
            let (leader, peer, outsider, facilitator) = (
                circle.leader, circle.peer, circle.outsider, circle.facilitator
            )
            try await app.server.start(address: .hostname("127.0.0.1", port: 0))
            do {
                try await Self.liveExchange(
                    app, port: try #require(app.http.server.shared.localAddress?.port), communityID: communityID,
                    leader: leader, peer: peer, facilitator: facilitator)
            } catch {
                await app.server.shutdown()
                throw error
            }
            await app.server.shutdown()

            // strangers: another leader of the district, and a page of another site, are refused at the handshake
            // (the testing client runs its own listening server)
            for (session, origin, status) in [
                (outsider, "http://trellis.test", HTTPStatus.notFound), (peer, "https://evil.example", .forbidden),
            ] {
                try await app.testing(method: .running(hostname: "127.0.0.1", port: 0)).test(
                    .GET, SiteURL.communityBoardLive(.value(communityID)).relativeURL,
                    beforeRequest: { request in
                        request.headers = session.headers
                        request.headers.replaceOrAdd(name: .host, value: "trellis.test")
                        request.headers.replaceOrAdd(name: .origin, value: origin)
                        request.headers.replaceOrAdd(name: .connection, value: "Upgrade")
                        request.headers.replaceOrAdd(name: .upgrade, value: "websocket")
                        request.headers.replaceOrAdd(name: "Sec-WebSocket-Version", value: "13")
                        request.headers.replaceOrAdd(name: "Sec-WebSocket-Key", value: "dGhlIHNhbXBsZSBub25jZQ==")
                    },
                    afterResponse: { response in
                        #expect(response.status == status, "\(origin)")
                    })
            }
        }
    }

    static func liveExchange(
        _ app: Application, port: Int, communityID: UUID, leader: BrowserSession, peer: BrowserSession,
        facilitator: BrowserSession
    ) async throws {
        let board = SiteURL.communityBoard(.value(communityID)).relativeURL

        // both connect and are told where the board is
        let leaderInbox = Inbox()
        let peerInbox = Inbox()
        let leaderSocket = try await Self.connect(
            port: port, community: communityID, as: leader, on: app, inbox: leaderInbox)
        let peerSocket = try await Self.connect(
            port: port, community: communityID, as: peer, on: app, inbox: peerInbox)
        #expect(await leaderInbox.waitFor { $0 == #"{"type":"hello","sequence":0}"# })
        #expect(await peerInbox.waitFor { $0 == #"{"type":"hello","sequence":0}"# })

        // the leader adds and moves a note; the peer's connection carries both
        try await app.submit(board, ["op": "add", "text": "No interpreter budget"], as: leader) {
            #expect($0.status == .seeOther)
        }
        #expect(await peerInbox.waitFor { $0.contains(#""type":"noteAdded""#) && $0.contains("No interpreter budget") })
        let noteID = try #require(
            try await BoardRecord.query(on: app.db).first()?.state.board.notes(seenBy: .member("x")).first?.id)
        try await app.submit(
            board, ["op": "move", "note": noteID, "bucket": "resources", "seenVersion": "0"], as: leader
        ) { #expect($0.status == .seeOther) }
        #expect(
            await peerInbox.waitFor { $0.contains(#""type":"noteMoved""#) && $0.contains(#""bucket":"resources""#) })

        // private writing: the peer's words reach the peer's own connection, never the leader's
        try await app.submit(board, ["op": "private"], as: facilitator) { #expect($0.status == .seeOther) }
        try await app.submit(board, ["op": "add", "text": "Fear of looking biased"], as: peer) {
            #expect($0.status == .seeOther)
        }
        #expect(await peerInbox.waitFor { $0.contains("Fear of looking biased") })
        #expect(await leaderInbox.waitFor { $0.contains(#""sequence":4"#) })
        #expect(await !leaderInbox.messages.contains { $0.contains("Fear of looking biased") })

        // a lost connection comes back and is told the sequence to catch up from
        try await leaderSocket.close()
        let again = Inbox()
        let reconnected = try await Self.connect(
            port: port, community: communityID, as: leader, on: app, inbox: again)
        #expect(await again.waitFor { $0 == #"{"type":"hello","sequence":4}"# })

        try await reconnected.close()
        try await peerSocket.close()
    }

    @Test("behind a proxy, pages of the configured public address open the live connection; others do not")
    func proxiedOrigin() async throws {
        try await withTrellis(configure: { $0.publicURL = "https://trellis.district.example" }) { app, _ in
            let circle = try await Circle.make(app)
            // the proxy forwards to an inner address, so Host names that, not the public address
            let cases: [(String?, UInt)] = [
                ("https://trellis.district.example", 101), ("https://TRELLIS.district.example", 101),
                ("http://10.0.0.5:8080", 101), ("http://trellis.district.example", 403), ("https://evil.example", 403),
                (nil, 403),
            ]
            for (origin, status) in cases {
                try await app.testing().test(
                    .GET, SiteURL.communityBoardLive(.value(circle.communityID)).relativeURL,
                    beforeRequest: { request in
                        request.headers = circle.leader.headers
                        request.headers.replaceOrAdd(name: .host, value: "10.0.0.5:8080")
                        if let origin { request.headers.replaceOrAdd(name: .origin, value: origin) }
                    },
                    afterResponse: { #expect($0.status.code == status, "\(origin ?? "no Origin")") })
            }
        }
    }

    @Test("changes reach every subscriber as they may see them; private notes stay private; no note is lost")
    func live() async throws {
        try await withTrellis { app, _ in
            // setup: a community of the fixture's leader and l1; l2 outside it; a real listening server
            let circle = try await Circle.make(app)
            let (fixture, communityID) = (circle.fixture, circle.communityID)
            let (leader, peer, outsider, facilitator) = (
                circle.leader, circle.peer, circle.outsider, circle.facilitator
            )
            let board = circle.board
            let peerID = try #require(
                try await User.query(on: app.db).filter(\.$email == "l1@own.example").first()?.requireID())
            let broadcast = await app.boards.broadcast
            let leaderInbox = Inbox()
            let peerInbox = Inbox()
            _ = await broadcast.subscribe(
                community: communityID, participant: .member(fixture.own.leader.uuidString.lowercased())
            ) { await leaderInbox.add($0) }
            _ = await broadcast.subscribe(
                community: communityID, participant: .member(peerID.uuidString.lowercased())
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
