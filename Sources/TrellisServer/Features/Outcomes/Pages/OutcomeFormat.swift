import Foundation
import TrellisCore

/// How outcome figures are written on pages and in downloads: one decimal, intervals beside the
/// figure, hidden cells with their reason, and a rate of 0 % or 100 % on few students as a band.
enum OutcomeFormat {
    /// `%.1f` as printf writes it (see `FixedDecimal`).
    static func number(_ value: Double) -> String { FixedDecimal.text(value, places: 1) }

    /// `%+.1f` as printf writes it, a minus as the true minus sign (U+2212).
    static func signed(_ value: Double) -> String {
        let text = FixedDecimal.text(value, places: 1, signed: true)
        // the sign comes first, and only there
        guard text.utf8.first == UInt8(ascii: "-") else { return text }
        return "−" + text.dropFirst()
    }

    /// A rate of exactly 0 % or 100 % on fewer than 30 tested tells every student's result: a band instead.
    static func band(_ year: OutcomeAnalysis.Year) -> String? {
        guard year.tested < OutcomeAnalysis.smallBaseTested else { return nil }
        if year.met == 0 { return "≤ 5 %" }
        if year.met == year.tested { return "≥ 95 %" }
        return nil
    }

    static func rate(_ year: OutcomeAnalysis.Year?) -> String {
        guard let year else { return "" }
        return band(year) ?? "\(number(year.rate)) % (\(number(year.low))–\(number(year.high)))"
    }

    static func tested(_ year: OutcomeAnalysis.Year?) -> String { year.map { String($0.tested) } ?? "" }

    static func change(_ change: OutcomeAnalysis.Change?) -> String {
        guard let change else { return "" }
        return "\(signed(change.points)) (\(signed(change.low)) to \(signed(change.high)))"
    }

    static func relative(_ change: OutcomeAnalysis.Change?) -> String {
        guard let change else { return "" }
        guard let relative = change.relative else { return "none (0 % before)" }
        return "\(signed(relative)) %"
    }

    static func hidden(_ reason: OutcomeSuppression.Reason?, minimum: Int) -> String? {
        switch reason {
        case .primary: "Hidden: fewer than \(minimum) students tested in a year"
        case .complementary: "Hidden so that another hidden count cannot be worked out from the totals"
        case nil: nil
        }
    }

    static func note(_ change: OutcomeAnalysis.Change?, hidden: String?) -> String? {
        if let hidden { return hidden }
        guard let change, change.smallBase else { return nil }
        return "Small base: the relative change rests on few students"
    }

    /// "Community schools gained 3.1 points more than the others (between −1.2 and 7.4): a comparison, not proof of cause."
    static func reading(_ did: OutcomeAnalysis.DifferenceInDifferences) -> String {
        let size = number(abs(did.points))
        let direction = did.points >= 0 ? "gained \(size) points more than" : "gained \(size) points less than"
        return
            "Community schools \(direction) the other schools (between \(signed(did.low)) and \(signed(did.high)) points, 95 % interval): a comparison, not proof of cause."
    }
}
