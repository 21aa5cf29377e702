import Foundation

/// One partition of the cohort into a fixed number of communities, with the bookkeeping that makes
/// the change in score of moving one leader, or swapping two, cost O(foci + community size):
/// per community, its members, how many are new to the role, the preference points each focus
/// would earn, the best of those, and its same-school pairs.
///
/// The tables live in buffers this object allocates and frees rather than in arrays: the search
/// reads them millions of times, and in a debug build (tests, the development server) every array
/// access retains and releases its storage, which made a proposal for a small cohort take seconds.
final class FormationSearch {
    let leaderCount: Int
    let focusCount: Int
    let communityCount: Int
    let smallest: Int
    let largest: Int
    /// Each community's members live in `members[c * capacity ..< c * capacity + size[c]]`.
    let capacity: Int

    // The cohort, read only.
    /// `preference[leader * focusCount + f]`: 3, 2, 1 or 0 points.
    private let preference: UnsafeMutablePointer<Int32>
    /// `choices[leader * 3 + rank]`: a focus index or -1.
    private let choices: UnsafeMutablePointer<Int32>
    private let school: UnsafeMutablePointer<Int32>
    /// 1 for a leader new to the role, else 0.
    private let new: UnsafeMutablePointer<Int32>
    private let apartStart: UnsafeMutablePointer<Int32>
    private let apartList: UnsafeMutablePointer<Int32>
    private let hasApartPairs: Bool

    // The partition.
    private let community: UnsafeMutablePointer<Int32>
    /// Where each leader sits in their community's slice of `members`.
    private let slot: UnsafeMutablePointer<Int32>
    private let members: UnsafeMutablePointer<Int32>
    private let size: UnsafeMutablePointer<Int32>
    /// `sums[c * focusCount + f]`: the preference points community `c` earns with focus `f`.
    private let sums: UnsafeMutablePointer<Int32>
    private let newCount: UnsafeMutablePointer<Int32>
    private let best: UnsafeMutablePointer<Int32>
    private let focus: UnsafeMutablePointer<Int32>
    private let pairs: UnsafeMutablePointer<Int32>
    /// The communities whose focus is `f` are `byFocus[f * communityCount ..< f * communityCount +
    /// byFocusCount[f]]`, so a leader can be offered a community on one of their choices.
    private let byFocus: UnsafeMutablePointer<Int32>
    private let byFocusCount: UnsafeMutablePointer<Int32>
    private let byFocusSlot: UnsafeMutablePointer<Int32>
    private(set) var total = 0

    init(_ instance: FormationInstance, assignment: [Int32], communityCount: Int) {
        leaderCount = instance.leaderCount
        focusCount = instance.focusCount
        self.communityCount = communityCount
        smallest = instance.sizes.lowerBound
        largest = instance.sizes.upperBound
        capacity = min(largest, leaderCount)
        preference = Self.buffer(instance.preference)
        choices = Self.buffer(instance.choices)
        school = Self.buffer(instance.school)
        new = Self.buffer(instance.isNew.map { $0 ? 1 : 0 })
        apartStart = Self.buffer(instance.apartStart)
        apartList = Self.buffer(instance.apartList + [0])
        hasApartPairs = !instance.apartList.isEmpty

        community = Self.buffer(assignment)
        slot = Self.buffer(count: leaderCount)
        members = Self.buffer(count: communityCount * capacity)
        size = Self.buffer(count: communityCount)
        sums = Self.buffer(count: communityCount * focusCount)
        newCount = Self.buffer(count: communityCount)
        best = Self.buffer(count: communityCount)
        focus = Self.buffer(count: communityCount)
        pairs = Self.buffer(count: communityCount)
        byFocus = Self.buffer(count: focusCount * communityCount)
        byFocusCount = Self.buffer(count: focusCount)
        byFocusSlot = Self.buffer(count: communityCount)

        for leader in 0..<leaderCount {
            add(leader, to: Int(assignment[leader]))
        }
        for c in 0..<communityCount {
            let (value, f) = bestFocus(c)
            best[c] = value
            focus[c] = f
            appendToFocus(c, Int(f))
            total += score(c)
        }
    }

    deinit {
        for buffer in [
            preference, choices, school, new, apartStart, apartList, community, slot, members, size, sums,
            newCount, best, focus, pairs, byFocus, byFocusCount, byFocusSlot,
        ] {
            buffer.deallocate()
        }
    }

    private static func buffer(_ values: [Int32]) -> UnsafeMutablePointer<Int32> {
        let buffer = UnsafeMutablePointer<Int32>.allocate(capacity: max(1, values.count))
        buffer.initialize(repeating: 0, count: max(1, values.count))
        values.withUnsafeBufferPointer { source in
            if let base = source.baseAddress { buffer.update(from: base, count: values.count) }
        }
        return buffer
    }

    private static func buffer(count: Int) -> UnsafeMutablePointer<Int32> {
        buffer([Int32](repeating: 0, count: count))
    }

    /// The community of each leader.
    var assignment: [Int32] {
        Array(UnsafeBufferPointer(start: community, count: leaderCount))
    }

    // MARK: - Scores

    /// The community's share of the objective: 10·P + 5·M − 20·S.
    func score(_ c: Int) -> Int {
        10 * Int(best[c]) + 5 * mixed(newCount[c], size[c]) - 20 * Int(pairs[c])
    }

    @inline(__always)
    private func mixed(_ new: Int32, _ size: Int32) -> Int {
        new > 0 && new < size ? 1 : 0
    }

    /// The best preference points community `c` could earn after `leaving` leaves and `joining`
    /// joins (either may be -1).
    @inline(__always)
    private func bestPreference(_ c: Int, leaving: Int, joining: Int) -> Int32 {
        let row = sums + c * focusCount
        let out = leaving >= 0 ? preference + leaving * focusCount : nil
        let into = joining >= 0 ? preference + joining * focusCount : nil
        var result = Int32.min
        var f = 0
        while f < focusCount {
            var value = row[f]
            if let out { value -= out[f] }
            if let into { value += into[f] }
            if value > result { result = value }
            f += 1
        }
        return result
    }

    /// How many members of `c` other than `excluding` are from school `school`.
    @inline(__always)
    private func schoolmates(in c: Int, school wanted: Int32, excluding: Int) -> Int {
        guard wanted >= 0 else { return 0 }
        var count = 0
        let start = members + c * capacity
        var k = 0
        let end = Int(size[c])
        while k < end {
            let member = Int(start[k])
            if member != excluding && school[member] == wanted { count += 1 }
            k += 1
        }
        return count
    }

    /// Whether a kept-apart partner of `leader`, other than `except`, is in community `c`.
    @inline(__always)
    private func hasPartner(_ leader: Int, in c: Int, except: Int) -> Bool {
        guard hasApartPairs else { return false }
        var k = Int(apartStart[leader])
        let end = Int(apartStart[leader + 1])
        while k < end {
            let partner = Int(apartList[k])
            if partner != except && Int(community[partner]) == c { return true }
            k += 1
        }
        return false
    }

    /// The change in total if `leader` moved to `target`, or nil when sizes or a kept-apart pair
    /// forbid it.
    func moveDelta(_ leader: Int, to target: Int) -> Int? {
        let from = Int(community[leader])
        guard from != target, Int(size[from]) > smallest, Int(size[target]) < largest,
            !hasPartner(leader, in: target, except: -1)
        else { return nil }
        let preference =
            bestPreference(from, leaving: leader, joining: -1) - best[from]
            + bestPreference(target, leaving: -1, joining: leader) - best[target]
        let isNew = new[leader]
        let mix =
            mixed(newCount[from] - isNew, size[from] - 1) - mixed(newCount[from], size[from])
            + mixed(newCount[target] + isNew, size[target] + 1) - mixed(newCount[target], size[target])
        let pairs =
            schoolmates(in: target, school: school[leader], excluding: -1)
            - schoolmates(in: from, school: school[leader], excluding: leader)
        return 10 * Int(preference) + 5 * mix - 20 * pairs
    }

    /// The change in total if `first` and `second` (in different communities) traded places, or nil
    /// when a kept-apart pair forbids it.
    func swapDelta(_ first: Int, _ second: Int) -> Int? {
        let a = Int(community[first])
        let b = Int(community[second])
        guard !hasPartner(first, in: b, except: second), !hasPartner(second, in: a, except: first) else {
            return nil
        }
        let preference =
            bestPreference(a, leaving: first, joining: second) - best[a]
            + bestPreference(b, leaving: second, joining: first) - best[b]
        let change = new[second] - new[first]
        let mix =
            mixed(newCount[a] + change, size[a]) - mixed(newCount[a], size[a])
            + mixed(newCount[b] - change, size[b]) - mixed(newCount[b], size[b])
        let schoolFirst = school[first]
        let schoolSecond = school[second]
        var pairs = 0
        if schoolFirst != schoolSecond {
            pairs =
                schoolmates(in: a, school: schoolSecond, excluding: first)
                - schoolmates(in: a, school: schoolFirst, excluding: first)
                + schoolmates(in: b, school: schoolFirst, excluding: second)
                - schoolmates(in: b, school: schoolSecond, excluding: second)
        }
        return 10 * Int(preference) + 5 * mix - 20 * pairs
    }

    // MARK: - Changes

    func move(_ leader: Int, to target: Int) {
        let from = Int(community[leader])
        let before = score(from) + score(target)
        remove(leader)
        add(leader, to: target)
        refocus(from)
        refocus(target)
        total += score(from) + score(target) - before
    }

    func swap(_ first: Int, _ second: Int) {
        let a = Int(community[first])
        let b = Int(community[second])
        let before = score(a) + score(b)
        remove(first)
        remove(second)
        add(first, to: b)
        add(second, to: a)
        refocus(a)
        refocus(b)
        total += score(a) + score(b) - before
    }

    private func remove(_ leader: Int) {
        let c = Int(community[leader])
        pairs[c] -= Int32(schoolmates(in: c, school: school[leader], excluding: leader))
        let start = members + c * capacity
        let last = Int(start[Int(size[c]) - 1])
        start[Int(slot[leader])] = Int32(last)
        slot[last] = slot[leader]
        size[c] -= 1
        adjustSums(leader, c, by: -1)
        newCount[c] -= new[leader]
        community[leader] = -1
    }

    private func add(_ leader: Int, to c: Int) {
        pairs[c] += Int32(schoolmates(in: c, school: school[leader], excluding: -1))
        members[c * capacity + Int(size[c])] = Int32(leader)
        slot[leader] = size[c]
        size[c] += 1
        adjustSums(leader, c, by: 1)
        newCount[c] += new[leader]
        community[leader] = Int32(c)
    }

    private func adjustSums(_ leader: Int, _ c: Int, by sign: Int32) {
        for rank in 0..<3 {
            let f = choices[leader * 3 + rank]
            if f >= 0 { sums[c * focusCount + Int(f)] += sign * Int32(3 - rank) }
        }
    }

    /// The most points a focus earns in `c`, and the first focus (in key order) that earns them.
    private func bestFocus(_ c: Int) -> (Int32, Int32) {
        let row = sums + c * focusCount
        var value = row[0]
        var f: Int32 = 0
        for k in 1..<focusCount where row[k] > value {
            value = row[k]
            f = Int32(k)
        }
        return (value, f)
    }

    private func refocus(_ c: Int) {
        let (value, f) = bestFocus(c)
        best[c] = value
        let old = Int(focus[c])
        guard Int(f) != old else { return }
        let list = byFocus + old * communityCount
        let position = Int(byFocusSlot[c])
        byFocusCount[old] -= 1
        let last = list[Int(byFocusCount[old])]
        list[position] = last
        byFocusSlot[Int(last)] = Int32(position)
        focus[c] = f
        appendToFocus(c, Int(f))
    }

    private func appendToFocus(_ c: Int, _ f: Int) {
        byFocusSlot[c] = byFocusCount[f]
        byFocus[f * communityCount + Int(byFocusCount[f])] = Int32(c)
        byFocusCount[f] += 1
    }

    // MARK: - Search

    /// Breaks up every kept-apart pair that shares a community by moving or swapping one of the
    /// two elsewhere, never creating a new such pair. False when some pair could not be separated.
    func separateKeptApart(using random: inout SeededGenerator) -> Bool {
        guard hasApartPairs else { return true }
        guard communityCount > 1 else { return false }
        for _ in 0..<50 {
            let stuck = (0..<leaderCount).filter { hasPartner($0, in: Int(community[$0]), except: -1) }
            if stuck.isEmpty { return true }
            for leader in stuck where hasPartner(leader, in: Int(community[leader]), except: -1) {
                relocate(leader, using: &random)
            }
        }
        return (0..<leaderCount).allSatisfy { !hasPartner($0, in: Int(community[$0]), except: -1) }
    }

    /// Moves `leader` (or swaps them with someone) into a community holding none of their partners,
    /// where the one they swap with has none of theirs either.
    private func relocate(_ leader: Int, using random: inout SeededGenerator) {
        let from = Int(community[leader])
        for _ in 0..<(4 * communityCount + 20) {
            let target = random.below(communityCount)
            guard target != from else { continue }
            if moveDelta(leader, to: target) != nil {
                move(leader, to: target)
                return
            }
            let other = Int(members[target * capacity + random.below(Int(size[target]))])
            if !hasPartner(leader, in: target, except: other) && !hasPartner(other, in: from, except: leader) {
                swap(leader, other)
                return
            }
        }
    }

    /// Simulated annealing over moves and swaps, with a schedule fixed by the iteration count so
    /// the same seed always gives the same result. Each step picks a leader and a community (most
    /// often one whose focus the leader chose), and weighs moving the leader there against
    /// swapping them with each of its members. Stops early on reaching `enough` (a total no
    /// grouping can beat). Returns the best partition seen.
    func anneal(
        iterations: Int, hot: Double, cold: Double, enough: Int, using random: inout SeededGenerator
    ) -> (assignment: [Int32], total: Int) {
        var bestAssignment = assignment
        var bestTotal = total
        let snapshotGap = max(1, leaderCount / 8)
        var nextSnapshot = 0
        let cooling = iterations > 1 ? pow(cold / hot, 1 / Double(iterations - 1)) : 1
        var temperature = hot
        var iteration = 0
        while iteration < iterations && bestTotal < enough {
            defer {
                temperature *= cooling
                iteration += 1
            }
            let leader = random.below(leaderCount)
            let from = Int(community[leader])
            var target = -1
            if random.below(5) != 0 {
                let f = preferredFocus(leader, using: &random)
                if f >= 0 && byFocusCount[f] > 0 {
                    target = Int(byFocus[f * communityCount + random.below(Int(byFocusCount[f]))])
                }
            }
            if target < 0 || target == from {
                target = random.below(communityCount)
                if target == from { continue }
            }
            var bestDelta = Int.min
            var partner = -1
            if let delta = moveDelta(leader, to: target) {
                bestDelta = delta
            }
            let start = members + target * capacity
            for k in 0..<Int(size[target]) {
                if let delta = swapDelta(leader, Int(start[k])), delta > bestDelta {
                    bestDelta = delta
                    partner = Int(start[k])
                }
            }
            guard bestDelta != Int.min else { continue }
            if bestDelta < 0 {
                let chance = exp(Double(bestDelta) / temperature)
                guard Double(random.next() >> 11) * 0x1p-53 < chance else { continue }
            }
            if partner >= 0 {
                swap(leader, partner)
            } else {
                move(leader, to: target)
            }
            if total > bestTotal && (iteration >= nextSnapshot || total >= enough) {
                bestTotal = total
                bestAssignment = assignment
                nextSnapshot = iteration + snapshotGap
            }
        }
        if total > bestTotal {
            bestTotal = total
            bestAssignment = assignment
        }
        return (bestAssignment, bestTotal)
    }

    /// One of the leader's choices, the 1st most often; -1 when they have none.
    private func preferredFocus(_ leader: Int, using random: inout SeededGenerator) -> Int {
        let roll = random.below(6)
        let rank = roll < 3 ? 0 : roll < 5 ? 1 : 2
        for offset in 0..<3 {
            let f = choices[leader * 3 + (rank + offset) % 3]
            if f >= 0 { return Int(f) }
        }
        return -1
    }
}

extension SeededGenerator {
    /// A number in `0..<bound` (bound > 0), by the multiply-high method.
    @inline(__always)
    mutating func below(_ bound: Int) -> Int {
        Int(truncatingIfNeeded: next().multipliedFullWidth(by: UInt64(bound)).high)
    }
}
