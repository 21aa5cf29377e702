/// What publishing a new proposal does to the communities a cohort already has.
///
/// A community is a lasting thing: its board, meetings, questions and shared stories belong to it, not
/// to the proposal that first grouped its members. So a draft that holds at least half of a published
/// community's members *continues* that community (it keeps its identity, name, facilitator and all it
/// made, and only its members change); a draft that continues nothing becomes a new community; and a
/// published community that no draft continues *ends* (it is archived with everything it made, never
/// deleted). When two published communities would continue into the same draft, the one with more
/// members in it continues and the other ends. Ties go to the smaller id, so the plan is the same every
/// time for the same groups.
public struct RepublishPlan: Equatable, Sendable {
    public struct Continuing: Equatable, Sendable {
        public let community: String
        public let draft: String
        /// Members of the draft who were not in the community, sorted.
        public let gains: [String]
        /// Members of the community who are not in the draft, sorted.
        public let losses: [String]

        public var changesMembers: Bool { !gains.isEmpty || !losses.isEmpty }
    }

    public let continuing: [Continuing]
    /// Drafts that become new communities, sorted.
    public let new: [String]
    /// Published communities that end, sorted.
    public let ended: [String]

    /// True when publishing changes nothing a member would notice.
    public var isUnchanged: Bool { new.isEmpty && ended.isEmpty && !continuing.contains(where: \.changesMembers) }

    public init(published: [String: Set<String>], drafts: [String: Set<String>]) {
        var candidates: [(community: String, draft: String, overlap: Int)] = []
        for community in published.keys.sorted() {
            let members = published[community] ?? []
            var best: (draft: String, overlap: Int)?
            for draft in drafts.keys.sorted() {
                let overlap = members.intersection(drafts[draft] ?? []).count
                // Strictly more, so that a tie goes to the draft that sorts first.
                if overlap > (best?.overlap ?? 0) { best = (draft, overlap) }
            }
            if let best, best.overlap * 2 >= members.count {
                candidates.append((community, best.draft, best.overlap))
            }
        }
        var takenDrafts = Set<String>()
        var continuing: [Continuing] = []
        let ranked = candidates.sorted {
            $0.overlap != $1.overlap ? $0.overlap > $1.overlap : $0.community < $1.community
        }
        for candidate in ranked where !takenDrafts.contains(candidate.draft) {
            takenDrafts.insert(candidate.draft)
            let before = published[candidate.community] ?? []
            let after = drafts[candidate.draft] ?? []
            continuing.append(
                Continuing(
                    community: candidate.community, draft: candidate.draft, gains: after.subtracting(before).sorted(),
                    losses: before.subtracting(after).sorted()))
        }
        let continued = Set(continuing.map(\.community))
        self.continuing = continuing.sorted { $0.community < $1.community }
        self.new = drafts.keys.filter { !takenDrafts.contains($0) }.sorted()
        self.ended = published.keys.filter { !continued.contains($0) }.sorted()
    }
}
