import Foundation

/// Where a commitment stands after the leader has tried (or not) what they committed to.
public enum CommitmentStatus: String, Sendable, Hashable, CaseIterable, Codable {
    /// Written, not yet marked.
    case planned
    case tried
    /// Tried, in a changed form.
    case changed
    /// Not tried (yet), with a reason and no blame.
    case notTried = "not-tried"

    public var label: String {
        switch self {
        case .planned: "Planned"
        case .tried: "Tried"
        case .changed: "Tried, changed"
        case .notTried: "Not tried yet"
        }
    }

    /// Counts as tried in the facilitators' counts.
    public var isApplied: Bool { self == .tried || self == .changed }
}

/// The improvement-cycle decision an insight ends with.
public enum InsightDecision: String, Sendable, Hashable, CaseIterable, Codable {
    case adopt, adapt, abandon

    public var label: String {
        switch self {
        case .adopt: "Adopt: keep doing it as it is"
        case .adapt: "Adapt: change it and try again"
        case .abandon: "Abandon: stop, and try something else"
        }
    }
}

/// Who may read an insight besides its author.
public enum InsightSharing: String, Sendable, Hashable, CaseIterable, Codable {
    /// Its author only: the default.
    case `private`
    /// Its author's debrief partner(s) of the cycle: both of them in a trio.
    case peer
    /// The community's members and facilitators.
    case community

    public var label: String {
        switch self {
        case .private: "Only me"
        case .peer: "My debrief peer"
        case .community: "My community and its facilitators"
        }
    }
}

/// A field that is wrong, and what to do about it, as the form shows it beside the field.
public struct PracticeProblem: Error, Sendable, Hashable, CustomStringConvertible {
    public let field: String
    public let message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { "\(field): \(message)" }
}

/// The limits commitments, insights, debrief notes and activities are held to: the form and the API
/// accept the same things.
public enum PracticeRules {
    public static let shortLimit = 200
    public static let textLimit = 4_000

    /// A required text: present, and not longer than `limit`.
    public static func required(_ text: String, field: String, name: String, limit: Int = textLimit)
        -> PracticeProblem?
    {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return PracticeProblem(field: field, message: "\(name) cannot be empty") }
        return optional(trimmed, field: field, name: name, limit: limit)
    }

    /// An optional text: not longer than `limit`.
    public static func optional(_ text: String, field: String, name: String, limit: Int = textLimit)
        -> PracticeProblem?
    {
        guard text.count > limit else { return nil }
        return PracticeProblem(
            field: field, message: "\(name) can be at most \(limit) characters long (this one has \(text.count))")
    }

    /// What is wrong with a commitment's words: what the leader will try, and what they expect to see.
    public static func commitmentProblems(text: String, prediction: String) -> [PracticeProblem] {
        [
            required(text, field: "text", name: "What you will try"),
            required(prediction, field: "prediction", name: "What you expect to see"),
        ].compactMap { $0 }
    }

    /// What is wrong with marking a commitment: a day for "tried" or "changed" (not after today), a reason
    /// for "not tried".
    public static func statusProblems(
        _ status: CommitmentStatus, triedOn: String, reason: String, today: CalendarDay
    ) -> [PracticeProblem] {
        switch status {
        case .planned:
            return []
        case .tried, .changed:
            guard let day = CalendarDay(triedOn.trimmingCharacters(in: .whitespaces)) else {
                return [PracticeProblem(field: "triedOn", message: "give the day you tried it, as YYYY-MM-DD")]
            }
            if day > today {
                return [PracticeProblem(field: "triedOn", message: "\(day) has not come yet: give a day up to today")]
            }
            return optional(reason, field: "reason", name: "The note", limit: shortLimit * 5).map { [$0] } ?? []
        case .notTried:
            return [required(reason, field: "reason", name: "What got in the way", limit: shortLimit * 5)]
                .compactMap { $0 }
        }
    }

    /// What is wrong with an insight: what happened and what was learned.
    public static func insightProblems(happened: String, learned: String) -> [PracticeProblem] {
        [
            required(happened, field: "happened", name: "What happened"),
            required(learned, field: "learned", name: "What you learned"),
        ].compactMap { $0 }
    }
}

/// One step of a leader's cycle, in order: what the home page points them to next.
public enum PracticeStep: Int, Sendable, Hashable, CaseIterable, Comparable {
    case commit, apply, capture, debrief, done

    /// The first step not yet taken.
    public static func next(committed: Bool, applied: Bool, captured: Bool, debriefed: Bool) -> PracticeStep {
        if !committed { return .commit }
        if !applied { return .apply }
        if !captured { return .capture }
        if !debriefed { return .debrief }
        return .done
    }

    public var label: String {
        switch self {
        case .commit: "Commit to one thing to try"
        case .apply: "Try it, and mark how it went"
        case .capture: "Capture what you learned"
        case .debrief: "Debrief with your peer"
        case .done: "Done for this cycle"
        }
    }

    public static func < (a: PracticeStep, b: PracticeStep) -> Bool { a.rawValue < b.rawValue }
}

/// How a person stands to a leader's commitment or insight: several at once (a partner is a member).
public struct PracticeReader: OptionSet, Sendable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    public static let author = PracticeReader(rawValue: 1)
    /// A debrief partner of the author in the cycle of the commitment.
    public static let partner = PracticeReader(rawValue: 2)
    /// A member of the author's community.
    public static let member = PracticeReader(rawValue: 4)
    /// One of the cohort's facilitators or the district's admins: the leader's supervisor, perhaps.
    public static let runner = PracticeReader(rawValue: 8)
}

/// Who reads what of a leader's practice. Facilitators and admins see counts, and what a leader shared
/// with the community; never a private word, and never who has not done something.
public enum PracticePrivacy {
    /// A commitment's words: its author, their partners and the community's members; the facilitators
    /// only once the leader shared it with the community.
    public static func mayRead(commitmentShared shared: Bool, as reader: PracticeReader) -> Bool {
        !reader.isDisjoint(with: [.author, .partner, .member]) || (shared && reader.contains(.runner))
    }

    /// An insight: its author; their partners of the cycle when shared with the peer; the community and
    /// its facilitators when shared with the community.
    public static func mayRead(insight sharing: InsightSharing, as reader: PracticeReader) -> Bool {
        if reader.contains(.author) { return true }
        switch sharing {
        case .private: return false
        case .peer: return reader.contains(.partner)
        case .community: return !reader.isDisjoint(with: [.member, .runner])
        }
    }

    /// A debrief's notes: the people in the group, and no one else.
    public static func mayReadDebriefNotes(group: PeerGroup, person: String) -> Bool { group.contains(person) }
}
