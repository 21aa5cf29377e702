import Foundation

/// Wenger's stages of a community of practice's development. Its facilitator judges the stage each term,
/// with a sentence of why, so the year's account can show how the community grew.
public enum CommunityStage: String, Sendable, Hashable, CaseIterable, Codable {
    case potential, coalescing, maturing, stewardship, transformation

    public var title: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }

    /// What the stage looks like, for the facilitator choosing it.
    public var meaning: String {
        switch self {
        case .potential: "People facing similar situations find each other."
        case .coalescing: "Members come together and see what they could do together."
        case .maturing: "Members take on joint work and set the community's own agenda."
        case .stewardship: "The community is active, and looks after its knowledge and its members."
        case .transformation: "The community's work changes how the district works, or the community closes."
        }
    }
}

/// A facilitator's judgement of a community's stage for one term.
public struct StageEntry: Sendable, Hashable {
    public let term: String
    /// When it was set: orders the terms.
    public let day: CalendarDay
    public let stage: CommunityStage
    public let why: String

    public init(term: String, day: CalendarDay, stage: CommunityStage, why: String) {
        self.term = term.trimmingCharacters(in: .whitespacesAndNewlines)
        self.day = day
        self.stage = stage
        self.why = why.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    public static let termLimit = 60
    public static let whyLimit = 500

    /// What is wrong with it: a term's name and a sentence of why are needed.
    public var problems: [PracticeProblem] {
        var problems: [PracticeProblem] = []
        if term.isEmpty {
            problems.append(PracticeProblem(field: "term", message: "name the term, e.g. Autumn 2026"))
        } else if term.count > Self.termLimit {
            problems.append(
                PracticeProblem(field: "term", message: "a term's name can be at most \(Self.termLimit) characters"))
        }
        if why.isEmpty {
            problems.append(
                PracticeProblem(field: "why", message: "say in a sentence why the community is at this stage"))
        } else if why.count > Self.whyLimit {
            problems.append(
                PracticeProblem(
                    field: "why", message: "at most \(Self.whyLimit) characters (this one has \(why.count))"))
        }
        return problems
    }
}

public enum StageHistory {
    /// The line over the year: one entry per term (the latest judgement of it, terms compared without
    /// regard to case), in the order the terms were first judged.
    public static func line(_ entries: [StageEntry]) -> [StageEntry] {
        var first: [String: CalendarDay] = [:]
        var latest: [String: StageEntry] = [:]
        for entry in entries.sorted(by: { $0.day < $1.day }) {
            let key = entry.term.lowercased()
            if first[key] == nil { first[key] = entry.day }
            latest[key] = entry
        }
        return latest.sorted { (first[$0.key]!, $0.key) < (first[$1.key]!, $1.key) }.map(\.value)
    }

    /// The line as an SVG image: the terms across, the five stages up, a point and its stage per term.
    public static func chart(_ line: [StageEntry], title: String, id: String = "community-stages") -> String {
        let id = SVGMarkup.identifier(id)
        var svg = SVGDocument(width: 640)
        let (left, right, top, step) = (150.0, 610.0, 20.0, 36.0)
        let stages = CommunityStage.allCases
        svg.height = top + step * Double(stages.count - 1) + 60
        func y(_ stage: CommunityStage) -> Double {
            top + step * Double(stages.count - 1 - stages.firstIndex(of: stage)!)
        }
        func x(_ index: Int) -> Double {
            line.count == 1
                ? (left + right) / 2 : left + 20 + Double(index) * (right - left - 40) / Double(line.count - 1)
        }
        var parts: [String] = []
        for stage in stages {
            let position = SVGMarkup.coordinate(y(stage))
            parts.append(
                SVGMarkup.element(
                    "line",
                    [
                        "x1": SVGMarkup.coordinate(left), "y1": position, "x2": SVGMarkup.coordinate(right),
                        "y2": position, "stroke": Palette.grid, "stroke-width": "1",
                    ]))
            parts.append(
                SVGMarkup.element(
                    "text",
                    [
                        "x": SVGMarkup.coordinate(left - 10), "y": position, "dy": "5", "font-size": "13",
                        "text-anchor": "end",
                    ],
                    stage.title))
        }
        if line.count > 1 {
            let path = line.enumerated().map { "\(SVGMarkup.coordinate(x($0))) \(SVGMarkup.coordinate(y($1.stage)))" }
            parts.append(
                SVGMarkup.element(
                    "path",
                    [
                        "d": "M" + path.joined(separator: "L"), "fill": "none", "stroke": Palette.series(0),
                        "stroke-width": "2.5",
                    ]))
        }
        for (index, entry) in line.enumerated() {
            parts.append(
                SVGMarkup.element(
                    "circle",
                    [
                        "cx": SVGMarkup.coordinate(x(index)), "cy": SVGMarkup.coordinate(y(entry.stage)), "r": "5",
                        "fill": Palette.series(0),
                    ], SVGMarkup.element("title", [:], SVGMarkup.escape("\(entry.term): \(entry.stage.title)"))))
            parts.append(
                SVGMarkup.element(
                    "text",
                    [
                        "x": SVGMarkup.coordinate(x(index)), "y": SVGMarkup.coordinate(svg.height - 24),
                        "font-size": "13", "text-anchor": "middle",
                    ], SVGMarkup.escape(entry.term)))
        }
        svg.add(SVGMarkup.element("g", ["class": "stages"], parts.joined()))
        let description =
            line.isEmpty
            ? "No stage set yet."
            : line.map { "\($0.term): \($0.stage.title)" }.joined(separator: "; ") + "."
        return svg.render(id: id, title: title, description: description)
    }
}
