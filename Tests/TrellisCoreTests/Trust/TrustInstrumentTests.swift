import Testing

@testable import TrellisCore

@Suite("Trust instrument")
struct TrustInstrumentTests {
    let instrument = TrustInstrument.current

    @Test("current is trellis-trust-1 on a 7-point agreement scale")
    func versionAndScale() {
        #expect(instrument.version == "trellis-trust-1")
        #expect(instrument.scale == 7)
        #expect(instrument.scaleLabels.count == 7)
        #expect(instrument.label(for: 1) == "Strongly disagree")
        #expect(instrument.label(for: 4) == "Neither agree nor disagree")
        #expect(instrument.label(for: 7) == "Strongly agree")
        #expect(instrument.label(for: 0) == nil)
        #expect(instrument.label(for: 8) == nil)
        #expect(TrustInstrument.version("trellis-trust-1") == instrument)
        #expect(TrustInstrument.version("unknown") == nil)
    }

    @Test("four items per facet, exactly one reverse-keyed", arguments: TrustFacet.allCases)
    func facetItems(facet: TrustFacet) {
        let items = instrument.items(of: facet)
        #expect(items.count == 4)
        #expect(items.filter(\.reverse).count == 1)
        #expect(items.allSatisfy { $0.id.hasPrefix(String(facet.rawValue.prefix(1)).uppercased()) })
    }

    @Test("ids are unique and every statement is written out")
    func ids() {
        #expect(instrument.items.count == 16)
        #expect(Set(instrument.items.map(\.id)).count == 16)
        #expect(instrument.items.allSatisfy { $0.text.count > 20 && $0.text.hasSuffix(".") })
    }

    @Test("no two statements of a facet follow each other")
    func spread() {
        for (a, b) in zip(instrument.items, instrument.items.dropFirst()) {
            #expect(a.facet != b.facet)
        }
    }

    @Test("facets: lowercase raw values, labels, meanings, 3–4 practices each", arguments: TrustFacet.allCases)
    func facets(facet: TrustFacet) {
        #expect(facet.rawValue == facet.rawValue.lowercased())
        #expect(facet.label.lowercased() == facet.rawValue)
        #expect(!facet.meaning.isEmpty)
        #expect((3...4).contains(facet.practices.count))
        #expect(facet.practices.allSatisfy { $0.hasSuffix(".") })
    }

    @Test("facets keep the documented order: it breaks ties")
    func order() {
        #expect(TrustFacet.allCases == [.benevolence, .integrity, .predictability, .competence])
    }

    @Test("predictability's practices include the article's fixed monthly pattern and agendas ahead")
    func predictabilityPractices() {
        let text = TrustFacet.predictability.practices.joined(separator: " ")
        #expect(text.contains("fixed meeting pattern"))
        #expect(text.contains("agenda"))
        #expect(text.contains("norms"))
    }
}
