import Testing

@testable import TrellisCore

@Suite("Markup escaping, by Unicode scalar")
struct MarkupEscapingTests {
    static let specials: [(raw: Unicode.Scalar, escaped: String)] = [
        ("\"", "&quot;"), ("'", "&#39;"), ("<", "&lt;"), (">", "&gt;"), ("&", "&amp;"),
    ]
    static let neighbours: [String] = ["\u{301}", "\u{200D}", "\u{FE0F}"]

    @Test("a special character joined to a combining mark, a joiner or a variation selector is still escaped")
    func followedByJoiningScalars() {
        for special in Self.specials {
            for neighbour in Self.neighbours {
                let text = "a" + String(special.raw) + neighbour + " b"
                // The trap: Swift sees one Character that is not equal to the special one.
                #expect(!text.contains(Character(special.raw)))
                #expect(MarkupEscaping.escape(text) == "a" + special.escaped + neighbour + " b")
            }
        }
    }

    @Test("a special character after a prepend character (U+0600) is still escaped")
    func precededByPrepend() {
        for special in Self.specials {
            let text = "\u{600}" + String(special.raw) + "img"
            #expect(MarkupEscaping.escape(text) == "\u{600}" + special.escaped + "img")
        }
    }

    @Test("nothing special is left raw, whatever surrounds it")
    func noRawSpecialsRemain() {
        let hostile = "\"\u{301} autofocus '\u{200D} <\u{FE0F}i> \u{600}<b> &\u{301}amp; \u{600}\""
        let escaped = MarkupEscaping.escape(hostile)
        #expect(!escaped.unicodeScalars.contains { ["\"", "'", "<", ">"].contains($0) })
        // Every `&` left starts one of the five entities (compared scalar by scalar, as a browser reads).
        let scalars = Array(escaped.unicodeScalars)
        for (index, scalar) in scalars.enumerated() where scalar == "&" {
            let rest = String(String.UnicodeScalarView(scalars[index...].prefix(6)))
            #expect(
                ["&amp;", "&quot;", "&#39;", "&lt;", "&gt;"].contains {
                    rest.unicodeScalars.starts(with: $0.unicodeScalars)
                })
        }
    }

    @Test("text without special characters is unchanged; controls that HTML forbids are dropped")
    func plainTextAndControls() {
        #expect(MarkupEscaping.escape("Leah Goldberg — 5 000 caractères, 😀") == "Leah Goldberg — 5 000 caractères, 😀")
        #expect(MarkupEscaping.escape("a\u{0}b\u{7}c\u{7F}d\tline\nnext\r") == "abcd\tline\nnext\r")
        #expect(MarkupEscaping.escape("\u{FFFE}x\u{FFFF}") == "x")
    }

    @Test("the shortcut for text that needs nothing agrees with escaping scalar by scalar")
    func shortcutAgrees() {
        let texts = [
            "plain words", "U+FFFD \u{FFFD} stays", "U+FFFE\u{FFFE}", "\u{FFFF} at the start", "é<", "tab\tis kept",
            "x\u{1F}y", "日本語'", "\u{EFBF}\u{BE}", "emoji 😀&",
        ]
        for text in texts {
            #expect(
                MarkupEscaping.escape(text) == MarkupEscaping.escape(scalars: text.unicodeScalars),
                "\(text.debugDescription)")
        }
        #expect(MarkupEscaping.escape("U+FFFD \u{FFFD} stays") == "U+FFFD \u{FFFD} stays")
        #expect(MarkupEscaping.escape("a\u{FFFE}b") == "ab")
    }
}
