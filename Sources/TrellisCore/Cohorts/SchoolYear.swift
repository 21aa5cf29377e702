import Foundation

/// A school year written the way districts write it: "2026-27" (the autumn's year, then the next year's last two digits).
public struct SchoolYear: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let startYear: Int

    public init(startYear: Int) {
        self.startYear = startYear
    }

    /// Accepts "2026-27" and "2026-2027"; anything else is nil.
    public init?(_ text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, let start = Int(parts[0]), (1900...2999).contains(start),
            parts[1].allSatisfy(\.isNumber)
        else { return nil }
        let end = String(parts[1])
        switch end.count {
        case 2 where Int(end) == (start + 1) % 100: break
        case 4 where Int(end) == start + 1: break
        default: return nil
        }
        self.startYear = start
    }

    public var description: String {
        let end = (startYear + 1) % 100
        return "\(startYear)-\(end < 10 ? "0" : "")\(end)"
    }

    public static func < (lhs: SchoolYear, rhs: SchoolYear) -> Bool { lhs.startYear < rhs.startYear }

    public static let expectedFormat = "a school year such as 2026-27"
}
