import Foundation

/// One count of a district's outcomes: of the students of one school, year and subgroup who were
/// tested on a measure, how many met it. Never a student: only counts are read or kept.
public struct OutcomeCount: Sendable, Hashable {
    /// The physical line of the file it came from (0 when it did not come from a file).
    public var line: Int
    /// The school as the caller resolved it: an id, or the name as written.
    public var school: String
    public var year: SchoolYear
    public var subgroup: Subgroup
    public var measure: String
    public var tested: Int
    public var met: Int

    public init(
        line: Int = 0, school: String, year: SchoolYear, subgroup: Subgroup, measure: String, tested: Int, met: Int
    ) {
        self.line = line
        self.school = school
        self.year = year
        self.subgroup = subgroup
        self.measure = measure
        self.tested = tested
        self.met = met
    }
}

/// `All students`, or a subgroup; a name written `family: name` belongs to a family, whose subgroups
/// are taken to partition all students (each student in exactly one).
public struct Subgroup: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let name: String

    public init(_ name: String) {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        self.name = trimmed.lowercased() == "all students" ? Self.allName : trimmed
    }

    public static let allName = "All students"
    public static let all = Subgroup(allName)

    public var isAll: Bool { name == Self.allName }

    /// "race" for "race: African American"; nil for a subgroup without a family.
    public var family: String? {
        guard !isAll, let colon = name.firstIndex(of: ":") else { return nil }
        let family = name[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
        return family.isEmpty ? nil : family
    }

    public var description: String { name }

    /// All students first, then by name.
    public static func < (a: Subgroup, b: Subgroup) -> Bool { (a.isAll ? 0 : 1, a.name) < (b.isAll ? 0 : 1, b.name) }
}

/// A district's outcomes as a CSV file, `school,year,subgroup,measure,tested,met` in any order. Reading is
/// all or nothing: every problem is reported as `file:line: field: …` and no count is returned.
public enum OutcomeCSV {
    public static let header = ["school", "year", "subgroup", "measure", "tested", "met"]

    /// - Parameter school: the school a cell names (a `sourcedId`, or a name exactly as written), or nil
    ///   when the district has no such school.
    public static func parse(_ text: String, file: String, school: (String) -> String?) throws(RosterProblems)
        -> [OutcomeCount]
    {
        let (table, csvProblems) = CSV.read(text, file: file)
        guard !table.header.isEmpty else {
            throw RosterProblems([
                RosterProblem(
                    file: file, line: 1, field: nil,
                    message: "no outcomes (the file is empty; expected the header \(header.joined(separator: ",")))")
            ])
        }
        var problems = csvProblems
        var columns: [String: Int] = [:]
        for (position, name) in table.header.enumerated() {
            let column = name.lowercased()
            if !header.contains(column) {
                problems.append(
                    RosterProblem(
                        file: file, line: 1, field: name,
                        message: "is not a column (expected \(header.joined(separator: ",")))"))
            } else if columns[column] != nil {
                problems.append(RosterProblem(file: file, line: 1, field: name, message: "appears twice"))
            } else {
                columns[column] = position
            }
        }
        let missing = header.filter { columns[$0] == nil }
        guard missing.isEmpty else {
            problems.append(
                RosterProblem(
                    file: file, line: 1, field: nil,
                    message: "missing column\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", "))"))
            throw RosterProblems(problems)
        }
        if table.records.isEmpty && problems.isEmpty {
            problems.append(
                RosterProblem(file: file, line: 1, field: nil, message: "no outcomes (expected a row below the header)")
            )
        }
        var counts: [OutcomeCount] = []
        var seen: [String: Int] = [:]
        for record in table.records {
            func cell(_ column: String) -> String {
                record.fields[columns[column]!].trimmingCharacters(in: .whitespacesAndNewlines)
            }
            var rowProblems: [RosterProblem] = []
            func problem(_ field: String, _ message: String) {
                rowProblems.append(RosterProblem(file: file, line: record.line, field: field, message: message))
            }
            let schoolText = cell("school")
            let resolved = schoolText.isEmpty ? nil : school(schoolText)
            if schoolText.isEmpty {
                problem("school", "is empty (expected a school's sourcedId or its name)")
            } else if resolved == nil {
                problem("school", "\"\(schoolText)\" is not a school of the district (by sourcedId or exact name)")
            }
            let yearText = cell("year")
            let year = SchoolYear(yearText)
            if year == nil { problem("year", "\"\(yearText)\" is not \(SchoolYear.expectedFormat)") }
            let subgroupText = cell("subgroup")
            if subgroupText.isEmpty { problem("subgroup", "is empty (expected All students or a subgroup's name)") }
            let measure = cell("measure")
            if measure.isEmpty { problem("measure", "is empty (expected what was measured, e.g. ELA met standard)") }
            func whole(_ column: String) -> Int? {
                let text = cell(column)
                guard let value = Int(text), value >= 0 else {
                    problem(column, "\"\(text)\" is not a whole number of students (0 or more)")
                    return nil
                }
                return value
            }
            let tested = whole("tested")
            let met = whole("met")
            if let tested, let met, met > tested {
                problem("met", "\(met) is more than the \(tested) tested")
            }
            let subgroup = Subgroup(subgroupText)
            if let resolved, let year, !subgroupText.isEmpty, !measure.isEmpty {
                let key = "\(resolved)\u{1F}\(year)\u{1F}\(subgroup.name.lowercased())\u{1F}\(measure.lowercased())"
                if let earlier = seen[key] {
                    problem(
                        "subgroup",
                        "\(schoolText), \(year), \(subgroup), \(measure) already appears on line \(earlier)")
                } else {
                    seen[key] = record.line
                }
            }
            if rowProblems.isEmpty, let resolved, let year, let tested, let met {
                counts.append(
                    OutcomeCount(
                        line: record.line, school: resolved, year: year, subgroup: subgroup, measure: measure,
                        tested: tested, met: met))
            }
            problems += rowProblems
        }
        problems += familyProblems(counts, file: file)
        guard problems.isEmpty else { throw RosterProblems(problems.sorted { $0.line < $1.line }) }
        return counts
    }

    /// A family's subgroups partition all students, so together they cannot have more students tested
    /// than All students: named at the All students row.
    static func familyProblems(_ counts: [OutcomeCount], file: String) -> [RosterProblem] {
        struct Place: Hashable {
            let school: String
            let year: SchoolYear
            let measure: String
        }
        var all: [Place: OutcomeCount] = [:]
        var families: [Place: [String: Int]] = [:]
        for count in counts {
            let place = Place(school: count.school, year: count.year, measure: count.measure.lowercased())
            if count.subgroup.isAll {
                all[place] = count
            } else if let family = count.subgroup.family {
                families[place, default: [:]][family, default: 0] += count.tested
            }
        }
        var problems: [RosterProblem] = []
        for (place, sums) in families {
            guard let total = all[place] else { continue }
            for (family, sum) in sums.sorted(by: { $0.key < $1.key }) where sum > total.tested {
                problems.append(
                    RosterProblem(
                        file: file, line: total.line, field: "tested",
                        message:
                            "the \(family) subgroups add up to \(sum) tested, more than the \(total.tested) of All students (a family's subgroups partition all students)"
                    ))
            }
        }
        return problems
    }
}
