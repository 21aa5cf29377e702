import Foundation

/// What someone typed into the library's search box, as words: the same words make the database
/// query and mark the matches on the results page, so what is found is what is highlighted.
public struct SearchTerms: Sendable, Equatable {
    public static let termLimit = 10

    /// Lowercased words of letters and digits, in the order typed, without repeats.
    public let terms: [String]
    private let stems: [String]

    public init(_ query: String) {
        var terms: [String] = []
        for word in Self.words(in: query) {
            let term = word.lowercased()
            guard !terms.contains(term) else { continue }
            terms.append(term)
            if terms.count == Self.termLimit { break }
        }
        self.terms = terms
        self.stems = terms.map(Self.stem)
    }

    public var isEmpty: Bool { terms.isEmpty }

    /// An SQLite FTS5 query that finds rows holding every term as a word prefix. Each term is a
    /// quoted string, so nothing the person typed (quotes, NEAR, -, *, parentheses) is read as syntax.
    /// Empty when there are no terms, which FTS5 refuses: check `isEmpty` first.
    public var sqliteMatch: String {
        terms.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"*" }.joined(separator: " ")
    }

    public struct Segment: Sendable, Equatable {
        public let text: String
        public let isMatch: Bool

        public init(text: String, isMatch: Bool) {
            self.text = text
            self.isMatch = isMatch
        }
    }

    /// The text cut into runs that match and runs that do not; joined, they give the text back.
    public func highlight(_ text: String) -> [Segment] {
        var segments: [Segment] = []
        for (run, isWord) in Self.runs(in: text) {
            let isMatch = isWord && matches(run)
            if let last = segments.last, last.isMatch == isMatch {
                segments[segments.count - 1] = Segment(text: last.text + run, isMatch: isMatch)
            } else {
                segments.append(Segment(text: String(run), isMatch: isMatch))
            }
        }
        return segments
    }

    /// The distinct words of `texts` that match, lowercased, in order of first appearance.
    public func matchedWords(in texts: [String]) -> [String] {
        var found: [String] = []
        for text in texts {
            for word in Self.words(in: text) where matches(word) {
                let lowercased = word.lowercased()
                guard !found.contains(lowercased) else { continue }
                found.append(lowercased)
                if found.count == Self.termLimit { return found }
            }
        }
        return found
    }

    /// A word matches a term it starts with, as the database's prefix query does, or a term with
    /// the same stem, so "listening" finds "listen" and "walks" finds "walked".
    func matches(_ word: Substring) -> Bool {
        guard !terms.isEmpty else { return false }
        let lowercased = word.lowercased()
        if terms.contains(where: { lowercased.hasPrefix($0) }) { return true }
        return stems.contains(Self.stem(lowercased))
    }

    /// A light English stemmer: common endings off while one is left ("families" → "family" →
    /// "fami", as "family" → "fami"), then a final "e" and a doubled last letter, never leaving fewer
    /// than three letters. Both sides of a comparison go through it, so it only has to be
    /// consistent, not linguistically right.
    public static func stem(_ word: String) -> String {
        var stem = word.lowercased()
        for _ in 0..<3 {
            guard let shorter = withoutEnding(stem) else { break }
            stem = shorter
        }
        if stem.count > 3 && stem.hasSuffix("e") {
            stem.removeLast()
        }
        if stem.count > 3, let last = stem.last, stem.dropLast().last == last, !"aeiou".contains(last) {
            stem.removeLast()
        }
        return stem
    }

    private static let endings: [(ending: String, replacement: String)] = [
        ("ment", ""), ("ies", "y"), ("ing", ""), ("ly", ""), ("ed", ""), ("es", ""), ("s", ""),
    ]

    private static func withoutEnding(_ word: String) -> String? {
        for (ending, replacement) in endings where word.hasSuffix(ending) {
            if ending == "s" && word.hasSuffix("ss") { return nil }
            let base = word.dropLast(ending.count)
            guard base.count + replacement.count >= 3 else { continue }
            return base + replacement
        }
        return nil
    }

    /// Runs of letters and digits, the words.
    static func words(in text: String) -> [Substring] {
        runs(in: text).filter(\.isWord).map(\.run)
    }

    /// The text cut into alternating word and non-word runs, covering every character.
    static func runs(in text: String) -> [(run: Substring, isWord: Bool)] {
        var runs: [(run: Substring, isWord: Bool)] = []
        var start = text.startIndex
        var index = text.startIndex
        while index < text.endIndex {
            let isWord = isWordCharacter(text[index])
            var end = text.index(after: index)
            while end < text.endIndex, isWordCharacter(text[end]) == isWord {
                end = text.index(after: end)
            }
            runs.append((text[start..<end], isWord))
            start = end
            index = end
        }
        return runs
    }

    static func isWordCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber
    }
}
