// Stand-in for `trellis form` so bench/formation/optimum.py can run the engine before (or without)
// the full app: `formation-runner --input LEADERS.csv [--apart APART.csv] [--min N] [--max N]
// [--communities K] [--seed S] --json`. Prints the JSON on success, every problem on stderr and
// exits 1 otherwise.

import Foundation
import TrellisCore

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(1)
}

var values: [String: String] = [:]
var arguments = CommandLine.arguments.dropFirst()
while let flag = arguments.popFirst() {
    guard flag != "--json" else { continue }
    guard ["--input", "--apart", "--min", "--max", "--communities", "--seed"].contains(flag),
        let value = arguments.popFirst()
    else {
        fail(
            "usage: formation-runner --input LEADERS.csv [--apart APART.csv] [--min N] [--max N] [--communities K] [--seed S] --json"
        )
    }
    values[flag] = value
}
guard let input = values["--input"] else { fail("--input is required") }
func number(_ flag: String, in values: [String: String]) -> Int? {
    guard let text = values[flag] else { return nil }
    guard let value = Int(text) else { fail("\(flag): \"\(text)\" is not a whole number") }
    return value
}
var options = FormationOptions()
options.smallest = number("--min", in: values) ?? options.smallest
options.largest = number("--max", in: values) ?? options.largest
options.communityCount = number("--communities", in: values)
if let seed = values["--seed"] {
    guard let value = UInt64(seed) else { fail("--seed: \"\(seed)\" is not a whole number from 0") }
    options.seed = value
}
do {
    let leaders = try String(contentsOfFile: input, encoding: .utf8)
    let apart = try values["--apart"].map { try String(contentsOfFile: $0, encoding: .utf8) }
    print(
        try FormationCSV.json(
            leaders: leaders, apart: apart, options: options,
            leadersFile: URL(fileURLWithPath: input).lastPathComponent,
            apartFile: values["--apart"].map { URL(fileURLWithPath: $0).lastPathComponent } ?? "apart.csv"))
} catch let problems as FormationProblems {
    fail(problems.description)
} catch {
    fail("\(error)")
}
