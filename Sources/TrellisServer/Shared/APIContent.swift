import Fluent
import Foundation
import TrellisCore
import Vapor

extension Request {
    /// API bodies are JSON; anything else is refused before it is read.
    func requireJSONBody() throws {
        guard headers.contentType == .json else {
            throw Abort(.unsupportedMediaType, reason: "Send JSON (Content-Type: application/json).")
        }
    }
}

/// Lists answer `{"items": [...]}` so that paging can be added beside `items` without breaking clients.
struct ItemList<Item: Content>: Content {
    var items: [Item]
}
