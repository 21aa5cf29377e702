// Benchmark of the outcomes analysis: `swift run -c release outcomes-bench [DIR]`.
//
// A district of 200 schools × 3 school years × 12 subgroups (All students, a five-subgroup race family
// that partitions it, six others) × 4 measures = 28 800 rows, from a fixed seed, with small cells so
// that suppression has work to do. Times the in-process work (reading the CSV, then the analysis of two
// years with community and comparison groups; best of 5). Given DIR, writes outcomes.csv and
// community-schools.txt there so that bench/outcomes.sh can time the whole `trellis outcomes analyze`.
// Targets (issue 17): under 300 ms in-process, under 1 s for the whole command.

import Foundation
import TrellisCore

let schools = (1...200).map { String(format: "School %03d", $0) }
let years = ["2023-24", "2024-25", "2025-26"]
let measures = ["ELA met standard", "Math met standard", "Science met standard", "Chronic absence"]
let race = ["race: African American", "race: Asian", "race: Hispanic or Latino", "race: White", "race: Two or more"]
let others = ["English learners", "Students with disabilities", "Low income", "Foster youth", "Homeless", "Gifted"]

func csv() -> String {
    var random = SeededGenerator(seed: 17)
    var text = "school,year,subgroup,measure,tested,met\n"
    for school in schools {
        let size = Int.random(in: 80...700, using: &random)
        for (yearIndex, year) in years.enumerated() {
            for measure in measures {
                let base = Double.random(in: 0.2...0.7, using: &random) + Double(yearIndex) * 0.01
                var shares = race.map { _ in Double.random(in: 0.01...1, using: &random) }
                let sum = shares.reduce(0, +)
                shares = shares.map { $0 / sum }
                var parts = shares.map { Int(Double(size) * $0) }
                parts[0] += size - parts.reduce(0, +)
                func row(_ subgroup: String, _ tested: Int) {
                    let rate = min(1, max(0, base + Double.random(in: -0.15...0.15, using: &random)))
                    text += "\(school),\(year),\(subgroup),\(measure),\(tested),\(Int(Double(tested) * rate))\n"
                }
                row("All students", size)
                for (subgroup, tested) in zip(race, parts) { row(subgroup, tested) }
                for subgroup in others { row(subgroup, Int.random(in: 0...(size / 4), using: &random)) }
            }
        }
    }
    return text
}

func bestOf<T>(_ runs: Int, _ work: () throws -> T) rethrows -> (best: Duration, result: T) {
    let clock = ContinuousClock()
    var best = Duration.seconds(Int64.max)
    var result: T?
    for _ in 0..<runs {
        let start = clock.now
        result = try work()
        best = min(best, clock.now - start)
    }
    return (best, result!)
}

func milliseconds(_ duration: Duration) -> String {
    let (seconds, attoseconds) = duration.components
    return String(format: "%.1f ms", Double(seconds) * 1000 + Double(attoseconds) / 1e15)
}

let text = csv()
let community = Set(schools.enumerated().filter { $0.offset % 3 == 0 }.map(\.element))
let before = SchoolYear("2024-25")!
let after = SchoolYear("2025-26")!
let syntax = try bestOf(5) { try CSV.parse(text, file: "outcomes.csv") }
let parsed = try bestOf(5) { try OutcomeCSV.parse(text, file: "outcomes.csv") { $0 } }
let analysed = bestOf(5) {
    OutcomeAnalysis.analyze(parsed.result, before: before, after: after, communitySchools: community, minimum: 10)
}
let hidden = analysed.result.cells.filter { $0.suppressed != nil }.count
print(
    "\(parsed.result.count) rows: reading the CSV best of 5 \(milliseconds(parsed.best)) (of which the CSV syntax \(milliseconds(syntax.best))); analysing two years (\(analysed.result.cells.count) cells, \(hidden) suppressed, \(analysed.result.groups.count) group rows, \(analysed.result.did.count) differences in differences) best of 5 \(milliseconds(analysed.best)); together \(milliseconds(parsed.best + analysed.best)) (target < 300 ms)"
)
if let directory = CommandLine.arguments.dropFirst().first {
    try Data(text.utf8).write(to: URL(fileURLWithPath: directory).appendingPathComponent("outcomes.csv"))
    try Data(community.sorted().joined(separator: "\n").utf8).write(
        to: URL(fileURLWithPath: directory).appendingPathComponent("community-schools.txt"))
}
