import Foundation
import TrellisCore

/// How outcome figures are written on pages and in downloads: one decimal, intervals beside the
/// figure, hidden cells with their reason, and a rate of 0 % or 100 % on few students as a band.
enum OutcomeFormat {
    static func number(_ value: Double) -> String { oneDecimal(value, signed: false) }

    /// With its sign always written, a minus as the true minus sign (U+2212).
    static func signed(_ value: Double) -> String {
        let text = oneDecimal(value, signed: true)
        // printf and `oneDecimal` write a minus only first
        guard text.utf8.first == UInt8(ascii: "-") else { return text }
        return "−" + text.dropFirst()
    }

    /// `%.1f` (or `%+.1f`) as the C library's printf writes it: the exact value of `value` rounded to tenths,
    /// halves to even, a minus sign kept on a negative value that rounds to 0. A report writes thousands of
    /// these, so a finite value under 10¹⁴ is worked out here, exactly: `value × 10` is the double `product`
    /// plus the error `fma` gives, and the error only matters where the product sits on a half. Anything
    /// else goes to printf.
    private static func oneDecimal(_ value: Double, signed: Bool) -> String {
        guard value.isFinite, value.magnitude < 1e14 else { return printed(value, signed: signed) }
        let magnitude = value.magnitude
        let product = magnitude * 10
        let exactError = (-product).addingProduct(magnitude, 10)
        let floor = product.rounded(.down)
        let aboveHalf = (product - floor) - 0.5
        var tenths = UInt64(floor)
        if aboveHalf > 0 || (aboveHalf == 0 && (exactError > 0 || (exactError == 0 && tenths % 2 == 1))) {
            tenths += 1
        }
        let sign = value.sign == .minus ? "-" : signed ? "+" : ""
        return "\(sign)\(tenths / 10).\(tenths % 10)"
    }

    private static func printed(_ value: Double, signed: Bool) -> String {
        withVaList([value]) { arguments in
            withUnsafeTemporaryAllocation(of: CChar.self, capacity: 48) { buffer in
                // vsnprintf answers the length it needed: one that did not fit goes to String(format:)
                guard let start = buffer.baseAddress,
                    (0..<Int32(buffer.count)).contains(
                        vsnprintf(start, buffer.count, signed ? "%+.1f" : "%.1f", arguments))
                else { return String(format: signed ? "%+.1f" : "%.1f", value) }
                return String(cString: start)
            }
        }
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
