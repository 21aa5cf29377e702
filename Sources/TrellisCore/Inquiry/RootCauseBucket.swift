/// Where a root-cause note sits on the board: one of the article's four buckets, or the pile where
/// notes wait until the community sorts them. The order of the cases is the order of the board,
/// the pile first because every note starts there.
public enum RootCauseBucket: String, CaseIterable, Codable, Sendable {
    case unsorted, resources, knowledge, skills, dispositions

    /// The four buckets a community sorts its root causes into.
    public static let fourBuckets: [RootCauseBucket] = [.resources, .knowledge, .skills, .dispositions]

    public var title: String {
        switch self {
        case .unsorted: "Not yet sorted"
        case .resources: "Resources"
        case .knowledge: "Knowledge"
        case .skills: "Skills"
        case .dispositions: "Dispositions"
        }
    }

    /// What belongs in the bucket, in one line shown under its title.
    public var summary: String {
        switch self {
        case .unsorted: "Root causes the community has not placed in a bucket yet."
        case .resources: "Time, money, people and materials we need but do not have."
        case .knowledge: "What we need to know."
        case .skills: "What we need to be able to do."
        case .dispositions: "The beliefs, mindsets and habits that shape what we do."
        }
    }
}
