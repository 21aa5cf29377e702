@testable import TrellisCore

/// Small cohorts written out by hand, so each test shows who chose what.
enum FormationSamples {
    /// A leader whose name is their id in capitals ("p1" → "P1") unless given.
    static func leader(
        _ id: String, _ choices: [String], school: String = "", years: Int = 5, name: String? = nil
    ) -> FormationLeader {
        FormationLeader(id: id, name: name ?? id.uppercased(), school: school, yearsInRole: years, choices: choices)
    }

    /// Six leaders: three want family engagement first, three want funds first; each trio has one
    /// new leader, and all six are from different schools.
    static let twoTrios: [FormationLeader] = [
        leader("p1", ["family", "funds"], school: "A", years: 1),
        leader("p2", ["family"], school: "B", years: 6),
        leader("p3", ["family", "operations"], school: "C", years: 9),
        leader("p4", ["funds", "family"], school: "D", years: 0),
        leader("p5", ["funds"], school: "E", years: 4),
        leader("p6", ["funds", "language"], school: "F", years: 12),
    ]

    /// Checks every hard constraint of `request` on `proposal` and returns what is broken, in words.
    static func brokenConstraints(_ proposal: FormationProposal, _ request: FormationRequest) -> [String] {
        var broken: [String] = []
        let placed = proposal.communities.flatMap(\.members).sorted()
        if placed != request.leaders.map(\.id).sorted() { broken.append("not every leader exactly once") }
        for community in proposal.communities where !request.sizes.contains(community.members.count) {
            broken.append("size \(community.members.count)")
        }
        for pair in request.keptApart
        where proposal.communities.contains(where: { $0.members.contains(pair.a) && $0.members.contains(pair.b) }) {
            broken.append("\(pair.a) and \(pair.b) together")
        }
        if let count = request.communityCount, proposal.communities.count != count {
            broken.append("\(proposal.communities.count) communities")
        }
        let keys = Set(request.focusKeys)
        for community in proposal.communities where !keys.contains(community.focus) {
            broken.append("focus \(community.focus)")
        }
        return broken + proposal.violations.map(\.message)
    }
}
