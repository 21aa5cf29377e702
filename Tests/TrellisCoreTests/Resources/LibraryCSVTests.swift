import Testing

@testable import TrellisCore

extension ResourcesTests {
    @Suite("Library CSV")
    struct LibraryCSVTests {
        static let file = "resources.csv"
        static let challengeTitles = Dictionary(
            uniqueKeysWithValues: StandardChallenges.all.map { ($0.key, $0.title) })
        /// Lowercased key and lowercased title, both to the key, as the server builds it.
        static let challenges = Dictionary(
            StandardChallenges.all.flatMap { [($0.key, $0.key), ($0.title.lowercased(), $0.key)] },
            uniquingKeysWith: { first, _ in first })
        static let traits = ["Courage", "Listening", "Systems thinking"]

        static func parse(_ text: String) throws(RosterProblems) -> [LibraryCSV.Row] {
            try LibraryCSV.parse(text, file: file, challenges: challenges, traits: traits)
        }

        static func problems(_ text: String) -> [String] {
            do {
                _ = try parse(text)
                return []
            } catch {
                return error.problems.map(\.description)
            }
        }

        @Test("columns in any order and letter case, several values per cell, names made canonical")
        func parsesRows() throws {
            // setup
            let text = #"""
                Keywords,KIND,title,Buckets,challenges,traits,url,minutes,summary
                "Trust, walks; equity",video,Equity walks,Skills;knowledge;skills,biased-language;Interrupting Biased Language,listening; COURAGE,https://example.org/walks, 12 ,"A walk, with ""notes"""
                ,Example from a school,Family nights,,,,,,

                """#

            // MUT
            let rows = try Self.parse(text)

            // validation
            #expect(
                rows == [
                    LibraryCSV.Row(
                        line: 2, title: "Equity walks", kind: .video, url: "https://example.org/walks",
                        summary: "A walk, with \"notes\"", minutes: 12, buckets: [.skills, .knowledge],
                        challenges: ["biased-language"], traits: ["Listening", "Courage"],
                        keywords: ["trust", "walks", "equity"]),
                    LibraryCSV.Row(
                        line: 3, title: "Family nights", kind: .example, url: nil, summary: "", minutes: nil,
                        buckets: [],
                        challenges: [], traits: [], keywords: []),
                ])
        }

        @Test("only title and kind are required")
        func minimalHeader() throws {
            #expect(try Self.parse("kind,title\nreading,Primer\n").map(\.title) == ["Primer"])
        }

        @Test("every problem, with its file, line and column")
        func allProblems() {
            // setup
            let text = """
                title,kind,url,summary,minutes,buckets,challenges,traits,keywords
                Primer,reading,,,,,,,
                ,video,,,,,,,
                Clip,article,ftp://example.org,,ten,unsorted;Skills;money,funds-for-need;Recess,Courage;Humor,
                PRIMER,tool,https://,,0,,,,
                "Notes
                over lines",,,,601,,,,
                \(String(repeating: "x", count: 201)),podcast,,,,,,,
                """

            // MUT
            let found = Self.problems(text)

            // validation
            #expect(
                found == [
                    "resources.csv:3: title: is empty (every resource needs a title)",
                    "resources.csv:4: kind: \"article\" is not a kind (reading, video, podcast, protocol, tool, example)",
                    "resources.csv:4: url: a link must start with http:// or https://",
                    "resources.csv:4: minutes: \"ten\" is not a whole number of minutes",
                    "resources.csv:4: buckets: \"unsorted\" is not a bucket (resources, knowledge, skills, dispositions)",
                    "resources.csv:4: buckets: \"money\" is not a bucket (resources, knowledge, skills, dispositions)",
                    "resources.csv:4: challenges: \"Recess\" is not one of the district's challenges",
                    "resources.csv:4: traits: \"Humor\" is not one of the district's traits",
                    "resources.csv:5: title: \"PRIMER\" already appears on line 2",
                    "resources.csv:5: url: a link must name a website after http:// or https://",
                    "resources.csv:5: minutes: 0 minutes is out of range (expected 1 to 600)",
                    "resources.csv:6: kind: is empty (expected one of reading, video, podcast, protocol, tool, example)",
                    "resources.csv:6: minutes: 601 minutes is out of range (expected 1 to 600)",
                    "resources.csv:8: title: is 201 characters long (at most 200)",
                ])
        }

        @Test(
            "file-level problems",
            arguments: [
                (
                    "",
                    "resources.csv:1: no resources (the file is empty; expected the header title,kind,url,summary,minutes,buckets,challenges,traits,keywords)"
                ),
                (
                    "\n\n",
                    "resources.csv:1: no resources (the file is empty; expected the header title,kind,url,summary,minutes,buckets,challenges,traits,keywords)"
                ),
                ("title,kind\n", "resources.csv:1: no resources (expected a row below the header)"),
                (
                    "title,url\nPrimer,\n",
                    "resources.csv:1: missing column kind (every resource needs a title and a kind)"
                ),
                (
                    "name,type\n",
                    "resources.csv:1: name: is not a column (expected columns among title,kind,url,summary,minutes,buckets,challenges,traits,keywords)"
                ),
            ])
        func fileProblems(_ text: String, first: String) {
            #expect(Self.problems(text).first == first)
        }

        @Test("unknown and repeated columns are each named")
        func badColumns() {
            #expect(
                Self.problems("title,kind,notes,Title\nPrimer,reading,x,y\n") == [
                    "resources.csv:1: notes: is not a column (expected columns among title,kind,url,summary,minutes,buckets,challenges,traits,keywords)",
                    "resources.csv:1: Title: appears twice",
                ])
            #expect(
                Self.problems("title,kind\nPrimer,reading,extra\n") == ["resources.csv:2: expected 2 fields, found 3"])
        }

        @Test("a summary over the limit")
        func longSummary() {
            let summary = String(repeating: "y", count: ResourceRules.summaryLimit + 1)
            #expect(
                Self.problems("title,kind,summary\nPrimer,reading,\(summary)\n") == [
                    "resources.csv:2: summary: is 20001 characters long (at most 20000)"
                ])
        }

        @Test("the document reads back as the same rows")
        func roundTrip() throws {
            // setup
            let rows = [
                LibraryCSV.Row(
                    line: 2, title: "=Equity, \"walks\"", kind: .protocol, url: "https://example.org/a?b=1,2",
                    summary: "-Line one, with a comma\nline \"two\"\r\nline three", minutes: 45,
                    buckets: [.dispositions, .resources], challenges: ["biased-language", "operations"],
                    traits: ["Systems thinking"], keywords: ["walks", "équité"]),
                LibraryCSV.Row(
                    line: 5, title: "Écoles 🌱", kind: .example, url: nil, summary: "", minutes: nil, buckets: [],
                    challenges: [], traits: [], keywords: []),
            ]

            // MUT
            let document = LibraryCSV.document(rows, challengeTitles: Self.challengeTitles)
            let parsed = try Self.parse(document)

            // validation
            #expect(document.hasPrefix("title,kind,url,summary,minutes,buckets,challenges,traits,keywords\r\n"))
            #expect(parsed == rows)
        }

        @Test("challenges the district no longer has are left out of the document")
        func unknownChallenges() throws {
            let row = LibraryCSV.Row(
                line: 2, title: "Primer", kind: .reading, url: nil, summary: "", minutes: nil, buckets: [],
                challenges: ["retired", "operations"], traits: [], keywords: [])

            let document = LibraryCSV.document([row], challengeTitles: Self.challengeTitles)

            #expect(try Self.parse(document).first?.challenges == ["operations"])
        }
    }
}
