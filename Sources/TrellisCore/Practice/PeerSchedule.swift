import Foundation

/// Two people who debrief together in a cycle, or three when the community has an odd number: the
/// members' ids, sorted, so that the same group compares equal however it was formed.
public struct PeerGroup: Sendable, Hashable {
    public let members: [String]

    public init(_ members: [String]) { self.members = members.sorted() }

    public func contains(_ id: String) -> Bool { members.contains(id) }

    public func partners(of id: String) -> [String] { members.filter { $0 != id } }
}

/// Who debriefs with whom, cycle after cycle. Principals' jobs are isolating; the point of the schedule is
/// that every member comes to know every other member's school, so nobody meets the same person twice
/// while someone else is still a stranger.
///
/// With a stable roster it is the circle (round-robin) method: one seat fixed, the others turning one
/// place a cycle. For an even n every pair meets once in n − 1 cycles; for an odd n an empty seat is
/// added, and whoever draws it joins one of that round's pairs (the one whose members they have met
/// least, the earliest on ties) as a trio, so all pairs meet within n cycles and no pair of two repeats
/// before then. The rotation continues through the year: cycle k uses round k mod the number of rounds.
///
/// When someone joins or leaves, the frozen past no longer follows the rotation of the roster, and each
/// following cycle is chosen on its own: the members who have met the fewest people choose first (a
/// newcomer first of all), each taking the partner they have met least (ties: met longest ago, never met
/// first, then roster order), never last cycle's partner when any complete grouping avoids it; with an
/// odd number the one left over joins the group whose members they have met least.
public enum PeerSchedule {
    /// The circle method's rounds for `seats` in seat order: n − 1 rounds for an even n, n for an odd n;
    /// none for fewer than two people.
    public static func rounds(_ seats: [String]) -> [[PeerGroup]] {
        guard seats.count >= 2 else { return [] }
        let circle: [String?] = seats.map { $0 } + (seats.count % 2 == 1 ? [nil] : [])
        let size = circle.count
        var met = Meetings()
        var rounds: [[PeerGroup]] = []
        for round in 0..<(size - 1) {
            let rest = Array(circle[1...])
            let turned = [circle[0]] + (0..<rest.count).map { rest[($0 - round + rest.count * 2) % rest.count] }
            var groups: [[String]] = []
            var bye: String?
            for index in 0..<(size / 2) {
                switch (turned[index], turned[size - 1 - index]) {
                case (let a?, let b?): groups.append([a, b])
                case (let a?, nil), (nil, let a?): bye = a
                case (nil, nil): break
                }
            }
            if let bye, !groups.isEmpty {
                let best = groups.indices.min { met.count(bye, with: groups[$0]) < met.count(bye, with: groups[$1]) }
                groups[best ?? 0].append(bye)
            }
            let formed = groups.map(PeerGroup.init)
            met.record(formed, cycle: round)
            rounds.append(formed)
        }
        return rounds
    }

    /// The groups of the `count` cycles after `history` (the groups of cycles 0 ..< history.count, in
    /// order, as they were frozen) for the members of `roster`, in seat order.
    public static func plan(history: [[PeerGroup]], roster: [String], count: Int) -> [[PeerGroup]] {
        guard count > 0 else { return [] }
        let rotation = rounds(roster)
        guard !rotation.isEmpty else { return Array(repeating: [], count: count) }
        let followsRotation = history.enumerated().allSatisfy { number, groups in
            Set(groups) == Set(rotation[number % rotation.count])
        }
        if followsRotation {
            return (history.count..<(history.count + count)).map { rotation[$0 % rotation.count] }
        }
        var past = history
        var planned: [[PeerGroup]] = []
        for _ in 0..<count {
            let next = chosen(after: past, roster: roster)
            past.append(next)
            planned.append(next)
        }
        return planned
    }

    /// `groups` with `a` and `b` exchanged, each taking the other's place; unchanged when either is
    /// absent or they are in the same group.
    public static func swapping(_ a: String, _ b: String, in groups: [PeerGroup]) -> [PeerGroup] {
        guard let first = groups.firstIndex(where: { $0.contains(a) }),
            let second = groups.firstIndex(where: { $0.contains(b) }), first != second
        else { return groups }
        var swapped = groups
        swapped[first] = PeerGroup(groups[first].members.map { $0 == a ? b : $0 })
        swapped[second] = PeerGroup(groups[second].members.map { $0 == b ? a : $0 })
        return swapped
    }

    // MARK: - After someone joined or left

    /// How often, and in which cycle last, each two people met.
    struct Meetings {
        private var times: [String: [String: Int]] = [:]
        private var last: [String: [String: Int]] = [:]

        mutating func record(_ groups: [PeerGroup], cycle: Int) {
            for group in groups {
                for a in group.members {
                    for b in group.members where a != b {
                        times[a, default: [:]][b, default: 0] += 1
                        last[a, default: [:]][b] = cycle
                    }
                }
            }
        }

        func times(_ a: String, _ b: String) -> Int { times[a]?[b] ?? 0 }
        func lastMet(_ a: String, _ b: String) -> Int { last[a]?[b] ?? -1 }
        func distinctPartners(_ a: String) -> Int { times[a]?.count ?? 0 }
        func count(_ a: String, with group: [String]) -> Int { group.reduce(0) { $0 + times(a, $1) } }
    }

    private static func chosen(after past: [[PeerGroup]], roster: [String]) -> [PeerGroup] {
        guard roster.count >= 2 else { return [] }
        var met = Meetings()
        for (cycle, groups) in past.enumerated() { met.record(groups, cycle: cycle) }
        var previous: [String: Set<String>] = [:]
        for group in past.last ?? [] {
            for member in group.members { previous[member] = Set(group.partners(of: member)) }
        }
        let seat = Dictionary(roster.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let order = roster.sorted {
            (met.distinctPartners($0), seat[$0] ?? 0) < (met.distinctPartners($1), seat[$1] ?? 0)
        }
        func preference(_ a: String, _ b: String) -> (Int, Int, Int) {
            (met.times(a, b), met.lastMet(a, b), seat[b] ?? 0)
        }
        // The search stops trying after this many steps and accepts repeats: a complete grouping always exists.
        var budget = 20_000
        func search(_ unplaced: [String], _ groups: [[String]], avoiding: Bool) -> [[String]]? {
            budget -= 1
            guard budget > 0 || !avoiding else { return nil }
            guard let first = unplaced.first else { return groups }
            if unplaced.count == 1 {
                let candidates = groups.indices.filter { index in
                    !avoiding || groups[index].allSatisfy { !(previous[first]?.contains($0) ?? false) }
                }.sorted {
                    (met.count(first, with: groups[$0]), $0) < (met.count(first, with: groups[$1]), $1)
                }
                guard let best = candidates.first else { return nil }
                var joined = groups
                joined[best].append(first)
                return joined
            }
            let partners = unplaced.dropFirst().filter { !avoiding || !(previous[first]?.contains($0) ?? false) }
                .sorted { preference(first, $0) < preference(first, $1) }
            for partner in partners {
                let rest = unplaced.filter { $0 != first && $0 != partner }
                if let found = search(rest, groups + [[first, partner]], avoiding: avoiding) { return found }
            }
            return nil
        }
        let groups = search(order, [], avoiding: true) ?? search(order, [], avoiding: false) ?? []
        return groups.map(PeerGroup.init)
    }
}
