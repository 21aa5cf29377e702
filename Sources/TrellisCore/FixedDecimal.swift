import Foundation

/// A number with a fixed count of decimals, exactly as C's printf writes `%.Nf` (or `%+.Nf`): the exact
/// value of the double rounded to N places, halves to even, a minus sign kept on a negative value that
/// rounds to 0, "." as the separator.
///
/// Pages, charts and downloads write thousands of these (a cohort's report, its SVG charts, its CSV
/// tables), and printf is a large share of their time. So a finite value whose scaled magnitude is under
/// 10¹⁵ is worked out here: `|value| × 10ᴺ` is the double `product` plus the exact error `fma` gives, and
/// the error only matters where the product sits on a half. Anything else goes to printf.
public enum FixedDecimal {
    /// The most decimals `text` takes.
    public static let maximumPlaces = 6
    private static let scales: [Double] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000]
    private static let units: [UInt64] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000]

    /// `value` with `places` decimals (0 to `maximumPlaces`), with its sign always written when `signed`.
    public static func text(_ value: Double, places: Int, signed: Bool = false) -> String {
        precondition((0...maximumPlaces).contains(places), "0 to \(maximumPlaces) decimals")
        let magnitude = value.magnitude
        let scale = scales[places]
        let product = magnitude * scale
        guard value.isFinite, product < 1e15 else { return printed(value, places: places, signed: signed) }
        let exactError = (-product).addingProduct(magnitude, scale)
        let floor = product.rounded(.down)
        let aboveHalf = (product - floor) - 0.5
        var scaled = UInt64(floor)
        if aboveHalf > 0 || (aboveHalf == 0 && (exactError > 0 || (exactError == 0 && scaled % 2 == 1))) {
            scaled += 1
        }
        let sign = value.sign == .minus ? "-" : signed ? "+" : ""
        guard places > 0 else { return sign + String(scaled) }
        let unit = units[places]
        let fraction = String(scaled % unit)
        return sign + String(scaled / unit) + "." + String(repeating: "0", count: places - fraction.utf8.count)
            + fraction
    }

    private static func printed(_ value: Double, places: Int, signed: Bool) -> String {
        String(format: (signed ? "%+." : "%.") + String(places) + "f", locale: nil, value)
    }
}
