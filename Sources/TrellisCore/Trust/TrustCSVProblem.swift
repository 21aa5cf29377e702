/// One problem with a long-form trust CSV (or with the options it was analysed with), printed as
/// `line N: field: message` so an analyst can open the file at that cell.
public struct TrustCSVProblem: Error, Sendable, Hashable, CustomStringConvertible {
    /// The 1-based physical line where the record starts (the header is line 1 when the file does
    /// not open with blank lines); nil for a problem with an option rather than the file.
    public let line: Int?
    /// The column name as the header spells it, an option such as `--scale`, or nil when the whole
    /// row is at fault (a wrong number of fields, a broken quote).
    public let field: String?
    public let message: String

    public init(line: Int?, field: String?, message: String) {
        self.line = line
        self.field = field
        self.message = message
    }

    public var description: String {
        [line.map { "line \($0)" }, field, message].compactMap { $0 }.joined(separator: ": ")
    }
}

/// Every problem found in a file, in line order, thrown together so the analyst fixes them in one
/// pass. A file with a systematic mistake (say, the wrong `--scale`) can have a problem on every
/// row, so only the first `TrustCSVProblems.limit` are kept and the rest are counted.
public struct TrustCSVProblems: Error, Sendable, CustomStringConvertible {
    public static let limit = 1000

    public let problems: [TrustCSVProblem]
    /// Problems found beyond `limit`.
    public let omitted: Int

    public init(_ problems: [TrustCSVProblem], omitted: Int = 0) {
        self.problems = problems
        self.omitted = omitted
    }

    /// One problem per line, then `… and N more problems` when some were omitted.
    public var description: String {
        let lines = problems.map(\.description)
        guard omitted > 0 else { return lines.joined(separator: "\n") }
        return (lines + ["… and \(omitted) more problem\(omitted == 1 ? "" : "s")"]).joined(separator: "\n")
    }
}
