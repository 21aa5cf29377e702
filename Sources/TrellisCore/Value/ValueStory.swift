import Foundation

/// The five cycles of value in Wenger, Trayner and de Laat's value-creation framework (2011), in the order a
/// story moves through them.
public enum ValueKind: String, Sendable, Hashable, CaseIterable, Codable {
    case immediate, potential, applied, realized, reframing

    public var title: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }

    /// The question a leader answers for the step.
    public var question: String {
        switch self {
        case .immediate: "What happened? (an activity, a conversation, a meeting)"
        case .potential: "What did it give you? (a skill, a relationship, a resource, a new way of learning)"
        case .applied: "What did you do differently in your building?"
        case .realized: "What difference did it make, for students or staff?"
        case .reframing: "What changed in how you see success?"
        }
    }
}

/// Who reads a value-creation story. The author chooses; nobody else can widen it.
public enum StorySharing: String, Sendable, Hashable, CaseIterable, Codable {
    /// The author alone.
    case onlyMe = "private"
    /// The community's members, the cohort's facilitators and the district's admins.
    case community
    /// As `community`, and in the cohort's end-of-year report.
    case report

    public var title: String {
        switch self {
        case .onlyMe: "Only me"
        case .community: "My community and its facilitators"
        case .report: "My community, and the cohort's end-of-year report"
        }
    }

    public var isShared: Bool { self != .onlyMe }
}

/// Something in Trellis a step points to as its evidence. `reference` names it: a meeting as
/// `seriesID/day`, an outcome cell as `school|measure|subgroup`, anything else by its id.
public struct Evidence: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, CaseIterable, Codable {
        case meeting, resource, commitment, insight, activity, outcome

        public var title: String {
            switch self {
            case .meeting: "Meeting"
            case .resource: "Resource"
            case .commitment: "Commitment"
            case .insight: "Insight"
            case .activity: "Activity"
            case .outcome: "Outcome"
            }
        }
    }

    public let kind: Kind
    public let reference: String

    public init(kind: Kind, reference: String) {
        self.kind = kind
        self.reference = reference
    }

    /// The form's value for it: `kind:reference`.
    public var token: String { "\(kind.rawValue):\(reference)" }

    public init?(token: String) {
        guard let colon = token.firstIndex(of: ":"), let kind = Kind(rawValue: String(token[..<colon])) else {
            return nil
        }
        let reference = String(token[token.index(after: colon)...])
        guard !reference.isEmpty, reference.count <= 200 else { return nil }
        self.init(kind: kind, reference: reference)
    }
}

/// One step of a story: one cycle of value, told for one cycle of the community's year.
public struct StoryStep: Sendable, Hashable, Codable {
    public let kind: ValueKind
    public var text: String
    /// Not yet true: what the author hopes for, to check again later in the year.
    public var hopedFor: Bool
    public var evidence: [Evidence]

    public init(kind: ValueKind, text: String, hopedFor: Bool = false, evidence: [Evidence] = []) {
        self.kind = kind
        self.text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        self.hopedFor = hopedFor
        self.evidence = evidence
    }

    public var isEmpty: Bool { text.isEmpty }
}

/// A value-creation story as its author writes it: a title, the cycle it starts in, and a step for each
/// cycle of value, the first in the starting cycle, each next one in the cycle after. Steps may be empty.
public struct ValueStoryDraft: Sendable, Hashable, Codable {
    public var title: String
    /// The community's cycle (0-based) of the first step.
    public var startCycle: Int
    /// One per `ValueKind`, in order.
    public var steps: [StoryStep]

    public init(title: String, startCycle: Int, steps: [StoryStep]) {
        self.title = title.trimmingCharacters(in: .whitespacesAndNewlines)
        self.startCycle = startCycle
        self.steps = ValueKind.allCases.map { kind in
            steps.first { $0.kind == kind } ?? StoryStep(kind: kind, text: "")
        }
    }

    public static let titleLimit = 120
    public static let stepLimit = 3000
    public static let evidenceLimit = 8

    public func step(_ kind: ValueKind) -> StoryStep { steps.first { $0.kind == kind }! }

    /// The community's cycle the step of `kind` tells about.
    public func cycle(of kind: ValueKind) -> Int { startCycle + ValueKind.allCases.firstIndex(of: kind)! }

    /// A story with a step hoped for rather than told.
    public var isAspirational: Bool { steps.contains { $0.hopedFor && !$0.isEmpty } }

    /// The steps that say something, in order.
    public var toldSteps: [StoryStep] { steps.filter { !$0.isEmpty } }

    /// What is wrong with it, by form field: `title`, `startCycle`, `immediate`, `immediate-evidence`, …
    public func problems(cycleCount: Int) -> [PracticeProblem] {
        var problems: [PracticeProblem] = []
        if title.isEmpty {
            problems.append(PracticeProblem(field: "title", message: "give the story a title"))
        } else if title.count > Self.titleLimit {
            problems.append(
                PracticeProblem(
                    field: "title", message: "at most \(Self.titleLimit) characters (this one has \(title.count))"))
        }
        if startCycle < 0 || startCycle >= max(cycleCount, 1) {
            problems.append(PracticeProblem(field: "startCycle", message: "choose one of the community's cycles"))
        }
        if toldSteps.isEmpty {
            problems.append(
                PracticeProblem(field: "immediate", message: "tell at least one step: what happened, to begin with"))
        }
        for step in steps {
            if step.text.count > Self.stepLimit {
                problems.append(
                    PracticeProblem(
                        field: step.kind.rawValue,
                        message: "at most \(Self.stepLimit) characters (this one has \(step.text.count))"))
            }
            if step.isEmpty && step.hopedFor {
                problems.append(
                    PracticeProblem(field: step.kind.rawValue, message: "say what you hope for, or untick “hoped for”"))
            }
            if step.isEmpty && !step.evidence.isEmpty {
                problems.append(
                    PracticeProblem(
                        field: "\(step.kind.rawValue)-evidence", message: "evidence needs the step's words beside it"))
            }
            if step.evidence.count > Self.evidenceLimit {
                problems.append(
                    PracticeProblem(
                        field: "\(step.kind.rawValue)-evidence",
                        message: "cite at most \(Self.evidenceLimit) pieces of evidence"))
            }
        }
        return problems
    }
}

/// A story as a reader sees it: its draft, its author's name and each piece of evidence in words.
public struct StoryText: Sendable, Hashable {
    public let title: String
    public let author: String
    public let community: String
    public let draft: ValueStoryDraft
    /// The evidence's words by token, as the report shows them.
    public let evidence: [String: String]

    public init(title: String, author: String, community: String, draft: ValueStoryDraft, evidence: [String: String]) {
        self.title = title
        self.author = author
        self.community = community
        self.draft = draft
        self.evidence = evidence
    }
}

/// Stories as Markdown, for the report's download: a heading per story, a subheading per told step with
/// its cycle, "hoped for" marked, the evidence listed. What the author typed is escaped so that it reads
/// back as the same text and never as markup.
public enum StoryMarkdown {
    public static func document(title: String, stories: [StoryText]) -> String {
        var lines = ["# \(escape(title))", ""]
        if stories.isEmpty { lines += ["No story has been shared yet.", ""] }
        for story in stories {
            lines += ["## \(escape(story.title))", "", "*\(escape(story.author)), \(escape(story.community))*", ""]
            for step in story.draft.toldSteps {
                let hoped = step.hopedFor ? " (hoped for)" : ""
                lines += ["### \(step.kind.title): cycle \(story.draft.cycle(of: step.kind) + 1)\(hoped)", ""]
                lines += step.text.split(separator: "\n", omittingEmptySubsequences: false).map { escape(String($0)) }
                lines.append("")
                if !step.evidence.isEmpty {
                    lines += step.evidence.map { "- Evidence: \(escape(story.evidence[$0.token] ?? $0.kind.title))" }
                    lines.append("")
                }
            }
        }
        return lines.joined(separator: "\n")
    }

    /// Markdown's inline punctuation backslashed anywhere, and what would start a list, a quote or a
    /// heading at the start of a line, so that `*`, `#`, `<` and friends stay text.
    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            if "\\`*_[]<>|#~".contains(character) { out.append("\\") }
            out.append(character)
        }
        if let first = out.first, "-+=".contains(first) { out = "\\" + out }
        if let dot = out.firstIndex(where: { !$0.isNumber }), dot != out.startIndex, ".)".contains(out[dot]) {
            out.insert("\\", at: dot)
        }
        return out
    }
}
