import Foundation
import Testing

@testable import TrellisCore

@Suite("Debrief peers: the circle method")
struct PeerScheduleTests {
    static func roster(_ n: Int) -> [String] { (0..<n).map { String(format: "m%02d", $0) } }

    static func pairs(_ group: PeerGroup) -> [Set<String>] {
        var pairs: [Set<String>] = []
        for (index, a) in group.members.enumerated() {
            for b in group.members[(index + 1)...] { pairs.append([a, b]) }
        }
        return pairs
    }

    static func allPairs(_ roster: [String]) -> Set<Set<String>> {
        Set(pairs(PeerGroup(roster)))
    }

    /// Everyone in exactly one group; groups of two, and one of three exactly when the number is odd.
    static func checkPartition(_ groups: [PeerGroup], roster: [String], _ context: String) {
        let members = groups.flatMap(\.members)
        #expect(members.sorted() == roster.sorted(), "\(context): not everyone placed exactly once")
        #expect(groups.allSatisfy { (2...3).contains($0.members.count) }, "\(context): a group is not two or three")
        #expect(groups.filter { $0.members.count == 3 }.count == roster.count % 2, "\(context): trios")
    }

    @Test(
        "sizes 2–16 from every starting cycle: every pair meets within a round-robin, nobody twice before all have met")
    func stableRoster() {
        for n in 2...16 {
            let roster = Self.roster(n)
            let rotation = PeerSchedule.rounds(roster)
            let length = n % 2 == 0 ? n - 1 : n
            #expect(rotation.count == length, "n = \(n)")
            for start in 0..<(length + 2) {
                let history = Array(PeerSchedule.plan(history: [], roster: roster, count: start))
                let window = PeerSchedule.plan(history: history, roster: roster, count: length)
                #expect(window.count == length)
                var seen: [Set<String>: Int] = [:]
                var twoPersonSeen: Set<Set<String>> = []
                for (offset, groups) in window.enumerated() {
                    Self.checkPartition(groups, roster: roster, "n = \(n), cycle \(start + offset)")
                    for group in groups {
                        for pair in Self.pairs(group) { seen[pair, default: 0] += 1 }
                        if group.members.count == 2 {
                            let pair = Set(group.members)
                            #expect(
                                !twoPersonSeen.contains(pair),
                                "n = \(n), start \(start): \(group.members) meet twice as a pair before all have met")
                            twoPersonSeen.insert(pair)
                        }
                    }
                }
                #expect(Set(seen.keys) == Self.allPairs(roster), "n = \(n), start \(start): a pair never meets")
                if n % 2 == 0 {
                    #expect(seen.values.allSatisfy { $0 == 1 }, "n = \(n), start \(start): a pair meets twice")
                }
            }
        }
    }

    @Test("the rotation goes on: cycle k uses round k mod the number of rounds")
    func continuesThroughTheYear() {
        let roster = Self.roster(7)
        let rotation = PeerSchedule.rounds(roster)
        let year = PeerSchedule.plan(history: [], roster: roster, count: 20)
        for (k, groups) in year.enumerated() { #expect(Set(groups) == Set(rotation[k % rotation.count])) }
    }

    @Test("two people always meet; three are one trio; one or none make no group")
    func smallCommunities() {
        let two = PeerSchedule.plan(history: [], roster: ["a", "b"], count: 3)
        #expect(two == Array(repeating: [PeerGroup(["a", "b"])], count: 3))
        let three = PeerSchedule.plan(history: [], roster: ["c", "a", "b"], count: 2)
        #expect(three == Array(repeating: [PeerGroup(["a", "b", "c"])], count: 2))
        #expect(PeerSchedule.plan(history: [], roster: ["a"], count: 2) == [[], []])
        #expect(PeerSchedule.plan(history: [], roster: [], count: 1) == [[]])
        #expect(PeerSchedule.rounds(["a"]).isEmpty)
    }

    static func met(_ history: [[PeerGroup]]) -> [Set<String>: Int] {
        var met: [Set<String>: Int] = [:]
        for groups in history { for group in groups { for pair in pairs(group) { met[pair, default: 0] += 1 } } }
        return met
    }

    static func partners(of person: String, in groups: [PeerGroup]) -> Set<String> {
        Set(groups.first { $0.contains(person) }?.partners(of: person) ?? [])
    }

    @Test("someone joins: they meet people they have not met, nobody repeats last cycle's partner, everyone placed")
    func join() {
        let six = Self.roster(6)
        let history = PeerSchedule.plan(history: [], roster: six, count: 4)
        let seven = six + ["new"]
        let next = PeerSchedule.plan(history: history, roster: seven, count: 6)
        var past = history
        var joinerMet: Set<String> = []
        for (offset, groups) in next.enumerated() {
            Self.checkPartition(groups, roster: seven, "cycle \(4 + offset)")
            for person in seven {
                let now = Self.partners(of: person, in: groups)
                let before = Self.partners(of: person, in: past.last ?? [])
                #expect(now.isDisjoint(with: before), "cycle \(4 + offset): \(person) meets \(now) again at once")
            }
            let joinerPartners = Self.partners(of: "new", in: groups)
            if joinerMet != Set(six) {
                #expect(
                    joinerPartners.isDisjoint(with: joinerMet), "the newcomer meets someone twice before meeting all")
            }
            joinerMet.formUnion(joinerPartners)
            past.append(groups)
        }
        #expect(joinerMet == Set(six), "within six cycles the newcomer has met everyone")
        let first = Self.partners(of: "new", in: next[0])
        let met = Self.met(history)
        #expect(first.allSatisfy { met[["new", $0]] == nil })
    }

    @Test("someone leaves: they are never scheduled again; the rest meet those they have met least")
    func leave() {
        let eight = Self.roster(8)
        let history = PeerSchedule.plan(history: [], roster: eight, count: 3)
        let seven = eight.filter { $0 != "m03" }
        let next = PeerSchedule.plan(history: history, roster: seven, count: 5)
        var past = history
        for (offset, groups) in next.enumerated() {
            Self.checkPartition(groups, roster: seven, "cycle \(3 + offset)")
            #expect(!groups.contains { $0.contains("m03") })
            let met = Self.met(past)
            for group in groups where group.members.count == 2 {
                let (a, b) = (group.members[0], group.members[1])
                let least = seven.filter { $0 != a }.map { met[[a, $0]] ?? 0 }.min() ?? 0
                let leastB = seven.filter { $0 != b }.map { met[[b, $0]] ?? 0 }.min() ?? 0
                // one of the two chose the other among those they had met least
                #expect((met[[a, b]] ?? 0) <= max(least, leastB), "cycle \(3 + offset): \(a) and \(b)")
            }
            for person in seven {
                #expect(
                    Self.partners(of: person, in: groups).isDisjoint(
                        with: Self.partners(of: person, in: past.last ?? [])), "\(person) repeats at once")
            }
            past.append(groups)
        }
    }

    @Test("the same inputs give the same schedule")
    func deterministic() {
        let history = PeerSchedule.plan(history: [], roster: Self.roster(9), count: 2)
        let roster = Self.roster(9).filter { $0 != "m04" } + ["x", "y"]
        #expect(
            PeerSchedule.plan(history: history, roster: roster, count: 6)
                == PeerSchedule.plan(history: history, roster: roster, count: 6))
    }

    @Test("a swap exchanges two people across groups; within one group, or with someone absent, nothing changes")
    func swap() {
        let groups = [PeerGroup(["a", "b"]), PeerGroup(["c", "d", "e"])]
        #expect(PeerSchedule.swapping("a", "d", in: groups) == [PeerGroup(["d", "b"]), PeerGroup(["c", "a", "e"])])
        #expect(PeerSchedule.swapping("a", "b", in: groups) == groups)
        #expect(PeerSchedule.swapping("a", "z", in: groups) == groups)
    }
}
