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
}
