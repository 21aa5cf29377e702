import Testing

@testable import TrellisCore

extension InquiryTests {
    @Suite("How might we")
    struct HowMightWeTests {
        static let welcome = "How might we help families feel welcome?"
        /// 279 characters before the question mark Trellis adds.
        static let longest = "How might we help families feel welcome " + String(repeating: "x", count: 239)
        static let oneTooLong = longest + "x"

        @Test(
            "drafts that are kept, and how",
            arguments: [
                (HowMightWe.example, HowMightWe.example),
                ("   How might we help families feel welcome?", welcome),
                ("how might we help families feel welcome", welcome),
                ("HOW MIGHT WE help families feel welcome?", welcome),
                ("How might we help families feel welcome.", welcome),
                ("How might we help families feel welcome??", welcome),
                ("How might we help families feel welcome …", welcome),
                ("How  might\nwe\t help\r\n families   feel welcome?", welcome),
                ("\u{00A0}How might we help families feel welcome?\u{00A0}", welcome),
                ("“How might we help families feel welcome?”", welcome),
                ("“How might we help families feel welcome”?", welcome),
                ("\"How might we help families feel welcome\"", welcome),
                ("‘how might we help families feel welcome’", welcome),
                ("« How might we help families feel welcome ? »", welcome),
                ("How might we… help families feel welcome?", welcome),
                ("How might we…help families feel welcome?", welcome),
                ("How might we... help families feel welcome?", welcome),
                (
                    "How might we, as leaders, interrupt biased language?",
                    "How might we, as leaders, interrupt biased language?"
                ),
                (
                    "How might we talk about ‘equity’ with families?",
                    "How might we talk about ‘equity’ with families?"
                ),
                (
                    "“How might we talk with families about ‘equity’”",
                    "How might we talk with families about ‘equity’?"
                ),
                (
                    "How might we shift a school culture to check our implicit biases and hold each other "
                        + "mutually accountable?",
                    "How might we shift a school culture to check our implicit biases and hold each other "
                        + "mutually accountable?"
                ),
                ("How might we use PTA funds equitably?", "How might we use PTA funds equitably?"),
                (longest, longest + "?"),
            ])
        func kept(draft: String, question: String) throws {
            #expect(HowMightWe.validate(draft) == .success(question))
            #expect(HowMightWe.validate(question) == .success(question), "a kept question passes again unchanged")
            #expect(question.count <= HowMightWe.maximumLength)
        }

        @Test(
            "drafts that are refused, and why",
            arguments: [
                ("", HowMightWeProblem.missingStem),
                ("   \n ", .missingStem),
                ("Help families feel welcome", .missingStem),
                ("Howmightwe help families feel welcome?", .missingStem),
                ("How mightwe help families feel welcome?", .missingStem),
                ("How might weave families into our school?", .missingStem),
                ("How might we2 help families?", .missingStem),
                ("How can we help families feel welcome?", .missingStem),
                ("We might help families feel welcome. How might we?", .missingStem),
                ("How might we?", .tooShort(words: 0, minimum: 3)),
                ("how might we", .tooShort(words: 0, minimum: 3)),
                ("How might we…", .tooShort(words: 0, minimum: 3)),
                ("“How might we …”", .tooShort(words: 0, minimum: 3)),
                ("How might we ? ! …", .tooShort(words: 0, minimum: 3)),
                ("How might we help?", .tooShort(words: 1, minimum: 3)),
                ("How might we help — families?", .tooShort(words: 2, minimum: 3)),
                (oneTooLong, .tooLong(characters: 281, maximum: 280)),
                ("How might we " + String(repeating: "x ", count: 200), .tooLong(characters: 413, maximum: 280)),
            ])
        func refused(draft: String, problem: HowMightWeProblem) {
            #expect(HowMightWe.validate(draft) == .failure(problem))
        }

        @Test("every problem says what to do")
        func messages() {
            #expect(
                HowMightWeProblem.missingStem.description
                    == #"Start with "How might we …" — for example: "How might we help families see our school as theirs?""#
            )
            #expect(
                HowMightWeProblem.tooShort(words: 0, minimum: 3).description
                    == #"Finish the question after "How might we" — for example: "How might we help families see our school as theirs?""#
            )
            #expect(
                HowMightWeProblem.tooShort(words: 1, minimum: 3).description
                    == #"Say a little more after "How might we": at least 3 words about what you want to change (this draft has 1)."#
            )
            #expect(
                HowMightWeProblem.tooLong(characters: 301, maximum: 280).description
                    == "Keep the question to 280 characters; this one has 301, counting its question mark. Shorten it by 21."
            )
        }

        @Test("a drafted question keeps the kept text, and refuses what validation refuses")
        func draftedQuestion() throws {
            let question = try DraftedQuestion(
                id: "q1", draft: "  how might we help families feel welcome", authorID: "kim", buckets: [.knowledge])
            #expect(question.text == Self.welcome)
            #expect(question.buckets == [.knowledge] && question.noteIDs.isEmpty)
            #expect(throws: HowMightWeProblem.missingStem) {
                try DraftedQuestion(id: "q2", draft: "Families should feel welcome", authorID: "kim")
            }
        }

        @Test("the buckets, in board order, each with a title and a line for the page")
        func buckets() {
            #expect(RootCauseBucket.allCases == [.unsorted, .resources, .knowledge, .skills, .dispositions])
            #expect(RootCauseBucket.fourBuckets.map(\.title) == ["Resources", "Knowledge", "Skills", "Dispositions"])
            #expect(RootCauseBucket.resources.summary.contains("Time, money, people and materials"))
            #expect(RootCauseBucket.dispositions.summary.contains("beliefs, mindsets and habits"))
            #expect(RootCauseBucket.allCases.allSatisfy { !$0.title.isEmpty && $0.summary.hasSuffix(".") })
            #expect(RootCauseBucket(rawValue: "skills") == .skills)
        }
    }
}
