import Foundation

/// One row of a CSV file, with the line it starts on so problems can point at it even when an
/// earlier field spans several lines.
public struct CSVRecord: Sendable {
    public let line: Int
    public let fields: [String]
}

/// A parsed CSV file: its header and the records that have as many fields as the header.
public struct CSVTable: Sendable {
    public let file: String
    /// Column names, trimmed of surrounding spaces.
    public let header: [String]
    public let records: [CSVRecord]

    /// The index of the column named `name`, compared exactly after trimming spaces.
    public func column(_ name: String) -> Int? {
        header.firstIndex(of: name.trimmingCharacters(in: .whitespaces))
    }
}

/// RFC 4180 CSV, as exported by student information systems and spreadsheets: quoted fields with
/// `""` escapes, commas and newlines inside quotes, CRLF or LF line ends, an optional UTF-8 byte
/// order mark, an optional final newline. Blank lines (and lines of only commas, which spreadsheets
/// leave behind) are ignored.
public enum CSV {
    public static func parse(_ text: String, file: String) throws(RosterProblems) -> CSVTable {
        let (table, problems) = read(text, file: file)
        guard problems.isEmpty else { throw RosterProblems(problems) }
        return table
    }

    /// Reads as much as it can and returns the problems beside the table, so the OneRoster checks
    /// can still report problems on the records that did parse.
    static func read(_ text: String, file: String) -> (table: CSVTable, problems: [RosterProblem]) {
        var scanner = Scanner(bytes: Array(text.utf8), file: file)
        var header: CSVRecord?
        var records: [CSVRecord] = []
        while let record = scanner.nextRecord() {
            if record.fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) && !record.hasQuotes {
                continue
            }
            guard let header else {
                header = CSVRecord(
                    line: record.line, fields: record.fields.map { $0.trimmingCharacters(in: .whitespaces) })
                continue
            }
            guard record.fields.count == header.fields.count else {
                scanner.problems.append(
                    RosterProblem(
                        file: file,
                        line: record.line,
                        field: nil,
                        message: "expected \(header.fields.count) fields, found \(record.fields.count)"
                    )
                )
                continue
            }
            if !record.isMalformed {
                records.append(CSVRecord(line: record.line, fields: record.fields))
            }
        }
        if header == nil && scanner.problems.isEmpty {
            scanner.problems.append(
                RosterProblem(
                    file: file, line: 1, field: nil, message: "file is empty (expected a header row)")
            )
        }
        return (CSVTable(file: file, header: header?.fields ?? [], records: records), scanner.problems)
    }
}

/// Splits UTF-8 bytes into records; every delimiter is ASCII, so bytes are enough and fast.
private struct Scanner {
    struct RawRecord {
        var line: Int
        var fields: [String] = []
        var hasQuotes = false
        var isMalformed = false
    }

    private static let quote = UInt8(ascii: "\"")
    private static let comma = UInt8(ascii: ",")
    private static let lineFeed = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")
    private static let space = UInt8(ascii: " ")
    private static let tab = UInt8(ascii: "\t")

    let bytes: [UInt8]
    let file: String
    var problems: [RosterProblem] = []
    private var index: Int
    private var line = 1

    init(bytes: [UInt8], file: String) {
        self.bytes = bytes
        self.file = file
        self.index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    }

    /// The next record, or nil at the end of the text or after an unterminated quote (which
    /// swallows the rest of the file, so nothing after it can be trusted).
    mutating func nextRecord() -> RawRecord? {
        guard index < bytes.count else { return nil }
        var record = RawRecord(line: line)
        while true {
            if peek() == Self.quote {
                record.hasQuotes = true
                guard let field = readQuotedField() else { return nil }
                record.fields.append(field)
                if !atFieldEnd() {
                    record.isMalformed = true
                    problems.append(
                        RosterProblem(
                            file: file,
                            line: line,
                            field: nil,
                            message:
                                "unexpected text after a closing quote (expected a comma or the end of the line; write \"\" for a quote inside a quoted field)"
                        )
                    )
                    _ = readUnquotedField()
                }
            } else {
                record.fields.append(readUnquotedField())
            }
            if peek() == Self.comma {
                index += 1
                continue
            }
            consumeLineEnd()
            return record
        }
    }

    private func peek() -> UInt8? {
        index < bytes.count ? bytes[index] : nil
    }

    private mutating func readUnquotedField() -> String {
        let start = index
        while let byte = peek(), byte != Self.comma, byte != Self.lineFeed, byte != Self.carriageReturn {
            index += 1
        }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    /// Reads from the opening quote through the closing one; nil (with a problem at the line where
    /// the field began) when the quote is never closed.
    private mutating func readQuotedField() -> String? {
        let startLine = line
        var field: [UInt8] = []
        index += 1
        while let byte = peek() {
            index += 1
            if byte == Self.quote {
                guard peek() == Self.quote else {
                    return String(decoding: field, as: UTF8.self)
                }
                index += 1
            } else if byte == Self.lineFeed || (byte == Self.carriageReturn && peek() != Self.lineFeed) {
                line += 1
            }
            field.append(byte)
        }
        problems.append(
            RosterProblem(
                file: file,
                line: startLine,
                field: nil,
                message: "unterminated quoted field (expected a closing \")"
            )
        )
        return nil
    }

    /// Skips spaces after a closing quote and says whether the field really ends there.
    private mutating func atFieldEnd() -> Bool {
        while peek() == Self.space || peek() == Self.tab {
            index += 1
        }
        guard let byte = peek() else { return true }
        return byte == Self.comma || byte == Self.lineFeed || byte == Self.carriageReturn
    }

    private mutating func consumeLineEnd() {
        guard let byte = peek() else { return }
        index += 1
        if byte == Self.carriageReturn && peek() == Self.lineFeed {
            index += 1
        }
        line += 1
    }
}
