import Testing

@testable import TrellisCore

extension ResourcesTests {
    @Suite("Resource kinds and rules")
    struct ResourceRulesTests {
        @Test(
            "a kind is read from its name or its title, in any letter case",
            arguments: [
                ("reading", ResourceKind.reading), (" Video ", .video), ("PODCAST", .podcast), ("protocol", .protocol),
                ("Tool", .tool), ("example", .example), ("example from a school", .example),
                ("  Example From A School\n", .example),
            ])
        func kindFromText(_ text: String, kind: ResourceKind) {
            #expect(ResourceKind(text: text) == kind)
        }

        @Test("text that is not a kind", arguments: ["", "article", "videos", "example from", "read ing"])
        func notAKind(_ text: String) {
            #expect(ResourceKind(text: text) == nil)
        }

        @Test("every kind has a title that reads back as the kind")
        func titles() {
            #expect(
                ResourceKind.allCases.map(\.title) == [
                    "Reading", "Video", "Podcast", "Protocol", "Tool", "Example from a school",
                ])
            for kind in ResourceKind.allCases {
                #expect(ResourceKind(text: kind.title) == kind)
            }
        }

        @Test(
            "links",
            arguments: [
                ("https://example.org", nil),
                ("http://example.org/path?q=1#top", nil),
                ("HTTPS://Example.org/a%20b", nil),
                ("https://localhost:8080/x", nil),
                ("example.org", "a link must start with http:// or https://"),
                ("ftp://example.org/file", "a link must start with http:// or https://"),
                ("javascript:alert(1)", "a link must start with http:// or https://"),
                ("", "a link must start with http:// or https://"),
                ("https://", "a link must name a website after http:// or https://"),
                ("https:///path", "a link must name a website after http:// or https://"),
                ("https://example.org/a b", "a link cannot contain spaces or control characters"),
                (" https://example.org", "a link cannot contain spaces or control characters"),
                ("https://example.org/\u{7}", "a link cannot contain spaces or control characters"),
                ("https://example.org/\n", "a link cannot contain spaces or control characters"),
                ("https://example.org/" + String(repeating: "a", count: 1980), nil),
                (
                    "https://example.org/" + String(repeating: "a", count: 1981),
                    "a link can be at most 2000 characters long"
                ),
            ] as [(String, String?)])
        func links(_ text: String, problem: String?) {
            #expect(ResourceRules.linkProblem(text) == problem)
        }

        @Test(
            "keywords",
            arguments: [
                ("", []),
                ("equity, Family Engagement; trust", ["equity", "family engagement", "trust"]),
                (" , ;;  Trust ,trust, TRUST,equity", ["trust", "equity"]),
                ("a\nb; c", ["a\nb", "c"]),
                (String(repeating: "x", count: 45) + ", y", [String(repeating: "x", count: 40), "y"]),
                ((1...25).map { "k\($0)" }.joined(separator: ","), (1...20).map { "k\($0)" }),
            ] as [(String, [String])])
        func keywords(_ text: String, keywords: [String]) {
            #expect(ResourceRules.keywords(from: text) == keywords)
        }

        @Test(
            "minutes",
            arguments: [
                ("", nil, nil),
                ("   ", nil, nil),
                ("1", nil, 1),
                (" 45 ", nil, 45),
                ("600", nil, 600),
                ("0", "0 minutes is out of range (expected 1 to 600)", nil),
                ("601", "601 minutes is out of range (expected 1 to 600)", nil),
                ("-5", "-5 minutes is out of range (expected 1 to 600)", nil),
                ("ten", "\"ten\" is not a whole number of minutes", nil),
                ("4.5", "\"4.5\" is not a whole number of minutes", nil),
            ] as [(String, String?, Int?)])
        func minutes(_ text: String, problem: String?, minutes: Int?) {
            #expect(ResourceRules.minutesProblem(text) == problem)
            #expect(ResourceRules.minutes(from: text) == minutes)
        }
    }
}
