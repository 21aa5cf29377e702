import Foundation

/// Two school years of a district's outcomes, told honestly: for every school, subgroup and measure the
/// number tested, the rate with its 95 % interval, the change in points with its interval and the
/// relative change side by side (with a warning when the base is small), small cells hidden; the
/// community schools, the other schools and the district pooled; and the difference in differences
/// between the first two, which is a comparison, not proof of cause.
public struct OutcomeAnalysis: Sendable, Equatable, Encodable {
    /// One year of a cell or a group: counts and the rate with its interval, in percent (0–100).
    public struct Year: Sendable, Equatable, Encodable {
        public let tested: Int
        public let met: Int
        public let rate: Double
        public let low: Double
        public let high: Double

        init(_ estimate: RateEstimate) {
            tested = estimate.tested
            met = estimate.met
            rate = estimate.rate * 100
            low = estimate.low * 100
            high = estimate.high * 100
        }
    }

    /// After minus before, in percentage points with its 95 % interval (Newcombe's hybrid score), and
    /// relative to the rate before, in percent.
    public struct Change: Sendable, Equatable, Encodable {
        public let points: Double
        public let low: Double
        public let high: Double
        /// Nil when the rate before is 0.
        public let relative: Double?
        /// The rate before is under 5 %, or either year has fewer than 30 tested: a relative change then
        /// rests on few students.
        public let smallBase: Bool

        enum CodingKeys: String, CodingKey { case points, low, high, relative, smallBase }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(points, forKey: .points)
            try container.encode(low, forKey: .low)
            try container.encode(high, forKey: .high)
            try container.encode(relative, forKey: .relative)
            try container.encode(smallBase, forKey: .smallBase)
        }
    }

    public struct Cell: Sendable, Equatable, Encodable {
        public let school: String
        public let subgroup: Subgroup
        public let measure: String
        /// Nil when the school has no row that year, or the year is hidden.
        public let before: Year?
        public let after: Year?
        public let change: Change?
        public let suppressed: OutcomeSuppression.Reason?

        enum CodingKeys: String, CodingKey { case school, subgroup, measure, before, after, change, suppressed }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(school, forKey: .school)
            try container.encode(subgroup.name, forKey: .subgroup)
            try container.encode(measure, forKey: .measure)
            try container.encode(before, forKey: .before)
            try container.encode(after, forKey: .after)
            try container.encode(change, forKey: .change)
            try container.encode(suppressed, forKey: .suppressed)
        }
    }

    public enum GroupName: String, Sendable, Hashable, Encodable, CaseIterable {
        case community, comparison, district

        /// Its place in `allCases`: the order groups are listed in.
        var rank: Int {
            switch self {
            case .community: 0
            case .comparison: 1
            case .district: 2
            }
        }
    }

    public struct Group: Sendable, Equatable, Encodable {
        public let group: GroupName
        public let subgroup: Subgroup
        public let measure: String
        public let before: Year?
        public let after: Year?
        public let change: Change?

        enum CodingKeys: String, CodingKey { case group, subgroup, measure, before, after, change }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(group, forKey: .group)
            try container.encode(subgroup.name, forKey: .subgroup)
            try container.encode(measure, forKey: .measure)
            try container.encode(before, forKey: .before)
            try container.encode(after, forKey: .after)
            try container.encode(change, forKey: .change)
        }
    }

    /// (community after − before) − (comparison after − before), pooled, in points with a 95 % interval.
    public struct DifferenceInDifferences: Sendable, Equatable, Encodable {
        public let subgroup: Subgroup
        public let measure: String
        public let points: Double
        public let low: Double
        public let high: Double

        enum CodingKeys: String, CodingKey { case subgroup, measure, points, low, high }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(subgroup.name, forKey: .subgroup)
            try container.encode(measure, forKey: .measure)
            try container.encode(points, forKey: .points)
            try container.encode(low, forKey: .low)
            try container.encode(high, forKey: .high)
        }
    }

    public let minN: Int
    public let cells: [Cell]
    public let groups: [Group]
    public let did: [DifferenceInDifferences]

    public init(minN: Int, cells: [Cell], groups: [Group], did: [DifferenceInDifferences]) {
        self.minN = minN
        self.cells = cells
        self.groups = groups
        self.did = did
    }

    /// The smallest minimum cell size a district may set.
    public static let smallestMinimum = 5
    public static let defaultMinimum = 10
    /// Under this many tested, or a base rate under `smallBaseRate`, a relative change rests on few students.
    public static let smallBaseTested = 30
    public static let smallBaseRate = 0.05

    /// - Parameters:
    ///   - counts: the district's counts; rows of other years are ignored.
    ///   - communitySchools: the schools whose leaders were in a community in the after year; nil for no
    ///     community and comparison groups (and no difference in differences).
    public static func analyze(
        _ counts: [OutcomeCount], before: SchoolYear, after: SchoolYear, communitySchools: Set<String>?,
        minimum: Int
    ) -> OutcomeAnalysis {
        let rows = counts.filter { $0.year == before || $0.year == after }
        let table = Table(rows, before: before, after: after, communitySchools: communitySchools)
        let outcome = OutcomeSuppression.hide(
            tested: rows.map(\.tested), totals: table.totals.map(\.cells), partitions: table.partitions,
            minimum: minimum)
        func year(_ index: Int?) -> Year? {
            guard let index, outcome.cells[index] == nil,
                let estimate = ProportionIntervals.wilson(met: rows[index].met, tested: rows[index].tested)
            else { return nil }
            return Year(estimate)
        }
        var cells: [Cell] = []
        for (key, before, after) in table.cells {
            let reasons = [before, after].compactMap { $0 }.compactMap { outcome.cells[$0] }
            let first = year(before)
            let second = year(after)
            cells.append(
                Cell(
                    school: key.school, subgroup: key.subgroup, measure: key.measure, before: first, after: second,
                    change: change(first, second),
                    suppressed: reasons.isEmpty ? nil : reasons.contains(.primary) ? .primary : .complementary))
        }
        // the totals come in the groups' order, a group's year before first
        var groups: [Group] = []
        var years: (code: Int, key: GroupKey, before: Year?, after: Year?)?
        func close() {
            guard let years else { return }
            groups.append(
                Group(
                    group: years.key.group, subgroup: years.key.subgroup, measure: years.key.measure,
                    before: years.before, after: years.after, change: change(years.before, years.after)))
        }
        for (index, total) in table.totals.enumerated() {
            var met = 0
            var tested = 0
            for cell in total.cells {
                met += rows[cell].met
                tested += rows[cell].tested
            }
            let estimate = outcome.totals[index] ? nil : ProportionIntervals.wilson(met: met, tested: tested)
            if years?.code != total.code {
                close()
                years = (total.code, total.key, nil, nil)
            }
            if total.isAfter { years?.after = estimate.map(Year.init) } else { years?.before = estimate.map(Year.init) }
        }
        close()
        var did: [DifferenceInDifferences] = []
        if communitySchools != nil {
            let bySubject = Dictionary(grouping: groups) {
                GroupKey(group: .district, subgroup: $0.subgroup, measure: $0.measure)
            }
            for (subject, groups) in bySubject.sorted(by: { $0.key < $1.key }) {
                guard let community = groups.first(where: { $0.group == .community }),
                    let comparison = groups.first(where: { $0.group == .comparison }),
                    let a = estimate(community.before), let b = estimate(community.after),
                    let c = estimate(comparison.before), let d = estimate(comparison.after)
                else { continue }
                let difference = ProportionIntervals.differenceInDifferences(
                    groupBefore: a, groupAfter: b, otherBefore: c, otherAfter: d)
                did.append(
                    DifferenceInDifferences(
                        subgroup: subject.subgroup, measure: subject.measure, points: difference.difference * 100,
                        low: difference.low * 100, high: difference.high * 100))
            }
        }
        return OutcomeAnalysis(minN: minimum, cells: cells, groups: groups, did: did)
    }

    /// The estimate a shown year was made from.
    static func estimate(_ year: Year?) -> RateEstimate? {
        year.flatMap { ProportionIntervals.wilson(met: $0.met, tested: $0.tested) }
    }

    /// The change between two shown years; none when either is hidden or missing.
    static func change(_ before: Year?, _ after: Year?) -> Change? {
        guard let first = estimate(before), let second = estimate(after) else { return nil }
        let difference = ProportionIntervals.newcombe(before: first, after: second)
        let points = difference.difference * 100
        return Change(
            points: points, low: difference.low * 100, high: difference.high * 100,
            relative: first.rate > 0 ? points / (first.rate * 100) * 100 : nil,
            smallBase: first.rate < smallBaseRate || first.tested < smallBaseTested
                || second.tested < smallBaseTested)
    }

    struct CellKey: Hashable {
        let school: String
        let subgroup: Subgroup
        let measure: String

        init(_ row: OutcomeCount) {
            school = row.school
            subgroup = row.subgroup
            measure = row.measure
        }
    }

    struct GroupKey: Hashable, Comparable {
        let group: GroupName
        let subgroup: Subgroup
        let measure: String

        static func < (a: GroupKey, b: GroupKey) -> Bool {
            (a.measure, a.subgroup, a.group.rank) < (b.measure, b.subgroup, b.group.rank)
        }
    }

    /// The rows arranged for suppression: each cell's row in either year, the totals the groups show,
    /// and the families that add up to All students within a school.
    ///
    /// Schools, measures and subgroups are numbered in their sorted order first, so every key below is a
    /// number and sorts as its names would: pages analyse the district's outcomes on each view.
    struct Table {
        struct Total {
            let key: GroupKey
            /// Sorts as `key` does.
            let code: Int
            let isAfter: Bool
            let cells: [Int]
        }

        /// Each cell's row in either year, by school, measure and subgroup.
        var cells: [(key: CellKey, before: Int?, after: Int?)] = []
        /// By measure, subgroup and group, the year before first.
        var totals: [Total] = []
        var partitions: [OutcomeSuppression.Partition] = []

        init(_ rows: [OutcomeCount], before: SchoolYear, after: SchoolYear, communitySchools: Set<String>?) {
            let schools = Ranks(rows.lazy.map(\.school))
            let measures = Ranks(rows.lazy.map(\.measure))
            let subgroups = Ranks(rows.lazy.map(\.subgroup))
            let (schoolCount, measureCount, subgroupCount) = (schools.count, measures.count, subgroups.count)
            // what rows ask of their school and subgroup, once per school and subgroup: whether the school
            // is a community school, and the subgroup's family numbered in the order of the families' names
            let isCommunity = communitySchools.map { community in schools.values.map(community.contains) }
            let familyNames = Ranks(subgroups.values.compactMap(\.family))
            let familyOf = subgroups.values.map { $0.family.flatMap(familyNames.rank(of:)) }
            // the two years in the order of their names, as the families of a school are gone through
            let afterFirst = after.description < before.description
            // Every key is a number below the product of the counts, so each table is an array indexed by it
            // and read in the order of its keys.
            let groupCount = GroupName.allCases.count
            let placeCount = 2 * measureCount
            let familyCount = familyNames.count
            // by cell (school, measure, subgroup): a row of it, and its row in either year
            var cellKeys = [Int?](repeating: nil, count: schoolCount * measureCount * subgroupCount)
            var cellBefore = cellKeys
            var cellAfter = cellKeys
            // by total (measure, subgroup, group): a row of it, and its rows in either year
            var totalKeys = [Int?](repeating: nil, count: measureCount * subgroupCount * groupCount)
            var totalBefore = [[Int]](repeating: [], count: totalKeys.count)
            var totalAfter = totalBefore
            // (year, measure, school, subgroup) → row; (year, measure, family) → subgroups
            var bySchool = [Int?](repeating: nil, count: placeCount * schoolCount * subgroupCount)
            var families = [Set<Int>](repeating: [], count: placeCount * familyCount)
            for (index, row) in rows.enumerated() {
                let (school, measure, subgroup) = (
                    schools.numbers[index], measures.numbers[index], subgroups.numbers[index]
                )
                let isAfter = row.year == after
                let cell = (school * measureCount + measure) * subgroupCount + subgroup
                if cellKeys[cell] == nil { cellKeys[cell] = index }
                if isAfter { cellAfter[cell] = index } else { cellBefore[cell] = index }
                var groups: [GroupName] = [.district]
                if let isCommunity {
                    groups.append(isCommunity[school] ? .community : .comparison)
                }
                for group in groups {
                    let code = (measure * subgroupCount + subgroup) * groupCount + group.rank
                    if totalKeys[code] == nil { totalKeys[code] = index }
                    if isAfter { totalAfter[code].append(index) } else { totalBefore[code].append(index) }
                }
                let place = (isAfter != afterFirst ? 1 : 0) * measureCount + measure
                if let family = familyOf[subgroup] {
                    families[place * familyCount + family].insert(subgroup)
                }
                bySchool[(place * schoolCount + school) * subgroupCount + subgroup] = index
            }
            for (cell, keyRow) in cellKeys.enumerated() {
                guard let keyRow else { continue }
                cells.append((CellKey(rows[keyRow]), cellBefore[cell], cellAfter[cell]))
            }
            for (code, keyRow) in totalKeys.enumerated() {
                guard let keyRow else { continue }
                let key = GroupKey(
                    group: GroupName.allCases[code % groupCount], subgroup: rows[keyRow].subgroup,
                    measure: rows[keyRow].measure)
                for (isAfter, cells) in [(false, totalBefore[code]), (true, totalAfter[code])] where !cells.isEmpty {
                    totals.append(Total(key: key, code: code, isAfter: isAfter, cells: cells))
                }
            }
            // each place's families by name, each family's subgroups in order
            let sortedFamilies = (0..<placeCount).map { place in
                (0..<familyCount).map { families[place * familyCount + $0].sorted() }.filter { !$0.isEmpty }
            }
            guard let all = subgroups.rank(of: .all) else { return }
            for placeAndSchool in 0..<(placeCount * schoolCount) {
                let members = placeAndSchool * subgroupCount
                guard let allRow = bySchool[members + all] else { continue }
                for family in sortedFamilies[placeAndSchool / schoolCount] {
                    // a family of one subgroup in the file partitions nothing: it is not all students
                    let parts = family.compactMap { bySchool[members + $0] }
                    if family.count >= 2, parts.count == family.count {
                        partitions.append(.init(all: allRow, parts: parts))
                    }
                }
            }
        }
    }

    /// Distinct values numbered in their sorted order, and the number of each value of the sequence, in
    /// its order. A value like the one before it takes its number without being hashed again: rows come
    /// grouped by school.
    struct Ranks<Value: Hashable & Comparable> {
        private var ranks: [Value: Int] = [:]
        /// The distinct values, sorted.
        let values: [Value]
        /// Each value's number, in the order of the sequence.
        let numbers: [Int]

        init(_ sequence: some Sequence<Value>) {
            var seen: [Value: Int] = [:]
            var distinct: [Value] = []
            var firstNumbers: [Int] = []
            var last: (value: Value, number: Int)?
            for value in sequence {
                if let last, last.value == value {
                    firstNumbers.append(last.number)
                    continue
                }
                let number = seen[value] ?? distinct.count
                if number == distinct.count {
                    seen[value] = number
                    distinct.append(value)
                }
                firstNumbers.append(number)
                last = (value, number)
            }
            let order = distinct.indices.sorted { distinct[$0] < distinct[$1] }
            var rankOfNumber = [Int](repeating: 0, count: distinct.count)
            for (rank, number) in order.enumerated() {
                rankOfNumber[number] = rank
                ranks[distinct[number]] = rank
            }
            values = order.map { distinct[$0] }
            numbers = firstNumbers.map { rankOfNumber[$0] }
        }

        var count: Int { values.count }
        func rank(of value: Value) -> Int? { ranks[value] }
    }
}

extension OutcomeAnalysis {
    /// What `trellis outcomes analyze` does: reads the file (schools as written), analyses two years and
    /// prints one JSON object. A bad row throws every problem as `file:line: field: …`.
    public static func json(
        csv text: String, file: String, before: SchoolYear, after: SchoolYear, communitySchools: Set<String>?,
        minimum: Int
    ) throws -> String {
        let counts = try OutcomeCSV.parse(text, file: file) { $0 }
        let analysis = analyze(
            counts, before: before, after: after, communitySchools: communitySchools, minimum: minimum)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(analysis), as: UTF8.self)
    }
}
