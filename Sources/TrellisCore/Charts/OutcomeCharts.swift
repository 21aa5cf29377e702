import Foundation

/// The outcome page's two charts: a slope per group from the year before to the year after, and each
/// school's change in points as a dot with its interval. Both are images named by a title and described
/// in words; the page puts the same numbers in a table beside them.
public enum OutcomeCharts {
    /// One line of the slope chart: a rate (percent) and its interval each year, or nil where hidden.
    public struct Slope: Sendable {
        public let label: String
        public let before: (rate: Double, low: Double, high: Double)?
        public let after: (rate: Double, low: Double, high: Double)?

        public init(
            label: String, before: (rate: Double, low: Double, high: Double)?,
            after: (rate: Double, low: Double, high: Double)?
        ) {
            self.label = label
            self.before = before
            self.after = after
        }
    }

    /// One dot of the changes chart, in points.
    public struct Change: Sendable, Hashable {
        public let label: String
        public let points: Double
        public let low: Double
        public let high: Double

        public init(label: String, points: Double, low: Double, high: Double) {
            self.label = label
            self.points = points
            self.low = low
            self.high = high
        }
    }

    static func percent(_ value: Double) -> String { FixedDecimal.text(value, places: 1) + " %" }
    static func signed(_ value: Double) -> String { FixedDecimal.text(value, places: 1, signed: true) }

    public static func slopes(
        _ lines: [Slope], before: String, after: String, title: String, id: String = "outcome-slopes"
    ) -> String {
        let id = SVGMarkup.identifier(id)
        var svg = SVGDocument(width: 640)
        let (top, height, left, right) = (24.0, 260.0, 72.0, 440.0)
        svg.height = top + height + 56
        func y(_ value: Double) -> Double { top + height - min(100, max(0, value)) / 100 * height }
        var axis: [String] = []
        for value in stride(from: 0, through: 100, by: 20) {
            let position = SVGMarkup.coordinate(y(Double(value)))
            axis.append(
                SVGMarkup.element(
                    "line",
                    [
                        "x1": SVGMarkup.coordinate(left), "y1": position, "x2": SVGMarkup.coordinate(right),
                        "y2": position, "stroke": value == 0 ? Palette.ink : Palette.grid, "stroke-width": "1",
                    ]))
            axis.append(
                SVGMarkup.element(
                    "text",
                    [
                        "x": SVGMarkup.coordinate(left - 8), "y": position, "dy": "5", "font-size": "13",
                        "text-anchor": "end",
                    ], "\(value) %"))
        }
        let xs = [left + 40, right - 40]
        for (x, label) in zip(xs, [before, after]) {
            axis.append(
                SVGMarkup.element(
                    "text",
                    [
                        "x": SVGMarkup.coordinate(x), "y": SVGMarkup.coordinate(top + height + 24), "font-size": "14",
                        "text-anchor": "middle",
                    ], SVGMarkup.escape(label)))
        }
        svg.add(SVGMarkup.element("g", ["class": "axis"], axis.joined()))
        for (index, line) in lines.enumerated() {
            let colour = Palette.series(index)
            var parts: [String] = []
            let points = [line.before, line.after]
            if let first = line.before, let second = line.after {
                parts.append(
                    SVGMarkup.element(
                        "line",
                        [
                            "x1": SVGMarkup.coordinate(xs[0]), "y1": SVGMarkup.coordinate(y(first.rate)),
                            "x2": SVGMarkup.coordinate(xs[1]), "y2": SVGMarkup.coordinate(y(second.rate)),
                            "stroke": colour, "stroke-width": "2.5",
                        ]))
            }
            for (x, point) in zip(xs, points) {
                guard let point else { continue }
                let offset = Double(index - lines.count / 2) * 6
                parts.append(
                    SVGMarkup.element(
                        "line",
                        [
                            "x1": SVGMarkup.coordinate(x + offset), "y1": SVGMarkup.coordinate(y(point.low)),
                            "x2": SVGMarkup.coordinate(x + offset), "y2": SVGMarkup.coordinate(y(point.high)),
                            "stroke": colour, "stroke-width": "1.5",
                        ]))
                parts.append(
                    SVGMarkup.element(
                        "circle",
                        [
                            "cx": SVGMarkup.coordinate(x + offset), "cy": SVGMarkup.coordinate(y(point.rate)), "r": "5",
                            "fill": colour,
                        ],
                        SVGMarkup.element(
                            "title", [:],
                            SVGMarkup.escape(
                                "\(line.label): \(percent(point.rate)) (\(percent(point.low)) to \(percent(point.high)))"
                            ))))
            }
            if let last = line.after ?? line.before {
                parts.append(
                    SVGMarkup.element(
                        "text",
                        [
                            "x": SVGMarkup.coordinate(right + 12), "y": SVGMarkup.coordinate(y(last.rate) + 5),
                            "font-size": "14", "fill": colour,
                        ], SVGMarkup.escape(line.label)))
            }
            svg.add(SVGMarkup.element("g", ["class": "slope"], parts.joined()))
        }
        let description = lines.map { line in
            let first = line.before.map { percent($0.rate) } ?? "hidden"
            let second = line.after.map { percent($0.rate) } ?? "hidden"
            return "\(line.label): \(first) in \(before), \(second) in \(after)"
        }.joined(separator: "; ")
        return svg.render(
            id: id, title: title, description: description.isEmpty ? "No groups to show." : description + ".")
    }

    public static func changes(_ dots: [Change], title: String, id: String = "outcome-changes") -> String {
        let id = SVGMarkup.identifier(id)
        var svg = SVGDocument(width: 640)
        let (left, right, top, row) = (220.0, 610.0, 16.0, 22.0)
        svg.height = top + Double(max(dots.count, 1)) * row + 48
        let lowest = min(-5, dots.map(\.low).min() ?? -5)
        let highest = max(5, dots.map(\.high).max() ?? 5)
        func x(_ value: Double) -> Double { left + (value - lowest) / (highest - lowest) * (right - left) }
        var parts: [String] = []
        let bottom = top + Double(max(dots.count, 1)) * row
        parts.append(
            SVGMarkup.element(
                "line",
                [
                    "x1": SVGMarkup.coordinate(x(0)), "y1": SVGMarkup.coordinate(top), "x2": SVGMarkup.coordinate(x(0)),
                    "y2": SVGMarkup.coordinate(bottom), "stroke": Palette.ink, "stroke-width": "1",
                ]))
        for value in [lowest, 0, highest] {
            parts.append(
                SVGMarkup.element(
                    "text",
                    [
                        "x": SVGMarkup.coordinate(x(value)), "y": SVGMarkup.coordinate(bottom + 20), "font-size": "13",
                        "text-anchor": "middle",
                    ], value == 0 ? "0" : signed(value)))
        }
        parts.append(
            SVGMarkup.element(
                "text",
                [
                    "x": SVGMarkup.coordinate((left + right) / 2), "y": SVGMarkup.coordinate(bottom + 40),
                    "font-size": "14", "text-anchor": "middle",
                ], "Change in percentage points, with its 95 % interval"))
        for (index, dot) in dots.enumerated() {
            let y = top + Double(index) * row + row / 2
            parts.append(
                SVGMarkup.element(
                    "text",
                    [
                        "x": SVGMarkup.coordinate(left - 10), "y": SVGMarkup.coordinate(y + 5), "font-size": "13",
                        "text-anchor": "end",
                    ], SVGMarkup.escape(dot.label)))
            parts.append(
                SVGMarkup.element(
                    "line",
                    [
                        "x1": SVGMarkup.coordinate(x(dot.low)), "y1": SVGMarkup.coordinate(y),
                        "x2": SVGMarkup.coordinate(x(dot.high)), "y2": SVGMarkup.coordinate(y),
                        "stroke": Palette.series(0), "stroke-width": "1.5",
                    ]))
            parts.append(
                SVGMarkup.element(
                    "circle",
                    [
                        "cx": SVGMarkup.coordinate(x(dot.points)), "cy": SVGMarkup.coordinate(y), "r": "4.5",
                        "fill": Palette.series(0),
                    ],
                    SVGMarkup.element(
                        "title", [:],
                        SVGMarkup.escape(
                            "\(dot.label): \(signed(dot.points)) points (\(signed(dot.low)) to \(signed(dot.high)))"))))
        }
        svg.add(SVGMarkup.element("g", ["class": "changes"], parts.joined()))
        let gains = dots.filter { $0.low > 0 }.count
        let losses = dots.filter { $0.high < 0 }.count
        let description =
            dots.isEmpty
            ? "No school has both years shown."
            : "\(dots.count) schools' changes in points. \(gains) gained and \(losses) lost by more than their interval allows by chance; the rest are within it."
        return svg.render(id: id, title: title, description: description)
    }
}
