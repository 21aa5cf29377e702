import Foundation

/// What a library resource is, so a leader can tell at a glance whether it is something to read,
/// watch, listen to or use in a meeting.
public enum ResourceKind: String, CaseIterable, Codable, Sendable {
    case reading, video, podcast, `protocol`, tool, example

    public var title: String {
        switch self {
        case .reading: "Reading"
        case .video: "Video"
        case .podcast: "Podcast"
        case .protocol: "Protocol"
        case .tool: "Tool"
        case .example: "Example from a school"
        }
    }

    /// The kind a person typed in a form or a CSV cell: its raw value or its title, in any letter case.
    public init?(text: String) {
        let typed = text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        guard let kind = Self.allCases.first(where: { $0.rawValue == typed || $0.title.lowercased() == typed })
        else { return nil }
        self = kind
    }
}
