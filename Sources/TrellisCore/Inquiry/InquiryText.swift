/// Text as people type it into a note or a question, made to sit on one line: every run of
/// whitespace (line breaks included) becomes one space, the ends are trimmed and control
/// characters are dropped, so a pasted draft reads the same on a card, an agenda and an export.
enum InquiryText {
    static func normalised(_ text: String) -> String {
        var result = ""
        var pendingSpace = false
        for character in text {
            if character.isWhitespace {
                pendingSpace = !result.isEmpty
            } else if !character.unicodeScalars.allSatisfy({ $0.properties.generalCategory == .control }) {
                if pendingSpace { result.append(" ") }
                pendingSpace = false
                result.append(character)
            }
        }
        return result
    }
}
