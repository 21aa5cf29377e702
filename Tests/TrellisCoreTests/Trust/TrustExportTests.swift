import Testing

@testable import TrellisCore

@Suite("Trust exports: results and item-level answers as CSV")
struct TrustExportTests {
    @Test("a suppressed group shows its n only; a negative alpha stays a number, not a guarded formula")
    func results() {
        let stats = TrustFacetStatistics(n: 9, itemCount: 3, mean: 3.5, variance: 0.25, alpha: -0.125, ci95: nil)
        let csv = TrustExport.resultsCSV(
            round: "=Autumn, 2026", instrumentVersion: "trellis-trust-1",
            groups: [
                TrustGroupResult(community: nil, n: 9, suppressed: false, facets: [.benevolence: stats]),
                TrustGroupResult(community: "Cedar", n: 2, suppressed: true, facets: [:]),
            ])
        let lines = csv.split(separator: "\r\n").map(String.init)
        #expect(lines[0] == "round,community,n,suppressed,facet,mean,alpha,ci95_low,ci95_high,instrument")
        #expect(lines.contains("\"'=Autumn, 2026\",,9,false,benevolence,3.5000,-0.1250,,,trellis-trust-1"))
        #expect(lines.contains("\"'=Autumn, 2026\",Cedar,2,true,,,,,,trellis-trust-1"))
        #expect(lines.count == 1 + TrustFacet.allCases.count + 1)
        #expect(csv.hasSuffix("\r\n"))
    }

    @Test("item answers come sorted by response then item; unknown items are left out")
    func items() throws {
        let instrument = TrustInstrument.current
        let first = try #require(instrument.items.first)
        let csv = TrustExport.itemsCSV(
            round: "Winter",
            answers: [
                .init(response: "b", item: first.id, value: 4), .init(response: "a", item: first.id, value: 2),
                .init(response: "a", item: "no-such-item", value: 5),
            ], instrument: instrument)
        #expect(
            csv == "round,community,response,facet,item,value,reverse\r\n"
                + "Winter,,a,\(first.facet.rawValue),\(first.id),2,\(first.reverse)\r\n"
                + "Winter,,b,\(first.facet.rawValue),\(first.id),4,\(first.reverse)\r\n")
    }
}
