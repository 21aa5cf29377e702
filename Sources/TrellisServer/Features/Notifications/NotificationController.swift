import Fluent
import Foundation
import TrellisCore
import Vapor

/// A leader's list of what is new for them. Opening it marks everything in it as read.
enum NotificationController {
    static func register(_ routes: RouteGroups) {
        let pages = routes.pages
        pages.grouped(RoleGuard(.leader)).get(SiteURL.whatsNew.pathComponents, use: list)
    }

    @Sendable static func list(_ request: Request) async throws -> Response {
        let viewer = try request.viewer
        let now = request.now
        let seen = try await NotificationService.seenAt(viewer.userID, on: request.db) ?? .distantPast
        let zone =
            try await viewer.districtID.asyncMap { try await District.zone(of: $0, on: request.db) }
            ?? TimeZone(identifier: "UTC")!
        let items = try await NotificationService.items(for: viewer.userID, now: now, on: request.db)
        try await NotificationService.markSeen(viewer.userID, now: now, on: request.db)
        // The header of this very page shows what was unread when it opened; from now on, nothing.
        request.storage[UnreadCountKey.self] = 0
        let model = WhatIsNewPage.Model(
            items: items.map { item in
                .init(
                    text: item.text, link: item.link, isNew: item.at > seen,
                    when: CalendarDay(item.at, timeZone: zone).readable)
            })
        return WhatIsNewPage.view(model, context: PageContext(request)).response()
    }
}

extension Optional {
    fileprivate func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
