import Foundation

/// The options of `trellis form`.
public struct FormationOptions: Sendable {
    /// `--min`, `--max`: community sizes, both included.
    public var smallest: Int
    public var largest: Int
    /// `--communities`: exactly this many; nil lets the engine choose.
    public var communityCount: Int?
    public var seed: UInt64

    public init(
        smallest: Int = FormationRequest.defaultSizes.lowerBound,
        largest: Int = FormationRequest.defaultSizes.upperBound,
        communityCount: Int? = nil, seed: UInt64 = 0
    ) {
        self.smallest = smallest
        self.largest = largest
        self.communityCount = communityCount
        self.seed = seed
    }
}

/// `trellis form --input LEADERS.csv [--apart APART.csv] [--min N] [--max N] [--communities K]
/// --json`, minus the argument parsing and the file reading: the files' text in, the JSON (or
/// every problem at once) out.
///
/// LEADERS.csv has the columns `id,name,school,years,choice1,choice2,choice3` (in any order, any
/// letter case, extra columns ignored); `years` is a whole number of years in the role, choices
/// are challenge keys and may be empty; an empty school is an unknown one. APART.csv has the
/// columns `a,b`: ids of two leaders to keep apart.
public enum FormationCSV {
    public static let leaderColumns = ["id", "name", "school", "years", "choice1", "choice2", "choice3"]
    public static let apartColumns = ["a", "b"]

    /// `{"communities":[{"focus":"key","members":["id",...]}],"score":{"total":T,"preference":P,
    /// "mix":M,"sameSchoolPairs":S}}`.
    public static func json(
        leaders: String, apart: String? = nil, options: FormationOptions = FormationOptions(),
        leadersFile: String = "leaders.csv", apartFile: String = "apart.csv"
    ) throws(FormationProblems) -> String {
        let request = try request(
            leaders: leaders, apart: apart, options: options, leadersFile: leadersFile, apartFile: apartFile)
        return encode(try Formation.formCommunities(request))
    }

    /// The request the files describe, or every problem in them and in the options.
    public static func request(
        leaders: String, apart: String? = nil, options: FormationOptions = FormationOptions(),
        leadersFile: String = "leaders.csv", apartFile: String = "apart.csv"
    ) throws(FormationProblems) -> FormationRequest {
        var problems: [FormationProblem] = []
        var lines: [String: Int] = [:]
        var formationLeaders: [FormationLeader] = []

        var fileProblems: [FormationProblem] = []
        if let table = read(leaders, file: leadersFile, columns: leaderColumns, into: &fileProblems) {
            for record in table.records {
                let row = Row(record: record, columns: table.columns, file: leadersFile)
                let id = row["id"]
                if id.isEmpty {
                    fileProblems.append(row.problem("id", "is empty (every leader needs an id)"))
                } else if let first = lines[id] {
                    fileProblems.append(row.problem("id", "\"\(id)\" already appears on line \(first)"))
                } else {
                    lines[id] = record.line
                }
                let yearsText = row["years"]
                var years = 0
                if yearsText.isEmpty {
                    fileProblems.append(row.problem("years", "is empty (expected a whole number of years)"))
                } else if let value = Int(yearsText) {
                    if value < 0 {
                        fileProblems.append(row.problem("years", "\"\(yearsText)\" is negative (expected 0 or more)"))
                    }
                    years = value
                } else {
                    fileProblems.append(row.problem("years", "\"\(yearsText)\" is not a whole number"))
                }
                let choices = ["choice1", "choice2", "choice3"].map { row[$0] }
                for rank in 1..<3 where !choices[rank].isEmpty {
                    if let earlier = choices[..<rank].firstIndex(of: choices[rank]) {
                        fileProblems.append(
                            row.problem("choice\(rank + 1)", "\"\(choices[rank])\" repeats choice\(earlier + 1)"))
                    }
                }
                formationLeaders.append(
                    FormationLeader(
                        id: id, name: row["name"], school: row["school"], yearsInRole: years, choices: choices))
            }
            if table.records.isEmpty && fileProblems.isEmpty {
                fileProblems.append(FormationProblem(file: leadersFile, message: "has no leaders"))
            }
        }
        problems += inLineOrder(fileProblems)

        var pairs: [KeptApartPair] = []
        fileProblems = []
        if let apart, let table = read(apart, file: apartFile, columns: apartColumns, into: &fileProblems) {
            for record in table.records {
                let row = Row(record: record, columns: table.columns, file: apartFile)
                var known = true
                for column in apartColumns {
                    let id = row[column]
                    if id.isEmpty {
                        fileProblems.append(row.problem(column, "is empty (expected a leader's id)"))
                        known = false
                    } else if lines[id] == nil {
                        fileProblems.append(row.problem(column, "\"\(id)\" is not an id in \(leadersFile)"))
                        known = false
                    }
                }
                if known && row["a"] == row["b"] {
                    fileProblems.append(row.problem(nil, "\"\(row["a"])\" is paired with themself"))
                } else if known {
                    pairs.append(KeptApartPair(row["a"], row["b"]))
                }
            }
        }
        problems += inLineOrder(fileProblems)

        problems += Formation.sizeProblems(
            leaderCount: lines.count, smallest: options.smallest, largest: options.largest,
            count: options.communityCount)
        guard problems.isEmpty else { throw FormationProblems(problems) }
        return FormationRequest(
            leaders: formationLeaders, keptApart: pairs, sizes: options.smallest...options.largest,
            communityCount: options.communityCount, seed: options.seed)
    }

    /// Sorted by line; problems on one line keep the order they were found in.
    private static func inLineOrder(_ problems: [FormationProblem]) -> [FormationProblem] {
        problems.enumerated().sorted { ($0.element.line ?? 0, $0.offset) < ($1.element.line ?? 0, $1.offset) }
            .map(\.element)
    }

    public static func encode(_ proposal: FormationProposal) -> String {
        var json = #"{"communities":["#
        json += proposal.communities.map { community in
            #"{"focus":"# + TrustResultsJSON.string(community.focus) + #","members":["#
                + community.members.map(TrustResultsJSON.string).joined(separator: ",") + "]}"
        }.joined(separator: ",")
        let score = proposal.score
        json += #"],"score":{"total":\#(score.total),"preference":\#(score.preference),"#
        json += #""mix":\#(score.mix),"sameSchoolPairs":\#(score.sameSchoolPairs)}}"#
        return json
    }

    /// The table with each needed column's position, or nil (with problems) when the file cannot
    /// be read or lacks a column. Problems come in line order.
    private static func read(
        _ text: String, file: String, columns: [String], into problems: inout [FormationProblem]
    ) -> (records: [CSVRecord], columns: [String: Int])? {
        let (table, csvProblems) = CSV.read(text, file: file)
        problems += csvProblems.map {
            FormationProblem(file: $0.file, line: $0.line, field: $0.field, message: $0.message)
        }
        guard !table.header.isEmpty else { return nil }
        var positions: [String: Int] = [:]
        for column in columns {
            if let position = table.header.firstIndex(where: { $0.lowercased() == column }) {
                positions[column] = position
            }
        }
        let missing = columns.filter { positions[$0] == nil }
        guard missing.isEmpty else {
            problems.append(
                FormationProblem(
                    file: file, line: 1,
                    message:
                        "missing column\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", ")) (expected the header \(columns.joined(separator: ",")))"
                ))
            return nil
        }
        return (table.records, positions)
    }
}

/// One record, read by column name, fields trimmed of surrounding spaces.
private struct Row {
    let record: CSVRecord
    let columns: [String: Int]
    let file: String

    subscript(_ column: String) -> String {
        record.fields[columns[column]!].trimmingCharacters(in: .whitespaces)
    }

    func problem(_ field: String?, _ message: String) -> FormationProblem {
        FormationProblem(file: file, line: record.line, field: field, message: message)
    }
}
