import Testing

@testable import TrellisCore

/// Random small cohorts that are feasible by construction: a hidden grouping within the sizes is
/// drawn first, and kept-apart pairs only join leaders it puts in different communities.
@Suite("Formation on random cohorts")
struct FormationPropertyTests {
    static let keys = ["family", "funds", "operations", "language", "bias"]
    static let sizeRanges: [ClosedRange<Int>] = [3...6, 3...6, 2...4, 3...4, 2...3, 4...5, 1...3]

    static func cohort(_ number: Int, leaders range: ClosedRange<Int>) -> FormationRequest {
        var random = SeededGenerator(seed: UInt64(number) &* 7919)
        while true {
            let n = Int.random(in: range, using: &random)
            let sizes = sizeRanges[Int.random(in: 0..<sizeRanges.count, using: &random)]
            let lowest = (n + sizes.upperBound - 1) / sizes.upperBound
            let highest = n / sizes.lowerBound
            guard lowest <= highest else { continue }
            let count = Int.random(in: lowest...highest, using: &random)
            let schools = Int.random(in: max(1, n / 3)...n, using: &random)
            let leaders = (0..<n).map { i in
                let choices = keys.shuffled(using: &random).prefix(Int.random(in: 0...3, using: &random))
                return FormationLeader(
                    id: "r\(i)", name: "R\(i)", school: "S\(Int.random(in: 0..<schools, using: &random))",
                    yearsInRole: Int.random(in: 0...8, using: &random), choices: Array(choices))
            }
            guard leaders.contains(where: { !$0.choices.isEmpty }) else { continue }
            // The hidden grouping: sizes as even as possible, members shuffled.
            let order = Array(0..<n).shuffled(using: &random)
            var hidden = [Int](repeating: 0, count: n)
            for (position, leader) in order.enumerated() {
                hidden[leader] = position % count
            }
            var pairs: [KeptApartPair] = []
            for _ in 0..<Int.random(in: 0...(n / 3), using: &random) {
                let a = Int.random(in: 0..<n, using: &random)
                let b = Int.random(in: 0..<n, using: &random)
                if hidden[a] != hidden[b] { pairs.append(KeptApartPair("r\(a)", "r\(b)")) }
            }
            let asked = Bool.random(using: &random) ? count : nil
            return FormationRequest(
                leaders: leaders, keptApart: pairs, sizes: sizes, communityCount: asked, seed: UInt64(number))
        }
    }

    /// The best total over every grouping that keeps the hard constraints, by enumerating set
    /// partitions (leader i joins one of the communities opened so far or opens the next).
    static func optimum(_ request: FormationRequest) -> Int {
        let leaders = request.leaders
        let n = leaders.count
        let index = Dictionary(uniqueKeysWithValues: leaders.enumerated().map { ($1.id, $0) })
        let apart = Set(request.keptApart.flatMap { [[index[$0.a]!, index[$0.b]!], [index[$0.b]!, index[$0.a]!]] })
        let keys = request.focusKeys
        var groups: [[Int]] = []
        var best = Int.min

        func score() -> Int {
            groups.reduce(0) { total, group in
                let members = group.map { leaders[$0] }
                return total + Formation.score(members, focus: Formation.bestFocus(members, keys: keys)).total
            }
        }

        func place(_ i: Int) {
            if i == n {
                guard groups.allSatisfy({ request.sizes.contains($0.count) }) else { return }
                if let count = request.communityCount, groups.count != count { return }
                best = max(best, score())
                return
            }
            let remaining = n - i
            let short = groups.reduce(0) { $0 + max(0, request.sizes.lowerBound - $1.count) }
            guard short <= remaining else { return }
            for g in groups.indices
            where groups[g].count < request.sizes.upperBound && !groups[g].contains(where: { apart.contains([i, $0]) })
            {
                groups[g].append(i)
                place(i + 1)
                groups[g].removeLast()
            }
            if groups.count < (request.communityCount ?? n) {
                groups.append([i])
                place(i + 1)
                groups.removeLast()
            }
        }
        place(0)
        return best
    }

    @Test("always a valid grouping when one exists", arguments: 0..<40)
    func alwaysFeasible(_ number: Int) throws {
        // setup
        let request = Self.cohort(number, leaders: 6...24)

        // MUT
        let proposal = try Formation.formCommunities(request)

        // validation
        #expect(FormationSamples.brokenConstraints(proposal, request) == [])
        #expect(Formation.evaluate(proposal.formed, for: request).score == proposal.score)
        #expect(proposal.explanations.allSatisfy { $0.community != nil && !$0.reasons.isEmpty })
    }

    @Test("within 1 % of the exact optimum on cohorts of up to 8", arguments: 100..<130)
    func nearOptimum(_ number: Int) throws {
        // setup
        let request = Self.cohort(number, leaders: 4...8)

        // MUT
        let proposal = try Formation.formCommunities(request)

        // validation
        let best = Self.optimum(request)
        #expect(proposal.score.total >= best - abs(best) / 100, "engine \(proposal.score.total), optimum \(best)")
        #expect(proposal.score.total <= best)
    }
}
