/// A leader as the formation engine sees them: who they are, where they work, how long they have
/// led, and the equity challenges they named, most pressing first.
public struct FormationLeader: Sendable, Hashable {
    public var id: String
    public var name: String
    /// The school's name or id; empty when unknown (an unknown school is never counted as shared).
    public var school: String
    public var yearsInRole: Int
    /// Up to three challenge keys, 1st choice first.
    public var choices: [String]

    public init(id: String, name: String, school: String, yearsInRole: Int, choices: [String]) {
        self.id = id
        self.name = name
        self.school = school
        self.yearsInRole = yearsInRole
        self.choices = choices
    }

    /// Fewer than `Formation.seasonedYears` years in the role.
    public var isNew: Bool { yearsInRole < Formation.seasonedYears }

    /// The name, or the id when no name was given.
    var displayName: String { name.isEmpty ? id : name }
}

/// Two leaders who must not share a community (for example a leader and the person who evaluates
/// them). The order does not matter.
public struct KeptApartPair: Sendable, Hashable {
    public var a: String
    public var b: String

    public init(_ a: String, _ b: String) {
        self.a = a
        self.b = b
    }
}

/// Everything the engine needs to propose communities for one cohort.
public struct FormationRequest: Sendable {
    public static let defaultSizes = 3...6
    /// What a facilitator is offered first: four to six, as the trust survey's practices advise for
    /// predictability, small enough that everyone speaks, large enough to survive an absence.
    public static let advisedSizes = 4...6

    public var leaders: [FormationLeader]
    public var keptApart: [KeptApartPair]
    /// Smallest and largest community, both included.
    public var sizes: ClosedRange<Int>
    /// Exactly this many communities; nil lets the engine choose the number that scores best.
    public var communityCount: Int?
    /// The challenge keys a community may take as its focus, in the order to prefer on a tie; nil
    /// means every key some leader chose, in the order they first appear.
    public var foci: [String]?
    /// Words for each challenge key in explanations ("family engagement" for `family`); a key
    /// without a title is shown as itself.
    public var titles: [String: String]
    /// Same request and seed, same proposal.
    public var seed: UInt64

    public init(
        leaders: [FormationLeader],
        keptApart: [KeptApartPair] = [],
        sizes: ClosedRange<Int> = FormationRequest.defaultSizes,
        communityCount: Int? = nil,
        foci: [String]? = nil,
        titles: [String: String] = [:],
        seed: UInt64 = 0
    ) {
        self.leaders = leaders
        self.keptApart = keptApart
        self.sizes = sizes
        self.communityCount = communityCount
        self.foci = foci
        self.titles = titles
        self.seed = seed
    }

    /// The keys a community may focus on, duplicates removed.
    var focusKeys: [String] {
        var seen = Set<String>()
        let keys = foci ?? leaders.flatMap(\.choices)
        return keys.filter { !$0.isEmpty && seen.insert($0).inserted }
    }

    func title(_ key: String) -> String {
        titles[key] ?? key
    }
}

/// One reason a request or its files cannot be used, in plain words. Row problems carry the file
/// and line (`leaders.csv:4: years: "ten" is not a whole number`); problems with the request as a
/// whole (sizes that cannot fit, pairs that cannot be kept apart) carry neither.
public struct FormationProblem: Error, Sendable, Hashable, CustomStringConvertible {
    public let file: String?
    public let line: Int?
    /// The column as the header names it, or an option such as `--min`.
    public let field: String?
    public let message: String

    public init(file: String? = nil, line: Int? = nil, field: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.field = field
        self.message = message
    }

    public var description: String {
        var place: String?
        switch (file, line) {
        case (let file?, let line?): place = "\(file):\(line)"
        case (let file?, nil): place = file
        case (nil, let line?): place = "line \(line)"
        case (nil, nil): place = nil
        }
        return [place, field, message].compactMap { $0 }.joined(separator: ": ")
    }
}

/// Every problem found, thrown together so they can all be fixed in one pass.
public struct FormationProblems: Error, Sendable, CustomStringConvertible {
    public let problems: [FormationProblem]

    public init(_ problems: [FormationProblem]) {
        self.problems = problems
    }

    /// One problem per line.
    public var description: String {
        problems.map(\.description).joined(separator: "\n")
    }
}
