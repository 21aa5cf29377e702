import Vapor

/// The three ways into Trellis. Every controller registers its routes the same way,
/// `static func register(_ routes: RouteGroups)`, putting each route behind the door it belongs to.
struct RouteGroups {
    /// No sign-in: health checks, static files, sign-in, password reset, and calendar feeds (whose
    /// secret address is the key).
    let open: any RoutesBuilder
    /// Pages for a signed-in person: the session cookie, and CSRF on every form (see `configure`).
    let pages: any RoutesBuilder
    /// The JSON API under `/api/v1`, for a bearer token.
    let api: any RoutesBuilder

    init(_ app: Application) {
        open = app
        pages = app.grouped(SignedInPageGuard(), WhatIsNewMiddleware())
        api = app.grouped(APITokenGuard())
    }
}
