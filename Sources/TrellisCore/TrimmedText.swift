import Foundation

extension String {
    /// The text without the spaces and tabs (`CharacterSet.whitespaces`) around it. Text that starts and
    /// ends with a visible ASCII character, as stored values do, comes back as it is without Foundation's
    /// search; anything else is trimmed by Foundation.
    public var trimmedOfSpaces: String {
        if let first = utf8.first, let last = utf8.last, first > 0x20, first < 0x7F, last > 0x20, last < 0x7F {
            return self
        }
        return trimmingCharacters(in: .whitespaces)
    }
}
