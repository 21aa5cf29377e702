/// The two files a closed round exports: the results (every group's facet figures, suppressed groups
/// with their n only) and, for district analysts, item-level answers in the long form that
/// `trellis trust analyze` reads back.
public enum TrustExport {
    public static func resultsCSV(round: String, instrumentVersion: String, groups: [TrustGroupResult]) -> String {
        var rows: [[CSVText.Cell]] = []
        for group in groups {
            let community = CSVText.Cell.text(group.community ?? "")
            if group.suppressed {
                rows.append(
                    [.text(round), community, .integer(group.n), .flag(true)] + Array(repeating: .text(""), count: 5)
                        + [.text(instrumentVersion)])
                continue
            }
            for facet in TrustFacet.allCases {
                let figures = group.facets[facet]
                rows.append([
                    .text(round), community, .integer(group.n), .flag(false), .text(facet.rawValue),
                    .figure(figures?.mean), .figure(figures?.alpha), .figure(figures?.ci95?.lower),
                    .figure(figures?.ci95?.upper), .text(instrumentVersion),
                ])
            }
        }
        return CSVText.document(
            header: [
                "round", "community", "n", "suppressed", "facet", "mean", "alpha", "ci95_low", "ci95_high",
                "instrument",
            ],
            cells: rows)
    }

    /// One answer as stored: a random response id (never a person), the item and the value given.
    public struct Answer: Sendable {
        public let response: String
        public let item: String
        public let value: Int

        public init(response: String, item: String, value: Int) {
            self.response = response
            self.item = item
            self.value = value
        }
    }

    /// Answers sorted by response then item; answers to items the instrument does not have are left out.
    public static func itemsCSV(round: String, answers: [Answer], instrument: TrustInstrument) -> String {
        let items = Dictionary(uniqueKeysWithValues: instrument.items.map { ($0.id, $0) })
        let rows: [[CSVText.Cell]] = answers.sorted { ($0.response, $0.item) < ($1.response, $1.item) }.compactMap {
            answer in
            guard let item = items[answer.item] else { return nil }
            return [
                .text(round), .text(""), .text(answer.response), .text(item.facet.rawValue), .text(item.id),
                .integer(answer.value), .flag(item.reverse),
            ]
        }
        return CSVText.document(
            header: ["round", "community", "response", "facet", "item", "value", "reverse"], cells: rows)
    }
}
