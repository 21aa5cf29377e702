/// One of the four facets of trust in a team (the facets of Adams & Sartori's Trust in Teams).
/// The order of the cases is the order Trellis shows them in and the order that breaks ties.
public enum TrustFacet: String, CaseIterable, Codable, Sendable {
    case benevolence, integrity, predictability, competence

    public var label: String {
        switch self {
        case .benevolence: "Benevolence"
        case .integrity: "Integrity"
        case .predictability: "Predictability"
        case .competence: "Competence"
        }
    }

    /// What the facet means for a community, in one sentence a leader can read beside its score.
    public var meaning: String {
        switch self {
        case .benevolence: "Members care about one another and act in one another's interest."
        case .integrity: "Members are honest, keep their word and keep confidences."
        case .predictability: "Meetings and members behave in ways people can count on."
        case .competence: "Members have the knowledge and skill to help one another improve."
        }
    }
}
