import Foundation
import Testing

@testable import TrellisCore

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Reads an SVG with Foundation's XML parser: a chart that parses is well-formed XML.
final class SVGReader: NSObject, XMLParserDelegate {
    struct Element {
        let name: String
        let attributes: [String: String]
        var text = ""
    }

    private(set) var elements: [Element] = []
    private var open: [Int] = []

    static func read(_ svg: String) -> SVGReader? {
        let reader = SVGReader()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = reader
        return parser.parse() ? reader : nil
    }

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        open.append(elements.count)
        elements.append(Element(name: elementName, attributes: attributes))
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        open.removeLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if let index = open.last { elements[index].text += string }
    }

    func all(_ name: String, class className: String? = nil) -> [Element] {
        elements.filter { $0.name == name && (className == nil || $0.attributes["class"] == className) }
    }
}

@Suite("Trust charts")
struct TrustChartsTests {
    static func round(_ label: String, n: Int = 12, _ means: [TrustFacet: Double], interval: Bool = true)
        -> TrustChartRound
    {
        TrustChartRound(
            label: label, n: n,
            values: means.mapValues { mean in
                TrustChartValue(mean: mean, ci95: interval ? TrustInterval(lower: mean - 0.4, upper: mean + 0.4) : nil)
            })
    }

    static let autumn = round("Autumn", [.benevolence: 5.1, .integrity: 5.4, .predictability: 3.9, .competence: 5.0])
    static let winter = round(
        "Winter", n: 11, [.benevolence: 5.3, .integrity: 5.5, .predictability: 4.6, .competence: 4.4])

    /// The root is an accessible image named by its title and description, sized by its viewBox.
    static func checkAccessibleName(_ reader: SVGReader, id: String, title: String) {
        let svg = reader.elements[0]
        #expect(svg.name == "svg")
        #expect(svg.attributes["role"] == "img")
        #expect(svg.attributes["aria-labelledby"] == "\(id)-title \(id)-desc")
        #expect(svg.attributes["viewBox"]?.hasPrefix("0 0 720 ") == true)
        #expect(svg.attributes["width"] == nil && svg.attributes["height"] == nil)
        let titles = reader.all("title").filter { $0.attributes["id"] == "\(id)-title" }
        #expect(titles.map(\.text) == [title])
        #expect(reader.all("desc").filter { $0.attributes["id"] == "\(id)-desc" }.count == 1)
    }

    @Test("bars: well-formed, named, one bar per facet per round, a whisker for every interval")
    func bars() throws {
        let svg = TrustCharts.facetBars([Self.autumn, Self.winter], scale: 7, title: "Trust, Bayview cohort")
        let reader = try #require(SVGReader.read(svg))
        Self.checkAccessibleName(reader, id: "trust-facets", title: "Trust, Bayview cohort")
        #expect(reader.all("rect", class: "bar").count == 8)
        #expect(reader.all("g", class: "whisker").count == 8)
        let texts = reader.all("text").map(\.text)
        #expect(texts.contains("Mean score (1–7)"))
        #expect(texts.contains("Facet"))
        #expect(TrustFacet.allCases.allSatisfy { texts.contains($0.label) })
        #expect(texts.contains("Autumn") && texts.contains("Winter"))
        #expect(texts.contains("3.90") && texts.contains("4.60"))
        let desc = reader.all("desc")[0].text
        #expect(desc.contains("Autumn (n = 12) and Winter (n = 11)"))
        #expect(desc.contains("In Winter the weakest facet is competence (4.40)."))
    }

    @Test("bars: no bar for a facet not shown, no whisker without an interval")
    func barsWithGaps() throws {
        let partial = TrustChartRound(
            label: "Spring", n: 9,
            values: [
                .benevolence: TrustChartValue(mean: 5, ci95: TrustInterval(lower: 4.5, upper: 5.5)),
                .integrity: TrustChartValue(mean: 5, ci95: nil),
            ])
        let hidden = TrustChartRound(label: "Summer", n: 2, values: [:])
        let svg = TrustCharts.facetBars([Self.autumn, partial, hidden], scale: 7)
        let reader = try #require(SVGReader.read(svg))
        #expect(reader.all("rect", class: "bar").count == 6)
        #expect(reader.all("g", class: "whisker").count == 5)
        #expect(reader.all("text", class: "missing").count == 6)
        #expect(reader.all("desc")[0].text.contains("Figures with too few responses are not shown."))
    }

    @Test("rounds differ by pattern as well as colour")
    func patterns() throws {
        let rounds = (1...4).map { Self.round("R\($0)", [.benevolence: 4]) }
        let reader = try #require(SVGReader.read(TrustCharts.facetBars(rounds, scale: 7, id: "c1")))
        let fills = reader.all("rect", class: "bar").map { $0.attributes["fill"] ?? "" }
        #expect(Set(fills).count == 4)
        #expect(fills.dropFirst().allSatisfy { $0.hasPrefix("url(#c1-fill-") })
        #expect(reader.all("pattern").count == 3)
    }

    @Test("labels are escaped, control characters dropped, ids made safe")
    func escaping() throws {
        let label = "Q1 <\"draft\"> & 'final'\u{1}"
        let svg = TrustCharts.facetBars(
            [Self.round(label, [.integrity: 4])], scale: 7, title: "A & B <c>", id: "my chart!")
        let reader = try #require(SVGReader.read(svg))
        Self.checkAccessibleName(reader, id: "mychart", title: "A & B <c>")
        #expect(reader.all("text").contains { $0.text == "Q1 <\"draft\"> & 'final'" })
        let trend = try #require(SVGReader.read(TrustCharts.trend([Self.round(label, [.integrity: 4])], scale: 7)))
        #expect(trend.all("text").contains { $0.text == "Q1 <\"draft\"> & 'final'" })
        #expect(SVGMarkup.identifier("9lives") == "chart-9lives")
    }

    @Test("trend: a line per facet, broken where a round is not shown, each named at its end")
    func trend() throws {
        let gap = TrustChartRound(label: "Winter", n: 3, values: [:])
        let spring = Self.round("Spring", [.benevolence: 5.6, .integrity: 5.6, .predictability: 5.0])
        let svg = TrustCharts.trend([Self.autumn, gap, spring, Self.winter], scale: 7, title: "Trend")
        let reader = try #require(SVGReader.read(svg))
        Self.checkAccessibleName(reader, id: "trust-trend", title: "Trend")
        // Autumn, then a gap, then Spring–Winter: one segment each for three facets; competence
        // has only Autumn and Winter, which the gap separates, so it has points but no segment.
        #expect(reader.all("path", class: "trend-line").count == 3)
        #expect(reader.all("g", class: "point").count == 4 + 3 + 4)
        let texts = reader.all("text").map(\.text)
        #expect(TrustFacet.allCases.allSatisfy { texts.contains($0.label) })
        #expect(texts.contains("Round") && texts.contains("Mean score (1–7)"))
        let dashes = reader.all("path", class: "trend-line").map { $0.attributes["stroke-dasharray"] ?? "solid" }
        #expect(Set(dashes).count == 3)
        let desc = reader.all("desc")[0].text
        #expect(desc.contains("across 4 rounds (Autumn, Winter, Spring and Winter)"))
        #expect(desc.contains("Predictability: from 3.90 in Autumn to 4.60 in Winter."))
    }

    @Test("end labels are kept apart and above the bottom of the plot")
    func labelSpread() {
        let placed = TrustCharts.spread(
            [(0, 100), (1, 101), (2, 102), (3, 290)], gap: 18, bottom: 284)
        let ys = placed.map(\.y)
        #expect(ys == [100, 118, 136, 284])
        let crowded = TrustCharts.spread([(0, 280), (1, 281), (2, 282), (3, 283)], gap: 18, bottom: 284)
        #expect(crowded.map(\.y) == [230, 248, 266, 284])
    }

    @Test("no rounds still draws a valid, described chart")
    func empty() throws {
        #expect(SVGReader.read(TrustCharts.facetBars([], scale: 7)) != nil)
        let reader = try #require(SVGReader.read(TrustCharts.trend([], scale: 5)))
        #expect(reader.all("desc")[0].text == "No rounds to show.")
    }

    /// WCAG 2 relative luminance and contrast ratio.
    static func contrastWithWhite(_ hex: String) -> Double {
        let digits = Array(hex.dropFirst())
        let channels = stride(from: 0, to: 6, by: 2).map { index -> Double in
            let value = Double(Int(String(digits[index..<(index + 2)]), radix: 16)!) / 255
            return value <= 0.03928 ? value / 12.92 : pow((value + 0.055) / 1.055, 2.4)
        }
        let luminance = 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]
        return 1.05 / (luminance + 0.05)
    }

    @Test("every series colour and the ink have at least 4.5:1 contrast against white")
    func contrast() {
        for colour in Palette.series + [Palette.ink] {
            #expect(Self.contrastWithWhite(colour) >= 4.5, "\(colour)")
        }
    }

    @Test("the table beside the charts: n, then a row per facet with mean and interval")
    func table() {
        let hidden = TrustChartRound(label: "Winter", n: 2, values: [:])
        let noInterval = Self.round("Spring", [.benevolence: 5], interval: false)
        let table = TrustCharts.table([Self.autumn, hidden, noInterval], caption: "Cohort")
        #expect(table.caption == "Cohort: mean (95 % interval) by round")
        #expect(table.columns == ["Facet", "Autumn", "Winter", "Spring"])
        #expect(table.rows[0] == ["Responses (n)", "12", "2", "12"])
        #expect(table.rows[1] == ["Benevolence", "5.10 (4.70–5.50)", "not shown", "5.00"])
        #expect(table.rows[3] == ["Predictability", "3.90 (3.50–4.30)", "not shown", "not shown"])
        #expect(table.rows.count == 5)
    }

    @Test("a result row becomes a chart round with only its shown figures")
    func fromResult() {
        var matrix = TrustResponseMatrix(instrument: .current)
        for value: UInt8 in [4, 5, 6, 5] { matrix.append(values: Array(repeating: value, count: 16), community: nil) }
        let results = TrustReport.results(for: matrix)
        let round = TrustChartRound(label: "Autumn", result: results[0])
        #expect(round.n == 4)
        #expect(round.values.count == 4)
        #expect(round.values[.competence]?.ci95 != nil)
    }
}
