import Foundation
import TrellisCore
import Vapor

/// One line per request: method, the route's pattern (never the raw path, which can hold tokens),
/// status and time. Bodies, query strings and cookies are never logged. The time also goes back in a
/// `Server-Timing` header (browsers' developer tools show it; bench/scale.sh reads it).
struct RequestLoggingMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next.respond(to: request)
        let elapsed = ContinuousClock.now - start
        let milliseconds = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
        let route = request.route.map { "/" + $0.path.map(\.description).joined(separator: "/") } ?? "(no route)"
        request.logger.info(
            "\(request.method) \(route) \(response.status.code)",
            metadata: ["ms": "\(FixedDecimal.text(milliseconds, places: 1))"])
        response.headers.replaceOrAdd(name: "X-Request-Id", value: request.id)
        response.headers.replaceOrAdd(
            name: "Server-Timing", value: "app;dur=\(FixedDecimal.text(milliseconds, places: 2))")
        return response
    }
}

/// Headers that keep pages from being framed, sniffed or loading anything from another host.
struct SecurityHeadersMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        // A page may widen form-action to one other origin (the sign-in page, to the district's provider).
        if !response.headers.contains(name: "Content-Security-Policy") {
            response.headers.replaceOrAdd(name: "Content-Security-Policy", value: Self.policy())
        }
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        response.headers.replaceOrAdd(name: "Referrer-Policy", value: "same-origin")
        response.headers.replaceOrAdd(name: "X-Frame-Options", value: "DENY")
        if !StaticAsset.isCacheable(path: request.url.path) {
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        }
        return response
    }

    /// The pages' policy; `formActionOrigin` (scheme, host and port only) is where a form may also lead,
    /// since browsers apply form-action to the redirect after a form is sent.
    static func policy(formActionOrigin: String? = nil) -> String {
        let formAction = ["'self'", formActionOrigin].compactMap { $0 }.joined(separator: " ")
        return
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action \(formAction); base-uri 'none'"
    }
}
