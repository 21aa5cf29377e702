/// The board and the questions as files a community keeps: CSV for a spreadsheet, Markdown for
/// notes and reports.
///
/// Exports leave the room, so they hold what the community decided, not who said what: no note
/// carries its writer, and no vote its voter. A note still hidden from the viewer is left out.
public enum InquiryExport {
    /// One row per note, in board order: `bucket,position,note`, positions counted from 1.
    public static func boardCSV(_ board: InquiryBoard, seenBy viewer: BoardParticipant) -> String {
        csv(
            header: ["bucket", "position", "note"],
            rows: board.readableNotes(by: viewer).map { [$0.bucket.title, String($0.position + 1), $0.text] })
    }

    /// A heading per bucket with its notes as bullets; every one of the four buckets appears, even
    /// when empty, and the unsorted pile only when it holds notes.
    public static func boardMarkdown(
        _ board: InquiryBoard, seenBy viewer: BoardParticipant, title: String = "Root causes"
    ) -> String {
        let notes = board.readableNotes(by: viewer)
        var lines = ["# \(markdownText(title))"]
        for bucket in RootCauseBucket.allCases {
            let inBucket = notes.filter { $0.bucket == bucket }
            if bucket == .unsorted && inBucket.isEmpty { continue }
            lines += ["", "## \(bucket.title)", "", "_\(bucket.summary)_", ""]
            lines += inBucket.isEmpty ? ["No notes."] : inBucket.map { "- \(markdownText($0.text))" }
        }
        let hidden = board.notes(seenBy: viewer).count { $0.isHidden(from: viewer.id) }
        if hidden > 0 {
            lines += [
                "", "_\(hidden) \(hidden == 1 ? "note is" : "notes are") hidden until the facilitator reveals them._",
            ]
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `question,dots,buckets,adopted`: ranked by the tally when the vote has closed (dots left
    /// blank before), otherwise in the order drafted.
    public static func questionsCSV(
        _ questions: [DraftedQuestion], tally: DotVoteTally? = nil, adoptedID: String? = nil
    ) -> String {
        csv(
            header: ["question", "dots", "buckets", "adopted"],
            rows: ranked(questions, tally).map { question in
                [
                    question.text, tally.map { String($0.votes(for: question.id)) } ?? "",
                    question.buckets.map(\.title).joined(separator: "; "), question.id == adoptedID ? "yes" : "",
                ]
            })
    }

    /// A bullet per question, in the same order as `questionsCSV`, with its votes, buckets and
    /// whether the community adopted it.
    public static func questionsMarkdown(
        _ questions: [DraftedQuestion], tally: DotVoteTally? = nil, adoptedID: String? = nil,
        title: String = "How might we … questions"
    ) -> String {
        var lines = ["# \(markdownText(title))", ""]
        lines += ranked(questions, tally).map { question in
            var details: [String] = []
            if let votes = tally?.votes(for: question.id) { details.append("\(votes) dot\(votes == 1 ? "" : "s")") }
            if !question.buckets.isEmpty { details.append(question.buckets.map(\.title).joined(separator: ", ")) }
            if question.id == adoptedID { details.append("**our yearlong question**") }
            return "- \(markdownText(question.text))"
                + (details.isEmpty ? "" : " — " + details.joined(separator: " · "))
        }
        if questions.isEmpty { lines.append("No questions drafted yet.") }
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: - CSV

    static func csv(header: [String], rows: [[String]]) -> String { CSVText.document(header: header, rows: rows) }

    static func csvField(_ text: String) -> String { CSVText.field(text) }

    // MARK: - Markdown

    /// The text on one line, with a backslash before each character Markdown would read as markup
    /// there, so a note about "*all* students" or "[Title I]" reads as written in any Markdown viewer,
    /// and a plain "Q&A" or "1.5 hours" stays as it was typed.
    static func markdownText(_ text: String) -> String {
        let characters = Array(InquiryText.normalised(text))
        var escaped = ""
        for (index, character) in characters.enumerated() {
            let markup =
                "\\`*_[]<".contains(character)
                // an entity such as &amp; or &#169;
                || (character == "&" && isEntity(characters[(index + 1)...]))
                // strikethrough (one tilde is enough for some viewers)
                || character == "~"
            if markup { escaped.append("\\") }
            escaped.append(character)
        }
        // Markers that start a heading, a list, a rule or a quote matter only at the start.
        if let first = characters.first, "#+->".contains(first) {
            escaped.insert("\\", at: escaped.startIndex)
        }
        let digits = escaped.prefix(while: { $0.isASCII && $0.isNumber })
        let rest = escaped.dropFirst(digits.count)
        if !digits.isEmpty, let marker = rest.first, marker == "." || marker == ")",
            rest.dropFirst().first == nil || rest.dropFirst().first == " "
        {
            escaped.insert("\\", at: escaped.index(escaped.startIndex, offsetBy: digits.count))
        }
        return escaped
    }

    private static func isEntity(_ rest: ArraySlice<Character>) -> Bool {
        let name = rest.prefix(while: { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "#") })
        return !name.isEmpty && rest.dropFirst(name.count).first == ";"
    }

    // MARK: - Order

    /// By place in the tally, then in drafting order (questions drafted after the vote come last).
    private static func ranked(_ questions: [DraftedQuestion], _ tally: DotVoteTally?) -> [DraftedQuestion] {
        guard let tally else { return questions }
        let places = Dictionary(tally.rows.map { ($0.questionID, $0.place) }, uniquingKeysWith: min)
        return questions.enumerated().sorted {
            (places[$0.element.id] ?? Int.max, $0.offset) < (places[$1.element.id] ?? Int.max, $1.offset)
        }.map(\.element)
    }
}
