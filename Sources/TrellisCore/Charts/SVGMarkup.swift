import Foundation

/// Text, numbers and elements as they go into SVG markup.
enum SVGMarkup {
    /// `<name a="v"…>content</name>`, or `<name a="v"…/>` without content. Attribute values are
    /// escaped here; `content` is markup, so text in it must go through `escape` first.
    static func element(_ name: String, _ attributes: KeyValuePairs<String, String> = [:], _ content: String = "")
        -> String
    {
        element(name, attributes: attributes.map { ($0.key, $0.value) }, content)
    }

    /// The same, for attributes assembled at run time.
    static func element(_ name: String, attributes: [(String, String)], _ content: String = "") -> String {
        var markup = "<" + name
        for (attribute, value) in attributes {
            markup += " \(attribute)=\"\(escape(value))\""
        }
        return content.isEmpty ? markup + "/>" : markup + ">" + content + "</" + name + ">"
    }

    /// Any label, even one typed by a user, yields well-formed markup (see `MarkupEscaping`).
    static func escape(_ text: String) -> String {
        MarkupEscaping.escape(text)
    }

    /// A usable id: ASCII letters, digits, `-` and `_` only, starting with a letter.
    static func identifier(_ text: String) -> String {
        let kept = String(
            text.unicodeScalars.filter {
                $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_")
            })
        guard let first = kept.unicodeScalars.first, CharacterSet.letters.contains(first) else {
            return "chart-" + kept
        }
        return kept
    }

    /// A coordinate: at most one decimal, no exponent, "." as the separator whatever the locale.
    static func coordinate(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : FixedDecimal.text(rounded, places: 1)
    }

    /// A figure for people: two decimals, as in the data table.
    static func figure(_ value: Double) -> String {
        FixedDecimal.text(value, places: 2)
    }
}
