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
        needsEscaping(utf8: text.utf8) ? escape(scalars: text.unicodeScalars) : String(text)
    }

    /// The same for a `String`, every value a page shows: its UTF-8 is scanned in place, not through a
    /// generic sequence (a page escapes thousands of values).
    public static func escape(_ text: String) -> String {
        var text = text
        return text.withUTF8(needsEscaping(buffer:)) ? escape(scalars: text.unicodeScalars) : text
    }

    /// Whether any scalar of the text would change: a markup character, a control character other than
    /// tab and line breaks, or U+FFFE and U+FFFF (UTF-8 EF BF BE and EF BF BF). Most text on a page has
    /// none and goes out as it is, without being rebuilt scalar by scalar. Every byte of a multi-byte
    /// scalar is 0x80 or above, so no byte of one is mistaken for a markup or control character.
    static func needsEscaping(utf8 bytes: some Sequence<UInt8>) -> Bool {
        bytes.withContiguousStorageIfAvailable(needsEscaping(buffer:))
            ?? Array(bytes).withUnsafeBufferPointer(needsEscaping(buffer:))
    }

    static func needsEscaping(buffer bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var lastTwo: UInt16 = 0
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""), UInt8(ascii: "'"), 0x7F:
                return true
            case 0x09, 0x0A, 0x0D: break
            case 0x00..<0x20: return true
            case 0xBE, 0xBF: if lastTwo == 0xEFBF { return true }
            default: break
            }
            lastTwo = lastTwo << 8 | UInt16(byte)
        }
        return false
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
