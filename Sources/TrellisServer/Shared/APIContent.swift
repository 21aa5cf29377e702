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

extension Response {
    /// `201 Created` with `body` as JSON, and `Location` when what was made has its own address.
    static func created(_ body: some Encodable, at location: SiteURL? = nil) throws -> Response {
        let response = Response(status: .created)
        try response.content.encode(body, as: .json)
        if let location { response.headers.replaceOrAdd(name: .location, value: location.relativeURL) }
        return response
    }
}
