import Testing

@testable import TrellisCore

extension ResourcesTests {
    @Suite("Resource recommendations")
    struct ResourceRecommendationTests {
        typealias Profile = ResourceRecommendation.CommunityProfile
        typealias Candidate = ResourceRecommendation.Candidate

        static let titles = [
            "biased-language": "Interrupting biased language",
            "inclusive-families": "Signalling to families that we are an inclusive school",
        ]

        static func candidate(
            _ id: String, title: String? = nil, summary: String = "", keywords: [String] = [],
            buckets: [RootCauseBucket] = [], challenges: [String] = []
        ) -> Candidate {
            Candidate(
                id: id, title: title ?? id, summary: summary, keywords: keywords, buckets: buckets,
                challenges: challenges)
        }

        static let library: [Candidate] = [
            candidate("skills-guide", title: "Coaching protocol", buckets: [.skills]),
            candidate("knowledge-guide", title: "History primer", buckets: [.knowledge, .unsorted]),
            candidate("language", title: "Scripts for hard moments", challenges: ["biased-language"]),
            candidate(
                "families", title: "Family listening tour", summary: "Building trust with every family.",
                keywords: ["home visits"], challenges: ["inclusive-families"]),
            candidate("nothing", title: "Unrelated", summary: "Budget spreadsheets"),
        ]

        struct Case: Sendable, CustomTestStringConvertible {
            let name: String
            let profile: Profile
            let limit: Int
            /// (id, score, reasons), best first.
            let expected: [(String, Double, [String])]
            var testDescription: String { name }
        }

        static let cases: [Case] = [
            Case(
                name: "buckets weigh by the share of sorted notes; unsorted notes do not count",
                profile: Profile(
                    notesByBucket: [.skills: 3, .knowledge: 1, .resources: 7, .unsorted: 40], challengeChoices: [:],
                    challengeTitles: titles, memberCount: 5, question: nil),
                limit: 10,
                expected: [
                    ("skills-guide", 3.0 / 11, ["3 of your 11 notes are about skills"]),
                    ("knowledge-guide", 1.0 / 11, ["1 of your 11 notes is about knowledge"]),
                ]),
            Case(
                name: "challenges weigh by the share of members who chose them; a missing title falls back to the key",
                profile: Profile(
                    notesByBucket: [:], challengeChoices: ["biased-language": 4, "inclusive-families": 1],
                    challengeTitles: ["biased-language": "Interrupting biased language"], memberCount: 5, question: ""),
                limit: 10,
                expected: [
                    ("language", 0.8, ["4 members chose Interrupting biased language"]),
                    ("families", 0.2, ["1 member chose inclusive-families"]),
                ]),
            Case(
                name: "question words, stemmed, from title, summary and keywords",
                profile: Profile(
                    notesByBucket: [:], challengeChoices: [:], challengeTitles: titles, memberCount: 0,
                    question: "How might we build trust with our families through home visits?"),
                limit: 10,
                expected: [
                    (
                        "families", 0.5 * 5 / 6,
                        ["Shares words with your question: build, trust, families, home"]
                    )
                ]),
            Case(
                name: "an empty community recommends nothing",
                profile: Profile(
                    notesByBucket: [:], challengeChoices: [:], challengeTitles: [:], memberCount: 0, question: nil),
                limit: 10,
                expected: []),
            Case(
                name: "all three reasons in order, and the limit",
                profile: Profile(
                    notesByBucket: [.skills: 2, .knowledge: 2],
                    challengeChoices: ["inclusive-families": 2, "biased-language": 2],
                    challengeTitles: titles, memberCount: 4, question: "Which families feel welcome?"),
                limit: 3,
                expected: [
                    (
                        "families", 0.5 + 0.5 / 3,
                        [
                            "2 members chose Signalling to families that we are an inclusive school",
                            "Shares words with your question: families",
                        ]
                    ),
                    ("skills-guide", 0.5, ["2 of your 4 notes are about skills"]),
                    ("knowledge-guide", 0.5, ["2 of your 4 notes are about knowledge"]),
                ]),
            Case(
                name: "equal scores go by title",
                profile: Profile(
                    notesByBucket: [.skills: 1, .knowledge: 1], challengeChoices: ["biased-language": 1],
                    challengeTitles: titles, memberCount: 2, question: nil),
                limit: 10,
                expected: [
                    ("skills-guide", 0.5, ["1 of your 2 notes is about skills"]),
                    ("knowledge-guide", 0.5, ["1 of your 2 notes is about knowledge"]),
                    ("language", 0.5, ["1 member chose Interrupting biased language"]),
                ]),
        ]

        @Test("ranking", arguments: cases)
        func rank(_ testCase: Case) {
            // MUT
            let ranked = ResourceRecommendation.rank(Self.library, for: testCase.profile, limit: testCase.limit)

            // validation
            #expect(ranked.map(\.id) == testCase.expected.map(\.0))
            #expect(ranked.map(\.reasons) == testCase.expected.map(\.2))
            for (recommendation, expected) in zip(ranked, testCase.expected) {
                #expect(abs(recommendation.score - expected.1) < 1e-9, "\(recommendation.id)")
            }
        }

        @Test("question words leave out short words and stopwords, one per stem")
        func questionWords() {
            #expect(
                ResourceRecommendation.questionWords("How might WE help our families, every family, and their trust?")
                    == ["help", "families", "trust"])
            #expect(ResourceRecommendation.questionWords("") == [])
        }

        @Test("at most four question words are named, and repeated tags count once")
        func reasonLimits() {
            let profile = Profile(
                notesByBucket: [.skills: 1], challengeChoices: [:], challengeTitles: [:], memberCount: 0,
                question: "teachers listening families trust equity")
            let candidate = Self.candidate(
                "all", summary: "teacher listens to family; trusted equity", buckets: [.skills, .skills])

            let ranked = ResourceRecommendation.rank([candidate], for: profile)

            #expect(
                ranked == [
                    ResourceRecommendation.Recommendation(
                        id: "all", score: 1.5,
                        reasons: [
                            "1 of your 1 notes is about skills",
                            "Shares words with your question: teachers, listening, families, trust",
                        ])
                ])
        }
    }
}
