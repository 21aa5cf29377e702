/// The one escaper for text that goes into HTML or SVG, as element content or as an attribute value.
///
/// It works by Unicode scalar, never by `Character`: Swift joins a quote or an angle bracket with a
/// following combining mark (U+0301), joiner (U+200D) or variation selector (U+FE0F), or with a
/// preceding prepend character (U+0600), into one `Character` that compares unequal to `"` or `<`,
/// and an escaper that walks `Character`s writes such a quote raw. Control characters other than tab,
/// line feed and carriage return, and the non-characters U+FFFE and U+FFFF, are dropped: HTML and XML
/// forbid them.
public enum MarkupEscaping {
    public static func escape(_ text: some StringProtocol) -> String {
        escape(scalars: text.unicodeScalars)
    }

    public static func escape(scalars: some Sequence<Unicode.Scalar>) -> String {
        var escaped = ""
        escaped.reserveCapacity(scalars.underestimatedCount)
        for scalar in scalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            case "\t", "\n", "\r": escaped.unicodeScalars.append(scalar)
            case _
            where scalar.value < 0x20 || scalar.value == 0x7F || scalar.value == 0xFFFE || scalar.value == 0xFFFF:
                continue
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }
}
