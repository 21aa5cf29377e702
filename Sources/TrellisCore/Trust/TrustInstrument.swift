/// One statement of the trust survey, answered on the instrument's agreement scale.
public struct TrustItem: Sendable, Hashable, Codable, Identifiable {
    /// Stable within an instrument version (e.g. "P2"); answers and exports refer to items by it.
    public let id: String
    public let facet: TrustFacet
    public let text: String
    /// Agreeing with the statement means less trust, so its answer is reversed before scoring.
    public let reverse: Bool

    public init(id: String, facet: TrustFacet, text: String, reverse: Bool = false) {
        self.id = id
        self.facet = facet
        self.text = text
        self.reverse = reverse
    }

    /// What the analysis needs to know about the item: everything but its wording.
    public var key: TrustItemKey {
        TrustItemKey(id: id, facet: facet, reverse: reverse)
    }
}

/// The trust survey as versioned data. Results always name the version they were answered on, so
/// a later rewording never changes the meaning of an earlier round.
public struct TrustInstrument: Sendable, Hashable, Codable {
    public let version: String
    /// The number of agreement points; answers run from 1 (strongly disagree) to `scale`.
    public let scale: Int
    /// The words for each point, `scaleLabels[0]` for 1 through `scaleLabels[scale - 1]`.
    public let scaleLabels: [String]
    /// In the order a leader answers them.
    public let items: [TrustItem]

    public init(version: String, scale: Int, scaleLabels: [String], items: [TrustItem]) {
        precondition(scaleLabels.count == scale, "one label per point of the scale")
        self.version = version
        self.scale = scale
        self.scaleLabels = scaleLabels
        self.items = items
    }

    /// The words for an answer, or nil when it is not a point of the scale.
    public func label(for value: Int) -> String? {
        (1...scale).contains(value) ? scaleLabels[value - 1] : nil
    }

    public func items(of facet: TrustFacet) -> [TrustItem] {
        items.filter { $0.facet == facet }
    }

    /// The version new rounds are opened with.
    public static let current = trellisTrust1

    /// Every version Trellis has shipped, so stored rounds can still be read and labelled.
    public static let all: [TrustInstrument] = [trellisTrust1]

    public static func version(_ version: String) -> TrustInstrument? {
        all.first { $0.version == version }
    }

    /// Written for Trellis in plain language about the leader's own community; not taken from a
    /// published scale. Four statements per facet, one of them reverse-keyed, spread so that no two
    /// statements of a facet follow each other.
    static let trellisTrust1 = TrustInstrument(
        version: "trellis-trust-1",
        scale: 7,
        scaleLabels: [
            "Strongly disagree", "Disagree", "Somewhat disagree", "Neither agree nor disagree",
            "Somewhat agree", "Agree", "Strongly agree",
        ],
        items: [
            TrustItem(
                id: "B1", facet: .benevolence,
                text: "Members of my community look out for one another, not only for their own schools."),
            TrustItem(
                id: "I1", facet: .integrity,
                text: "Members of my community do what they say they will do between meetings."),
            TrustItem(
                id: "P1", facet: .predictability,
                text: "I know when my community will meet next, well before the day."),
            TrustItem(
                id: "C1", facet: .competence,
                text: "Members of my community know enough to help me with the hard problems at my school."),
            TrustItem(
                id: "B2", facet: .benevolence,
                text: "I can share a struggle at my school here without worrying that it will be used against me."),
            TrustItem(
                id: "I2", facet: .integrity,
                text: "People here are honest about what is and is not working at their schools."),
            TrustItem(
                id: "P2", facet: .predictability,
                text: "Our meetings are often moved, shortened or cancelled at short notice.", reverse: true),
            TrustItem(
                id: "C2", facet: .competence,
                text: "I take practices from this community back to my school and they work."),
            TrustItem(
                id: "B3", facet: .benevolence,
                text: "When one of us has a hard week, others in the community notice and offer help."),
            TrustItem(
                id: "I3", facet: .integrity,
                text: "What is said in confidence in my community stays in my community."),
            TrustItem(
                id: "P3", facet: .predictability,
                text: "Our meetings follow a pattern I can count on."),
            TrustItem(
                id: "C3", facet: .competence,
                text: "The advice I get here is seldom better than what I could work out on my own.",
                reverse: true),
            TrustItem(
                id: "B4", facet: .benevolence,
                text: "I hold back in this community because I am not sure the others have my back.",
                reverse: true),
            TrustItem(
                id: "I4", facet: .integrity,
                text: "Some members say one thing in our meetings and another outside them.", reverse: true),
            TrustItem(
                id: "P4", facet: .predictability,
                text: "I can predict how members will respond when I bring a problem to the group."),
            TrustItem(
                id: "C4", facet: .competence,
                text: "When I bring a problem, the ideas I hear are well informed."),
        ]
    )
}
