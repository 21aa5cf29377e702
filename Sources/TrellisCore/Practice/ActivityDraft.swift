import Foundation

/// A leadership activity a community drafts together: what it is for, its steps, the deeper-learning
/// traits it serves, and the evidence to look for at school. Every member edits the same draft, so each
/// save names the version it was made on, and a save on an older version is refused rather than
/// written over someone else's work.
public struct ActivityDraft: Sendable, Hashable, Codable {
    public var title: String
    public var purpose: String
    public var steps: String
    public var evidence: String
    /// The district's deeper-learning traits, by id.
    public var traitIDs: [String]

    public init(title: String, purpose: String, steps: String, evidence: String, traitIDs: [String]) {
        self.title = title.trimmingCharacters(in: .whitespacesAndNewlines)
        self.purpose = purpose.trimmingCharacters(in: .whitespacesAndNewlines)
        self.steps = steps.trimmingCharacters(in: .whitespacesAndNewlines)
        self.evidence = evidence.trimmingCharacters(in: .whitespacesAndNewlines)
        var seen: Set<String> = []
        self.traitIDs = traitIDs.filter { seen.insert($0).inserted }.sorted()
    }

    /// The fields as people name them, in form order.
    public static let fieldNames: [(key: String, name: String)] = [
        ("title", "title"), ("purpose", "purpose"), ("steps", "steps"), ("evidence", "evidence"), ("traits", "traits"),
    ]

    public func problems() -> [PracticeProblem] {
        [
            PracticeRules.required(title, field: "title", name: "The title", limit: PracticeRules.shortLimit),
            PracticeRules.required(purpose, field: "purpose", name: "The purpose"),
            PracticeRules.optional(steps, field: "steps", name: "The steps"),
            PracticeRules.optional(evidence, field: "evidence", name: "The evidence to look for"),
        ].compactMap { $0 }
    }

    /// The names of the fields that differ from `earlier`, in form order: "steps, evidence".
    public func changedFields(from earlier: ActivityDraft) -> [String] {
        var changed: [String] = []
        if title != earlier.title { changed.append("title") }
        if purpose != earlier.purpose { changed.append("purpose") }
        if steps != earlier.steps { changed.append("steps") }
        if evidence != earlier.evidence { changed.append("evidence") }
        if traitIDs != earlier.traitIDs { changed.append("traits") }
        return changed
    }
}

/// Whether a save made on `version` of a draft may be written over the draft as it now is.
public enum ActivityEdit: Sendable, Hashable {
    case save
    /// Nothing differs: nothing to write.
    case unchanged
    /// Someone saved since the editor loaded the draft: both versions go back to the editor.
    case stale(current: Int)
    /// Adopted activities are no longer drafts.
    case adopted

    public static func decide(
        editedVersion: Int, currentVersion: Int, isAdopted: Bool, edited: ActivityDraft, current: ActivityDraft
    ) -> ActivityEdit {
        if isAdopted { return .adopted }
        if editedVersion != currentVersion {
            // the same words arriving twice (a double click) are not a conflict
            return edited == current ? .unchanged : .stale(current: currentVersion)
        }
        return edited == current ? .unchanged : .save
    }
}
