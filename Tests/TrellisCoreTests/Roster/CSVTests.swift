import Testing

@testable import TrellisCore

@Suite("CSV")
struct CSVTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let text: String
        let header: [String]
        /// (line, fields) of every record.
        let records: [Row]
        var testDescription: String { name }
    }

    struct Row: Equatable, Sendable {
        let line: Int
        let fields: [String]
        init(_ line: Int, _ fields: [String]) {
            self.line = line
            self.fields = fields
        }
    }

    static let cases: [Case] = [
        Case(
            name: "plain", text: "a,b\n1,2\n3,4\n", header: ["a", "b"],
            records: [Row(2, ["1", "2"]), Row(3, ["3", "4"])]),
        Case(
            name: "no final newline", text: "a,b\n1,2", header: ["a", "b"], records: [Row(2, ["1", "2"])]),
        Case(
            name: "quoted comma and escaped quote",
            text: "a,b\n\"x, y\",\"she said \"\"hi\"\"\"\n",
            header: ["a", "b"],
            records: [Row(2, ["x, y", "she said \"hi\""])]
        ),
        Case(
            name: "embedded newline moves later line numbers",
            text: "a,b\n1,\"two\nlines\"\n3,\"three\n\nlines\"\n5,6\n",
            header: ["a", "b"],
            records: [
                Row(2, ["1", "two\nlines"]), Row(4, ["3", "three\n\nlines"]), Row(7, ["5", "6"]),
            ]
        ),
        Case(
            name: "byte order mark",
            text: "\u{FEFF}sourcedId,name\nx,y\n",
            header: ["sourcedId", "name"],
            records: [Row(2, ["x", "y"])]
        ),
        Case(
            name: "CRLF, also inside quotes",
            text: "a,b\r\n1,\"x\r\ny\"\r\n3,4\r\n",
            header: ["a", "b"],
            records: [Row(2, ["1", "x\r\ny"]), Row(4, ["3", "4"])]
        ),
        Case(
            name: "blank lines, spaces-only lines and comma-only lines are ignored",
            text: "\na,b\n\n1,2\n   \n,\n\r\n3,4\n\n",
            header: ["a", "b"],
            records: [Row(4, ["1", "2"]), Row(8, ["3", "4"])]
        ),
        Case(
            name: "quoted empty fields are a record",
            text: "a,b\n\"\",\"\"\n",
            header: ["a", "b"],
            records: [Row(2, ["", ""])]
        ),
        Case(
            name: "empty trailing field and quote inside unquoted field",
            text: "a,b,c\n1,,\nO\"Brien,x,\n",
            header: ["a", "b", "c"],
            records: [Row(2, ["1", "", ""]), Row(3, ["O\"Brien", "x", ""])]
        ),
        Case(
            name: "header is trimmed, values are not; spaces after a closing quote are allowed",
            text: " a , b\n\"x\"  , y \n",
            header: ["a", "b"],
            records: [Row(2, ["x", " y "])]
        ),
        Case(name: "header only", text: "a,b\n", header: ["a", "b"], records: []),
    ]

    @Test(arguments: cases)
    func parses(_ testCase: Case) throws {
        let table = try CSV.parse(testCase.text, file: "t.csv")
        #expect(table.file == "t.csv")
        #expect(table.header == testCase.header)
        #expect(table.records.map { Row($0.line, $0.fields) } == testCase.records)
    }

    @Test func columnLookupTrimsSpaces() throws {
        let table = try CSV.parse("sourcedId, name ,type\n", file: "orgs.csv")
        #expect(table.column("name") == 1)
        #expect(table.column(" type ") == 2)
        #expect(table.column("Name") == nil)
    }

    static let problemCases: [(text: String, problems: [String])] = [
        (
            "a,b\n1,2\n3,\"never closed\n4,5\n",
            ["t.csv:3: unterminated quoted field (expected a closing \")"]
        ),
        (
            "a,b\n1,\"two\nlines\"\n3,\"oops\n",
            ["t.csv:4: unterminated quoted field (expected a closing \")"]
        ),
        (
            "a,b\n1,2,3\n4\n5,6\n",
            ["t.csv:2: expected 2 fields, found 3", "t.csv:3: expected 2 fields, found 1"]
        ),
        (
            "a,b\n\"x\"y,2\n",
            [
                "t.csv:2: unexpected text after a closing quote (expected a comma or the end of the line; write \"\" for a quote inside a quoted field)"
            ]
        ),
        ("", ["t.csv:1: file is empty (expected a header row)"]),
        ("\u{FEFF}\n\n", ["t.csv:1: file is empty (expected a header row)"]),
    ]

    @Test(arguments: problemCases)
    func reportsProblems(_ text: String, _ expected: [String]) {
        #expect(throws: RosterProblems.self) { try CSV.parse(text, file: "t.csv") }
        do {
            _ = try CSV.parse(text, file: "t.csv")
        } catch {
            #expect(error.problems.map(\.description) == expected)
            #expect(error.description == expected.joined(separator: "\n"))
        }
    }

    @Test func keepsTheRecordsBeforeAndAfterAProblem() {
        let (table, problems) = CSV.read("a,b\n1,2\n3\n4,5\n", file: "t.csv")
        #expect(problems.count == 1)
        #expect(table.records.map(\.line) == [2, 4])
    }
}
