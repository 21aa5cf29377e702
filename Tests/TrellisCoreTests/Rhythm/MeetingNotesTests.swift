import Foundation
import Testing

@testable import TrellisCore

extension RhythmTests {
    @Suite("Meeting notes")
    struct MeetingNotesTests {
        static let link = #"rel="nofollow noopener""#

        @Test(
            "the Markdown subset",
            arguments: [
                ("Hello", "<p>Hello</p>"),
                ("one\ntwo", "<p>one<br>\ntwo</p>"),
                ("one\r\ntwo\n\n\nthree", "<p>one<br>\ntwo</p>\n<p>three</p>"),
                ("  spaced  ", "<p>spaced</p>"),
                ("", ""),
                ("\n \n", ""),
                ("# Norms", "<h3>Norms</h3>"),
                ("## Norms", "<h4>Norms</h4>"),
                ("### Norms ", "<h5>Norms</h5>"),
                ("#### Norms", "<p>#### Norms</p>"),
                ("#hashtag", "<p>#hashtag</p>"),
                ("# ", "<p>#</p>"),
                ("Intro\n# Heading\ntext", "<p>Intro</p>\n<h3>Heading</h3>\n<p>text</p>"),
                ("- one\n- two\n* three", "<ul>\n<li>one</li>\n<li>two</li>\n<li>three</li>\n</ul>"),
                ("1. one\n2) two", "<ol>\n<li>one</li>\n<li>two</li>\n</ol>"),
                ("3. three\n4. four", "<ol start=\"3\">\n<li>three</li>\n<li>four</li>\n</ol>"),
                ("- one\n  continued\n- two", "<ul>\n<li>one<br>\ncontinued</li>\n<li>two</li>\n</ul>"),
                ("- bullet\n1. number", "<ul>\n<li>bullet</li>\n</ul>\n<ol>\n<li>number</li>\n</ol>"),
                ("Text\n- item\nafter", "<p>Text</p>\n<ul>\n<li>item</li>\n</ul>\n<p>after</p>"),
                ("-not a list", "<p>-not a list</p>"),
                ("1.5 hours", "<p>1.5 hours</p>"),
                (
                    "**bold** and *italic* and `code`",
                    "<p><strong>bold</strong> and <em>italic</em> and <code>code</code></p>"
                ),
                ("***both***", "<p><strong><em>both</em></strong></p>"),
                ("*a **b** c*", "<p><em>a <strong>b</strong> c</em></p>"),
                ("**a *b* c**", "<p><strong>a <em>b</em> c</strong></p>"),
                ("**two\nlines**", "<p><strong>two<br>\nlines</strong></p>"),
                ("2 * 3 * 4", "<p>2 * 3 * 4</p>"),
                ("snake*case*word", "<p>snake<em>case</em>word</p>"),
                ("****", "<p>****</p>"),
                ("\\*not italic\\*", "<p>*not italic*</p>"),
                ("`**not bold**`", "<p><code>**not bold**</code></p>"),
                ("`<b>` in code", "<p><code>&lt;b&gt;</code> in code</p>"),
                ("``", "<p>``</p>"),
                ("- **Bold** item", "<ul>\n<li><strong>Bold</strong> item</li>\n</ul>"),
                ("# *Big* idea", "<h3><em>Big</em> idea</h3>"),
                ("[site](https://example.org)", "<p><a href=\"https://example.org\" \(link)>site</a></p>"),
                ("[site](HTTP://example.org)", "<p><a href=\"HTTP://example.org\" \(link)>site</a></p>"),
                ("[mail](mailto:kim@example.org)", "<p><a href=\"mailto:kim@example.org\" \(link)>mail</a></p>"),
                (
                    "[**Agenda**](https://e.org/a)",
                    "<p><a href=\"https://e.org/a\" \(link)><strong>Agenda</strong></a></p>"
                ),
                ("[](https://e.org)", "<p><a href=\"https://e.org\" \(link)>https://e.org</a></p>"),
                (
                    "[wiki](https://en.wikipedia.org/wiki/Trust_(social_science))",
                    "<p><a href=\"https://en.wikipedia.org/wiki/Trust_(social_science)\" \(link)>wiki</a></p>"
                ),
                ("[q](https://e.org/?a=1&b=2)", "<p><a href=\"https://e.org/?a=1&amp;b=2\" \(link)>q</a></p>"),
                ("[relative](/meetings/7)", "<p>[relative](/meetings/7)</p>"),
                ("[bare](https://)", "<p>[bare](https://)</p>"),
                ("[not a link] (https://e.org)", "<p>[not a link] (https://e.org)</p>"),
                ("[a [b] c](https://e.org)", "<p><a href=\"https://e.org\" \(link)>a [b] c</a></p>"),
                (
                    "[[x](https://a.org)](https://b.org)",
                    "<p><a href=\"https://b.org\" \(link)>[x](https://a.org)</a></p>"
                ),
                ("[unclosed(https://e.org)", "<p>[unclosed(https://e.org)</p>"),
                ("[x](https://e.org", "<p>[x](https://e.org</p>"),
                ("\\[x](https://e.org)", "<p>[x](https://e.org)</p>"),
            ])
        func subset(markdown: String, html: String) {
            #expect(MeetingNotes.html(fromMarkdown: markdown) == html)
        }

        @Test(
            "hostile notes come out as inert text",
            arguments: [
                ("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"),
                ("<img src=x onerror=alert(1)>", "<p>&lt;img src=x onerror=alert(1)&gt;</p>"),
                ("<a href='x'>y</a>", "<p>&lt;a href=&#39;x&#39;&gt;y&lt;/a&gt;</p>"),
                ("\"><svg onload=alert(1)>", "<p>&quot;&gt;&lt;svg onload=alert(1)&gt;</p>"),
                ("# <b>x</b>", "<h3>&lt;b&gt;x&lt;/b&gt;</h3>"),
                ("- <i>x</i>", "<ul>\n<li>&lt;i&gt;x&lt;/i&gt;</li>\n</ul>"),
                ("&lt;script&gt; &amp; &#60;", "<p>&amp;lt;script&amp;gt; &amp;amp; &amp;#60;</p>"),
                ("[x](javascript:alert(1))", "<p>[x](javascript:alert(1))</p>"),
                ("[x](JaVaScRiPt:alert(1))", "<p>[x](JaVaScRiPt:alert(1))</p>"),
                ("[x](&#106;avascript:alert(1))", "<p>[x](&amp;#106;avascript:alert(1))</p>"),
                ("[x](data:text/html;base64,PHNjcmlwdD4=)", "<p>[x](data:text/html;base64,PHNjcmlwdD4=)</p>"),
                ("[x](vbscript:msgbox(1))", "<p>[x](vbscript:msgbox(1))</p>"),
                ("[x](//evil.example)", "<p>[x](//evil.example)</p>"),
                ("[x](\" onmouseover=\"alert(1))", "<p>[x](&quot; onmouseover=&quot;alert(1))</p>"),
                (
                    "[x](https://e.org/\"onmouseover=\"alert(1))",
                    "<p><a href=\"https://e.org/&quot;onmouseover=&quot;alert(1)\" \(link)>x</a></p>"
                ),
                (
                    "[x](https://e.org/'><script>)",
                    "<p><a href=\"https://e.org/&#39;&gt;&lt;script&gt;\" \(link)>x</a></p>"
                ),
                ("[<img src=x>](https://e.org)", "<p><a href=\"https://e.org\" \(link)>&lt;img src=x&gt;</a></p>"),
                ("[x](java\tscript:alert(1))", "<p>[x](java\tscript:alert(1))</p>"),
                ("[x](https://e.org\n)", "<p>[x](https://e.org<br>\n)</p>"),
                // `"` and U+0301 are one Character; escaping works on scalars, so the quote is still escaped.
                ("[x](https://e.org/\"\u{301}x)", "<p><a href=\"https://e.org/&quot;\u{301}x\" \(link)>x</a></p>"),
                ("<\u{338}script>", "<p>&lt;\u{338}script&gt;</p>"),
                ("nul\u{0}here", "<p>nulhere</p>"),
                ("**unterminated", "<p>**unterminated</p>"),
                ("*unterminated", "<p>*unterminated</p>"),
                ("`unterminated", "<p>`unterminated</p>"),
                ("**a *b** c*", "<p><strong>a *b</strong> c*</p>"),
                ("*<script>*", "<p><em>&lt;script&gt;</em></p>"),
            ])
        func hostile(markdown: String, html: String) {
            #expect(MeetingNotes.html(fromMarkdown: markdown) == html)
        }

        /// Every tag in `html` is one the renderer writes (links only to web or mail addresses), and
        /// tags nest properly. Read by Unicode scalar: escaping leaves no `<` or `>` in text, so each
        /// `<…>` is a tag, and a combining mark after `>` cannot hide one.
        static func isOwnBalancedMarkup(_ html: String) -> Bool {
            let containers: Set<String> = ["p", "h3", "h4", "h5", "ul", "ol", "li", "strong", "em", "code", "a"]
            var open: [String] = []
            let scalars = Array(html.unicodeScalars)
            var index = 0
            while let start = scalars[index...].firstIndex(of: "<") {
                guard let end = scalars[start...].firstIndex(of: ">") else { return false }
                let tag = String(String.UnicodeScalarView(scalars[(start + 1)..<end]))
                index = end + 1
                if tag == "br" { continue }
                if tag.hasPrefix("/") {
                    guard open.popLast() == String(tag.dropFirst()) else { return false }
                    continue
                }
                let name = String(tag.prefix { $0 != " " })
                let attributes = tag.dropFirst(name.count)
                guard containers.contains(name) else { return false }
                switch name {
                case "a":
                    guard attributes.hasSuffix("\" rel=\"nofollow noopener\""),
                        ["https://", "http://", "mailto:"].contains(where: { attributes.hasPrefix(" href=\"\($0)") }),
                        attributes.filter({ $0 == "\"" }).count == 4
                    else { return false }
                case "ol":
                    guard attributes.isEmpty || attributes.wholeMatch(of: #/ start="\d+"/#) != nil else { return false }
                default:
                    guard attributes.isEmpty else { return false }
                }
                open.append(name)
            }
            return open.isEmpty
        }

        @Test("fuzzed notes only ever produce the renderer's own, balanced markup")
        func fuzz() {
            let parts = [
                "*", "**", "`", "[", "]", "(", ")", "<", ">", "\"", "'", "&", "\\", "\n", "\n\n", "# ", "- ", "1. ",
                " ",
                "javascript:", "https://e.org", "mailto:a@b.c", "x", "é", "🌱", "\u{301}", "onerror=",
            ]
            var generator = SeededGenerator(seed: 42)
            for _ in 0..<2000 {
                let markdown = (0..<Int.random(in: 1...40, using: &generator)).map { _ in
                    parts.randomElement(using: &generator)!
                }.joined()
                let html = MeetingNotes.html(fromMarkdown: markdown)
                #expect(Self.isOwnBalancedMarkup(html), "\(markdown.debugDescription) → \(html.debugDescription)")
            }
        }

        @Test(
            "the markup check itself rejects foreign, unbalanced and unsafe markup",
            arguments: [
                "<p><script></p>", "<p><em></p></em>", "<p>",
                "<a href=\"javascript:x\" rel=\"nofollow noopener\">x</a>",
                "<a href=\"https://a\" onclick=\"x\" rel=\"nofollow noopener\">x</a>", "<p>\u{301}<b>x</b></p>",
            ])
        func checkRejects(html: String) {
            #expect(!Self.isOwnBalancedMarkup(html))
        }

        @Test("long hostile notes and long lists render in linear time")
        func long() {
            let markdown =
                String(repeating: "[", count: 20_000) + String(repeating: "*a ", count: 20_000)
                + String(repeating: "[a](", count: 5_000) + String(repeating: "`", count: 1)
            let html = MeetingNotes.html(fromMarkdown: markdown)
            #expect(html.hasPrefix("<p>[[[") && html.hasSuffix("`</p>"))
            let list = MeetingNotes.html(fromMarkdown: String(repeating: "- item\n  more\n", count: 10_000))
            #expect(list.components(separatedBy: "<li>item<br>\nmore</li>").count == 10_001)
        }
    }
}
