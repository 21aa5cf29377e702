/// The rule for a community's drafted questions: each begins "How might we …", the stem the
/// article uses so that a question opens up expansive thinking instead of naming a fix.
public enum HowMightWe {
    public static let stem = "How might we"
    /// Fewer words than this after the stem cannot say what the community wants to change.
    public static let minimumWords = 3
    /// Short enough to read on a card, on every agenda and on the community's home page.
    public static let maximumLength = 280
    public static let example = "How might we help families see our school as theirs?"

    /// The question as Trellis keeps it, or what to fix.
    ///
    /// Forgiving about typing: whitespace collapses to single spaces, quotes around the whole draft
    /// are dropped, the stem may be in any case and may be written "How might we…" or "How might
    /// we..." as in the article. Strict about meaning: "we" must end a word ("How might weave" is
    /// not the stem) and at least `minimumWords` words must follow. The kept text starts exactly
    /// "How might we" and ends with one "?" whatever the draft ended with, so every question reads
    /// as a question; its length, question mark included, is what `maximumLength` limits.
    /// Validating a kept question returns it unchanged.
    public static func validate(_ draft: String) -> Result<String, HowMightWeProblem> {
        var text = Substring(InquiryText.normalised(draft))
        let opening = text.prefix(while: { quotes.contains($0) || $0 == " " })
        var closingQuotes = opening.count(where: { quotes.contains($0) })
        text = text.dropFirst(opening.count)
        guard text.prefix(stem.count).lowercased() == stem.lowercased() else { return .failure(.missingStem) }
        var rest = text.dropFirst(stem.count)
        if let next = rest.first, next.isLetter || next.isNumber { return .failure(.missingStem) }
        // The article's "How might we…": the dots mark the stem and are not part of the question.
        let ellipsis = rest.prefix(while: { $0 == "…" || $0 == "." })
        rest = rest.dropFirst(ellipsis.count)
        let spaced = !ellipsis.isEmpty || rest.first == " "
        rest = rest.drop(while: { $0 == " " })
        // Only as many closing quotes as opening ones, so "‘equity’" inside the question survives.
        while let last = rest.last {
            if endings.contains(last) || last == " " {
                rest = rest.dropLast()
            } else if quotes.contains(last) && closingQuotes > 0 {
                rest = rest.dropLast()
                closingQuotes -= 1
            } else {
                break
            }
        }
        let words = rest.split(separator: " ").count(where: { $0.contains(where: { $0.isLetter || $0.isNumber }) })
        guard words >= minimumWords else { return .failure(.tooShort(words: words, minimum: minimumWords)) }
        let question = stem + (spaced ? " " : "") + rest + "?"
        guard question.count <= maximumLength else {
            return .failure(.tooLong(characters: question.count, maximum: maximumLength))
        }
        return .success(question)
    }

    private static let quotes: Set<Character> = ["\"", "'", "“", "”", "„", "‟", "‘", "’", "‚", "‛", "«", "»", "‹", "›"]
    private static let endings: Set<Character> = ["?", ".", "…", "!", ",", ";", ":"]
}

/// Why a draft cannot be kept as a question, in words that say how to fix it. The draft itself is
/// never thrown away: the form shows it again beside the message.
public enum HowMightWeProblem: Error, Sendable, Hashable, CustomStringConvertible {
    case missingStem
    /// `words` counts the words after "How might we".
    case tooShort(words: Int, minimum: Int)
    /// `characters` counts the question as it would be kept, question mark included.
    case tooLong(characters: Int, maximum: Int)

    public var description: String {
        switch self {
        case .missingStem:
            "Start with \"How might we …\" — for example: \"\(HowMightWe.example)\""
        case .tooShort(0, _):
            "Finish the question after \"How might we\" — for example: \"\(HowMightWe.example)\""
        case .tooShort(let words, let minimum):
            "Say a little more after \"How might we\": at least \(minimum) words about what you want to change "
                + "(this draft has \(words))."
        case .tooLong(let characters, let maximum):
            "Keep the question to \(maximum) characters; this one has \(characters), counting its question mark. "
                + "Shorten it by \(characters - maximum)."
        }
    }
}
