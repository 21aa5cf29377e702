import Foundation

/// CSV as Trellis writes it for people and for spreadsheets.
public enum CSVText {
    /// RFC 4180: CRLF line ends, a header row, and a field quoted when it holds a comma, a quote
    /// or a line break, quotes doubled.
    public static func document(header: [String], rows: [[String]]) -> String {
        ([header] + rows).map { $0.map(field).joined(separator: ",") + "\r\n" }.joined()
    }

    /// One field. A spreadsheet runs a cell that starts with = + - @ (or a tab or carriage return) as a
    /// formula; a leading apostrophe makes it show as the text someone typed.
    public static func field(_ text: String) -> String {
        var field = text
        if let first = field.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) {
            field = "'" + field
        }
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return field }
        return "\"" + field.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
    }

    /// A document whose rows mix text (quoted and guarded as `field` does) with numbers, written as
    /// they are so a spreadsheet reads them as numbers (a negative figure is not a formula).
    public static func document(header: [String], cells: [[Cell]]) -> String {
        ([header.map(field)] + cells.map { $0.map(\.written) }).map { $0.joined(separator: ",") + "\r\n" }.joined()
    }

    public enum Cell: Sendable, Equatable {
        case text(String)
        case integer(Int)
        /// Four decimals; empty when there is no figure.
        case figure(Double?)
        case flag(Bool)

        var written: String {
            switch self {
            case .text(let text): CSVText.field(text)
            case .integer(let value): String(value)
            case .figure(let value): value.map { FixedDecimal.text($0, places: 4) } ?? ""
            case .flag(let value): value ? "true" : "false"
            }
        }
    }
}
