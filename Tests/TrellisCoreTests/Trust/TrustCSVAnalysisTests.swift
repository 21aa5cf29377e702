import Foundation
import Testing

@testable import TrellisCore

@Suite("Trust CSV analysis")
struct TrustCSVAnalysisTests {
    static let header = "round,community,response,facet,item,value,reverse"

    /// Two items per facet, the second reverse-keyed.
    static let items: [(id: String, facet: String, reverse: Bool)] = [
        ("B1", "benevolence", false), ("B2", "benevolence", true), ("I1", "integrity", false),
        ("I2", "integrity", true), ("P1", "predictability", false), ("P2", "predictability", true),
        ("C1", "competence", false), ("C2", "competence", true),
    ]

    /// The answer of response `r` to item `c`: a level per person plus a little item noise,
    /// predictability a point lower; reverse-keyed items are written reversed, as a leader would
    /// answer them. The same formula is in the SciPy script below.
    static func value(_ r: Int, _ c: Int) -> Int {
        let level = 3 + r % 4 + (r * c) % 3 - 1 - (items[c].facet == "predictability" ? 1 : 0)
        let scored = min(7, max(1, level))
        return items[c].reverse ? 8 - scored : scored
    }

    /// autumn: East r0–r4, West r5–r8, North r9–r10; winter: East r11–r15, West r16–r20.
    static let twoRounds: String = {
        let groups = [
            ("autumn", "East", 0..<5), ("autumn", "West", 5..<9), ("autumn", "North", 9..<11),
            ("winter", "East", 11..<16), ("winter", "West", 16..<21),
        ]
        var lines = [header]
        for (round, community, responses) in groups {
            for r in responses {
                for (c, item) in items.enumerated() {
                    lines.append("\(round),\(community),r\(r),\(item.facet),\(item.id),\(value(r, c)),\(item.reverse)")
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }()

    /// Expected figures from NumPy/SciPy 1.17, per group and facet (mean, α, 95 % interval):
    /// X = scored answers (responses × the facet's items), s = X.mean(1),
    /// α = k/(k−1)·(1 − X.var(0, ddof=1).sum() / X.sum(1).var(ddof=1)),
    /// interval = s.mean() ± stats.t.ppf(0.975, n−1) · s.std(ddof=1)/√n.
    static let expected: [String: [String: (Double, Double, Double, Double)]] = [
        "autumn/cohort": [
            "benevolence": (3.8181818181818183, 0.8633093525179858, 3.0629905384997045, 4.573373097863932),
            "integrity": (3.8636363636363638, 0.8625000000000003, 3.053404053823173, 4.6738686734495545),
            "predictability": (3.3181818181818183, 0.896174863387978, 2.4516687612860535, 4.184694875077583),
            "competence": (3.8181818181818183, 0.8633093525179858, 3.0629905384997045, 4.573373097863932),
        ],
        "autumn/East": [
            "benevolence": (3.6, 0.9090909090909092, 1.8772611174243317, 5.322738882575669),
            "integrity": (3.7, 0.8275862068965518, 2.204838553054799, 5.195161446945201),
            "predictability": (3.1, 0.9090909090909092, 1.3772611174243317, 4.822738882575669),
            "competence": (3.6, 0.9090909090909092, 1.8772611174243317, 5.322738882575669),
        ],
        "winter/cohort": [
            "benevolence": (4.05, 0.8903020667726551, 3.1044231165041345, 4.995576883495865),
            "integrity": (4.0, 0.9000000000000001, 3.0764782055270503, 4.92352179447295),
            "predictability": (3.55, 0.9026798307475319, 2.5460903211689683, 4.553909678831031),
            "competence": (4.05, 0.8903020667726551, 3.1044231165041345, 4.995576883495865),
        ],
        "winter/East": [
            "benevolence": (4.3, 0.8979591836734695, 2.356488426361545, 6.243511573638455),
            "integrity": (4.2, 0.904109589041096, 2.5226043075366724, 5.8773956924633275),
            "predictability": (3.7, 0.9380530973451326, 1.6130438927639417, 5.786956107236058),
            "competence": (4.3, 0.8979591836734695, 2.356488426361545, 6.243511573638455),
        ],
        "winter/West": [
            "benevolence": (3.8, 0.8679245283018868, 2.370737404506489, 5.229262595493511),
            "integrity": (3.8, 0.904109589041096, 2.122604307536672, 5.477395692463327),
            "predictability": (3.4, 0.8387096774193548, 1.8541407887925874, 4.945859211207413),
            "competence": (3.8, 0.8679245283018868, 2.370737404506489, 5.229262595493511),
        ],
    ]

    @Test("two rounds: rows in order, complementary suppression, figures as SciPy computes them")
    func twoRounds() throws {
        let json = try TrustCSVAnalysis.json(Self.twoRounds, scale: 7, minimum: 4)
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        let results = try #require(object?["results"] as? [[String: Any]])
        let rows = results.map { row in
            "\(row["round"]!)/\((row["community"] as? String) ?? "cohort")/\(row["n"]!)/\(row["suppressed"]! as! Bool)"
        }
        // North (2) is under the minimum; West (4) is the smallest visible community, hidden so
        // the cohort minus East cannot give North away.
        #expect(
            rows == [
                "autumn/cohort/11/false", "autumn/East/5/false", "autumn/North/2/true", "autumn/West/4/true",
                "winter/cohort/10/false", "winter/East/5/false", "winter/West/5/false",
            ])
        for row in results {
            let key = "\(row["round"]!)/\((row["community"] as? String) ?? "cohort")"
            guard let expected = Self.expected[key] else {
                #expect(row["facets"] is NSNull, "\(key) is suppressed and carries no numbers")
                continue
            }
            let facets = try #require(row["facets"] as? [String: [String: Any]])
            #expect(Set(facets.keys) == Set(TrustFacet.allCases.map(\.rawValue)))
            for (facet, (mean, alpha, lower, upper)) in expected {
                let figures = try #require(facets[facet])
                let interval = try #require(figures["ci95"] as? [Double])
                #expect(abs((figures["mean"] as! Double) - mean) < 1e-12, "\(key) \(facet) mean")
                #expect(abs((figures["alpha"] as! Double) - alpha) < 1e-12, "\(key) \(facet) alpha")
                #expect(abs(interval[0] - lower) < 1e-9 && abs(interval[1] - upper) < 1e-9, "\(key) \(facet) ci95")
            }
        }
    }

    @Test("the exact output shape: key order, nulls for α and suppressed rows")
    func exactShape() throws {
        var lines = [Self.header]
        for r in 0..<3 {
            for item in Self.items {
                lines.append("r1,,x\(r),\(item.facet),\(item.id),4,\(item.reverse)")
            }
        }
        lines.append("r2,A,y1,benevolence,B1,5,false")
        let json = try TrustCSVAnalysis.json(lines.joined(separator: "\n"), scale: 7, minimum: 3)
        let facet = #"{"mean":4.0,"alpha":null,"ci95":[4.0,4.0]}"#
        #expect(
            json
                == #"{"results":[{"round":"r1","community":null,"n":3,"suppressed":false,"facets":{"benevolence":\#(facet),"integrity":\#(facet),"predictability":\#(facet),"competence":\#(facet)}},"#
                + #"{"round":"r2","community":null,"n":1,"suppressed":true,"facets":null},"#
                + #"{"round":"r2","community":"A","n":1,"suppressed":true,"facets":null}]}"#)
    }

    @Test("a facet withheld in a row that is shown is null")
    func withheldFacet() throws {
        var lines = [Self.header]
        for r in 0..<4 {
            for (c, item) in Self.items.enumerated() where !(r < 2 && item.id == "C2") {
                lines.append("r1,,x\(r),\(item.facet),\(item.id),\(Self.value(r, c)),\(item.reverse)")
            }
        }
        let json = try TrustCSVAnalysis.json(lines.joined(separator: "\n"), scale: 7)
        #expect(json.contains(#""competence":null"#))
        #expect(json.contains(#""n":4,"suppressed":false"#))
        #expect(json.contains(#""benevolence":{"mean":"#))
    }

    @Test("the dialect: BOM, CRLF, blank lines, quoted fields, any column order and case, extra columns")
    func dialect() throws {
        let text =
            "\u{FEFF}Value,Item,Facet,REVERSE,response,Round,Community,note\r\n\r\n"
            + "4,B1,Benevolence,FALSE,a,\"Autumn, 2026\",\"East \"\"One\"\"\",x\r\n"
            + ",,,,,,,\r\n"
            + "5, B1 ,benevolence,false,b,\"Autumn, 2026\",\"East \"\"One\"\"\",\"multi\nline\"\r\n"
            + "6,B1,benevolence,False,c,\"Autumn, 2026\",,y\r\n"
        let rounds = try TrustCSVAnalysis.analyze(text, scale: 7, minimum: 3)
        #expect(rounds.map(\.round) == ["Autumn, 2026"])
        #expect(rounds[0].groups.map(\.community) == [nil, "East \"One\""])
        #expect(rounds[0].groups.map(\.n) == [3, 2])
        #expect(rounds[0].groups[0].facets[.benevolence]?.mean == 5)
        // East (2) is hidden; the one response outside any community joins the hidden total of 3.
        #expect(rounds[0].groups[1].suppressed)
    }

    @Test("JSON strings are escaped")
    func escaping() throws {
        let text = Self.header + "\n\"say \"\"hi\"\"\\now\",\"tab\there\",a,integrity,I1,3,false\n"
        let json = try TrustCSVAnalysis.json(text, scale: 7)
        #expect(json.contains(#""round":"say \"hi\"\\now""#))
        #expect(json.contains(#""community":"tab\there""#))
        #expect((try? JSONSerialization.jsonObject(with: Data(json.utf8))) != nil)
    }

    @Test("a file with only a header has no results")
    func headerOnly() throws {
        #expect(try TrustCSVAnalysis.json(Self.header + "\n", scale: 7) == #"{"results":[]}"#)
    }

    struct BadFile: CustomTestStringConvertible, Sendable {
        let name: String
        let text: String
        var scale = 7
        let problems: [String]
        var testDescription: String { name }
    }

    static let h = header + "\n"

    static let badFiles: [BadFile] = [
        BadFile(
            name: "empty file", text: "",
            problems: ["line 1: file is empty (expected the header round,community,response,facet,item,value,reverse)"]),
        BadFile(
            name: "missing columns", text: "round,community,response,facet,item,value\nr,c,a,integrity,I1,3\n",
            problems: [
                "line 1: reverse: missing column (the header must name round,community,response,facet,item,value,reverse)"
            ]),
        BadFile(
            name: "duplicate column", text: "round,round,community,response,facet,item,value,reverse\n",
            problems: ["line 1: round: column appears twice in the header"]),
        BadFile(
            name: "value out of range", text: h + "r,c,a,integrity,I1,8,false\nr,c,b,integrity,I1,0,false\n",
            problems: [
                #"line 2: value: "8" is not a whole number from 1 to 7"#,
                #"line 3: value: "0" is not a whole number from 1 to 7"#,
            ]),
        BadFile(
            name: "value not a whole number", text: h + "r,c,a,integrity,I1,4.5,false\nr,c,b,integrity,I1,,false\n",
            problems: [
                #"line 2: value: "4.5" is not a whole number from 1 to 7"#,
                #"line 3: value: "" is not a whole number from 1 to 7"#,
            ]),
        BadFile(
            name: "a smaller scale", text: h + "r,c,a,integrity,I1,6,false\n", scale: 5,
            problems: [#"line 2: value: "6" is not a whole number from 1 to 5"#]),
        BadFile(
            name: "unknown facet", text: h + "r,c,a,honesty,I1,3,false\n",
            problems: [
                #"line 2: facet: "honesty" is not a facet (expected benevolence, integrity, predictability or competence)"#
            ]),
        BadFile(
            name: "reverse not true or false", text: h + "r,c,a,integrity,I1,3,yes\n",
            problems: [#"line 2: reverse: "yes" is not true or false"#]),
        BadFile(
            name: "missing field in a row", text: h + "r,c,a,integrity,I1,3\n",
            problems: ["line 2: expected 7 fields, found 6"]),
        BadFile(
            name: "empty round, response and item",
            text: h + ",c,a,integrity,I1,3,false\nr,c,,integrity,I1,3,false\nr,c,a,integrity,,3,false\n",
            problems: [
                "line 2: round: is empty (expected the name of the survey round)",
                "line 3: response: is empty (expected the response's anonymous id)",
                "line 4: item: is empty (expected the item's id, e.g. P2)",
            ]),
        BadFile(
            name: "a response under two communities",
            text: h + "r,East,a,integrity,I1,3,false\nr,West,a,integrity,I2,3,false\nr,,a,integrity,I3,3,false\n",
            problems: [
                #"line 3: response: "a" already appears in community "East" on line 2 (a response belongs to one community)"#,
                #"line 4: response: "a" already appears in community "East" on line 2 (a response belongs to one community)"#,
            ]),
        BadFile(
            name: "a response under two rounds",
            text: h + "autumn,,a,integrity,I1,3,false\nwinter,,a,integrity,I1,3,false\n",
            problems: [
                #"line 3: response: "a" already appears in round "autumn" on line 2 (a response belongs to one round)"#
            ]),
        BadFile(
            name: "the same item twice in a response",
            text: h + "r,c,a,integrity,I1,3,false\nr,c,b,integrity,I1,3,false\nr,c,a,integrity,I1,4,false\n",
            problems: [#"line 4: item: "I1" appears more than once in response "a""#]),
        BadFile(
            name: "an item that changes facet or direction",
            text: h + "r,c,a,integrity,I1,3,false\nr,c,b,competence,I1,3,false\nr,c,d,integrity,I1,3,true\n",
            problems: [
                #"line 3: facet: item "I1" is integrity on line 2, not competence (an item belongs to one facet)"#,
                #"line 4: reverse: item "I1" has reverse false on line 2, not true"#,
            ]),
        BadFile(
            name: "several problems on one row, in column order",
            text: h + "r,c,a,trust,I1,9,maybe\n",
            problems: [
                #"line 2: facet: "trust" is not a facet (expected benevolence, integrity, predictability or competence)"#,
                #"line 2: value: "9" is not a whole number from 1 to 7"#,
                #"line 2: reverse: "maybe" is not true or false"#,
            ]),
        BadFile(
            name: "line numbers count lines inside quoted fields",
            text: h + "\"r\nr\",c,a,integrity,I1,3,false\nr,c,b,integrity,I1,x,false\n",
            problems: [#"line 4: value: "x" is not a whole number from 1 to 7"#]),
        BadFile(
            name: "text after a closing quote", text: h + "\"r\"x,c,a,integrity,I1,3,false\n",
            problems: [
                #"line 2: unexpected text after a closing quote (expected a comma or the end of the line; write "" for a quote inside a quoted field)"#
            ]),
        BadFile(
            name: "an unterminated quote", text: h + "r,c,a,integrity,I1,3,false\n\"r,c,b,integrity,I1,3,false\n",
            problems: [#"line 3: unterminated quoted field (expected a closing ")"#]),
        BadFile(
            name: "a scale that cannot be", text: h, scale: 1,
            problems: ["--scale: must be a whole number from 2 to 255"]),
    ]

    @Test("bad files: every problem at once, line by line", arguments: badFiles)
    func bad(_ file: BadFile) {
        do {
            _ = try TrustCSVAnalysis.json(file.text, scale: file.scale)
            Issue.record("expected problems")
        } catch {
            #expect(error.problems.map(\.description) == file.problems)
        }
    }

    @Test("a systematic mistake is summarised after the first thousand problems")
    func manyProblems() {
        var lines = [Self.header]
        for r in 0..<1005 { lines.append("r,c,a\(r),integrity,I1,9,false") }
        do {
            _ = try TrustCSVAnalysis.json(lines.joined(separator: "\n"), scale: 7)
            Issue.record("expected problems")
        } catch {
            #expect(error.problems.count == 1000)
            #expect(error.omitted == 5)
            #expect(error.description.hasSuffix("\n… and 5 more problems"))
            #expect(error.description.hasPrefix(#"line 2: value: "9" is not a whole number from 1 to 7"#))
        }
    }
}
