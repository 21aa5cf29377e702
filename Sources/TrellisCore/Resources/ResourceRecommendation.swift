import Foundation

/// Which library resources to suggest to a community: those tagged with what the community is
/// working on — the buckets its root causes fall into, the challenges its members chose, the words
/// of its question — each with the reasons in plain words, so a suggestion can be judged, not trusted.
public enum ResourceRecommendation {
    public struct CommunityProfile: Sendable {
        /// Sorted root-cause notes per bucket; notes not yet sorted are not counted.
        public var notesByBucket: [RootCauseBucket: Int]
        /// Challenge key → how many members chose it.
        public var challengeChoices: [String: Int]
        /// Challenge key → title, for the reasons.
        public var challengeTitles: [String: String]
        public var memberCount: Int
        /// The community's how-might-we question, when it has one.
        public var question: String?

        public init(
            notesByBucket: [RootCauseBucket: Int], challengeChoices: [String: Int], challengeTitles: [String: String],
            memberCount: Int, question: String?
        ) {
            self.notesByBucket = notesByBucket
            self.challengeChoices = challengeChoices
            self.challengeTitles = challengeTitles
            self.memberCount = memberCount
            self.question = question
        }
    }

    public struct Candidate: Sendable {
        public var id: String
        public var title: String
        public var summary: String
        public var keywords: [String]
        public var buckets: [RootCauseBucket]
        /// Challenge keys.
        public var challenges: [String]

        public init(
            id: String, title: String, summary: String, keywords: [String], buckets: [RootCauseBucket],
            challenges: [String]
        ) {
            self.id = id
            self.title = title
            self.summary = summary
            self.keywords = keywords
            self.buckets = buckets
            self.challenges = challenges
        }
    }

    public struct Recommendation: Sendable, Equatable {
        public let id: String
        public let score: Double
        public let reasons: [String]

        public init(id: String, score: Double, reasons: [String]) {
            self.id = id
            self.score = score
            self.reasons = reasons
        }
    }

    /// How much the question's words count against one whole bucket or challenge.
    static let questionWeight = 0.5
    static let listedQuestionWords = 4

    /// Words too common in how-might-we questions to say what one is about.
    static let stopwords: Set<String> = [
        "how", "might", "we", "our", "that", "with", "they", "their", "this", "what", "when", "which", "where", "there",
        "these", "those", "them", "then", "than", "have", "from", "into", "about", "more", "most", "some", "such",
        "will", "would", "could", "should", "been", "were", "your", "ours", "make", "every", "other", "does", "also",
        "just", "very", "each", "both", "being", "because", "while", "even", "ever", "only", "over", "many", "much",
    ]

    /// The best `limit` candidates with a score above 0, best first; equal scores by title.
    public static func rank(
        _ candidates: [Candidate], for community: CommunityProfile, limit: Int = 10
    ) -> [Recommendation] {
        let questionWords = self.questionWords(community.question ?? "")
        let scored = candidates.compactMap { candidate -> (Recommendation, String)? in
            let recommendation = score(candidate, for: community, questionWords: questionWords)
            return recommendation.score > 0 ? (recommendation, candidate.title) : nil
        }
        return
            scored
            .sorted { a, b in
                if abs(a.0.score - b.0.score) > 1e-9 { return a.0.score > b.0.score }
                let (titleA, titleB) = (a.1.lowercased(), b.1.lowercased())
                return titleA != titleB ? titleA < titleB : a.0.id < b.0.id
            }
            .prefix(max(limit, 0))
            .map(\.0)
    }

    static func score(
        _ candidate: Candidate, for community: CommunityProfile, questionWords: [String]
    ) -> Recommendation {
        var score = 0.0
        var reasons: [String] = []

        let sortedNotes = RootCauseBucket.fourBuckets.reduce(0) { $0 + max(community.notesByBucket[$1] ?? 0, 0) }
        for bucket in unique(candidate.buckets) where bucket != .unsorted && sortedNotes > 0 {
            let notes = community.notesByBucket[bucket] ?? 0
            guard notes > 0 else { continue }
            score += Double(notes) / Double(sortedNotes)
            let verb = notes == 1 ? "is" : "are"
            reasons.append("\(notes) of your \(sortedNotes) notes \(verb) about \(bucket.title.lowercased())")
        }

        for challenge in unique(candidate.challenges) where community.memberCount > 0 {
            let choices = community.challengeChoices[challenge] ?? 0
            guard choices > 0 else { continue }
            score += Double(min(choices, community.memberCount)) / Double(community.memberCount)
            let title = community.challengeTitles[challenge] ?? challenge
            reasons.append("\(choices) \(choices == 1 ? "member" : "members") chose \(title)")
        }

        if !questionWords.isEmpty {
            let text = ([candidate.title, candidate.summary] + candidate.keywords).joined(separator: " ")
            let resourceStems = Set(SearchTerms.words(in: text).map { SearchTerms.stem(String($0)) })
            let shared = questionWords.filter { resourceStems.contains(SearchTerms.stem($0)) }
            if !shared.isEmpty {
                score += questionWeight * Double(shared.count) / Double(questionWords.count)
                reasons.append(
                    "Shares words with your question: \(shared.prefix(listedQuestionWords).joined(separator: ", "))")
            }
        }
        return Recommendation(id: candidate.id, score: score, reasons: reasons)
    }

    /// The question's words of four letters or more that say what it is about, lowercased, one per stem.
    static func questionWords(_ question: String) -> [String] {
        var words: [String] = []
        var stems: Set<String> = []
        for word in question.lowercased().split(whereSeparator: { !$0.isLetter }) where word.count >= 4 {
            let word = String(word)
            guard !stopwords.contains(word), stems.insert(SearchTerms.stem(word)).inserted else { continue }
            words.append(word)
        }
        return words
    }

    private static func unique<Element: Hashable>(_ elements: [Element]) -> [Element] {
        var seen: Set<Element> = []
        return elements.filter { seen.insert($0).inserted }
    }
}
