extension Formation {
    /// Every reason the request cannot be formed, in plain words; empty when the search can run.
    /// Kept-apart pairs are checked only for what can be proven impossible (the sizes allow a
    /// single community, a leader is kept apart from nearly everyone, more leaders who must all be
    /// apart than there can be communities); the search reports any it cannot separate.
    public static func problems(in request: FormationRequest) -> [FormationProblem] {
        var problems: [FormationProblem] = []
        let leaders = request.leaders
        if leaders.isEmpty {
            problems.append(FormationProblem(message: "there are no leaders to form communities from"))
        }
        var ids = Set<String>()
        var reported = Set<String>()
        for leader in leaders {
            if leader.id.isEmpty {
                problems.append(FormationProblem(message: "a leader has an empty id"))
            } else if !ids.insert(leader.id).inserted && reported.insert(leader.id).inserted {
                problems.append(FormationProblem(message: "leader id \"\(leader.id)\" appears more than once"))
            }
            if leader.choices.filter({ !$0.isEmpty }).count > 3 {
                problems.append(
                    FormationProblem(message: "\(leader.displayName) named more than 3 challenges"))
            }
            if leader.yearsInRole < 0 {
                problems.append(
                    FormationProblem(message: "\(leader.displayName) has a negative number of years in the role"))
            }
        }
        for pair in request.keptApart {
            for id in [pair.a, pair.b] where !ids.contains(id) {
                problems.append(
                    FormationProblem(
                        message: "the kept-apart pair \(pair.a)–\(pair.b) names \"\(id)\", who is not a leader"))
            }
            if pair.a == pair.b {
                problems.append(FormationProblem(message: "\"\(pair.a)\" is kept apart from themself"))
            }
        }
        if request.focusKeys.isEmpty {
            problems.append(
                FormationProblem(
                    message: request.foci == nil
                        ? "there are no challenges to focus on: no leader chose one"
                        : "the list of challenges to focus on is empty"))
        }
        problems += sizeProblems(
            leaderCount: leaders.count, smallest: request.sizes.lowerBound, largest: request.sizes.upperBound,
            count: request.communityCount)
        if problems.isEmpty {
            problems += keptApartProblems(request)
        }
        return problems
    }

    /// Problems with the sizes (smallest and largest community, both included), the number of
    /// communities, or the two together and the number of leaders.
    public static func sizeProblems(leaderCount n: Int, smallest: Int, largest: Int, count: Int?)
        -> [FormationProblem]
    {
        var problems: [FormationProblem] = []
        if smallest < 1 {
            problems.append(FormationProblem(message: "the smallest community size (\(smallest)) must be at least 1"))
        } else if smallest > largest {
            problems.append(
                FormationProblem(
                    message: "the smallest community size (\(smallest)) is larger than the largest (\(largest))"))
        }
        if let count, count < 1 {
            problems.append(FormationProblem(message: "the number of communities (\(count)) must be at least 1"))
        }
        guard problems.isEmpty, n > 0 else { return problems }
        let (min, max) = (smallest, largest)
        if let count {
            if count * min > n {
                problems.append(
                    FormationProblem(
                        message:
                            "\(count) \(count == 1 ? "community" : "communities") of at least \(min) need \(leaders(count * min)), but there \(n == 1 ? "is" : "are") only \(n)"
                    ))
            } else if count * max < n {
                problems.append(
                    FormationProblem(
                        message:
                            "\(count) \(count == 1 ? "community" : "communities") of at most \(max) hold \(leaders(count * max)), but there are \(n)"
                    ))
            }
        } else if (n + max - 1) / max > n / min {
            let range = min == max ? "exactly \(min)" : "\(min) to \(max)"
            problems.append(
                FormationProblem(message: "\(leaders(n)) cannot be split into communities of \(range) leaders each"))
        }
        return problems
    }

    private static func leaders(_ n: Int) -> String {
        n == 1 ? "1 leader" : "\(n) leaders"
    }

    /// Kept-apart pairs that no grouping within the sizes can honour.
    private static func keptApartProblems(_ request: FormationRequest) -> [FormationProblem] {
        let instance = FormationInstance(request)
        let n = instance.leaderCount
        let mostCommunities = request.communityCount ?? (n / request.sizes.lowerBound)
        guard !instance.apartList.isEmpty else { return [] }
        let name = { (leader: Int) in request.leaders[leader].displayName }
        if mostCommunities == 1 {
            let first = (0..<n).first { !instance.partners(of: $0).isEmpty }!
            let partner = Int(instance.partners(of: first).first!)
            return [
                FormationProblem(
                    message:
                        "\(name(first)) and \(name(partner)) must be kept apart, but the sizes allow only one community"
                )
            ]
        }
        var problems: [FormationProblem] = []
        let needed = request.sizes.lowerBound - 1
        for leader in 0..<n where n - 1 - instance.partners(of: leader).count < needed {
            problems.append(
                FormationProblem(
                    message:
                        "\(name(leader)) is kept apart from \(instance.partners(of: leader).count) of the other \(n - 1) leaders, too many to share a community of at least \(request.sizes.lowerBound)"
                ))
        }
        if let clique = largeClique(instance, exceeding: mostCommunities) {
            let names = clique.map(name)
            problems.append(
                FormationProblem(
                    message:
                        "\(names.dropLast().joined(separator: ", ")) and \(names.last!) must all be kept apart, but there can be at most \(mostCommunities) communities"
                ))
        }
        return problems
    }

    /// A set of leaders who must all be apart from one another, larger than `limit`, found
    /// greedily from each leader (so a larger one may exist and go unreported).
    private static func largeClique(_ instance: FormationInstance, exceeding limit: Int) -> [Int]? {
        for start in 0..<instance.leaderCount where instance.partners(of: start).count >= limit {
            var clique = [start]
            let candidates = instance.partners(of: start).sorted {
                instance.partners(of: Int($0)).count > instance.partners(of: Int($1)).count
            }
            for candidate in candidates {
                let partners = instance.partners(of: Int(candidate))
                if clique.allSatisfy({ partners.contains(Int32($0)) }) {
                    clique.append(Int(candidate))
                }
            }
            if clique.count > limit { return clique.sorted() }
        }
        return nil
    }
}
