import Foundation

/// The limits a library resource is held to, shared by the form, the API and the CSV import so a
/// resource that one accepts the others accept too.
public enum ResourceRules {
    public static let titleLimit = 200
    public static let summaryLimit = 20_000
    public static let minutesRange = 1...600
    public static let linkLimit = 2000
    public static let keywordLimit = 40
    public static let keywordCount = 20

    /// What is wrong with a link, or nil when it is fine. Only web links are allowed: anything else
    /// (`javascript:`, `file:`) would run or open something on the reader's machine.
    public static func linkProblem(_ text: String) -> String? {
        guard text.count <= linkLimit else { return "a link can be at most \(linkLimit) characters long" }
        if text.unicodeScalars.contains(where: {
            $0.properties.isWhitespace || $0.properties.generalCategory == .control
        }) {
            return "a link cannot contain spaces or control characters"
        }
        let lowercased = text.lowercased()
        guard lowercased.hasPrefix("http://") || lowercased.hasPrefix("https://") else {
            return "a link must start with http:// or https://"
        }
        guard let host = URLComponents(string: text)?.host, !host.isEmpty else {
            return "a link must name a website after http:// or https://"
        }
        return nil
    }

    /// The keywords someone typed, separated by commas or semicolons: lowercased, each cut to
    /// `keywordLimit` characters, without repeats, at most `keywordCount`.
    public static func keywords(from text: String) -> [String] {
        var seen: Set<String> = []
        var keywords: [String] = []
        for piece in text.split(whereSeparator: { $0 == "," || $0 == ";" }) {
            let keyword = String(
                piece.trimmingCharacters(in: .whitespacesAndNewlines).lowercased().prefix(keywordLimit)
            )
            .trimmingCharacters(in: .whitespacesAndNewlines)
            guard !keyword.isEmpty, seen.insert(keyword).inserted else { continue }
            keywords.append(keyword)
            if keywords.count == keywordCount { break }
        }
        return keywords
    }

    /// What is wrong with the minutes a resource takes, or nil when fine; empty means not known.
    public static func minutesProblem(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return nil }
        guard let minutes = Int(trimmed) else { return "\"\(trimmed)\" is not a whole number of minutes" }
        guard minutesRange.contains(minutes) else {
            return
                "\(minutes) minutes is out of range (expected \(minutesRange.lowerBound) to \(minutesRange.upperBound))"
        }
        return nil
    }

    /// The minutes typed, or nil when empty or not allowed (`minutesProblem` says why).
    public static func minutes(from text: String) -> Int? {
        guard minutesProblem(text) == nil else { return nil }
        return Int(text.trimmingCharacters(in: .whitespaces))
    }
}
