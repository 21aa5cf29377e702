// Benchmark of the trust analysis: `swift run -c release trellis-bench [FILE.csv]`.
//
// Generates 100 000 synthetic responses to the current instrument (16 items) from a fixed seed,
// times the in-process analysis (every community and the cohort, with suppression; best of 5),
// and, given a path, writes the same data as the long-form CSV that `trellis trust analyze`
// reads and times the CSV analysis in-process too (best of 3), so the CLI can then be timed on
// the file: `time trellis trust analyze FILE.csv --scale 7 --json > /dev/null`.
// Targets (issue 6): under 200 ms in-process, under 2 s for the whole CLI run.

import Foundation
import TrellisCore

let responseCount = 100_000
let communityCount = 40
let instrument = TrustInstrument.current

/// Each response: a trust level per person, predictability a point lower (as in the article's
/// cohort), a little noise per item; reverse-keyed items answered reversed; 1 % of responses skip
/// one item; 2 % belong to no community.
func syntheticResponses() -> TrustResponseMatrix {
    var random = SeededGenerator(seed: 2026)
    var matrix = TrustResponseMatrix(instrument: instrument)
    var row = [UInt8](repeating: 0, count: instrument.items.count)
    for _ in 0..<responseCount {
        let level = Double.random(in: 3...6.5, using: &random)
        for (column, item) in instrument.items.enumerated() {
            let shift = item.facet == .predictability ? -1.0 : 0
            let scored = Int((level + shift + Double.random(in: -1.2...1.2, using: &random)).rounded())
            let clamped = min(instrument.scale, max(1, scored))
            row[column] = UInt8(item.reverse ? instrument.scale + 1 - clamped : clamped)
        }
        if Int.random(in: 0..<100, using: &random) == 0 {
            row[Int.random(in: 0..<row.count, using: &random)] = TrustResponseMatrix.notAnswered
        }
        let community =
            Int.random(in: 0..<100, using: &random) < 2
            ? nil : "Community \(Int.random(in: 1...communityCount, using: &random))"
        matrix.append(values: row, community: community)
    }
    return matrix
}

/// The long-form CSV of the matrix: one row per answer, skipped answers left out.
func longFormCSV(_ matrix: TrustResponseMatrix) -> Data {
    var text = "round,community,response,facet,item,value,reverse\n"
    text.reserveCapacity(matrix.count * instrument.items.count * 48)
    for response in 0..<matrix.count {
        let prefix = "2026-autumn,\(matrix.community(ofResponse: response) ?? ""),r\(response),"
        for (column, item) in instrument.items.enumerated() {
            guard let value = matrix.value(response: response, column: column) else { continue }
            text += prefix + "\(item.facet.rawValue),\(item.id),\(value),\(item.reverse)\n"
        }
    }
    return Data(text.utf8)
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

let matrix = syntheticResponses()
let analysis = bestOf(5) { TrustReport.results(for: matrix, minimum: TrustSuppression.defaultMinimum) }
print(
    "in-process analysis of \(matrix.count) responses × \(matrix.items.count) items (\(analysis.result.count) groups): best of 5 \(milliseconds(analysis.best)) (target < 200 ms)"
)

if let path = CommandLine.arguments.dropFirst().first {
    let data = longFormCSV(matrix)
    try data.write(to: URL(fileURLWithPath: path))
    print("wrote \(path): \(data.count / 1_000_000) MB")
    let text = String(decoding: data, as: UTF8.self)
    let csv = try bestOf(3) { try TrustCSVAnalysis.json(text, scale: instrument.scale) }
    print(
        "in-process CSV analysis of the same data: best of 3 \(milliseconds(csv.best)) (\(csv.result.utf8.count) bytes of JSON)"
    )
}
