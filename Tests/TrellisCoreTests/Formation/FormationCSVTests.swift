import Testing

@testable import TrellisCore

@Suite("Formation CSV (trellis form)")
struct FormationCSVTests {
    static let header = "id,name,school,years,choice1,choice2,choice3"

    static let twoTrios = """
        \(header)
        p1,P1,A,1,family,funds,
        p2,P2,B,6,family,,
        p3,P3,C,9,family,operations,
        p4,P4,D,0,funds,family,
        p5,P5,E,4,funds,,
        p6,P6,F,12,funds,language,

        """

    static func problems(
        _ leaders: String, apart: String? = nil, options: FormationOptions = FormationOptions()
    ) -> [String] {
        do {
            _ = try FormationCSV.json(leaders: leaders, apart: apart, options: options)
            return []
        } catch {
            return error.problems.map(\.description)
        }
    }

    @Test("the JSON output, keys in the documented order")
    func json() throws {
        // MUT
        let json = try FormationCSV.json(leaders: Self.twoTrios)

        // validation
        #expect(
            json
                == #"{"communities":[{"focus":"family","members":["p1","p2","p3"]},{"focus":"funds","members":["p4","p5","p6"]}],"score":{"total":190,"preference":18,"mix":2,"sameSchoolPairs":0}}"#
        )
    }

    @Test("columns in any order and letter case, extra columns ignored, quoted fields, apart pairs and K")
    func flexibleHeader() throws {
        // setup
        let leaders = """
            Choice3,CHOICE2,choice1,years,school,name,id,email
            ,funds,family,1,A,"Lee, Pat",p1,pat@example.org
            ,,family,6,B,Sam,p2,
            ,operations,family,9,C,Kim,p3,
            ,family,funds,0,D,Ann,p4,
            ,,funds,4,E,Bo,p5,
            ,language,funds,12,F,Cy,p6,
            """
        let apart = "a,b\np1,p2\n"

        // MUT
        let request = try FormationCSV.request(
            leaders: leaders, apart: apart, options: FormationOptions(smallest: 2, largest: 4, communityCount: 2))
        let json = try FormationCSV.json(
            leaders: leaders, apart: apart, options: FormationOptions(smallest: 2, largest: 4, communityCount: 2))

        // validation
        #expect(
            request.leaders[0]
                == FormationLeader(
                    id: "p1", name: "Lee, Pat", school: "A", yearsInRole: 1, choices: ["family", "funds", ""]))
        #expect(request.keptApart == [KeptApartPair("p1", "p2")])
        #expect(request.sizes == 2...4)
        #expect(request.communityCount == 2)
        #expect(json.hasPrefix(#"{"communities":[{"focus":"#))
    }

    @Test("every problem in both files and the options at once, with file and line")
    func allProblems() {
        // setup
        let leaders = """
            \(Self.header)
            p1,Pat Lee,North,4,family,,
            p2,Sam Roe,North,ten,family,funds,
            p1,Kim Oh,South,-2,funds,funds,
            ,Ann,South,3,family,,
            p5,Bo,East,,family
            """
        let apart = """
            a,b
            p1,p9
            p2,p2
            ,p1
            """

        // MUT
        let found = Self.problems(leaders, apart: apart)

        // validation
        #expect(
            found == [
                "leaders.csv:3: years: \"ten\" is not a whole number",
                "leaders.csv:4: id: \"p1\" already appears on line 2",
                "leaders.csv:4: years: \"-2\" is negative (expected 0 or more)",
                "leaders.csv:4: choice2: \"funds\" repeats choice1",
                "leaders.csv:5: id: is empty (every leader needs an id)",
                "leaders.csv:6: expected 7 fields, found 5",
                "apart.csv:2: b: \"p9\" is not an id in leaders.csv",
                "apart.csv:3: \"p2\" is paired with themself",
                "apart.csv:4: a: is empty (expected a leader's id)",
                "2 leaders cannot be split into communities of 3 to 6 leaders each",
            ])
    }

    @Test("a missing column is named with the header expected")
    func missingColumns() {
        #expect(
            Self.problems("id,name,years,choice1\np1,Pat,3,family\n", apart: "a,c\n") == [
                "leaders.csv:1: missing columns school, choice2, choice3 (expected the header id,name,school,years,choice1,choice2,choice3)",
                "apart.csv:1: missing column b (expected the header a,b)",
            ])
    }

    @Test("empty files")
    func emptyFiles() {
        #expect(Self.problems("") == ["leaders.csv:1: file is empty (expected a header row)"])
        #expect(Self.problems(Self.header + "\n") == ["leaders.csv: has no leaders"])
    }

    @Test(
        "options and sizes that cannot fit",
        arguments: [
            ([0, 6, -1], ["the smallest community size (0) must be at least 1"]),
            ([5, 4, -1], ["the smallest community size (5) is larger than the largest (4)"]),
            ([3, 6, 0], ["the number of communities (0) must be at least 1"]),
            ([4, 5, -1], ["6 leaders cannot be split into communities of 4 to 5 leaders each"]),
            ([4, 4, -1], ["6 leaders cannot be split into communities of exactly 4 leaders each"]),
            ([3, 6, 3], ["3 communities of at least 3 need 9 leaders, but there are only 6"]),
            ([3, 2, 2], ["the smallest community size (3) is larger than the largest (2)"]),
            ([1, 2, 2], ["2 communities of at most 2 hold 4 leaders, but there are 6"]),
        ])
    func options(_ minMaxCount: [Int], messages: [String]) {
        let options = FormationOptions(
            smallest: minMaxCount[0], largest: minMaxCount[1], communityCount: minMaxCount[2] < 0 ? nil : minMaxCount[2]
        )
        #expect(Self.problems(Self.twoTrios, options: options) == messages)
    }

    @Test("kept-apart pairs that no grouping can honour are reported without JSON")
    func impossiblePairs() {
        #expect(
            Self.problems(
                Self.twoTrios, apart: "a,b\np1,p2\n", options: FormationOptions(largest: 6, communityCount: 1)) == [
                    "P1 and P2 must be kept apart, but the sizes allow only one community"
                ])
    }
}
