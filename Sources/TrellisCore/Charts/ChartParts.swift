/// Colours with at least 4.5:1 contrast against white, so they read as text and as marks.
enum Palette {
    /// For rounds in the bar chart and facets in the trend chart, in order.
    static let series = ["#1f5f99", "#a3460d", "#2e6b34", "#6f3a96", "#4d4d4d"]
    /// Line dashes for facets, in `TrustFacet.allCases` order; nil is a solid line.
    static let dashes: [String?] = [nil, "8 4", "2 3", "10 3 2 3"]
    static let ink = "#1a1a1a"
    static let paper = "#ffffff"
    static let grid = "#d0d0d0"

    static func series(_ index: Int) -> String {
        series[index % series.count]
    }
}

/// The value axis both charts share: the scale's points from 1 at the bottom to `scale` at the
/// top, with gridlines and a label.
struct Plot {
    let left: Double
    let right: Double
    let top: Double
    let height: Double
    let scale: Int

    var bottom: Double { top + height }
    var width: Double { right - left }

    /// The vertical position of a value, clamped to the plot.
    func y(_ value: Double) -> Double {
        let share = (value - 1) / Double(max(1, scale - 1))
        return bottom - min(1, max(0, share)) * height
    }

    func valueAxis() -> String {
        var parts: [String] = []
        let step = max(1, Int((Double(scale - 1) / 10).rounded(.up)))
        for value in stride(from: 1, through: scale, by: step) {
            let y = SVGMarkup.coordinate(self.y(Double(value)))
            parts.append(
                SVGMarkup.element(
                    "line",
                    [
                        "x1": SVGMarkup.coordinate(left), "y1": y, "x2": SVGMarkup.coordinate(right), "y2": y,
                        "stroke": value == 1 ? Palette.ink : Palette.grid, "stroke-width": "1",
                    ]))
            parts.append(
                SVGMarkup.element(
                    "text",
                    [
                        "x": SVGMarkup.coordinate(left - 8), "y": y, "dy": "5", "font-size": "13",
                        "text-anchor": "end",
                    ], String(value)))
        }
        let middle = SVGMarkup.coordinate(top + height / 2)
        parts.append(
            SVGMarkup.element(
                "text",
                [
                    "x": "20", "y": middle, "font-size": "14", "text-anchor": "middle",
                    "transform": "rotate(-90 20 \(middle))",
                ], "Mean score (1–\(scale))"))
        return SVGMarkup.element("g", ["class": "axis"], parts.joined())
    }
}

/// Legend entries laid out left to right, wrapping to a new row when one would overflow.
struct Legend {
    let places: [(x: Double, y: Double)]
    let height: Double

    init(labels: [String], width: Double) {
        var places: [(x: Double, y: Double)] = []
        var x = 0.0
        var y = 0.0
        for label in labels {
            // 8 px a character at 14 px is generous for most fonts, so entries do not collide.
            let entry = 22 + Double(label.count) * 8 + 24
            if x > 0 && x + entry > width {
                x = 0
                y += 24
            }
            places.append((x, y))
            x += entry
        }
        self.places = places
        height = labels.isEmpty ? 0 : y + 16
    }
}

/// An SVG document assembled from pieces; `render` wraps them with the accessible name.
struct SVGDocument {
    let width: Double
    var height: Double = 0
    private var parts: [String] = []

    init(width: Double) {
        self.width = width
    }

    mutating func add(_ part: String) {
        parts.append(part)
    }

    /// The root is an image named by its title and described by its description; only a viewBox
    /// sizes it, so it scales to its container.
    func render(id: String, title: String, description: String) -> String {
        SVGMarkup.element(
            "svg",
            [
                "xmlns": "http://www.w3.org/2000/svg",
                "viewBox": "0 0 \(SVGMarkup.coordinate(width)) \(SVGMarkup.coordinate(height))",
                "role": "img", "aria-labelledby": "\(id)-title \(id)-desc", "class": "trust-chart",
                "font-family": "system-ui, -apple-system, 'Segoe UI', sans-serif", "fill": Palette.ink,
            ],
            SVGMarkup.element("title", ["id": "\(id)-title"], SVGMarkup.escape(title))
                + SVGMarkup.element("desc", ["id": "\(id)-desc"], SVGMarkup.escape(description))
                + parts.joined())
    }
}
