/// Shared meeting notes, written in a small Markdown subset and shown as HTML on the meeting page.
///
/// Supported: paragraphs (each line break kept, as people type notes), `#`–`###` headings, `-`/`*`/`+`
/// and `1.` lists (one level), `**bold**`, `*italic*`, `` `code` ``, backslash escapes and
/// `[text](url)` links. Everything else is text: every character goes through `escape`, and the
/// only markup produced is the fixed set of tags written here, always closed, so notes cannot
/// inject HTML, script or attributes whatever they contain.
public enum MeetingNotes {
    public static func html(fromMarkdown markdown: String) -> String {
        blocks(markdown).map(render).joined(separator: "\n")
    }

    private enum Block {
        /// 1 to 3, rendered h3 to h5 so notes never compete with the page's h1 and h2.
        case heading(level: Int, text: Substring)
        case paragraph([Substring])
        case list(ordered: Bool, start: Int, items: [[Substring]])
    }

    private static func blocks(_ markdown: String) -> [Block] {
        var blocks: [Block] = []
        // The block being read, grown in place so a long paragraph or list is not copied per line.
        var paragraph: [Substring] = []
        var list: (ordered: Bool, start: Int, items: [[Substring]])?
        func close() {
            if !paragraph.isEmpty { blocks.append(.paragraph(paragraph)) }
            if let list { blocks.append(.list(ordered: list.ordered, start: list.start, items: list.items)) }
            paragraph = []
            list = nil
        }
        for line in markdown.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            let text = line.drop(while: { $0 == " " || $0 == "\t" })
            let indented = text.startIndex != line.startIndex
            if text.allSatisfy(\.isWhitespace) {
                close()
            } else if let heading = heading(text) {
                close()
                blocks.append(heading)
            } else if let (ordered, number, item) = listItem(text) {
                if list?.ordered != ordered {
                    close()
                    list = (ordered, number, [])
                }
                list?.items.append([trimmed(item)])
            } else if indented, let last = list?.items.indices.last {
                list?.items[last].append(trimmed(text))
            } else {
                if list != nil { close() }
                paragraph.append(trimmed(text))
            }
        }
        close()
        return blocks
    }

    private static func heading(_ text: Substring) -> Block? {
        let level = text.prefix(while: { $0 == "#" }).count
        let rest = text.dropFirst(level)
        guard (1...3).contains(level), let space = rest.first, space == " " || space == "\t",
            !rest.allSatisfy(\.isWhitespace)
        else { return nil }
        return .heading(level: level, text: trimmed(rest))
    }

    private static func listItem(_ text: Substring) -> (ordered: Bool, number: Int, text: Substring)? {
        if let marker = text.first, "-*+".contains(marker),
            text.dropFirst().first.map({ $0 == " " || $0 == "\t" }) == true
        {
            return (false, 1, text.dropFirst(2))
        }
        let digits = text.prefix(while: { $0.isASCII && $0.isNumber })
        let rest = text.dropFirst(digits.count)
        guard (1...9).contains(digits.count), let number = Int(digits), let marker = rest.first,
            marker == "." || marker == ")",
            rest.dropFirst().first.map({ $0 == " " || $0 == "\t" }) == true
        else { return nil }
        return (true, number, rest.dropFirst(2))
    }

    private static func trimmed(_ text: Substring) -> Substring {
        let start = text.drop(while: \.isWhitespace)
        return start.prefix(start.count - start.reversed().prefix(while: \.isWhitespace).count)
    }

    private static func render(_ block: Block) -> String {
        func inline(_ lines: [Substring]) -> String {
            MeetingNotes.inline(Array(lines.joined(separator: "\n").unicodeScalars), links: true)
        }
        switch block {
        case .heading(let level, let text):
            return "<h\(level + 2)>\(inline([text]))</h\(level + 2)>"
        case .paragraph(let lines):
            return "<p>\(inline(lines))</p>"
        case .list(let ordered, let start, let items):
            let tag = ordered ? "ol" : "ul"
            let opening = ordered && start != 1 ? "<ol start=\"\(start)\">" : "<\(tag)>"
            return ([opening] + items.map { "<li>\(inline($0))</li>" } + ["</\(tag)>"]).joined(separator: "\n")
        }
    }

    // MARK: - Inline

    private enum Piece {
        /// Escaped text and complete elements.
        case markup(String)
        /// An index into the delimiters, whose role is settled once the whole text has been read.
        case delimiter(Int)
    }

    private struct Delimiter {
        enum Role { case literal, opens, closes }
        let strong: Bool
        let canOpen: Bool
        let canClose: Bool
        var role = Role.literal
    }

    /// Reads left to right, then pairs `*` and `**` with a stack, so pairs always nest and every
    /// tag opened is closed; unpaired delimiters stay literal. Brackets and parentheses are matched
    /// up front, which keeps the whole pass linear: hostile notes cannot stall the page.
    private static func inline(_ s: [Unicode.Scalar], links: Bool) -> String {
        let links = links ? Links(s) : nil
        var pieces: [Piece] = []
        var delimiters: [Delimiter] = []
        var text = ""
        func flush() {
            if !text.isEmpty { pieces.append(.markup(text)) }
            text = ""
        }
        var i = 0
        while i < s.count {
            switch s[i] {
            case "\\" where i + 1 < s.count && isASCIIPunctuation(s[i + 1]):
                text += escape(s[(i + 1)...(i + 1)])
                i += 2
            case "`":
                let close = s[(i + 1)...].firstIndex(of: "`")
                if let close, close > i + 1 {
                    text += "<code>" + escape(s[(i + 1)..<close]) + "</code>"
                    i = close + 1
                } else {
                    text += close == nil ? "`" : "``"
                    i += close == nil ? 1 : 2
                }
            case "[":
                if let close = links?.brackets[i], let (url, end) = links?.destination(s, after: close) {
                    if isAllowed(url) {
                        let label = close > i + 1 ? inline(Array(s[(i + 1)..<close]), links: false) : escape(url)
                        text += "<a href=\"\(escape(url))\" rel=\"nofollow noopener\">\(label)</a>"
                    } else {
                        text += escape(s[i..<end])
                    }
                    i = end
                } else {
                    text += "["
                    i += 1
                }
            case "*":
                let end = s[i...].firstIndex(where: { $0 != "*" }) ?? s.count
                let canOpen = end < s.count && !s[end].properties.isWhitespace
                let canClose = i > 0 && !s[i - 1].properties.isWhitespace
                let run = end - i
                var kinds = Array(repeating: true, count: run / 2)
                // A closing run closes the inner `*` first; an opening run opens the outer `**` first.
                if run % 2 == 1 { canClose ? kinds.insert(false, at: 0) : kinds.append(false) }
                flush()
                for strong in kinds {
                    pieces.append(.delimiter(delimiters.count))
                    delimiters.append(Delimiter(strong: strong, canOpen: canOpen, canClose: canClose))
                }
                i = end
            case "\n":
                text += "<br>\n"
                i += 1
            default:
                text += escape(s[i...i])
                i += 1
            }
        }
        flush()
        pairEmphasis(pieces, &delimiters)
        return pieces.map { piece in
            switch piece {
            case .markup(let markup): return markup
            case .delimiter(let index):
                let delimiter = delimiters[index]
                let tag = delimiter.strong ? "strong" : "em"
                switch delimiter.role {
                case .literal: return delimiter.strong ? "**" : "*"
                case .opens: return "<\(tag)>"
                case .closes: return "</\(tag)>"
                }
            }
        }.joined()
    }

    /// A closer takes the nearest opener of its kind that is not right beside it (no empty
    /// emphasis); openers above that one can no longer pair, which is what keeps pairs nested.
    private static func pairEmphasis(_ pieces: [Piece], _ delimiters: inout [Delimiter]) {
        var stack: [(piece: Int, delimiter: Int)] = []
        var waiting = [true: 0, false: 0]
        for (position, piece) in pieces.enumerated() {
            guard case .delimiter(let index) = piece else { continue }
            let strong = delimiters[index].strong
            if delimiters[index].canClose, waiting[strong]! > 0,
                let found = stack.lastIndex(where: { delimiters[$0.delimiter].strong == strong }),
                stack[found].piece < position - 1
            {
                delimiters[stack[found].delimiter].role = .opens
                delimiters[index].role = .closes
                for dropped in stack[found...] { waiting[delimiters[dropped.delimiter].strong]! -= 1 }
                stack.removeSubrange(found...)
            } else if delimiters[index].canOpen {
                stack.append((position, index))
                waiting[strong]! += 1
            }
        }
    }

    /// Where each `[` and `(` closes, nesting counted and escaped ones ignored, and how many
    /// characters a URL cannot hold come before each position, so a link is checked in constant time.
    private struct Links {
        let brackets: [Int: Int]
        let parentheses: [Int: Int]
        let forbiddenBefore: [Int]

        init(_ s: [Unicode.Scalar]) {
            brackets = Self.matching(s, "[", "]")
            parentheses = Self.matching(s, "(", ")")
            var count = 0
            forbiddenBefore =
                [0]
                + s.map { scalar in
                    if scalar.properties.isWhitespace || scalar.value < 0x20 || scalar.value == 0x7F { count += 1 }
                    return count
                }
        }

        /// The `(url)` right after a link's `]`, with no spaces or control characters; returns the
        /// URL and the index after `)`.
        func destination(_ s: [Unicode.Scalar], after close: Int) -> (ArraySlice<Unicode.Scalar>, Int)? {
            guard close + 1 < s.count, s[close + 1] == "(", let end = parentheses[close + 1],
                forbiddenBefore[end] == forbiddenBefore[close + 2]
            else { return nil }
            return (s[(close + 2)..<end], end + 1)
        }

        private static func matching(_ s: [Unicode.Scalar], _ opening: Unicode.Scalar, _ closing: Unicode.Scalar)
            -> [Int: Int]
        {
            var matches: [Int: Int] = [:]
            var open: [Int] = []
            var i = 0
            while i < s.count {
                switch s[i] {
                case "\\": i += 1
                case opening: open.append(i)
                case closing: if let start = open.popLast() { matches[start] = i }
                default: break
                }
                i += 1
            }
            return matches
        }
    }

    /// Only web and mail links: `javascript:`, `data:`, `vbscript:`, relative and protocol-relative
    /// URLs all stay text.
    private static func isAllowed(_ url: ArraySlice<Unicode.Scalar>) -> Bool {
        let lowered = String(String.UnicodeScalarView(url)).lowercased()
        return ["https://", "http://", "mailto:"].contains { lowered.hasPrefix($0) && lowered.count > $0.count }
    }

    private static func isASCIIPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII && "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~".unicodeScalars.contains(scalar)
    }

    private static func escape(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        MarkupEscaping.escape(scalars: scalars)
    }
}
