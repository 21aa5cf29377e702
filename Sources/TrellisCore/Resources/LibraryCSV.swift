import Foundation

/// A district's resource library as a CSV file, to load many resources at once and to take them
/// elsewhere. Parsing is all or nothing, with every problem listed, like the roster import.
public enum LibraryCSV {
    public static let header = [
        "title", "kind", "url", "summary", "minutes", "buckets", "challenges", "traits", "keywords",
    ]
    static let requiredColumns = ["title", "kind"]

    public struct Row: Sendable, Equatable {
        /// The physical line the record starts on.
        public var line: Int
        public var title: String
        public var kind: ResourceKind
        public var url: String?
        public var summary: String
        public var minutes: Int?
        public var buckets: [RootCauseBucket]
        /// Challenge keys.
        public var challenges: [String]
        /// Trait names as the district spells them.
        public var traits: [String]
        public var keywords: [String]

        public init(
            line: Int, title: String, kind: ResourceKind, url: String?, summary: String, minutes: Int?,
            buckets: [RootCauseBucket], challenges: [String], traits: [String], keywords: [String]
        ) {
            self.line = line
            self.title = title
            self.kind = kind
            self.url = url
            self.summary = summary
            self.minutes = minutes
            self.buckets = buckets
            self.challenges = challenges
            self.traits = traits
            self.keywords = keywords
        }
    }

    /// - Parameters:
    ///   - challenges: the district's challenges, lowercased key and lowercased title both mapped to the key.
    ///   - traits: the district's trait names.
    public static func parse(
        _ text: String, file: String, challenges: [String: String], traits: [String]
    ) throws(RosterProblems) -> [Row] {
        let (table, csvProblems) = CSV.read(text, file: file)
        guard !table.header.isEmpty else {
            throw RosterProblems([
                RosterProblem(
                    file: file, line: 1, field: nil,
                    message: "no resources (the file is empty; expected the header \(header.joined(separator: ",")))")
            ])
        }
        var problems = csvProblems
        guard let columns = columns(of: table, into: &problems) else { throw RosterProblems(problems) }
        if table.records.isEmpty && problems.isEmpty {
            problems.append(
                RosterProblem(
                    file: file, line: 1, field: nil, message: "no resources (expected a row below the header)"))
        }

        let traitNames = Dictionary(traits.map { ($0.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
        var rows: [Row] = []
        var titleLines: [String: Int] = [:]
        for record in table.records {
            var reader = RecordReader(record: record, columns: columns, file: file)
            let title = reader.title()
            if !title.isEmpty {
                if let earlier = titleLines[title.lowercased()] {
                    reader.problem("title", "\"\(title)\" already appears on line \(earlier)")
                } else {
                    titleLines[title.lowercased()] = record.line
                }
            }
            let kind = reader.kind()
            let url = reader.url()
            let summary = reader.summary()
            let minutes = reader.minutes()
            let buckets = reader.values("buckets", lookup: bucket, expected: "is not a bucket (\(bucketNames))")
            let challengeKeys = reader.values(
                "challenges", lookup: { challenges[$0.lowercased()] },
                expected: "is not one of the district's challenges")
            let traitValues = reader.values(
                "traits", lookup: { traitNames[$0.lowercased()] }, expected: "is not one of the district's traits")
            let keywords = ResourceRules.keywords(from: reader["keywords"])
            problems += reader.problems
            if let kind, reader.problems.isEmpty {
                rows.append(
                    Row(
                        line: record.line, title: title, kind: kind, url: url, summary: summary, minutes: minutes,
                        buckets: buckets, challenges: challengeKeys, traits: traitValues, keywords: keywords))
            }
        }
        guard problems.isEmpty else { throw RosterProblems(problems) }
        return rows
    }

    /// The rows as a file `parse` reads back. Challenges are written by key, and only those still in
    /// `challengeTitles` (the district's challenges by key), so the file imports into the same district.
    public static func document(_ rows: [Row], challengeTitles: [String: String]) -> String {
        CSVText.document(
            header: header,
            rows: rows.map { row in
                [
                    row.title, row.kind.rawValue, row.url ?? "", row.summary, row.minutes.map(String.init) ?? "",
                    row.buckets.map(\.rawValue).joined(separator: ";"),
                    row.challenges.filter { challengeTitles[$0] != nil }.joined(separator: ";"),
                    row.traits.joined(separator: ";"), row.keywords.joined(separator: ";"),
                ]
            })
    }

    static let bucketNames = RootCauseBucket.fourBuckets.map(\.rawValue).joined(separator: ", ")
    static let kindNames = ResourceKind.allCases.map(\.rawValue).joined(separator: ", ")

    private static func bucket(_ name: String) -> RootCauseBucket? {
        RootCauseBucket.fourBuckets.first { $0.rawValue == name.lowercased() }
    }

    /// Each known column's position, found in any letter case; nil when a required column is missing.
    private static func columns(of table: CSVTable, into problems: inout [RosterProblem]) -> [String: Int]? {
        var columns: [String: Int] = [:]
        for (position, name) in table.header.enumerated() {
            let column = name.lowercased()
            if !header.contains(column) {
                problems.append(
                    RosterProblem(
                        file: table.file, line: 1, field: name,
                        message: "is not a column (expected columns among \(header.joined(separator: ",")))"))
            } else if columns[column] != nil {
                problems.append(RosterProblem(file: table.file, line: 1, field: name, message: "appears twice"))
            } else {
                columns[column] = position
            }
        }
        let missing = requiredColumns.filter { columns[$0] == nil }
        guard missing.isEmpty else {
            problems.append(
                RosterProblem(
                    file: table.file, line: 1, field: nil,
                    message:
                        "missing column\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", ")) (every resource needs a title and a kind)"
                ))
            return nil
        }
        return columns
    }
}

/// One record read cell by cell, gathering its problems.
private struct RecordReader {
    let record: CSVRecord
    let columns: [String: Int]
    let file: String
    private(set) var problems: [RosterProblem] = []

    init(record: CSVRecord, columns: [String: Int], file: String) {
        self.record = record
        self.columns = columns
        self.file = file
    }

    /// The cell trimmed, empty when the column is absent. `CSVText` puts an apostrophe before a
    /// cell that a spreadsheet would run as a formula; it is taken off so a file reads back as written.
    subscript(_ column: String) -> String {
        guard let position = columns[column] else { return "" }
        var cell = Substring(record.fields[position])
        if cell.first == "'", let next = cell.dropFirst().unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(next)
        {
            cell = cell.dropFirst()
        }
        return cell.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    mutating func problem(_ column: String, _ message: String) {
        problems.append(RosterProblem(file: file, line: record.line, field: column, message: message))
    }

    mutating func title() -> String {
        let title = self["title"]
        if title.isEmpty {
            problem("title", "is empty (every resource needs a title)")
        } else if title.count > ResourceRules.titleLimit {
            problem("title", "is \(title.count) characters long (at most \(ResourceRules.titleLimit))")
        }
        return title
    }

    mutating func kind() -> ResourceKind? {
        let text = self["kind"]
        if let kind = ResourceKind(text: text) { return kind }
        problem(
            "kind",
            text.isEmpty
                ? "is empty (expected one of \(LibraryCSV.kindNames))"
                : "\"\(text)\" is not a kind (\(LibraryCSV.kindNames))")
        return nil
    }

    mutating func url() -> String? {
        let text = self["url"]
        guard !text.isEmpty else { return nil }
        if let message = ResourceRules.linkProblem(text) { problem("url", message) }
        return text
    }

    mutating func summary() -> String {
        let summary = self["summary"]
        if summary.count > ResourceRules.summaryLimit {
            problem("summary", "is \(summary.count) characters long (at most \(ResourceRules.summaryLimit))")
        }
        return summary
    }

    mutating func minutes() -> Int? {
        let text = self["minutes"]
        if let message = ResourceRules.minutesProblem(text) { problem("minutes", message) }
        return ResourceRules.minutes(from: text)
    }

    /// The `;`-separated values of a cell, each looked up; repeats are kept once.
    mutating func values<Value: Equatable>(
        _ column: String, lookup: (String) -> Value?, expected: String
    ) -> [Value] {
        var values: [Value] = []
        for piece in self[column].split(separator: ";") {
            let name = piece.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !name.isEmpty else { continue }
            guard let value = lookup(name) else {
                problem(column, "\"\(name)\" \(expected)")
                continue
            }
            if !values.contains(value) { values.append(value) }
        }
        return values
    }
}
