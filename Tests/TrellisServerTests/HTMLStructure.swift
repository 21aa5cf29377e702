/// What a browser's HTML tokenizer makes of a page: every start tag with its attribute names, read
/// the way the WHATWG tokenizer reads them (tag names start with an ASCII letter; attribute names end
/// at whitespace, `/`, `>` or `=`; values are double-quoted, single-quoted or unquoted; comments,
/// doctypes and the raw text of `script`, `style`, `textarea` and `title` are skipped). A value that
/// escaped its attribute or its text shows up here as an element or an attribute the page does not
/// otherwise have.
struct HTMLStructure: Equatable {
    struct Tag: Hashable, CustomStringConvertible {
        let name: String
        let attributes: [String]

        var description: String { "<\(name) \(attributes.joined(separator: " "))>" }
    }

    private(set) var tags: [Tag] = []

    /// Element and attribute pairs, e.g. `input[autofocus]`, and bare element names.
    var vocabulary: Set<String> {
        var words = Set<String>()
        for tag in tags {
            words.insert(tag.name)
            for attribute in tag.attributes { words.insert("\(tag.name)[\(attribute)]") }
        }
        return words
    }

    init(_ html: String) {
        let s = Array(html.unicodeScalars)
        var i = 0
        func isLetter(_ c: Unicode.Scalar) -> Bool { c.isASCII && (("a"..."z").contains(c) || ("A"..."Z").contains(c)) }
        func isSpace(_ c: Unicode.Scalar) -> Bool { c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\u{0C}" }
        func skip(past marker: String) {
            let m = Array(marker.unicodeScalars)
            while i < s.count {
                if s[i...].starts(with: m) {
                    i += m.count
                    return
                }
                i += 1
            }
        }
        while i < s.count {
            guard s[i] == "<" else {
                i += 1
                continue
            }
            if s[i...].starts(with: Array("<!--".unicodeScalars)) {
                i += 4
                skip(past: "-->")
                continue
            }
            if i + 1 < s.count, s[i + 1] == "!" || s[i + 1] == "?" {
                skip(past: ">")
                continue
            }
            let isEnd = i + 1 < s.count && s[i + 1] == "/"
            let nameStart = i + (isEnd ? 2 : 1)
            guard nameStart < s.count, isLetter(s[nameStart]) else {
                i += 1
                continue
            }
            i = nameStart
            var name = ""
            while i < s.count, !isSpace(s[i]), s[i] != "/", s[i] != ">" {
                name.unicodeScalars.append(s[i])
                i += 1
            }
            name = name.lowercased()
            var attributes: [String] = []
            while i < s.count, s[i] != ">" {
                if isSpace(s[i]) || s[i] == "/" {
                    i += 1
                    continue
                }
                var attribute = ""
                // The first character of a name may be `=`; after it, `=` ends the name.
                repeat {
                    attribute.unicodeScalars.append(s[i])
                    i += 1
                } while i < s.count && !isSpace(s[i]) && s[i] != "/" && s[i] != ">" && s[i] != "="
                while i < s.count, isSpace(s[i]) { i += 1 }
                if i < s.count, s[i] == "=" {
                    i += 1
                    while i < s.count, isSpace(s[i]) { i += 1 }
                    if i < s.count, s[i] == "\"" || s[i] == "'" {
                        let quote = s[i]
                        i += 1
                        while i < s.count, s[i] != quote { i += 1 }
                        i += 1
                    } else {
                        while i < s.count, !isSpace(s[i]), s[i] != ">" { i += 1 }
                    }
                }
                attributes.append(attribute.lowercased())
            }
            i += 1
            guard !isEnd else { continue }
            tags.append(Tag(name: name, attributes: attributes))
            if ["script", "style", "textarea", "title"].contains(name) {
                // Raw text and RCDATA end only at their own end tag.
                while i < s.count {
                    if s[i] == "<", i + 1 < s.count, s[i + 1] == "/",
                        String(String.UnicodeScalarView(s[(i + 2)..<min(s.count, i + 2 + name.count)])).lowercased()
                            == name
                    {
                        break
                    }
                    i += 1
                }
            }
        }
    }
}
