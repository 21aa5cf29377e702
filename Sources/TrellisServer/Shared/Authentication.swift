import Fluent
import FluentSQL
import Foundation
import SQLKit
import TrellisCore
import Vapor

/// Cookie names. The session cookie is HttpOnly and SameSite=Lax; the sign-in form's CSRF cookie is
/// SameSite=Strict because it only ever travels with our own form.
enum CookieName {
    static let session = "trellis_session"
    static let anonymousCSRF = "trellis_csrf"
}

/// Reads the session cookie or the bearer token and, when either is valid, puts the `Viewer` on the request.
/// It never rejects: the guards below decide what an anonymous request gets. Nothing is remembered
/// between requests: a sign-out, an archived account or a revoked token ends access on the very next
/// request, whichever instance serves it.
struct ViewerMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let bearer = request.headers.bearerAuthorization?.token {
            // Every API call asks this: one short statement, as for sessions below.
            if let row = try await request.db.sql().raw(
                """
                SELECT u.* FROM api_tokens t JOIN users u ON u.id = t.user_id
                WHERE t.token_hash = \(bind: Secrets.hash(bearer)) AND u.archived = \(bind: false)
                """
            ).first() {
                request.storage[ViewerKey.self] = try Viewer(
                    user: try row.decode(fluentModel: User.self), csrfToken: nil)
            }
        } else if let cookie = request.cookies[CookieName.session]?.string, !cookie.isEmpty {
            // Every page asks this, so it is one short statement that reads the person and the session's
            // CSRF token, not two Fluent models through a generated join.
            if let row = try await request.db.sql().raw(
                """
                SELECT u.*, s.csrf_token AS session_csrf_token FROM user_sessions s JOIN users u ON u.id = s.user_id
                WHERE s.token_hash = \(bind: Secrets.hash(cookie)) AND s.expires_at > \(bind: request.now)
                AND u.archived = \(bind: false)
                """
            ).first() {
                request.storage[ViewerKey.self] = try Viewer(
                    user: try row.decode(fluentModel: User.self),
                    csrfToken: try row.decode(column: "session_csrf_token", as: String.self))
            }
        }
        return try await next.respond(to: request)
    }
}

/// Pages need a signed-in viewer; anyone else is sent to the sign-in page and brought back afterwards.
struct SignedInPageGuard: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.optionalViewer != nil else {
            if request.method == .GET {
                let path = request.url.path
                return request.redirect(
                    to: path == "/" ? SiteURL.signIn.relativeURL : SiteURL.signIn.relativeURL(.next(path)))
            }
            throw Abort(.unauthorized, reason: "Your session has ended. Sign in again.")
        }
        return try await next.respond(to: request)
    }
}

/// The API needs a bearer token (a browser session does not count: the API has no CSRF protection).
struct APITokenGuard: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let viewer = request.optionalViewer, viewer.csrfToken == nil else {
            throw Abort(
                .unauthorized, headers: ["WWW-Authenticate": "Bearer"],
                reason: "Send an API token as 'Authorization: Bearer TOKEN' (create one with 'trellis token create').")
        }
        return try await next.respond(to: request)
    }
}

/// Lets only the named roles through; everyone else gets 403.
struct RoleGuard: AsyncMiddleware {
    let allowed: Set<Role>

    init(_ allowed: Role...) {
        self.allowed = Set(allowed)
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard allowed.contains(try request.viewer.role) else {
            throw Abort(.forbidden, reason: "Your role does not give access to this.")
        }
        return try await next.respond(to: request)
    }
}

extension Request {
    /// The CSRF token that forms on this page must carry: the session's when signed in, otherwise the
    /// anonymous cookie's (set by `ensureAnonymousCSRF`).
    var csrfToken: String? {
        optionalViewer?.csrfToken ?? cookies[CookieName.anonymousCSRF]?.string
    }
}
