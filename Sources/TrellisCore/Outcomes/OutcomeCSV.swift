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
    /// "race" for "race: African American"; nil for a subgroup without a family. Worked out once: an
    /// analysis asks for it of every row.
    public let family: String?

    public init(_ name: String) {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        self.name = trimmed.lowercased() == "all students" ? Self.allName : trimmed
        self.family = Self.family(of: self.name)
    }

    public static let allName = "All students"
    public static let all = Subgroup(allName)

    public var isAll: Bool { name == Self.allName }

    private static func family(of name: String) -> String? {
        guard name != allName, let colon = name.firstIndex(of: ":") else { return nil }
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
        // A district's file repeats a few schools, years, subgroups and measures thousands of times: each
        // distinct text is resolved once (bench/outcomes.sh).
        struct Key: Hashable {
            let school: String
            let year: Int
            let subgroup: String
            let measure: String
        }
        let positions = header.map { columns[$0]! }
        var counts: [OutcomeCount] = []
        counts.reserveCapacity(table.records.count)
        var seen: [Key: Int] = [:]
        var schools: [String: String?] = [:]
        var years: [String: SchoolYear?] = [:]
        var subgroups: [String: Subgroup] = [:]
        var folded: [String: String] = [:]
        func fold(_ text: String) -> String {
            if let known = folded[text] { return known }
            let lowered = text.lowercased()
            folded[text] = lowered
            return lowered
        }
        for record in table.records {
            let cells = positions.map { trimmed(record.fields[$0]) }
            var rowProblems: [RosterProblem] = []
            func problem(_ field: String, _ message: String) {
                rowProblems.append(RosterProblem(file: file, line: record.line, field: field, message: message))
            }
            let schoolText = cells[0]
            let resolved: String?
            if let known = schools[schoolText] {
                resolved = known
            } else {
                resolved = schoolText.isEmpty ? nil : school(schoolText)
                schools[schoolText] = .some(resolved)
            }
            if schoolText.isEmpty {
                problem("school", "is empty (expected a school's sourcedId or its name)")
            } else if resolved == nil {
                problem("school", "\"\(schoolText)\" is not a school of the district (by sourcedId or exact name)")
            }
            let yearText = cells[1]
            let year: SchoolYear?
            if let known = years[yearText] {
                year = known
            } else {
                year = SchoolYear(yearText)
                years[yearText] = .some(year)
            }
            if year == nil { problem("year", "\"\(yearText)\" is not \(SchoolYear.expectedFormat)") }
            let subgroupText = cells[2]
            if subgroupText.isEmpty { problem("subgroup", "is empty (expected All students or a subgroup's name)") }
            let measure = cells[3]
            if measure.isEmpty { problem("measure", "is empty (expected what was measured, e.g. ELA met standard)") }
            func whole(_ index: Int) -> Int? {
                guard let value = Int(cells[index]), value >= 0 else {
                    problem(header[index], "\"\(cells[index])\" is not a whole number of students (0 or more)")
                    return nil
                }
                return value
            }
            let tested = whole(4)
            let met = whole(5)
            if let tested, let met, met > tested {
                problem("met", "\(met) is more than the \(tested) tested")
            }
            let subgroup: Subgroup
            if let known = subgroups[subgroupText] {
                subgroup = known
            } else {
                subgroup = Subgroup(subgroupText)
                subgroups[subgroupText] = subgroup
            }
            if let resolved, let year, !subgroupText.isEmpty, !measure.isEmpty {
                let key = Key(
                    school: resolved, year: year.startYear, subgroup: fold(subgroup.name), measure: fold(measure))
                if let earlier = seen.updateValue(record.line, forKey: key) {
                    seen[key] = earlier
                    problem(
                        "subgroup",
                        "\(schoolText), \(year), \(subgroup), \(measure) already appears on line \(earlier)")
                }
            }
            if rowProblems.isEmpty, let resolved, let year, let tested, let met {
                counts.append(
                    OutcomeCount(
                        line: record.line, school: resolved, year: year, subgroup: subgroup, measure: measure,
                        tested: tested, met: met))
            } else {
                problems += rowProblems
            }
        }
        problems += familyProblems(counts, file: file)
        guard problems.isEmpty else { throw RosterProblems(problems.sorted { $0.line < $1.line }) }
        return counts
    }

    /// The cell without the spaces and line breaks around it; most cells have none, and are returned as
    /// they are without Foundation's scan.
    static func trimmed(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else { return text }
        guard first.properties.isWhitespace || last.properties.isWhitespace else { return text }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
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
            let place = Place(school: count.school, year: count.year, measure: count.measure)
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
