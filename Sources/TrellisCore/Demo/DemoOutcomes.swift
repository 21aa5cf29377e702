import Foundation

/// Two school years of Bayview's outcomes as the district would export them: counts for each school,
/// ELA and Math, All students and a five-subgroup race family that partitions it. Built so that the demo
/// shows a cell hidden for being small (Marina Heights' African American students), the cells hidden to
/// protect it, the article's small base (Cypress Grove's African American students in ELA, about 1 % to
/// 6 %: five points, over 400 %), and the pilot community's schools gaining more than the others.
public enum DemoOutcomes {
    public static let before = SchoolYear(startYear: 2024)
    public static let after = SchoolYear(startYear: 2025)
    /// The schools whose principals were in the 2025-26 pilot community.
    public static let pilotSchools = ["bv-001", "bv-002", "bv-003", "bv-004", "bv-005", "bv-006"]
    static let race = [
        ("race: African American", 0.18, -0.08), ("race: Asian", 0.12, 0.10), ("race: Hispanic or Latino", 0.38, -0.05),
        ("race: White", 0.25, 0.06), ("race: Two or more", 0.07, 0.0),
    ]

    public static func csv(schoolKeys: [String]) -> String {
        var lines = ["school,year,subgroup,measure,tested,met"]
        for (index, school) in schoolKeys.enumerated() {
            let total = 220 + (index * 53) % 240
            var tested = race.map { Int(Double(total) * $0.1) }
            if school == "bv-004" {
                tested[2] += tested[0] - 7
                tested[0] = 7
            }
            if school == "bv-002" {
                tested[0] = 180
            }
            tested[4] = max(0, total - tested[0..<4].reduce(0, +))
            for (yearIndex, year) in [before, after].enumerated() {
                for measure in ["ELA met standard", "Math met standard"] {
                    let base =
                        0.35 + 0.02 * Double(index % 7) - (measure.hasPrefix("Math") ? 0.05 : 0)
                        + (yearIndex == 1 ? (pilotSchools.contains(school) ? 0.06 : 0.01) : 0)
                    var met: [Int] = []
                    for (position, subgroup) in race.enumerated() {
                        var count = Int(Double(tested[position]) * min(0.98, max(0.02, base + subgroup.2)))
                        if school == "bv-002", position == 0, measure.hasPrefix("ELA") {
                            count = yearIndex == 0 ? 2 : 11
                        }
                        met.append(count)
                    }
                    lines.append(
                        "\(school),\(year),All students,\(measure),\(tested.reduce(0, +)),\(met.reduce(0, +))")
                    for (position, subgroup) in race.enumerated() {
                        lines.append("\(school),\(year),\(subgroup.0),\(measure),\(tested[position]),\(met[position])")
                    }
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
