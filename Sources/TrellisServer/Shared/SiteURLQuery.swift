import Foundation
import TrellisCore

extension SiteURL {
    /// One `name=value` of a link's query string. Pages read these back by the same names.
    enum Query: Sendable {
        /// What the last form did, for the page's notice.
        case done(Done)
        /// How many a `done` notice is about.
        case count(Int)
        /// How many an import updated, beside the `count` it added.
        case updated(Int)
        case role(Role)
        case format(ExportFormat)
        /// The meeting a series page says was just skipped.
        case skipped(CalendarDay)
        /// The step of a board's history to show.
        case at(Int)
        /// Where sign-in goes afterwards: a path of this site.
        case next(String)
        case token(String)

        private var name: String {
            switch self {
            case .done: "done"
            case .count: "count"
            case .updated: "updated"
            case .role: "role"
            case .format: "format"
            case .skipped: "skipped"
            case .at: "at"
            case .next: "next"
            case .token: "token"
            }
        }

        private var value: String {
            switch self {
            case .done(let done): done.rawValue
            case .count(let count), .updated(let count): String(count)
            case .role(let role): role.rawValue
            case .format(let format): format.rawValue
            case .skipped(let day): day.description
            case .at(let step): String(step)
            case .next(let path): path
            case .token(let token): token
            }
        }

        /// What a query value may hold unescaped: what a query allows, less what separates or ends one
        /// (`&`, `=`, `#`), `+` (read back as a space) and `?`.
        private static let allowed = CharacterSet.urlQueryAllowed.subtracting(CharacterSet(charactersIn: "&=+?#"))

        /// `?name=value&…`, or nothing for no query.
        fileprivate static func string(_ query: [Query]) -> String {
            let pairs = query.map { item in
                "\(item.name)=\(item.value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")"
            }
            return pairs.isEmpty ? "" : "?" + pairs.joined(separator: "&")
        }
    }

    /// What a form did, for the notice of the page it redirects to (`?done=…`).
    enum Done: String, Sendable {
        case created, added, removed, saved, archived, restored, opened, closed, answered
        case addedSchools = "added-schools"
        case password, reset
        case newAddress = "new-address"
        case signedOut = "signed-out"
        case note, agenda, attendance, changed, cancelled
        case checkedIn = "checked-in"
        case notHeld = "not-held"
        case kept, shared, edited, deleted, sent
        case drafted, voted, adopted
        case suggested, listed, retired, imported
        case committed, marked, captured, debriefed, swapped
        case asked
        case connected, disconnected
    }

    /// The path with values filled in and `query` after it, each value percent-encoded; then `#fragment`.
    func relativeURL(_ query: Query..., fragment: String? = nil) -> String {
        relativeURL + Query.string(query) + (fragment.map { "#\($0)" } ?? "")
    }

    /// The whole address, for a link that leaves the site: an email, a calendar app. `base` is the site's
    /// scheme and host, without a trailing slash.
    func absoluteURL(base: String, _ query: Query...) -> String {
        base + relativeURL + Query.string(query)
    }
}
