import Fluent
import Foundation
import SQLKit
import Testing
import TrellisCore
import Vapor
import VaporTesting

@testable import TrellisServer

/// Every registered route × every role × an object of the viewer's own district and of another one.
/// The expected answers are written down by hand; a route without a row fails the test, so a new route
/// cannot ship without someone deciding who may use it.
@Suite("Authorization matrix")
struct AuthorizationMatrixTests {
    enum Viewer: CaseIterable, CustomStringConvertible {
        case anonymous, leader, facilitator, admin, network

        var role: Role? {
            switch self {
            case .anonymous: nil
            case .leader: .leader
            case .facilitator: .facilitator
            case .admin: .districtAdmin
            case .network: .networkAdmin
            }
        }

        var description: String { role?.rawValue ?? "anonymous" }
    }

    /// Expected status per viewer, for the viewer's own district's object and for another district's.
    struct Rule {
        let own: [UInt]
        let other: [UInt]

        /// The same answers whichever district's object is asked for (routes without an object).
        init(_ answers: [UInt]) {
            own = answers
            other = answers
        }

        init(own: [UInt], other: [UInt]) {
            self.own = own
            self.other = other
        }
    }

    // Columns: anonymous, leader, facilitator, district admin, network admin.
    static let rules: [String: Rule] = [
        "GET /": Rule([303, 200, 200, 200, 200]),
        "GET /signin": Rule([200, 303, 303, 303, 303]),
        "POST /signin": Rule([401, 401, 401, 401, 401]),
        "POST /signout": Rule([401, 303, 303, 303, 303]),
        // Signing in with the district's provider: the matrix gives no email (422) and no state (400).
        "POST /signin/oidc": Rule([422, 422, 422, 422, 422]),
        "GET /signin/oidc/callback": Rule([400, 400, 400, 400, 400]),
        "GET /settings/sign-in": Rule([303, 403, 403, 200, 403]),
        "POST /settings/sign-in": Rule([401, 403, 403, 422, 403]),
        "GET /reset": Rule([404, 404, 404, 404, 404]),
        "POST /reset": Rule([404, 404, 404, 404, 404]),
        "GET /healthz": Rule([200, 200, 200, 200, 200]),
        "GET /readyz": Rule([200, 200, 200, 200, 200]),
        // Off unless TRELLIS_METRICS_TOKEN is set (the matrix's app sets none).
        "GET /metrics": Rule([404, 404, 404, 404, 404]),
        "GET /static/trellis.css": Rule([200, 200, 200, 200, 200]),
        "GET /static/trellis.js": Rule([200, 200, 200, 200, 200]),
        "GET /static/favicon.svg": Rule([200, 200, 200, 200, 200]),
        // A leader is sent to their community's page, board or meetings, or home before they have one.
        "GET /my/community": Rule([303, 303, 403, 403, 403]),
        // The matrix sends no passwords: everyone signed in is told what is missing.
        "POST /account/password": Rule([401, 422, 422, 422, 422]),
        "GET /my/board": Rule([303, 303, 403, 403, 403]),
        "GET /my/new": Rule([303, 200, 403, 403, 403]),
        "GET /my/meetings": Rule([303, 303, 403, 403, 403]),
        "GET /favicon.ico": Rule([200, 200, 200, 200, 200]),
        "GET /districts": Rule([303, 403, 403, 403, 200]),
        "GET /schools": Rule([303, 200, 200, 200, 200]),
        "GET /schools/:id": Rule(own: [303, 200, 200, 200, 200], other: [303, 404, 404, 404, 200]),
        "GET /people": Rule([303, 403, 200, 200, 200]),
        "GET /people/new": Rule([303, 403, 403, 200, 403]),
        "POST /people": Rule([401, 403, 403, 422, 403]),
        "GET /people/:id": Rule(own: [303, 403, 200, 200, 200], other: [303, 403, 404, 404, 200]),
        "POST /people/:id": Rule(own: [401, 403, 403, 422, 403], other: [401, 403, 403, 404, 403]),
        "POST /people/:id/reset-link": Rule(own: [401, 403, 403, 200, 200], other: [401, 403, 403, 404, 200]),
        // The matrix sends no `archived` field, so the district admin's answer is 422 and nobody is archived.
        "POST /people/:id/archived": Rule(own: [401, 403, 403, 422, 403], other: [401, 403, 403, 404, 403]),
        "GET /cohorts": Rule([303, 200, 200, 200, 200]),
        "GET /cohorts/new": Rule([303, 403, 403, 200, 403]),
        "POST /cohorts": Rule([401, 403, 403, 422, 403]),
        "GET /cohorts/:id": Rule(own: [303, 200, 200, 200, 200], other: [303, 404, 404, 404, 200]),
        "POST /cohorts/:id/members": Rule(own: [401, 403, 403, 422, 403], other: [401, 403, 403, 404, 403]),
        "POST /cohorts/:id/members/schools": Rule(own: [401, 403, 403, 422, 403], other: [401, 403, 403, 404, 403]),
        "POST /cohorts/:id/members/:personID/remove": Rule(
            own: [401, 403, 403, 303, 403], other: [401, 403, 403, 404, 403]),
        "GET /roster/import": Rule([303, 403, 403, 200, 403]),
        "POST /roster/import": Rule([401, 403, 403, 422, 403]),
        "POST /roster/import/:id/confirm": Rule(own: [401, 403, 403, 200, 403], other: [401, 403, 403, 404, 403]),
        "GET /cohorts/:id/trust": Rule(own: [303, 200, 200, 200, 200], other: [303, 404, 404, 404, 200]),
        "POST /cohorts/:id/trust": Rule(own: [401, 403, 422, 422, 403], other: [401, 403, 404, 404, 403]),
        "GET /trust/:id": Rule(own: [303, 200, 200, 200, 200], other: [303, 404, 404, 404, 200]),
        "GET /trust/:id/answer": Rule(own: [303, 200, 403, 403, 403], other: [303, 404, 403, 403, 403]),
        "POST /trust/:id/answer": Rule(own: [401, 422, 403, 403, 403], other: [401, 404, 403, 403, 403]),
        "POST /trust/:id/close": Rule(own: [401, 403, 303, 303, 403], other: [401, 403, 404, 404, 403]),
        "GET /trust/:id/results.csv": Rule(own: [303, 403, 200, 200, 403], other: [303, 403, 404, 404, 403]),
        "GET /trust/:id/items.csv": Rule(own: [303, 403, 403, 200, 403], other: [303, 403, 403, 404, 403]),
        "GET /trust/questions": Rule([303, 403, 403, 200, 403]),
        "POST /trust/questions": Rule([401, 403, 403, 422, 403]),
        "GET /cohorts/:id/intake": Rule(own: [303, 200, 403, 403, 403], other: [303, 404, 403, 403, 403]),
        "POST /cohorts/:id/intake": Rule(own: [401, 409, 403, 403, 403], other: [401, 404, 403, 403, 403]),
        "GET /cohorts/:id/formation": Rule(own: [303, 403, 200, 200, 403], other: [303, 403, 404, 404, 403]),
        "POST /cohorts/:id/formation/challenges": Rule(
            own: [401, 403, 422, 422, 403], other: [401, 403, 404, 404, 403]),
        "POST /cohorts/:id/formation/apart-removal": Rule(
            own: [401, 403, 404, 404, 403], other: [401, 403, 404, 404, 403]),
        "POST /cohorts/:id/formation/apart": Rule(own: [401, 403, 422, 422, 403], other: [401, 403, 404, 404, 403]),
        "POST /cohorts/:id/formation/proposal": Rule(
            own: [401, 403, 422, 422, 403], other: [401, 403, 404, 404, 403]),
        "POST /cohorts/:id/formation/move": Rule(own: [401, 403, 422, 422, 403], other: [401, 403, 404, 404, 403]),
        "POST /cohorts/:id/formation/publish": Rule(own: [401, 403, 409, 409, 403], other: [401, 403, 404, 404, 403]),
        "GET /communities/:id": Rule(own: [303, 200, 200, 200, 200], other: [303, 404, 404, 404, 200]),
        "POST /communities/:id": Rule(own: [401, 403, 303, 303, 403], other: [401, 403, 404, 404, 403]),
        "GET /cohorts/:id/meetings": Rule(own: [303, 200, 200, 200, 200], other: [303, 404, 404, 404, 200]),
        "POST /cohorts/:id/meetings": Rule(own: [401, 403, 422, 422, 403], other: [401, 403, 404, 404, 403]),
        "GET /meetings/:id": Rule(own: [303, 200, 200, 200, 200], other: [303, 404, 404, 404, 200]),
        "GET /meetings/:id/:day": Rule(own: [303, 200, 200, 200, 200], other: [303, 404, 404, 404, 200]),
        "POST /meetings/:id/:day/change": Rule(own: [401, 403, 422, 422, 403], other: [401, 403, 404, 404, 403]),
        "POST /meetings/:id/:day/agenda": Rule(own: [401, 403, 422, 422, 403], other: [401, 403, 404, 404, 403]),
        "POST /meetings/:id/:day/attendance": Rule(own: [401, 403, 303, 303, 403], other: [401, 403, 404, 404, 403]),
        "POST /meetings/:id/:day/check-in": Rule(own: [401, 409, 403, 403, 403], other: [401, 404, 403, 403, 403]),
        "POST /meetings/:id/:day/notes": Rule(own: [401, 422, 422, 422, 422], other: [401, 404, 404, 404, 422]),
        "GET /account": Rule([303, 200, 200, 200, 200]),
        "POST /account/calendar": Rule([401, 303, 303, 303, 303]),
        "GET /calendar/:token": Rule([404, 404, 404, 404, 404]),
        // An unsubscribe link's secret is its key: the matrix's made-up one is nobody's.
        "GET /unsubscribe/:token": Rule([404, 404, 404, 404, 404]),
        "POST /unsubscribe/:token": Rule([404, 404, 404, 404, 404]),
        "POST /account/email": Rule([401, 303, 303, 303, 303]),
        "GET /api/v1/protocols": Rule([401, 200, 200, 200, 200]),
        "GET /api/v1/cohorts/:id/meeting-series": Rule(
            own: [401, 200, 200, 200, 200], other: [401, 404, 404, 404, 200]),
        "POST /api/v1/cohorts/:id/meeting-series": Rule(
            own: [401, 403, 422, 422, 403], other: [401, 403, 404, 404, 403]),
        "GET /api/v1/meeting-series/:id": Rule(own: [401, 200, 200, 200, 200], other: [401, 404, 404, 404, 200]),
        "POST /api/v1/meeting-series/:id/changes": Rule(
            own: [401, 403, 400, 400, 403], other: [401, 403, 404, 404, 403]),
        "GET /api/v1/meeting-series/:id/meetings/:day": Rule(
            own: [401, 200, 200, 200, 200], other: [401, 404, 404, 404, 200]),
        "PUT /api/v1/meeting-series/:id/meetings/:day/agenda": Rule(
            own: [401, 403, 400, 400, 403], other: [401, 403, 404, 404, 403]),
        "PUT /api/v1/meeting-series/:id/meetings/:day/attendance": Rule(
            own: [401, 403, 400, 400, 403], other: [401, 403, 404, 404, 403]),
        "POST /api/v1/meeting-series/:id/meetings/:day/check-in": Rule(
            own: [401, 409, 403, 403, 403], other: [401, 404, 403, 403, 403]),
        "GET /stories": Rule([303, 200, 403, 403, 403]),
        "POST /stories": Rule([401, 422, 403, 403, 403]),
        "GET /stories/:id": Rule(own: [303, 200, 404, 404, 404], other: [303, 404, 404, 404, 404]),
        "POST /stories/:id/sharing": Rule(own: [401, 422, 403, 403, 403], other: [401, 404, 403, 403, 403]),
        // The matrix sends empty forms: the author is told what is missing, and nothing changes.
        "POST /stories/:id/edit": Rule(own: [401, 422, 403, 403, 403], other: [401, 404, 403, 403, 403]),
        "POST /stories/:id/deletion": Rule(own: [401, 422, 403, 403, 403], other: [401, 404, 403, 403, 403]),
        "POST /stories/:id/messages": Rule(own: [401, 422, 404, 404, 404], other: [401, 404, 404, 404, 404]),
        "POST /api/v1/stories": Rule([401, 422, 403, 403, 403]),
        "GET /api/v1/stories": Rule([401, 200, 403, 403, 403]),
        "GET /api/v1/stories/:id": Rule(own: [401, 200, 404, 404, 404], other: [401, 404, 404, 404, 404]),
        "POST /api/v1/stories/:id/sharing": Rule(own: [401, 422, 404, 404, 404], other: [401, 404, 404, 404, 404]),
        "GET /api/v1/stories/:id/messages": Rule(own: [401, 200, 404, 404, 404], other: [401, 404, 404, 404, 404]),
        "POST /api/v1/stories/:id/messages": Rule(own: [401, 422, 404, 404, 404], other: [401, 404, 404, 404, 404]),
        "POST /api/v1/communities/:id/vote": Rule(own: [401, 403, 422, 422, 403], other: [401, 403, 404, 404, 403]),
        "PUT /api/v1/communities/:id/inquiry-question": Rule(
            own: [401, 403, 422, 422, 403], other: [401, 403, 404, 404, 403]),
        "GET /communities/:id/board": Rule(own: [303, 200, 200, 200, 404], other: [303, 404, 404, 404, 404]),
        "POST /communities/:id/board": Rule(own: [401, 422, 422, 422, 404], other: [401, 404, 404, 404, 404]),
        // These requests carry no Origin, so even people who may see the board get 403; BoardTests opens
        // real connections from the site's own origin.
        "GET /communities/:id/board/live": Rule(own: [303, 403, 403, 403, 404], other: [303, 404, 404, 404, 404]),
        "GET /communities/:id/board/history": Rule(own: [303, 200, 200, 200, 404], other: [303, 404, 404, 404, 404]),
        "GET /communities/:id/board/export": Rule(own: [303, 200, 200, 200, 404], other: [303, 404, 404, 404, 404]),
        "GET /communities/:id/inquiry/export": Rule(own: [303, 200, 200, 200, 404], other: [303, 404, 404, 404, 404]),
        "GET /api/v1/communities/:id/board": Rule(own: [401, 200, 200, 200, 404], other: [401, 404, 404, 404, 404]),
        "POST /api/v1/communities/:id/board/operations": Rule(
            own: [401, 422, 422, 422, 404], other: [401, 404, 404, 404, 404]),
        "GET /api/v1/communities/:id/board/snapshots": Rule(
            own: [401, 200, 200, 200, 404], other: [401, 404, 404, 404, 404]),
        "GET /api/v1/communities/:id/board/export": Rule(
            own: [401, 200, 200, 200, 404], other: [401, 404, 404, 404, 404]),
        "GET /api/v1/communities/:id/questions/export": Rule(
            own: [401, 200, 200, 200, 404], other: [401, 404, 404, 404, 404]),
        "GET /communities/:id/inquiry": Rule(own: [303, 200, 200, 200, 404], other: [303, 404, 404, 404, 404]),
        "POST /communities/:id/inquiry/questions": Rule(
            own: [401, 422, 422, 422, 404], other: [401, 404, 404, 404, 404]),
        "POST /communities/:id/inquiry/ballot": Rule(
            own: [401, 409, 403, 403, 404], other: [401, 404, 404, 404, 404]),
        "POST /communities/:id/inquiry/vote": Rule(own: [401, 403, 422, 422, 403], other: [401, 403, 404, 404, 403]),
        "POST /communities/:id/inquiry/adoption": Rule(
            own: [401, 403, 422, 422, 403], other: [401, 403, 404, 404, 403]),
        "GET /api/v1/communities/:id/questions": Rule(
            own: [401, 200, 200, 200, 404], other: [401, 404, 404, 404, 404]),
        "POST /api/v1/communities/:id/questions": Rule(
            own: [401, 422, 422, 422, 404], other: [401, 404, 404, 404, 404]),
        "POST /api/v1/communities/:id/ballot": Rule(own: [401, 400, 403, 403, 403], other: [401, 404, 403, 403, 403]),
        "GET /api/v1/openapi.json": Rule([200, 200, 200, 200, 200]),
        "GET /api/v1/cohorts/:id/intake": Rule(own: [401, 200, 200, 200, 200], other: [401, 404, 404, 404, 200]),
        "PUT /api/v1/cohorts/:id/intake": Rule(own: [401, 400, 403, 403, 403], other: [401, 404, 403, 403, 403]),
        "GET /api/v1/cohorts/:id/proposal": Rule(own: [401, 403, 200, 200, 403], other: [401, 403, 404, 404, 403]),
        "POST /api/v1/cohorts/:id/proposal": Rule(own: [401, 403, 422, 422, 403], other: [401, 403, 404, 404, 403]),
        "POST /api/v1/cohorts/:id/proposal/moves": Rule(
            own: [401, 403, 400, 400, 403], other: [401, 403, 404, 404, 403]),
        "POST /api/v1/cohorts/:id/proposal/publish": Rule(
            own: [401, 403, 409, 409, 403], other: [401, 403, 404, 404, 403]),
        "GET /api/v1/cohorts/:id/communities": Rule(
            own: [401, 200, 200, 200, 200], other: [401, 404, 404, 404, 200]),
        "GET /api/v1/communities/:id": Rule(own: [401, 200, 200, 200, 200], other: [401, 404, 404, 404, 200]),
        "PATCH /api/v1/communities/:id": Rule(own: [401, 403, 200, 200, 403], other: [401, 403, 404, 404, 403]),
        "GET /api/v1/cohorts/:id/trust-rounds": Rule(
            own: [401, 200, 200, 200, 200], other: [401, 404, 404, 404, 200]),
        "POST /api/v1/cohorts/:id/trust-rounds": Rule(
            own: [401, 403, 422, 422, 403], other: [401, 403, 404, 404, 403]),
        "GET /api/v1/trust-rounds/:id": Rule(own: [401, 200, 200, 200, 200], other: [401, 404, 404, 404, 200]),
        "POST /api/v1/trust-rounds/:id/close": Rule(own: [401, 403, 200, 200, 403], other: [401, 403, 404, 404, 403]),
        "POST /api/v1/trust-rounds/:id/responses": Rule(
            own: [401, 400, 403, 403, 403], other: [401, 404, 403, 403, 403]),
        "GET /api/v1/trust-rounds/:id/results": Rule(
            own: [401, 200, 200, 200, 200], other: [401, 404, 404, 404, 200]),
        "GET /api/v1/me": Rule([401, 200, 200, 200, 200]),
        "GET /api/v1/schools": Rule([401, 200, 200, 200, 200]),
        "GET /api/v1/schools/:id": Rule(own: [401, 200, 200, 200, 200], other: [401, 404, 404, 404, 200]),
        "GET /api/v1/people": Rule([401, 403, 200, 200, 200]),
        "GET /api/v1/cohorts": Rule([401, 200, 200, 200, 200]),
        "POST /api/v1/cohorts": Rule([401, 403, 403, 201, 422]),
        "GET /api/v1/cohorts/:id": Rule(own: [401, 200, 200, 200, 200], other: [401, 404, 404, 404, 200]),
        // The library: everyone in the district reads it; leaders suggest, staff add, accept and retire.
        "GET /library": Rule([303, 200, 200, 200, 200]),
        "GET /library/new": Rule([303, 200, 200, 200, 403]),
        "POST /library/new": Rule([401, 422, 422, 422, 403]),
        "GET /library/:id": Rule(own: [303, 200, 200, 200, 200], other: [303, 404, 404, 404, 200]),
        "GET /library/:id/file": Rule(own: [303, 200, 200, 200, 200], other: [303, 404, 404, 404, 200]),
        "GET /library/:id/edit": Rule(own: [303, 403, 200, 200, 403], other: [303, 404, 404, 404, 403]),
        "POST /library/:id/edit": Rule(own: [401, 403, 422, 422, 403], other: [401, 404, 404, 404, 403]),
        "POST /library/:id/state": Rule(own: [401, 403, 400, 400, 403], other: [401, 403, 404, 404, 403]),
        "GET /library/import": Rule([303, 403, 200, 200, 403]),
        "POST /library/import": Rule([401, 403, 422, 422, 403]),
        "GET /library/export.csv": Rule([303, 403, 200, 200, 403]),
        "GET /settings/traits": Rule([303, 403, 403, 200, 403]),
        "POST /settings/traits": Rule([401, 403, 403, 422, 403]),
        "POST /settings/traits/:id": Rule(own: [401, 403, 403, 422, 403], other: [401, 403, 403, 404, 403]),
        // Playlists: read by whoever reads the community or cohort; built by its runners; progress is a
        // member's own (the matrix's item is on the cohort's playlist, and its leader is in the cohort).
        // A network admin reads every district's playlists and builds none.
        "GET /communities/:id/playlist": Rule(own: [303, 200, 200, 200, 200], other: [303, 404, 404, 404, 200]),
        "POST /communities/:id/playlist": Rule(own: [401, 403, 400, 400, 403], other: [401, 404, 404, 404, 403]),
        "GET /cohorts/:id/playlist": Rule(own: [303, 200, 200, 200, 200], other: [303, 404, 404, 404, 200]),
        "POST /cohorts/:id/playlist": Rule(own: [401, 403, 400, 400, 403], other: [401, 404, 404, 404, 403]),
        "POST /playlist-items/:id": Rule(own: [401, 403, 400, 400, 403], other: [401, 404, 404, 404, 403]),
        "POST /playlist-items/:id/progress": Rule(own: [401, 303, 403, 403, 403], other: [401, 404, 404, 404, 403]),
        // The same rules through the API (the matrix's JSON body has no title, no items, no state).
        "GET /api/v1/resources": Rule([401, 200, 200, 200, 200]),
        "POST /api/v1/resources": Rule([401, 422, 422, 422, 403]),
        "GET /api/v1/resources/:id": Rule(own: [401, 200, 200, 200, 200], other: [401, 404, 404, 404, 200]),
        "GET /api/v1/resources/:id/file": Rule(own: [401, 200, 200, 200, 200], other: [401, 404, 404, 404, 200]),
        "GET /api/v1/communities/:id/playlist": Rule(
            own: [401, 200, 200, 200, 200], other: [401, 404, 404, 404, 200]),
        "PUT /api/v1/communities/:id/playlist": Rule(
            own: [401, 403, 422, 422, 403], other: [401, 404, 404, 404, 403]),
        "GET /api/v1/communities/:id/recommendations": Rule(
            own: [401, 200, 200, 200, 403], other: [401, 404, 404, 404, 403]),
        "PUT /api/v1/playlist-items/:id/progress": Rule(
            own: [401, 200, 403, 403, 403], other: [401, 404, 404, 404, 403]),
        // Learning between meetings: a community's members take part; its cohort's facilitators and the
        // district's admins see counts and what was shared; nobody else, a network admin included, finds it.
        // (The matrix's cycle has ended and its leader is the community's only member, so has no peer; the
        // commitment and the private insight are the leader's.)
        "GET /communities/:id/practice": Rule(own: [303, 200, 200, 200, 404], other: [303, 404, 404, 404, 404]),
        "POST /communities/:id/activities": Rule(own: [401, 422, 403, 403, 404], other: [401, 404, 404, 404, 404]),
        "POST /communities/:id/stage": Rule(own: [401, 403, 422, 422, 404], other: [401, 404, 404, 404, 404]),
        "GET /cohorts/:id/practice": Rule(own: [303, 403, 200, 200, 403], other: [303, 404, 404, 404, 403]),
        "GET /cycles/:id": Rule(own: [303, 200, 200, 200, 404], other: [303, 404, 404, 404, 404]),
        "POST /cycles/:id/commitment": Rule(own: [401, 422, 403, 403, 404], other: [401, 404, 404, 404, 404]),
        "POST /cycles/:id/debrief": Rule(own: [401, 403, 403, 403, 404], other: [401, 404, 404, 404, 404]),
        "POST /cycles/:id/swap": Rule(own: [401, 403, 422, 422, 404], other: [401, 404, 404, 404, 404]),
        "POST /commitments/:id": Rule(own: [401, 400, 404, 404, 404], other: [401, 404, 404, 404, 404]),
        "POST /commitments/:id/insight": Rule(own: [401, 422, 404, 404, 404], other: [401, 404, 404, 404, 404]),
        "POST /insights/:id/sharing": Rule(own: [401, 422, 404, 404, 404], other: [401, 404, 404, 404, 404]),
        "GET /activities/:id": Rule(own: [303, 200, 200, 200, 404], other: [303, 404, 404, 404, 404]),
        "POST /activities/:id": Rule(own: [401, 422, 403, 403, 404], other: [401, 404, 404, 404, 404]),
        "POST /activities/:id/adopt": Rule(own: [401, 303, 303, 303, 404], other: [401, 404, 404, 404, 404]),
        // What the year was worth: a community's members and runners read its matrix and report; stories are
        // written by members; the matrix's story is the leader's and private. The cohort's report is its
        // facilitators' and the district's admins'.
        "GET /communities/:id/value": Rule(own: [303, 200, 200, 200, 404], other: [303, 404, 404, 404, 404]),
        "GET /communities/:id/value-stories/new": Rule(
            own: [303, 200, 403, 403, 404], other: [303, 404, 404, 404, 404]),
        "POST /communities/:id/value-stories": Rule(
            own: [401, 422, 403, 403, 404], other: [401, 404, 404, 404, 404]),
        "GET /value-stories/:id": Rule(own: [303, 200, 404, 404, 404], other: [303, 404, 404, 404, 404]),
        "GET /value-stories/:id/edit": Rule(own: [303, 200, 404, 404, 404], other: [303, 404, 404, 404, 404]),
        "POST /value-stories/:id/edit": Rule(own: [401, 422, 404, 404, 404], other: [401, 404, 404, 404, 404]),
        "POST /value-stories/:id/sharing": Rule(own: [401, 422, 404, 404, 404], other: [401, 404, 404, 404, 404]),
        "POST /value-stories/:id/ask": Rule(own: [401, 403, 404, 404, 404], other: [401, 404, 404, 404, 404]),
        "GET /communities/:id/report": Rule(own: [303, 200, 200, 200, 404], other: [303, 404, 404, 404, 404]),
        "GET /communities/:id/report/tables.zip": Rule(
            own: [303, 200, 200, 200, 404], other: [303, 404, 404, 404, 404]),
        "GET /communities/:id/report/stories.md": Rule(
            own: [303, 200, 200, 200, 404], other: [303, 404, 404, 404, 404]),
        "GET /cohorts/:id/report": Rule(own: [303, 404, 200, 200, 404], other: [303, 404, 404, 404, 404]),
        "GET /cohorts/:id/report/tables.zip": Rule(own: [303, 404, 200, 200, 404], other: [303, 404, 404, 404, 404]),
        "GET /cohorts/:id/report/stories.md": Rule(own: [303, 404, 200, 200, 404], other: [303, 404, 404, 404, 404]),
        "GET /api/v1/communities/:id/report": Rule(own: [401, 200, 200, 200, 404], other: [401, 404, 404, 404, 404]),
        "GET /api/v1/cohorts/:id/report": Rule(own: [401, 404, 200, 200, 404], other: [401, 404, 404, 404, 404]),
        "GET /api/v1/communities/:id/cycles": Rule(own: [401, 200, 200, 200, 404], other: [401, 404, 404, 404, 404]),
        "GET /api/v1/communities/:id/pairs": Rule(own: [401, 200, 200, 200, 404], other: [401, 404, 404, 404, 404]),
        "GET /api/v1/communities/:id/activities": Rule(
            own: [401, 200, 200, 200, 404], other: [401, 404, 404, 404, 404]),
        "POST /api/v1/communities/:id/activities": Rule(
            own: [401, 422, 403, 403, 404], other: [401, 404, 404, 404, 404]),
        "POST /api/v1/cycles/:id/commitments": Rule(own: [401, 422, 403, 403, 404], other: [401, 404, 404, 404, 404]),
        "POST /api/v1/cycles/:id/debriefs": Rule(own: [401, 403, 403, 403, 404], other: [401, 404, 404, 404, 404]),
        "GET /api/v1/cycles/:id/counts": Rule(own: [401, 200, 200, 200, 404], other: [401, 404, 404, 404, 404]),
        "GET /api/v1/commitments/:id": Rule(own: [401, 200, 404, 404, 404], other: [401, 404, 404, 404, 404]),
        "PATCH /api/v1/commitments/:id": Rule(own: [401, 422, 404, 404, 404], other: [401, 404, 404, 404, 404]),
        "POST /api/v1/commitments/:id/insight": Rule(
            own: [401, 422, 404, 404, 404], other: [401, 404, 404, 404, 404]),
        "GET /api/v1/insights/:id": Rule(own: [401, 200, 404, 404, 404], other: [401, 404, 404, 404, 404]),
        "PUT /api/v1/insights/:id/sharing": Rule(own: [401, 422, 404, 404, 404], other: [401, 404, 404, 404, 404]),
        "GET /api/v1/activities/:id": Rule(own: [401, 200, 200, 200, 404], other: [401, 404, 404, 404, 404]),
        "PUT /api/v1/activities/:id": Rule(own: [401, 422, 403, 403, 404], other: [401, 404, 404, 404, 404]),
        "POST /api/v1/activities/:id/adopt": Rule(own: [401, 200, 200, 200, 404], other: [401, 404, 404, 404, 404]),
        // Outcomes: read by the district's staff (a leader their own school); imported and configured by its
        // admins; a network admin has no district to read. The matrix's districts have no outcomes yet.
        "GET /outcomes": Rule([303, 200, 200, 200, 403]),
        "GET /outcomes/export.csv": Rule([303, 404, 404, 404, 403]),
        "GET /outcomes/import": Rule([303, 403, 403, 200, 403]),
        "POST /outcomes/import": Rule([401, 403, 403, 422, 403]),
        "POST /outcomes/import/:id/confirm": Rule([401, 403, 403, 404, 403]),
        "GET /settings/outcomes": Rule([303, 403, 403, 200, 403]),
        "POST /settings/outcomes": Rule([401, 403, 403, 422, 403]),
        "POST /api/v1/outcomes/imports": Rule([401, 403, 403, 415, 403]),
        "GET /api/v1/outcomes": Rule([401, 404, 404, 404, 403]),
    ]

    static func key(_ route: Route) -> String {
        "\(route.method.rawValue) /" + route.path.map(\.description).joined(separator: "/")
    }

    @Test("every route has a rule, and every rule holds")
    func matrix() async throws {
        try await withTrellis { app, database in
            // setup
            let fixture = try await Fixture.make(app)
            let registered = Set(app.routes.all.map(Self.key))
            for route in registered.sorted() where Self.rules[route] == nil {
                Issue.record("\(route) has no rule in the authorization matrix: decide who may use it")
            }
            for rule in Self.rules.keys.sorted() where !registered.contains(rule) {
                Issue.record("the matrix names \(rule), which is not a route")
            }

            for route in registered.sorted() {
                guard let rule = Self.rules[route] else { continue }
                for (side, expected) in [("own", rule.own), ("other", rule.other)] {
                    let target = side == "own" ? fixture.own : fixture.other
                    for (index, viewer) in Viewer.allCases.enumerated() {
                        // MUT
                        let status = try await Self.request(
                            route, target: target, viewer: viewer, fixture: fixture, app: app)
                        // validation
                        #expect(
                            status == expected[index],
                            "\(database): \(route) as \(viewer) on the \(side) district answered \(status), expected \(expected[index])"
                        )
                    }
                }
            }
        }
    }

    static func request(_ route: String, target: Fixture.Side, viewer: Viewer, fixture: Fixture, app: Application)
        async throws -> UInt
    {
        let parts = route.split(separator: " ", maxSplits: 1).map(String.init)
        let method = HTTPMethod(rawValue: parts[0])
        var path = parts[1]
        let id: UUID
        switch true {
        case path.hasPrefix("/trust/"), path.hasPrefix("/api/v1/trust-rounds/"):
            if path.hasSuffix("/close") || path.hasSuffix("/answer") || path.hasSuffix("/responses") {
                // Closing and answering change the round, so each request gets a fresh open one.
                id = try await Fixture.makeTrustRound(app, districtID: target.districtID, cohortID: target.cohortID)
            } else if path.hasSuffix(".csv") || path.hasSuffix("/results") {
                id = target.closedRound
            } else {
                id = target.openRound
            }
        case path.hasPrefix("/people/"): id = target.leader
        case path.hasPrefix("/stories/"), path.hasPrefix("/api/v1/stories/"):
            id = try await privateStory(in: target, app: app)
        case path.hasPrefix("/meetings/"), path.hasPrefix("/api/v1/meeting-series/"):
            id = try await meetingSeries(in: target, app: app)
        case path.hasPrefix("/communities/"), path.hasPrefix("/api/v1/communities/"):
            id = try await publishedCommunity(in: target, app: app)
        case path.hasPrefix("/cohorts/"), path.hasPrefix("/api/v1/cohorts/"): id = target.cohortID
        case path.hasPrefix("/roster/import/"): id = try await pendingImport(in: target, app: app)
        case path.hasPrefix("/library/"): id = try await libraryResource(in: target, app: app)
        case path.hasPrefix("/playlist-items/"), path.hasPrefix("/api/v1/playlist-items/"):
            id = try await playlistItem(in: target, app: app)
        case path.hasPrefix("/api/v1/resources/"): id = try await libraryResource(in: target, app: app)
        case path.hasPrefix("/cycles/"), path.hasPrefix("/api/v1/cycles/"):
            id = try await practiceCycle(in: target, app: app)
        case path.hasPrefix("/commitments/"), path.hasPrefix("/api/v1/commitments/"):
            id = try await commitment(in: target, app: app).commitment
        case path.hasPrefix("/insights/"), path.hasPrefix("/api/v1/insights/"):
            id = try await commitment(in: target, app: app).insight
        case path.hasPrefix("/activities/"), path.hasPrefix("/api/v1/activities/"):
            id = try await activity(in: target, app: app)
        case path.hasPrefix("/value-stories/"): id = try await valueStory(in: target, app: app)
        case path.hasPrefix("/settings/traits/"):
            let trait = DeeperLearningTrait(
                districtID: target.districtID, name: "Trait \(UUID())", description: "", position: 9)
            try await trait.create(on: app.db)
            id = try trait.requireID()
        default: id = target.schoolID
        }
        if path.contains(":personID") {
            try await ensureMembership(target, app: app)
            path = path.replacingOccurrences(of: ":personID", with: target.leader.uuidString)
        }
        path = path.replacingOccurrences(of: ":id", with: id.uuidString)
        path = path.replacingOccurrences(of: ":day", with: Self.firstMeeting)
        path = path.replacingOccurrences(of: ":token", with: "no-such-calendar-address.ics")

        var headers = HTTPHeaders()
        var form: [String: String] = [:]
        let isAPI = path.hasPrefix("/api/")
        if let role = viewer.role {
            if isAPI {
                headers.bearerAuthorization = BearerAuthorization(
                    token: try await app.apiToken(for: fixture.email(role)))
            } else {
                let session = try await app.signIn(fixture.email(role))
                headers = session.headers
                form["csrf"] = session.csrf
            }
        } else if !isAPI {
            let anonymous = "anonymous-form-token-of-enough-length-000"
            headers.cookie = [CookieName.anonymousCSRF: .init(string: anonymous)]
            form["csrf"] = anonymous
        }
        if route == "POST /signin" {
            form["email"] = "nobody-\(UUID().uuidString)@nowhere.example"
            form["password"] = "not the password"
        }
        var status: UInt = 0
        try await app.testing().test(
            method, path,
            beforeRequest: { request in
                request.headers = headers
                if [.POST, .PUT, .PATCH].contains(method) {
                    if isAPI {
                        try request.content.encode(["name": "Matrix cohort", "schoolYear": "2026-27"], as: .json)
                    } else {
                        try request.content.encode(form, as: .urlEncodedForm)
                    }
                }
            },
            afterResponse: { response in status = response.status.code })
        return status
    }

    /// A listed resource that is a file, so that its download answers too.
    static func libraryResource(in side: Fixture.Side, app: Application) async throws -> UUID {
        let resource = LibraryResource()
        resource.$district.id = side.districtID
        resource.title = "Matrix resource \(UUID())"
        resource.kind = ResourceKind.reading.rawValue
        resource.summary = ""
        resource.keywords = ""
        resource.state = .listed
        resource.bodyText = ""
        resource.fileName = "matrix.pdf"
        resource.fileType = UploadKind.pdf.contentType
        resource.fileSize = 8
        try await resource.create(on: app.db)
        try await app.db.sql().raw(
            "INSERT INTO resource_files (id, resource_id, data) VALUES (\(bind: UUID()), \(bind: try resource.requireID()), \(bind: Data("%PDF-1.4".utf8)))"
        ).run()
        return try resource.requireID()
    }

    /// An item on the cohort's playlist.
    static func playlistItem(in side: Fixture.Side, app: Application) async throws -> UUID {
        let resource = try await LibraryResource.find(try await libraryResource(in: side, app: app), on: app.db)!
        let cohort = try await Cohort.find(side.cohortID, on: app.db)!
        let owner = PlaylistService.Owner(
            districtID: side.districtID, cohortID: side.cohortID, communityID: nil, name: cohort.name)
        try await PlaylistService.add(resource, to: owner, on: app.db)
        let playlist = try #require(try await PlaylistService.playlist(of: owner, on: app.db))
        return try #require(try await PlaylistService.items(of: playlist.id, on: app.db).last).id
    }

    /// Confirming removes the pending import, so every request gets a fresh one.
    static func pendingImport(in side: Fixture.Side, app: Application) async throws -> UUID {
        let pending = PendingRosterImport(
            districtID: side.districtID, uploadedBy: side.admin,
            orgsCSV:
                "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\nm-1,,,Matrix School,school,,\n",
            usersCSV:
                "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password\n",
            academicSessionsCSV: nil)
        try await pending.create(on: app.db)
        return try pending.requireID()
    }

    /// The side's leader's private story, shared with nobody, made on first use.
    static func privateStory(in side: Fixture.Side, app: Application) async throws -> UUID {
        if let existing = try await Story.query(on: app.db).filter(\.$author.$id == side.leader).first() {
            return try existing.requireID()
        }
        let story = Story(districtID: side.districtID, authorID: side.leader, story: "A private story", need: "Time")
        try await story.create(on: app.db)
        return try story.requireID()
    }

    /// Monday 7 September 2026, the first meeting of every side's matrix series (long past by now).
    static let firstMeeting = "2026-09-07"

    /// The side's cohort-wide weekly series, made on first use.
    static func meetingSeries(in side: Fixture.Side, app: Application) async throws -> UUID {
        if let existing = try await MeetingSeriesRecord.query(on: app.db).filter(\.$cohort.$id == side.cohortID).first()
        {
            return try existing.requireID()
        }
        let pattern = try MeetingPattern(
            recurrence: "weekly:mon", startDay: firstMeeting, endDay: "2027-06-28", startTime: "09:00",
            endTime: "10:00",
            timeZone: "UTC")
        let series = MeetingSeriesRecord(
            districtID: side.districtID, cohortID: side.cohortID, communityID: nil, title: "Matrix meetings",
            pattern: pattern, location: "")
        try await series.create(on: app.db)
        return try series.requireID()
    }

    /// The side's published community, made on first use, with the side's leader in it.
    static func publishedCommunity(in side: Fixture.Side, app: Application) async throws -> UUID {
        if let existing = try await Community.query(on: app.db).filter(\.$cohort.$id == side.cohortID).first() {
            return try existing.requireID()
        }
        let community = Community(
            districtID: side.districtID, cohortID: side.cohortID, name: "Matrix community", focus: "biased-language",
            sizes: 1...6, published: true)
        try await community.create(on: app.db)
        try await CommunityMembership(communityID: community.requireID(), userID: side.leader, reasons: "")
            .create(on: app.db)
        return try community.requireID()
    }

    /// Removing a member removes it, so every request finds the leader in the cohort again.
    static func ensureMembership(_ side: Fixture.Side, app: Application) async throws {
        let exists = try await CohortMembership.query(on: app.db)
            .filter(\.$cohort.$id == side.cohortID).filter(\.$user.$id == side.leader).count()
        if exists == 0 {
            try await CohortMembership(cohortID: side.cohortID, userID: side.leader, role: .leader).create(on: app.db)
        }
    }

    /// The first cycle of the side's community, between the first two meetings of the cohort's series
    /// (the community has none of its own), stored on first use.
    static func practiceCycle(in side: Fixture.Side, app: Application) async throws -> UUID {
        let communityID = try await publishedCommunity(in: side, app: app)
        let seriesID = try await meetingSeries(in: side, app: app)
        if let existing = try await PracticeCycleRecord.query(on: app.db).filter(\.$community.$id == communityID)
            .filter(\.$openingDay == firstMeeting).first()
        {
            return try existing.requireID()
        }
        let cycle = PracticeCycleRecord()
        cycle.$district.id = side.districtID
        cycle.$community.id = communityID
        cycle.$series.id = seriesID
        cycle.openingDay = firstMeeting
        try await cycle.create(on: app.db)
        return try cycle.requireID()
    }

    /// The side's leader's commitment in that cycle, with a private insight, made on first use.
    static func commitment(in side: Fixture.Side, app: Application) async throws -> (commitment: UUID, insight: UUID) {
        let cycleID = try await practiceCycle(in: side, app: app)
        if let existing = try await Commitment.query(on: app.db).filter(\.$cycle.$id == cycleID).first(),
            let insight = try await Insight.query(on: app.db).filter(\.$commitment.$id == existing.requireID()).first()
        {
            return (try existing.requireID(), try insight.requireID())
        }
        let commitment = Commitment()
        commitment.$district.id = side.districtID
        commitment.$cycle.id = cycleID
        commitment.authorID = side.leader
        commitment.text = "Walk with a student"
        commitment.prediction = "The library first"
        commitment.traitIDs = ""
        commitment.shared = false
        commitment.status = .tried
        commitment.triedOn = firstMeeting
        commitment.reason = ""
        commitment.createdAt = Date(timeIntervalSince1970: 1_788_000_000)
        try await commitment.create(on: app.db)
        let insight = Insight()
        insight.$commitment.id = try commitment.requireID()
        insight.happened = "Science, not the library"
        insight.learned = "Greeting matters"
        insight.decision = .adopt
        insight.sharing = .private
        insight.createdAt = commitment.createdAt
        try await insight.create(on: app.db)
        return (try commitment.requireID(), try insight.requireID())
    }

    /// A draft activity of the side's community, made on first use.
    static func activity(in side: Fixture.Side, app: Application) async throws -> UUID {
        let communityID = try await publishedCommunity(in: side, app: app)
        if let existing = try await LeadershipActivity.query(on: app.db).filter(\.$community.$id == communityID).first()
        {
            return try existing.requireID()
        }
        let activity = LeadershipActivity(
            districtID: side.districtID, communityID: communityID,
            draft: ActivityDraft(title: "Walk", purpose: "See", steps: "", evidence: "", traitIDs: []),
            createdBy: side.leader, createdAt: Date(timeIntervalSince1970: 1_788_000_000))
        try await activity.create(on: app.db)
        return try activity.requireID()
    }

    /// The side's leader's private value-creation story in the side's community, made on first use.
    static func valueStory(in side: Fixture.Side, app: Application) async throws -> UUID {
        let communityID = try await publishedCommunity(in: side, app: app)
        if let row = try await app.db.sql().raw(
            "SELECT id FROM value_stories WHERE community_id = \(bind: communityID)"
        ).first() {
            return try row.decodeUUID(column: "id")
        }
        let id = UUID()
        let steps = String(
            decoding: try JSONEncoder().encode([StoryStep(kind: .immediate, text: "We met")]), as: UTF8.self)
        let now = Date(timeIntervalSince1970: 1_788_000_000)
        try await app.db.sql().raw(
            """
            INSERT INTO value_stories (id, district_id, community_id, author_id, title, start_cycle, steps, sharing,
              created_at, updated_at)
            VALUES (\(bind: id), \(bind: side.districtID), \(bind: communityID), \(bind: side.leader), 'Private',
              0, \(bind: steps), 'private', \(bind: now), \(bind: now))
            """
        ).run()
        return id
    }
}
