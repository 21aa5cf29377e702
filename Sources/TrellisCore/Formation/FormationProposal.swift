/// A community as the facilitator sees it before publishing: its focus and its members' ids.
public struct FormedCommunity: Sendable, Hashable {
    public var focus: String
    public var members: [String]

    public init(focus: String, members: [String]) {
        self.focus = focus
        self.members = members
    }
}

/// The objective's terms, for a whole grouping or one community (whose `mix` is 0 or 1).
public struct FormationScore: Sendable, Hashable {
    /// P: 3 / 2 / 1 / 0 points per leader whose community's focus is their 1st / 2nd / 3rd / no choice.
    public var preference: Int
    /// M: communities with both a new and a seasoned leader.
    public var mix: Int
    /// S: pairs of leaders from the same school in the same community.
    public var sameSchoolPairs: Int

    public init(preference: Int = 0, mix: Int = 0, sameSchoolPairs: Int = 0) {
        self.preference = preference
        self.mix = mix
        self.sameSchoolPairs = sameSchoolPairs
    }

    /// 10·P + 5·M − 20·S.
    public var total: Int {
        Formation.preferenceWeight * preference + Formation.mixWeight * mix - Formation.sameSchoolWeight
            * sameSchoolPairs
    }

    static func + (lhs: Self, rhs: Self) -> Self {
        Self(
            preference: lhs.preference + rhs.preference, mix: lhs.mix + rhs.mix,
            sameSchoolPairs: lhs.sameSchoolPairs + rhs.sameSchoolPairs)
    }
}

public struct ScoredCommunity: Sendable, Hashable {
    public var focus: String
    /// Leader ids.
    public var members: [String]
    /// This community's share of the total.
    public var score: FormationScore
    /// The focus that would earn these members the most points (the first in key order on a
    /// tie); the same as `focus` in a proposal, a hint after the facilitator moves people.
    public var bestFocus: String
}

/// Why a leader is in their community, in words the facilitator and the leader read. Kept-apart
/// pairs are never named, so a leader cannot learn who asked to be kept apart from them.
public struct FormationReason: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// The focus is the leader's choice of this rank (1, 2 or 3); below 1 the text says why
        /// the higher choices were not possible.
        case choice(rank: Int)
        /// The focus is none of the leader's choices, or they named none.
        case noChoice
        case mixesExperience
        case allSeasoned
        case allNew
        case noSchoolmate
        case sharesSchool
        /// The facilitator moved the leader here by hand.
        case placedByFacilitator
    }

    public var kind: Kind
    public var text: String
}

public struct LeaderExplanation: Sendable, Hashable {
    public var leader: String
    /// The index of the leader's community in `FormationProposal.communities`; nil when the
    /// grouping leaves them out.
    public var community: Int?
    /// Focus first, then experience mix, then school.
    public var reasons: [FormationReason]

    /// The reasons as one line: "your 1st choice (family engagement); mixes new and seasoned
    /// leaders; no one else from your school".
    public var text: String { reasons.map(\.text).joined(separator: "; ") }
}

/// A broken hard constraint in a grouping the facilitator edited, reported rather than thrown so
/// the page can show the grouping and what to fix.
public struct FormationViolation: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        case sizeOutOfRange
        case keptApartTogether
        case communityCount
        case unassigned
        case inSeveralCommunities
        case unknownLeader
        case focusNotOffered
    }

    public var kind: Kind
    /// The index of the community concerned, when there is one.
    public var community: Int?
    /// The ids of the leaders concerned.
    public var leaders: [String]
    /// For the facilitator; communities are numbered from 1 in the order given.
    public var message: String

    public var description: String { message }
}

/// Scored communities with an explanation for every leader and the hard constraints the
/// grouping breaks (none in a proposal from `Formation.formCommunities`).
public struct FormationProposal: Sendable {
    public var communities: [ScoredCommunity]
    public var score: FormationScore
    /// One per leader of the request, in request order.
    public var explanations: [LeaderExplanation]
    public var violations: [FormationViolation]

    public var isValid: Bool { violations.isEmpty }

    /// The grouping without scores, for saving or editing.
    public var formed: [FormedCommunity] {
        communities.map { FormedCommunity(focus: $0.focus, members: $0.members) }
    }
}
