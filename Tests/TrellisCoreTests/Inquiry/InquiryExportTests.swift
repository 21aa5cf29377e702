import Foundation
import Testing

@testable import TrellisCore

extension InquiryTests {
    @Suite("Inquiry exports")
    struct InquiryExportTests {
        typealias S = InquirySamples

        @Test(
            "CSV fields are quoted as RFC 4180 asks, and never run as formulas",
            arguments: [
                ("plain", "plain"),
                ("", ""),
                ("a, b", "\"a, b\""),
                ("say \"why\"", "\"say \"\"why\"\"\""),
                ("two\nlines", "\"two\nlines\""),
                ("two\r\nlines", "\"two\r\nlines\""),
                ("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\""),
                ("=1+1", "'=1+1"),
                ("+1", "'+1"),
                ("-5 days of planning", "'-5 days of planning"),
                ("@SUM(A1)", "'@SUM(A1)"),
                ("\tindent", "'\tindent"),
                ("a = b", "a = b"),
                ("Budget - time", "Budget - time"),
            ])
        func csvField(text: String, field: String) {
            #expect(InquiryExport.csvField(text) == field)
        }

        @Test("the board as CSV: a header, a row per note in board order, positions from 1")
        func boardCSV() throws {
            var board = try S.board()
            _ = try board.moveNote("n2", to: .knowledge, seenVersion: 1, by: S.kim)
            _ = try board.moveNote("n4", to: .dispositions, seenVersion: 1, by: S.kim)
            _ = try board.addNote(id: "n5", text: "=cmd|' /C calc'!A0", to: .resources, by: S.ana)
            _ = try board.addNote(id: "n6", text: "Time, \"protected\" time", to: .resources, by: S.ana)
            #expect(
                InquiryExport.boardCSV(board, seenBy: S.kim)
                    == "bucket,position,note\r\n"
                    + "Not yet sorted,1,No time in the week for listening to families\r\n"
                    + "Not yet sorted,2,Few of us can interrupt biased language calmly\r\n"
                    + "Resources,1,'=cmd|' /C calc'!A0\r\n"
                    + "Resources,2,\"Time, \"\"protected\"\" time\"\r\n"
                    + "Knowledge,1,We do not know which families feel unwelcome\r\n"
                    + "Dispositions,1,Some staff believe families do not care\r\n")
        }

        @Test("exports leave out notes still hidden from the viewer, and every writer")
        func hiddenNotes() throws {
            var board = InquiryBoard()
            _ = try board.addNote(id: "n1", text: "Shared cause", by: S.kim)
            _ = try board.startPrivateMode(by: S.fran)
            _ = try board.addNote(id: "n2", text: "Secret cause", by: S.lee)
            #expect(
                InquiryExport.boardCSV(board, seenBy: S.kim)
                    == "bucket,position,note\r\nNot yet sorted,1,Shared cause\r\n")
            #expect(!InquiryExport.boardMarkdown(board, seenBy: S.fran).contains("Secret"))
            #expect(
                InquiryExport.boardMarkdown(board, seenBy: S.fran).hasSuffix(
                    "_1 note is hidden until the facilitator reveals them._\n"))
            #expect(!InquiryExport.boardMarkdown(board, seenBy: S.lee).contains("hidden until"))
            #expect(InquiryExport.boardCSV(board, seenBy: S.lee).contains("Secret cause"))
            #expect(!InquiryExport.boardCSV(board, seenBy: S.lee).contains("lee"))
        }

        @Test("the board as Markdown: a heading per bucket, notes as bullets that read as written")
        func boardMarkdown() throws {
            var board = InquiryBoard()
            _ = try board.addNote(
                id: "n1", text: "*All* students need [Title I] <b>funds</b>", to: .resources, by: S.kim)
            _ = try board.addNote(id: "n2", text: "# of staff trained: 2_of_10", to: .skills, by: S.kim)
            _ = try board.addNote(id: "n3", text: "- we assume families_do_not care", to: .dispositions, by: S.lee)
            _ = try board.addNote(id: "n4", text: "1. budget & time", to: .resources, by: S.lee)
            #expect(
                InquiryExport.boardMarkdown(board, seenBy: S.kim, title: "Lincoln *cohort*") == """
                    # Lincoln \\*cohort\\*

                    ## Resources

                    _Time, money, people and materials we need but do not have._

                    - \\*All\\* students need \\[Title I\\] \\<b>funds\\</b>
                    - 1\\. budget & time

                    ## Knowledge

                    _What we need to know._

                    No notes.

                    ## Skills

                    _What we need to be able to do._

                    - \\# of staff trained: 2\\_of\\_10

                    ## Dispositions

                    _The beliefs, mindsets and habits that shape what we do._

                    - \\- we assume families\\_do\\_not care

                    """)
        }

        @Test(
            "escaped note text renders as the same text, never as markup",
            arguments: [
                "*All* students", "**bold** claim", "[Title I](https://e.org)", "<script>alert(1)</script>",
                "`code`", "a \\* b", "snake_case_name", "- dash first", "# hash first", "12. numbered",
                "&amp; entity", "~~struck~~", "Q&A with families", "-2 budget lines", "1.5 hours", "#hashtag",
                "> quoted", "a ~ b", "## Budget", "--", "---", "~x~", "+ plus",
            ])
        func escaping(text: String) {
            let html = MeetingNotes.html(fromMarkdown: InquiryExport.markdownText(text))
            let expected = text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;")
            #expect(html == "<p>\(expected)</p>")
        }

        @Test(
            "a note as a list item stays one plain item",
            arguments: ["## Budget", "---", "--", "- dash", "+ plus", "> quote", "1. first", "~x~", "# of staff"])
        func asListItem(text: String) {
            let html = MeetingNotes.html(fromMarkdown: "- " + InquiryExport.markdownText(text))
            let expected = text.replacingOccurrences(of: ">", with: "&gt;")
            #expect(html == "<ul>\n<li>\(expected)</li>\n</ul>")
        }

        @Test("plain text stays plain: only what would turn into markup is escaped")
        func plainStaysPlain() {
            #expect(InquiryExport.markdownText("Q&A with families") == "Q&A with families")
            #expect(InquiryExport.markdownText("1.5 hours, 2) later") == "1.5 hours, 2) later")
            #expect(InquiryExport.markdownText("=HYPERLINK(x)") == "=HYPERLINK(x)")
            #expect(InquiryExport.markdownText("&amp;") == "\\&amp;")
        }

        static func questions() throws -> [DraftedQuestion] {
            [
                try DraftedQuestion(
                    id: "q1", draft: "How might we signal to families that we are an inclusive school?",
                    authorID: "kim",
                    buckets: [.knowledge, .dispositions]),
                try DraftedQuestion(
                    id: "q2", draft: "How might we use PTA funds for students who need them most", authorID: "lee"),
                try DraftedQuestion(
                    id: "q3", draft: "How might we protect time for listening, together?", authorID: "ana",
                    buckets: [.resources]),
            ]
        }

        @Test("the questions as CSV: drafting order before the vote closes, ranked after")
        func questionsCSV() throws {
            let questions = try Self.questions()
            #expect(
                InquiryExport.questionsCSV(questions)
                    == "question,dots,buckets,adopted\r\n"
                    + "How might we signal to families that we are an inclusive school?,,Knowledge; Dispositions,\r\n"
                    + "How might we use PTA funds for students who need them most?,,,\r\n"
                    + "\"How might we protect time for listening, together?\",,Resources,\r\n")
            let tally = try DotVoteTally(
                questionIDs: ["q1", "q2", "q3"],
                ballots: [
                    DotVoteBallot(voterID: "kim", dots: ["q3": 2, "q2": 1]),
                    DotVoteBallot(voterID: "lee", dots: ["q2": 2]),
                ], votesPerMember: 3)
            #expect(
                InquiryExport.questionsCSV(questions, tally: tally, adoptedID: "q2")
                    == "question,dots,buckets,adopted\r\n"
                    + "How might we use PTA funds for students who need them most?,3,,yes\r\n"
                    + "\"How might we protect time for listening, together?\",2,Resources,\r\n"
                    + "How might we signal to families that we are an inclusive school?,0,Knowledge; Dispositions,\r\n")
            #expect(
                InquiryExport.questionsMarkdown(questions, tally: tally, adoptedID: "q2") == """
                    # How might we … questions

                    - How might we use PTA funds for students who need them most? — 3 dots · **our yearlong question**
                    - How might we protect time for listening, together? — 2 dots · Resources
                    - How might we signal to families that we are an inclusive school? — 0 dots · Knowledge, Dispositions

                    """)
            #expect(InquiryExport.questionsMarkdown([]) == "# How might we … questions\n\nNo questions drafted yet.\n")
        }
    }
}
