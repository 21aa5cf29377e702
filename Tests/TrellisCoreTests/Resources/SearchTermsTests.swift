import Testing

@testable import TrellisCore

extension ResourcesTests {
    @Suite("Search terms")
    struct SearchTermsTests {
        @Test(
            "terms are the lowercased words typed, without repeats, at most ten",
            arguments: [
                ("", []),
                ("  \"*-() ", []),
                ("Family engagement", ["family", "engagement"]),
                ("trust TRUST Trust-building", ["trust", "building"]),
                ("K-12 equity, 2024", ["k", "12", "equity", "2024"]),
                ("Écoles d'été", ["écoles", "d", "été"]),
                (
                    "one two three four five six seven eight nine ten eleven",
                    ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
                ),
            ] as [(String, [String])])
        func terms(_ query: String, terms: [String]) {
            let search = SearchTerms(query)
            #expect(search.terms == terms)
            #expect(search.isEmpty == terms.isEmpty)
        }

        @Test(
            "the FTS5 query quotes every term as a prefix, whatever was typed",
            arguments: [
                ("", ""),
                ("family", "\"family\"*"),
                ("family engagement", "\"family\"* \"engagement\"*"),
                ("\"equity\" NEAR(walks, 2)", "\"equity\"* \"near\"* \"walks\"* \"2\"*"),
                ("-trust OR *listen* AND NOT (x)", "\"trust\"* \"or\"* \"listen\"* \"and\"* \"not\"* \"x\"*"),
                ("col:value ^start", "\"col\"* \"value\"* \"start\"*"),
            ])
        func sqliteMatch(_ query: String, match: String) {
            #expect(SearchTerms(query).sqliteMatch == match)
        }

        @Test(
            "the stemmer",
            arguments: [
                ("walks", "walk"), ("walked", "walk"), ("walking", "walk"), ("walk", "walk"),
                ("listening", "listen"), ("listens", "listen"), ("families", "fami"), ("family", "fami"),
                ("applies", "app"), ("apply", "app"), ("readings", "read"),
                ("engagement", "engag"), ("engaging", "engag"), ("quickly", "quick"), ("classes", "clas"),
                ("class", "clas"), ("running", "run"), ("notes", "not"), ("note", "not"), ("bus", "bus"),
                ("ties", "tie"), ("sing", "sing"), ("Trust", "trust"), ("is", "is"),
            ])
        func stems(_ word: String, stem: String) {
            #expect(SearchTerms.stem(word) == stem)
        }

        @Test(
            "highlighting",
            arguments: [
                (
                    "listen", "We listened, then listen again.",
                    [
                        ("We ", false), ("listened", true), (", then ", false),
                        ("listen", true), (" again.", false),
                    ]
                ),
                (
                    "walks", "Equity walk; walked & walking",
                    [
                        ("Equity ", false), ("walk", true), ("; ", false),
                        ("walked", true), (" & ", false), ("walking", true),
                    ]
                ),
                (
                    "fam eng", "Family engagement matters",
                    [
                        ("Family", true), (" ", false), ("engagement", true),
                        (" matters", false),
                    ]
                ),
                ("trust", "distrust", [("distrust", false)]),
                ("", "nothing to mark", [("nothing to mark", false)]),
                ("x", "", []),
                ("café", "Le Café 🌱 du café", [("Le ", false), ("Café", true), (" 🌱 du ", false), ("café", true)]),
            ] as [(String, String, [(String, Bool)])])
        func highlight(_ query: String, text: String, segments: [(String, Bool)]) {
            let expected = segments.map { SearchTerms.Segment(text: $0.0, isMatch: $0.1) }
            #expect(SearchTerms(query).highlight(text) == expected)
        }

        @Test(
            "the segments give back the text exactly",
            arguments: [
                "Équité 👩🏽‍🏫 families—école naïve 🇫🇷 Family!",
                "e\u{301}cole ecole école\r\n\tfamily\u{0}",
                "   ",
                "👍🏾",
            ])
        func segmentsRoundTrip(_ text: String) {
            for query in ["family", "école", "ecole", "e", "👍", ""] {
                let segments = SearchTerms(query).highlight(text)
                #expect(segments.map(\.text).joined() == text)
                #expect(
                    zip(segments, segments.dropFirst()).allSatisfy { $0.isMatch != $1.isMatch }, "adjacent runs merge")
            }
        }

        @Test("matched words, distinct and lowercased, in order of first appearance")
        func matchedWords() {
            let search = SearchTerms("famil walk")

            let words = search.matchedWords(in: ["Families walk", "a family walked with families", "Walk"])

            #expect(words == ["families", "walk", "family", "walked"])
            #expect(SearchTerms("").matchedWords(in: ["anything"]) == [])
            let many = (1...15).map { "a\($0)" }.joined(separator: " ")
            #expect(SearchTerms("a").matchedWords(in: [many]).count == 10)
        }
    }
}
