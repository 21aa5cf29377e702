import Foundation
import Vapor

/// Every state-changing browser request must carry the form's `csrf` field, equal to the session's token
/// (or, before sign-in, the `trellis_csrf` cookie's). The API is exempt: it takes bearer tokens only,
/// which a browser never sends on its own.
struct CSRFMiddleware: AsyncMiddleware {
    static let fieldName = "csrf"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        // An unsubscribe link's secret is in its address, and mail programs post to it without a form
        // (RFC 8058's one-click), like the API's bearer token.
        guard [.POST, .PUT, .PATCH, .DELETE].contains(request.method), !request.url.path.hasPrefix("/api/"),
            !request.url.path.hasPrefix("/unsubscribe/"),
            request.application.routeMethods?.allowed(for: request.url.path).contains(request.method) ?? true
        else {
            // The API takes no cookies; a method no route takes gets its 404 or 405 from the router.
            return try await next.respond(to: request)
        }
        let limit = BodyLimit.form(path: request.url.path)
        _ = try await request.body.collect(max: limit).get()
        let sent = try? request.content.get(String.self, at: Self.fieldName)
        guard let expected = request.csrfToken, let sent, Secrets.constantTimeEquals(sent, expected) else {
            throw Abort(
                .forbidden, reason: "This form was out of date, so nothing was saved. Reload the page and try again.")
        }
        return try await next.respond(to: request)
    }

    /// The token for an anonymous page's form, reusing the visitor's cookie when there is one.
    static func anonymousToken(for request: Request) -> (token: String, isNew: Bool) {
        if let existing = request.cookies[CookieName.anonymousCSRF]?.string, existing.count >= 32 {
            return (existing, false)
        }
        return (Secrets.newToken(), true)
    }

    static func cookie(_ token: String, secure: Bool) -> HTTPCookies.Value {
        HTTPCookies.Value(
            string: token, maxAge: 2 * 60 * 60, path: "/", isSecure: secure, isHTTPOnly: true, sameSite: .strict)
    }
}
