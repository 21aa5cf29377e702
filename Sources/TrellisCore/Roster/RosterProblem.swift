/// One problem with an input file, printed as `file:line: field: message` (or `file:line: message`
/// when it concerns a whole row), so a district admin can open the file and fix that exact cell.
public struct RosterProblem: Error, Sendable, Hashable, CustomStringConvertible {
    public let file: String
    /// The 1-based physical line where the record starts; the header is line 1.
    public let line: Int
    /// The column name as written in the header, or nil when the problem is the whole row.
    public let field: String?
    /// What is wrong and what was expected.
    public let message: String

    public init(file: String, line: Int, field: String?, message: String) {
        self.file = file
        self.line = line
        self.field = field
        self.message = message
    }

    public var description: String {
        if let field {
            return "\(file):\(line): \(field): \(message)"
        }
        return "\(file):\(line): \(message)"
    }
}

/// Every problem found in an import, thrown together so the district can fix all of them in one
/// pass instead of uploading again after each one.
public struct RosterProblems: Error, Sendable, CustomStringConvertible {
    /// How many problems are listed; a file with thousands of bad rows usually has one mistake
    /// repeated, and a page listing every row would run to tens of megabytes.
    public static let listedLimit = 200

    /// The first `listedLimit` problems, sorted by file (orgs.csv, users.csv, academicSessions.csv,
    /// then any other by name), then line; problems on the same line keep the order they were found in.
    public let problems: [RosterProblem]
    /// Every problem found, listed or not.
    public let total: Int

    public var unlisted: Int { total - problems.count }

    /// - Parameter total: every problem found, when only some were kept (at least `problems.count`).
    public init(_ problems: [RosterProblem], total: Int? = nil) {
        self.total = max(total ?? problems.count, problems.count)
        self.problems = problems.enumerated()
            .sorted { a, b in
                let (fileA, fileB) = (Self.fileRank(a.element.file), Self.fileRank(b.element.file))
                if fileA != fileB { return fileA < fileB }
                if a.element.file != b.element.file { return a.element.file < b.element.file }
                if a.element.line != b.element.line { return a.element.line < b.element.line }
                return a.offset < b.offset
            }
            .prefix(Self.listedLimit)
            .map(\.element)
    }

    public var description: String {
        let listed = problems.map(\.description)
        let rest = unlisted > 0 ? ["… and \(unlisted) more \(unlisted == 1 ? "problem" : "problems") not listed"] : []
        return (listed + rest).joined(separator: "\n")
    }

    private static func fileRank(_ file: String) -> Int {
        switch file {
        case OneRoster.orgsFile: 0
        case OneRoster.usersFile: 1
        case OneRoster.academicSessionsFile: 2
        default: 3
        }
    }
}
