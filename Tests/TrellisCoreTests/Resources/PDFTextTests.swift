import Foundation
import Testing

@testable import TrellisCore

extension ResourcesTests {
    @Suite("PDF text")
    struct PDFTextTests {
        /// A one-page PDF written by hand (catalog, pages, page, font, xref) whose content stream is
        /// deflated by Python's zlib: `BT /F1 12 Tf 72 700 Td (Equity walks in March) Tj
        /// [(fam) -20 (ily) -300 (engagement)] TJ ET`.
        static let equityPDF = Array(
            Data(
                base64Encoded: """
                    JVBERi0xLjQKJeLjz9MKMSAwIG9iago8PCAvVHlwZSAvQ2F0YWxvZyAvUGFnZXMgMiAwIFIgPj4KZW5kb2JqCjIgMCBvYmoKPDwg\
                    L1R5cGUgL1BhZ2VzIC9LaWRzIFszIDAgUl0gL0NvdW50IDEgPj4KZW5kb2JqCjMgMCBvYmoKPDwgL1R5cGUgL1BhZ2UgL1BhcmVu\
                    dCAyIDAgUiAvTWVkaWFCb3ggWzAgMCA2MTIgNzkyXSAvQ29udGVudHMgNCAwIFIgL1Jlc291cmNlcyA8PCAvRm9udCA8PCAvRjEg\
                    NSAwIFIgPj4gPj4gPj4KZW5kb2JqCjQgMCBvYmoKPDwgL0xlbmd0aCA5NSAvRmlsdGVyIC9GbGF0ZURlY29kZSA+PgpzdHJlYW0K\
                    eNoNy70KgCAUBtBX+UYdIrWhPbAhaLtbNEhZWSr0R/j2uZ3lNISylZAKtKBWqIUAzWD6fN2T8Bl/3HARvbmmjYN2DGwxgaNQAsz5\
                    lFXlw2xczWqDjQ8fQR00/W7KGZQKZW5kc3RyZWFtCmVuZG9iago1IDAgb2JqCjw8IC9UeXBlIC9Gb250IC9TdWJ0eXBlIC9UeXBl\
                    MSAvQmFzZUZvbnQgL0hlbHZldGljYSA+PgplbmRvYmoKeHJlZgowIDYKMDAwMDAwMDAwMCA2NTUzNSBmIAowMDAwMDAwMDE1IDAw\
                    MDAwIG4gCjAwMDAwMDAwNjQgMDAwMDAgbiAKMDAwMDAwMDEyMSAwMDAwMCBuIAowMDAwMDAwMjQ3IDAwMDAwIG4gCjAwMDAwMDA0\
                    MTMgMDAwMDAgbiAKdHJhaWxlcgo8PCAvU2l6ZSA2IC9Sb290IDEgMCBSID4+CnN0YXJ0eHJlZgo0ODMKJSVFT0YK
                    """)!)

        /// A PDF of the given objects, each `<< dictionary >> stream … endstream`, with /Length filled in
        /// unless the dictionary gives its own.
        static func pdf(_ streams: [(dictionary: String, data: [UInt8])]) -> [UInt8] {
            var bytes = Array("%PDF-1.4\n".utf8)
            for (number, stream) in streams.enumerated() {
                let length = stream.dictionary.contains("/Length") ? "" : " /Length \(stream.data.count)"
                bytes += Array("\(number + 1) 0 obj\n<<\(length) \(stream.dictionary)>>\nstream\r\n".utf8)
                bytes += stream.data + Array("\r\nendstream\nendobj\n".utf8)
            }
            return bytes + Array("trailer\n<< /Root 1 0 R >>\n%%EOF\n".utf8)
        }

        static func page(_ content: String) -> [UInt8] {
            pdf([("", Array(content.utf8))])
        }

        @Test("the words of a real PDF with a deflated content stream")
        func equityWalks() {
            let text = PDFText.extract(Self.equityPDF)

            #expect(text.contains("Equity walks in March"))
            #expect(text.contains("family engagement"))
            #expect(text == "Equity walks in March family engagement")
        }

        @Test(
            "text-showing operators and string syntax",
            arguments: [
                ("literal string", "BT (Hello world) Tj ET", "Hello world"),
                ("escapes", #"BT (tab\there\nnew\rline\bx\fy) Tj ET"#, "tab here new line x y"),
                (
                    "balanced and escaped parentheses", #"(a (nested) string \(one\) \\ end) Tj"#,
                    #"a (nested) string (one) \ end"#
                ),
                ("octal escapes", #"(caf\351 \101\102C \0616) Tj"#, "café ABC 16"),
                ("line continuation", "(to\\\ngether and to\\\r\nday) Tj", "together and today"),
                ("unknown escape keeps the character", #"(\q\u) Tj"#, "qu"),
                ("hex string with spaces and an odd digit", "<48 65 6c 6C 6F 2> Tj (!) Tj", "Hello !"),
                ("UTF-16 with byte order mark", "<FEFF00E9007400E9> Tj", "été"),
                ("Windows-1252 quotes and dashes", #"(\223quoted\224 \226 dash \205) Tj"#, "“quoted” – dash …"),
                ("Latin-1 bytes", #"(na\357ve \374ber) Tj"#, "naïve über"),
                ("quote operators start a line", #"BT (first) Tj (second) ' 0 0 (third) " ET"#, "first\nsecond\nthird"),
                (
                    "moves end lines",
                    "BT (a) Tj 0 -14 Td (b) Tj T* (c) Tj 1 0 0 1 0 0 Tm (d) Tj 0 5 TD (e) Tj ET (f) Tj",
                    "a\nb\nc\nd\ne\nf"
                ),
                ("TJ kerning and word spaces", "[(W) 120 (ord) -250 (two) -199.5 (x) -200.5 (y)] TJ", "Word twox y"),
                ("separate show operators are separate runs", "(one) Tj (two) Tj", "one two"),
                ("glyph numbers of a composite font are dropped", "<00410042> Tj (kept) Tj", "kept"),
                ("comments", "% (not text) Tj\n(text) Tj", "text"),
                ("inline image data is skipped", "BI /W 1 /H 1 /BPC 8 ID (junk) Tj\nEI (after) Tj", "after"),
                ("marked content dictionaries", "/Span << /ActualText (x) >> BDC (shown) Tj EMC", "shown"),
                ("strings without an operator are not text", "(title) /Name 3 [(a)] cm", ""),
                ("whitespace collapses", "(  spaced    out  ) Tj T* (   ) Tj T*", "spaced out"),
            ])
        func operators(_ name: String, content: String, text: String) {
            #expect(PDFText.extract(Self.page(content)) == text, "\(name)")
        }

        @Test("which streams are read")
        func streamSelection() {
            let deflated = InflateTests.fixedBlock(
                literals: Array("(deflated) Tj".utf8), output: Array("(deflated) Tj".utf8))
            let shown = Array("(shown) Tj".utf8)
            let hidden = Array("(hidden) Tj".utf8)
            let bytes = Self.pdf([
                ("/Length 99 0 R", shown),
                ("/Length 5", Array("(length) Tj".utf8)),
                ("/Length 99999", Array("(wrong length) Tj".utf8)),
                ("/Type /XObject /Subtype /Image /Width 1", hidden),
                ("/Type /XObject /Subtype /Form", Array("(form) Tj".utf8)),
                ("/Length1 10", hidden),
                ("/Subtype /Type1C", hidden),
                ("/Type /Metadata /Subtype /XML", hidden),
                ("/Filter /ASCIIHexDecode", hidden),
                ("/Filter [/ASCII85Decode /FlateDecode]", hidden),
                ("/Filter /FlateDecode", Array("not zlib".utf8)),
                ("/Filter [/FlateDecode] /DecodeParms << /Columns 1 >>", deflated),
                ("/Filter /Fl", deflated),
                ("/Filter /FlateDecode /Length 3", Array(deflated.prefix(3))),
            ])

            // MUT
            let text = PDFText.extract(bytes)

            // validation
            #expect(text.contains("shown"))
            #expect(text.contains("length"))
            #expect(text.contains("wrong length"))
            #expect(text.contains("form"))
            #expect(!text.contains("hidden"))
            #expect(text == "shown\nlength\nwrong length\nform\ndeflated\ndeflated")
        }

        @Test("a deflated stream cut short still gives the text before the cut")
        func truncatedDeflate() {
            let content = Array(String(repeating: "(Trellis) Tj T* ", count: 200).utf8)
            let deflated = InflateTests.fixedBlock(literals: content, output: content)
            let cut = deflated.prefix(deflated.count / 2)

            let text = PDFText.extract(Self.pdf([("/Filter /FlateDecode", Array(cut))]))

            #expect(text.hasPrefix("Trellis\nTrellis\n"))
            #expect(text.split(separator: "\n").allSatisfy { $0 == "Trellis" || "Trellis".hasPrefix($0) })
        }

        @Test("nothing to read gives an empty string")
        func nothing() {
            #expect(PDFText.extract([]) == "")
            #expect(PDFText.extract(Array("%PDF-1.4\n%%EOF".utf8)) == "")
            #expect(PDFText.extract(Array("stream\nendstream".utf8)) == "")
            #expect(PDFText.extract(Array("<< >>stream".utf8)) == "")
        }

        @Test("hostile and cut-off input returns without crashing or hanging")
        func hostile() {
            for length in 0...Self.equityPDF.count {
                _ = PDFText.extract(Array(Self.equityPDF.prefix(length)))
            }
            var generator = SplitMix(seed: 7)
            for _ in 0..<200 {
                let random = (0..<Int(generator.next() % 2000)).map { _ in UInt8(generator.next() & 0xFF) }
                _ = PDFText.extract(random)
                var corrupted = Self.equityPDF
                corrupted[Int(generator.next() % UInt64(corrupted.count))] = UInt8(generator.next() & 0xFF)
                _ = PDFText.extract(corrupted)
            }
            let manyKeywords = Array(String(repeating: "<</A>> stream ", count: 20_000).utf8)
            #expect(PDFText.extract(manyKeywords).isEmpty)
            let deepBrackets = Self.page(String(repeating: "[(", count: 50_000) + " TJ")
            _ = PDFText.extract(deepBrackets)
            #expect(PDFText.extract(Self.page("(" + String(repeating: "(", count: 100_000) + "x")) == "")
        }

        @Test("a deflate bomb is cut off at the per-stream limit")
        func bomb() {
            let bomb = InflateTests.fixedBlock(literals: [0x20], copies: Array(repeating: (258, 0), count: 70_000))
            let bytes = Self.pdf([("/Filter /FlateDecode", bomb), ("", Array("(after) Tj".utf8))])

            #expect(PDFText.extract(bytes) == "after")
        }

        @Test("the text is capped")
        func textLimit() {
            let line = "(" + String(repeating: "word ", count: 1000) + ") Tj T*\n"
            let content = String(repeating: line, count: 300)

            let text = PDFText.extract(Self.page(content))

            #expect(text.utf8.count <= PDFText.textLimit)
            #expect(text.utf8.count > PDFText.textLimit - 6000)
        }
    }
}
