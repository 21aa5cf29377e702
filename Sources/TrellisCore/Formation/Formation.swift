/// Proposes communities of practice from what each leader said, and scores any grouping.
///
/// The objective is part of the product's contract (issue 3). Hard constraints: every leader in
/// exactly one community; every size within `FormationRequest.sizes`; kept-apart pairs never
/// together; exactly `communityCount` communities when one is asked for; one focus (a challenge
/// key) per community. Maximised: `total = 10·P + 5·M − 20·S`, where
/// - P sums, over leaders, 3 / 2 / 1 / 0 points when their community's focus is their
///   1st / 2nd / 3rd / no choice;
/// - M counts communities with a leader new to the role (fewer than `seasonedYears` years) and a
///   seasoned one;
/// - S counts pairs of leaders from the same school in the same community.
/// A community's focus is always the one that earns its members the most points.
public enum Formation {
    /// Years in the role from which a leader counts as seasoned rather than new.
    public static let seasonedYears = 3
    public static let preferenceWeight = 10
    public static let mixWeight = 5
    public static let sameSchoolWeight = 20

    /// The best grouping the search finds, scored and explained. Throws every problem with the
    /// request at once: duplicate or unknown ids, sizes or a community count that cannot hold the
    /// cohort, kept-apart pairs that no grouping can honour.
    public static func formCommunities(_ request: FormationRequest) throws(FormationProblems) -> FormationProposal {
        let found = problems(in: request)
        guard found.isEmpty else { throw FormationProblems(found) }
        let instance = FormationInstance(request)
        guard let assignment = bestAssignment(instance, request: request) else {
            throw FormationProblems([
                FormationProblem(
                    message:
                        "could not find communities that keep every kept-apart pair apart within sizes \(request.sizes.lowerBound) to \(request.sizes.upperBound); try fewer pairs or other sizes"
                )
            ])
        }
        return evaluate(communities(from: assignment, instance: instance, request: request), for: request)
    }

    // MARK: - Search effort

    /// How hard the search works: fixed numbers, never the clock, so a seed always gives the same
    /// proposal. The search gets `totalSteps` annealing steps, or `stepsPerLeader` per leader when
    /// that is more, in runs of `stepsPerLeader` per leader (at least `minimumSteps`), shortened
    /// when the numbers of communities to try would not each get one. So a small cohort gets many
    /// short independent runs for every possible number of communities (measured against the exact
    /// optimum in bench/formation), and a large one one run from a start grouped by 1st choice for
    /// each of a few numbers of communities.
    enum Effort {
        static let stepsPerLeader = 60
        static let minimumSteps = 4_000
        static let totalSteps = 100_000
        static let maximumRuns = 16
        /// When the sizes allow more numbers of communities than this, only three are tried.
        static let maximumCounts = 12
        /// The annealing temperature falls geometrically from `hot` to `cold` (in points of total).
        static let hot = 12.0
        static let cold = 0.4
    }

    /// The assignment (community index per leader) with the best total, or nil when no run could
    /// keep every kept-apart pair apart.
    static func bestAssignment(_ instance: FormationInstance, request: FormationRequest) -> [Int32]? {
        let counts = communityCounts(instance, requested: request.communityCount, maximum: Effort.maximumCounts)
        let budget = max(Effort.totalSteps, Effort.stepsPerLeader * instance.leaderCount)
        var steps = max(Effort.minimumSteps, Effort.stepsPerLeader * instance.leaderCount)
        if steps * counts.count > budget {
            steps = max(Effort.minimumSteps, budget / counts.count)
        }
        let runs = max(1, min(Effort.maximumRuns, budget / (steps * counts.count)))
        var best: (assignment: [Int32], total: Int)?
        for count in counts {
            let enough = upperBound(instance, count: count)
            for run in 0..<runs {
                if let best, best.total >= enough { break }
                var random = SeededGenerator(
                    seed: request.seed &+ UInt64(count) &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(run) &* 0xD1B5_4A32_D192_ED03
                )
                let start =
                    run == 0
                    ? groupedByFirstChoice(instance, count: count, using: &random)
                    : shuffled(instance, count: count, using: &random)
                let search = FormationSearch(instance, assignment: start, communityCount: count)
                guard search.separateKeptApart(using: &random) else { continue }
                let result = search.anneal(
                    iterations: steps, hot: Effort.hot, cold: Effort.cold, enough: enough, using: &random)
                if best == nil || result.total > best!.total {
                    best = result
                }
            }
        }
        return best?.assignment
    }

    /// A total no grouping into `count` communities can beat: every leader at their best choice,
    /// as many mixed communities as there are new leaders, seasoned leaders, communities and
    /// leaders beyond one per community, and no same-school pairs.
    static func upperBound(_ instance: FormationInstance, count: Int) -> Int {
        var points = 0
        var new = 0
        for leader in 0..<instance.leaderCount {
            if let rank = (0..<3).first(where: { instance.choices[leader * 3 + $0] >= 0 }) {
                points += 3 - rank
            }
            if instance.isNew[leader] { new += 1 }
        }
        let mixed = min(count, new, instance.leaderCount - new, instance.leaderCount - count)
        return preferenceWeight * points + mixWeight * mixed
    }

    /// The numbers of communities worth searching: the requested one, or every number the sizes
    /// allow when there are few, or else the largest, the middle one and the number that gives
    /// each 1st choice as many communities of the smallest size as its leaders fill.
    static func communityCounts(_ instance: FormationInstance, requested: Int?, maximum: Int) -> [Int] {
        if let requested { return [requested] }
        let n = instance.leaderCount
        let lowest = (n + instance.sizes.upperBound - 1) / instance.sizes.upperBound
        let highest = n / instance.sizes.lowerBound
        guard highest - lowest + 1 > maximum else { return Array((lowest...highest).reversed()) }
        var firstChoices = [Int](repeating: 0, count: instance.focusCount)
        for leader in 0..<n where instance.choices[leader * 3] >= 0 {
            firstChoices[Int(instance.choices[leader * 3])] += 1
        }
        let byFirstChoice = firstChoices.reduce(0) { $0 + $1 / instance.sizes.lowerBound }
        let candidates = [highest, min(highest, max(lowest, byFirstChoice)), (lowest + highest) / 2]
        var seen = Set<Int>()
        return candidates.filter { seen.insert($0).inserted }
    }

    /// Community sizes as even as possible: the first `n % count` get one more.
    private static func fill(_ order: [Int], count: Int) -> [Int32] {
        var assignment = [Int32](repeating: 0, count: order.count)
        let base = order.count / count
        let extra = order.count % count
        var position = 0
        for c in 0..<count {
            for _ in 0..<(base + (c < extra ? 1 : 0)) {
                assignment[order[position]] = Int32(c)
                position += 1
            }
        }
        return assignment
    }

    /// Leaders in order of 1st choice, each choice's leaders shuffled and with the new ones spread
    /// evenly among the seasoned, then cut into communities in that order.
    static func groupedByFirstChoice(_ instance: FormationInstance, count: Int, using random: inout SeededGenerator)
        -> [Int32]
    {
        var groups = [[Int]](repeating: [], count: instance.focusCount + 1)
        for leader in 0..<instance.leaderCount {
            let f = instance.choices[leader * 3]
            groups[f >= 0 ? Int(f) : instance.focusCount].append(leader)
        }
        var order: [Int] = []
        order.reserveCapacity(instance.leaderCount)
        for group in groups {
            let new = group.filter { instance.isNew[$0] }.shuffled(using: &random)
            let seasoned = group.filter { !instance.isNew[$0] }.shuffled(using: &random)
            var (takenNew, takenSeasoned) = (0, 0)
            for position in 0..<group.count {
                if takenNew < new.count && (position + 1) * new.count / group.count > takenNew {
                    order.append(new[takenNew])
                    takenNew += 1
                } else {
                    order.append(seasoned[takenSeasoned])
                    takenSeasoned += 1
                }
            }
        }
        return fill(order, count: count)
    }

    static func shuffled(_ instance: FormationInstance, count: Int, using random: inout SeededGenerator) -> [Int32] {
        fill(Array(0..<instance.leaderCount).shuffled(using: &random), count: count)
    }

    /// Communities with their best focus, ordered by focus (in key order), then by their first
    /// member in request order; members in request order.
    static func communities(from assignment: [Int32], instance: FormationInstance, request: FormationRequest)
        -> [FormedCommunity]
    {
        let count = Int(assignment.max() ?? -1) + 1
        var groups = [[Int]](repeating: [], count: count)
        for (leader, c) in assignment.enumerated() {
            groups[Int(c)].append(leader)
        }
        let focused = groups.map { group -> (focus: Int, members: [Int]) in
            var sums = [Int32](repeating: 0, count: instance.focusCount)
            for leader in group {
                for f in 0..<instance.focusCount {
                    sums[f] += instance.preference[leader * instance.focusCount + f]
                }
            }
            let best = sums.max() ?? 0
            return (sums.firstIndex(of: best) ?? 0, group)
        }
        return focused.sorted { ($0.focus, $0.members.first ?? 0) < ($1.focus, $1.members.first ?? 0) }
            .map { group in
                FormedCommunity(
                    focus: instance.focusKeys[group.focus], members: group.members.map { request.leaders[$0].id })
            }
    }
}
