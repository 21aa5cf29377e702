/// `trellis trust analyze FILE.csv --scale 7 [--min-n 4] --json`, minus the argument parsing and
/// the file reading: text in, results (or every problem at once) out.
///
/// Input is long form, one answer per row, with the header
/// `round,community,response,facet,item,value,reverse` (columns in any order, names in any letter
/// case, extra columns ignored). `community` may be empty: the response then counts only in its
/// round's cohort. `reverse` is true or false, and says whether `value` must be reversed before
/// scoring. Items are identified per round by `item`; an item keeps one facet and one direction
/// within a round. A response that skips items of a facet has no score for that facet.
public enum TrustCSVAnalysis {
    /// One `TrustRoundResults` per round in the order rounds first appear in the file.
    public static func analyze(
        _ text: String, scale: Int, minimum: Int = TrustSuppression.defaultMinimum
    ) throws(TrustCSVProblems) -> [TrustRoundResults] {
        try TrustLongFormReader.read(text, scale: scale).map { round in
            TrustRoundResults(round: round.round, groups: TrustReport.results(for: round.matrix, minimum: minimum))
        }
    }

    /// The `--json` output; see `TrustResultsJSON`.
    public static func json(
        _ text: String, scale: Int, minimum: Int = TrustSuppression.defaultMinimum
    ) throws(TrustCSVProblems) -> String {
        TrustResultsJSON.encode(try analyze(text, scale: scale, minimum: minimum))
    }
}

/// The JSON form of trust results, written by hand so keys keep the documented order:
///
/// ```
/// {"results":[{"round":"r","community":"c"|null,"n":N,"suppressed":bool,
///   "facets":{"benevolence":{"mean":m,"alpha":a|null,"ci95":[lo,hi]|null}, ...}|null}]}
/// ```
///
/// `null` always means "withheld or not computable", never zero:
/// - a suppressed row keeps `n` and has `"facets":null`;
/// - in a row that is shown, every facet appears, in `TrustFacet.allCases` order, and is `null`
///   when too few responses answered all of its items to show it;
/// - `alpha` and `ci95` are `null` when they cannot be computed (see `TrustFacetStatistics`).
///
/// Numbers are written at full precision (the shortest text that reads back as the same Double).
public enum TrustResultsJSON {
    public static func encode(_ rounds: [TrustRoundResults]) -> String {
        var json = #"{"results":["#
        var first = true
        for round in rounds {
            for group in round.groups {
                if !first { json += "," }
                first = false
                json += #"{"round":"#
                json += string(round.round)
                json += #","community":"#
                json += group.community.map(string) ?? "null"
                json += #","n":\#(group.n),"suppressed":\#(group.suppressed),"facets":"#
                json += group.suppressed ? "null" : facets(group.facets)
                json += "}"
            }
        }
        return json + "]}"
    }

    private static func facets(_ facets: [TrustFacet: TrustFacetStatistics]) -> String {
        let members = TrustFacet.allCases.map { facet in
            let value = facets[facet].map { figures in
                let interval = figures.ci95.map { "[\(number($0.lower)),\(number($0.upper))]" } ?? "null"
                return #"{"mean":\#(number(figures.mean)),"alpha":\#(number(figures.alpha)),"ci95":\#(interval)}"#
            }
            return "\"\(facet.rawValue)\":\(value ?? "null")"
        }
        return "{" + members.joined(separator: ",") + "}"
    }

    private static func number(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "null" }
        return "\(value)"
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped.
    static func string(_ text: String) -> String {
        var escaped = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            case "\t": escaped += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                escaped += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped + "\""
    }
}
