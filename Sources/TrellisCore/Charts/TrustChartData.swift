/// A facet's figure as a chart draws it.
public struct TrustChartValue: Sendable, Hashable {
    public let mean: Double
    public let ci95: TrustInterval?

    public init(mean: Double, ci95: TrustInterval?) {
        self.mean = mean
        self.ci95 = ci95
    }
}

/// One round of one group, as the charts and the table beside them show it.
public struct TrustChartRound: Sendable, Hashable {
    /// The round's name as people know it ("Autumn 2026").
    public let label: String
    public let n: Int
    /// The facets that may be shown; a facet that is absent (suppressed or withheld) gets no bar
    /// or point and reads "not shown" in the table.
    public let values: [TrustFacet: TrustChartValue]

    public init(label: String, n: Int, values: [TrustFacet: TrustChartValue]) {
        self.label = label
        self.n = n
        self.values = values
    }

    /// The shown figures of a result row (none when it is suppressed).
    public init(label: String, result: TrustGroupResult) {
        var values: [TrustFacet: TrustChartValue] = [:]
        for (facet, figures) in result.facets {
            if let mean = figures.mean {
                values[facet] = TrustChartValue(mean: mean, ci95: figures.ci95)
            }
        }
        self.init(label: label, n: result.n, values: values)
    }
}

/// A chart's data as the table the page shows beside it: column headings and rows of text.
public struct TrustChartTable: Sendable, Hashable {
    public let caption: String
    public let columns: [String]
    public let rows: [[String]]
}

extension TrustCharts {
    /// The figures behind both charts, one column per round: a row of response counts, then a
    /// row per facet with the mean and its 95 % interval, or "not shown".
    public static func table(_ rounds: [TrustChartRound], caption: String = "Trust by facet") -> TrustChartTable {
        var rows = [["Responses (n)"] + rounds.map { String($0.n) }]
        for facet in TrustFacet.allCases {
            let cells = rounds.map { round in
                guard let value = round.values[facet] else { return "not shown" }
                let mean = SVGMarkup.figure(value.mean)
                guard let interval = value.ci95 else { return mean }
                return "\(mean) (\(SVGMarkup.figure(interval.lower))–\(SVGMarkup.figure(interval.upper)))"
            }
            rows.append([facet.label] + cells)
        }
        return TrustChartTable(
            caption: caption + ": mean (95 % interval) by round", columns: ["Facet"] + rounds.map(\.label), rows: rows)
    }
}
