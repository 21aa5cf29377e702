/// SVG charts of trust results, drawn as text so the server can inline them and tests can read
/// them. Every chart: `role="img"` labelled by its `<title>` and `<desc>`, a viewBox and no fixed
/// size (it scales to its container), text of at least 13 px in near-black, and series told apart
/// by fill pattern or by line dash and marker shape as well as by colour, in colours with at least
/// 4.5:1 contrast against white. `table(_:caption:)` gives the same figures for the table beside.
public enum TrustCharts {
    /// Grouped bars: one group per facet, one bar per round, whiskers for the 95 % intervals. Bars
    /// start at 1, the lowest point of the scale, since no mean can be below it; intervals that
    /// reach past the scale are drawn clipped to it (the table gives the exact bounds). `id`
    /// prefixes the ids inside, so several charts can share a page.
    public static func facetBars(
        _ rounds: [TrustChartRound], scale: Int, title: String = "Trust by facet", id: String = "trust-facets"
    ) -> String {
        let id = SVGMarkup.identifier(id)
        var svg = SVGDocument(width: 720)
        let legend = Legend(labels: rounds.map(\.label), width: svg.width - 88)
        let plot = Plot(left: 72, right: svg.width - 16, top: 24 + legend.height + 24, height: 260, scale: scale)
        svg.height = plot.bottom + 64

        svg.add(SVGMarkup.element("defs", [:], rounds.indices.map { pattern(round: $0, id: id) }.joined()))
        var legendParts: [String] = []
        for (index, place) in legend.places.enumerated() {
            legendParts.append(
                SVGMarkup.element(
                    "rect",
                    [
                        "x": coordinate(plot.left + place.x), "y": coordinate(16 + place.y), "width": "16",
                        "height": "16", "fill": fill(round: index, id: id), "stroke": Palette.series(index),
                        "stroke-width": "1.5",
                    ]))
            legendParts.append(
                SVGMarkup.element(
                    "text",
                    ["x": coordinate(plot.left + place.x + 22), "y": coordinate(16 + place.y + 13), "font-size": "14"],
                    SVGMarkup.escape(rounds[index].label)))
        }
        svg.add(SVGMarkup.element("g", ["class": "legend"], legendParts.joined()))
        svg.add(plot.valueAxis())

        let groupWidth = plot.width / Double(TrustFacet.allCases.count)
        let slot = rounds.isEmpty ? 0 : min(56, groupWidth * 0.8 / Double(rounds.count))
        var bars: [String] = []
        for (facetIndex, facet) in TrustFacet.allCases.enumerated() {
            let groupLeft = plot.left + Double(facetIndex) * groupWidth
            let firstSlot = groupLeft + (groupWidth - slot * Double(rounds.count)) / 2
            for (roundIndex, round) in rounds.enumerated() {
                let x = firstSlot + Double(roundIndex) * slot + 2
                let width = slot - 4
                bars.append(
                    bar(
                        round.values[facet], label: "\(facet.label), \(round.label)", x: x, width: width,
                        plot: plot, fill: fill(round: roundIndex, id: id), stroke: Palette.series(roundIndex)))
            }
            bars.append(
                SVGMarkup.element(
                    "text",
                    [
                        "x": coordinate(groupLeft + groupWidth / 2), "y": coordinate(plot.bottom + 22),
                        "font-size": "14", "text-anchor": "middle",
                    ], facet.label))
        }
        svg.add(SVGMarkup.element("g", ["class": "bars"], bars.joined()))
        svg.add(axisTitle("Facet", plot: plot))
        return svg.render(id: id, title: title, description: barsDescription(rounds, scale: scale))
    }

    /// A line per facet across rounds, in round order. A round where a facet is not shown breaks
    /// its line; each line is named at the right, beside its marker, so no legend is needed.
    public static func trend(
        _ rounds: [TrustChartRound], scale: Int, title: String = "Trust across rounds", id: String = "trust-trend"
    ) -> String {
        let id = SVGMarkup.identifier(id)
        var svg = SVGDocument(width: 720)
        let plot = Plot(left: 72, right: svg.width - 160, top: 24, height: 260, scale: scale)
        svg.height = plot.bottom + 64
        svg.add(plot.valueAxis())

        let inset = 24.0
        func x(_ index: Int) -> Double {
            rounds.count == 1
                ? (plot.left + plot.right) / 2
                : plot.left + inset + Double(index) * (plot.width - 2 * inset) / Double(rounds.count - 1)
        }
        let roundLabels = rounds.enumerated().map { index, round in
            SVGMarkup.element(
                "text",
                [
                    "x": coordinate(x(index)), "y": coordinate(plot.bottom + 22), "font-size": "14",
                    "text-anchor": "middle",
                ], SVGMarkup.escape(round.label))
        }
        svg.add(SVGMarkup.element("g", ["class": "rounds"], roundLabels.joined()))

        var ends: [(facetIndex: Int, y: Double)] = []
        for (facetIndex, facet) in TrustFacet.allCases.enumerated() {
            let points = rounds.indices.map { index in
                rounds[index].values[facet].map { (x: x(index), y: plot.y($0.mean), value: $0) }
            }
            var parts: [String] = []
            // Runs of consecutive shown rounds; a run of one point is a marker without a line.
            for run in points.split(whereSeparator: { $0 == nil }) where run.count > 1 {
                let path = run.map { "\(coordinate($0!.x)) \(coordinate($0!.y))" }.joined(separator: "L")
                var attributes = [
                    ("class", "trend-line"), ("d", "M" + path), ("fill", "none"),
                    ("stroke", Palette.series(facetIndex)), ("stroke-width", "2.5"),
                ]
                if let dash = Palette.dashes[facetIndex] { attributes.append(("stroke-dasharray", dash)) }
                parts.append(SVGMarkup.element("path", attributes: attributes))
            }
            for (index, point) in points.enumerated() {
                guard let point else { continue }
                let label = "\(facet.label), \(rounds[index].label): " + describe(point.value)
                parts.append(
                    SVGMarkup.element(
                        "g", ["class": "point"],
                        marker(facetIndex, x: point.x, y: point.y)
                            + SVGMarkup.element("title", [:], SVGMarkup.escape(label))))
            }
            svg.add(SVGMarkup.element("g", ["class": "facet-line", "data-facet": facet.rawValue], parts.joined()))
            if let last = points.last(where: { $0 != nil }) ?? nil {
                ends.append((facetIndex, last.y))
            }
        }

        var endLabels: [String] = []
        for end in spread(ends, gap: 18, bottom: plot.bottom) {
            endLabels.append(marker(end.facetIndex, x: plot.right + 16, y: end.y))
            endLabels.append(
                SVGMarkup.element(
                    "text", ["x": coordinate(plot.right + 28), "y": coordinate(end.y + 5), "font-size": "14"],
                    TrustFacet.allCases[end.facetIndex].label))
        }
        svg.add(SVGMarkup.element("g", ["class": "line-labels"], endLabels.joined()))
        svg.add(axisTitle("Round", plot: plot))
        return svg.render(id: id, title: title, description: trendDescription(rounds, scale: scale))
    }

    // MARK: - descriptions

    static func barsDescription(_ rounds: [TrustChartRound], scale: Int) -> String {
        guard !rounds.isEmpty else { return "No rounds to show." }
        var text =
            "Bar chart of the mean of each trust facet, on a scale from 1 (strongly disagree) to \(scale) "
            + "(strongly agree), for \(list(rounds.map { "\($0.label) (n = \($0.n))" })), "
            + "with whiskers for 95 % intervals."
        if let latest = rounds.last(where: { !$0.values.isEmpty }),
            let weakest = TrustAnalysis.weakestFacet(latest.values.mapValues(\.mean))
        {
            text +=
                " In \(latest.label) the weakest facet is \(weakest.rawValue) "
                + "(\(SVGMarkup.figure(latest.values[weakest]!.mean)))."
        }
        if rounds.contains(where: { $0.values.count < TrustFacet.allCases.count }) {
            text += " Figures with too few responses are not shown."
        }
        return text
    }

    static func trendDescription(_ rounds: [TrustChartRound], scale: Int) -> String {
        guard !rounds.isEmpty else { return "No rounds to show." }
        var text =
            "Line chart of the mean of each trust facet across \(rounds.count) round\(rounds.count == 1 ? "" : "s") "
            + "(\(list(rounds.map(\.label)))), on a scale from 1 (strongly disagree) to \(scale) (strongly agree)."
        for facet in TrustFacet.allCases {
            let shown = rounds.compactMap { round in round.values[facet].map { (round: round.label, mean: $0.mean) } }
            guard let first = shown.first, let last = shown.last else { continue }
            if shown.count == 1 {
                text += " \(facet.label): \(SVGMarkup.figure(first.mean)) in \(first.round)."
            } else {
                text +=
                    " \(facet.label): from \(SVGMarkup.figure(first.mean)) in \(first.round)"
                    + " to \(SVGMarkup.figure(last.mean)) in \(last.round)."
            }
        }
        return text
    }

    private static func list(_ items: [String]) -> String {
        items.count < 2 ? items.joined() : items.dropLast().joined(separator: ", ") + " and " + items.last!
    }

    private static func describe(_ value: TrustChartValue) -> String {
        let mean = SVGMarkup.figure(value.mean)
        guard let interval = value.ci95 else { return mean }
        return "\(mean) (95 % interval \(SVGMarkup.figure(interval.lower)) to \(SVGMarkup.figure(interval.upper)))"
    }

    // MARK: - drawing

    /// A bar with its tooltip, whisker and value, or a dash at the baseline when not shown.
    private static func bar(
        _ value: TrustChartValue?, label: String, x: Double, width: Double, plot: Plot, fill: String, stroke: String
    ) -> String {
        let center = x + width / 2
        guard let value else {
            return SVGMarkup.element(
                "text",
                [
                    "class": "missing", "x": coordinate(center), "y": coordinate(plot.bottom - 6), "font-size": "13",
                    "text-anchor": "middle",
                ], "–")
        }
        let top = plot.y(value.mean)
        var markup = SVGMarkup.element(
            "rect",
            [
                "class": "bar", "x": coordinate(x), "y": coordinate(min(top, plot.bottom - 1)),
                "width": coordinate(width), "height": coordinate(max(1, plot.bottom - top)), "fill": fill,
                "stroke": stroke, "stroke-width": "1.5",
            ], SVGMarkup.element("title", [:], SVGMarkup.escape(label + ": " + describe(value))))
        var valueBaseline = top
        if let interval = value.ci95 {
            let (upper, lower) = (plot.y(interval.upper), plot.y(interval.lower))
            valueBaseline = min(valueBaseline, upper)
            let path =
                "M\(coordinate(center)) \(coordinate(lower))V\(coordinate(upper))"
                + "M\(coordinate(center - 6)) \(coordinate(upper))h12M\(coordinate(center - 6)) \(coordinate(lower))h12"
            // A white halo under the dark line keeps the whisker visible over the darkest fill.
            markup += SVGMarkup.element(
                "g", ["class": "whisker", "fill": "none"],
                SVGMarkup.element("path", ["d": path, "stroke": Palette.paper, "stroke-width": "5"])
                    + SVGMarkup.element("path", ["d": path, "stroke": Palette.ink, "stroke-width": "2"]))
        }
        if width >= 30 {
            markup += SVGMarkup.element(
                "text",
                [
                    "class": "value", "x": coordinate(center), "y": coordinate(valueBaseline - 6), "font-size": "13",
                    "text-anchor": "middle",
                ], SVGMarkup.figure(value.mean))
        }
        return markup
    }

    private static func axisTitle(_ text: String, plot: Plot) -> String {
        SVGMarkup.element(
            "text",
            [
                "x": coordinate((plot.left + plot.right) / 2), "y": coordinate(plot.bottom + 50), "font-size": "14",
                "text-anchor": "middle",
            ], text)
    }

    /// Round `index`'s fill pattern: none (solid) for the first, then hatching, cross-hatching and
    /// dots in the round's colour, so rounds differ without colour too.
    private static func pattern(round index: Int, id: String) -> String {
        let colour = Palette.series(index)
        let marks: String
        switch index % 4 {
        case 0: return ""
        case 1:
            marks = SVGMarkup.element(
                "path", ["d": "M0 8L8 0M-2 2L2 -2M6 10L10 6", "stroke": colour, "stroke-width": "2"])
        case 2: marks = SVGMarkup.element("path", ["d": "M0 0L8 8M8 0L0 8", "stroke": colour, "stroke-width": "1.5"])
        default: marks = SVGMarkup.element("circle", ["cx": "4", "cy": "4", "r": "2", "fill": colour])
        }
        return SVGMarkup.element(
            "pattern", ["id": "\(id)-fill-\(index)", "patternUnits": "userSpaceOnUse", "width": "8", "height": "8"],
            SVGMarkup.element("rect", ["width": "8", "height": "8", "fill": Palette.paper]) + marks)
    }

    private static func fill(round index: Int, id: String) -> String {
        index % 4 == 0 ? Palette.series(index) : "url(#\(id)-fill-\(index))"
    }

    /// Facet `index`'s marker: circle, square, triangle or diamond.
    private static func marker(_ index: Int, x: Double, y: Double) -> String {
        let style = [
            ("class", "marker"), ("fill", Palette.series(index)), ("stroke", Palette.paper), ("stroke-width", "1.5"),
        ]
        let corners: [(Double, Double)]
        switch index % 4 {
        case 0:
            return SVGMarkup.element(
                "circle", attributes: [("cx", coordinate(x)), ("cy", coordinate(y)), ("r", "5.5")] + style)
        case 1: corners = [(x - 5, y - 5), (x + 5, y - 5), (x + 5, y + 5), (x - 5, y + 5)]
        case 2: corners = [(x, y - 6.5), (x + 6.5, y + 5), (x - 6.5, y + 5)]
        default: corners = [(x, y - 7), (x + 7, y), (x, y + 7), (x - 7, y)]
        }
        let path = "M" + corners.map { "\(coordinate($0.0)) \(coordinate($0.1))" }.joined(separator: "L") + "Z"
        return SVGMarkup.element("path", attributes: [("d", path)] + style)
    }

    /// Moves label positions apart so neighbours are at least `gap` apart, none below `bottom`,
    /// each as close to its point as that allows.
    static func spread(_ ends: [(facetIndex: Int, y: Double)], gap: Double, bottom: Double)
        -> [(facetIndex: Int, y: Double)]
    {
        var placed = ends.sorted { ($0.y, $0.facetIndex) < ($1.y, $1.facetIndex) }
        for index in placed.indices.dropFirst() {
            placed[index].y = max(placed[index].y, placed[index - 1].y + gap)
        }
        if let last = placed.indices.last {
            placed[last].y = min(placed[last].y, bottom)
            for index in placed.indices.reversed().dropFirst() {
                placed[index].y = min(placed[index].y, placed[index + 1].y - gap)
            }
        }
        return placed
    }
}

private func coordinate(_ value: Double) -> String {
    SVGMarkup.coordinate(value)
}
