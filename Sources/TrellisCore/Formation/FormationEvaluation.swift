extension Formation {
    /// Scores any grouping (say, the proposal after the facilitator moved someone) by the same
    /// objective as the search, explains every leader's place, and lists the hard constraints it
    /// breaks instead of throwing, so the page can show the grouping with what to fix. Each
    /// community keeps the focus it is given; `ScoredCommunity.bestFocus` says which would score
    /// most. Leaders are matched by id (a duplicated id counts once, at its first row).
    ///
    /// `handPlaced` is nil for the engine's own grouping. For a grouping someone edited it names the
    /// leaders they moved: those are told so first, and nobody is told that another place "would have
    /// lowered the overall score", which only the search's result can claim.
    public static func evaluate(
        _ grouping: [FormedCommunity], for request: FormationRequest, handPlaced: Set<String>? = nil
    ) -> FormationProposal {
        let leaders = request.leaders
        var index: [String: Int] = [:]
        for (i, leader) in leaders.enumerated() where index[leader.id] == nil {
            index[leader.id] = i
        }
        var violations: [FormationViolation] = []
        var members: [[Int]] = []
        var unknown: [[String]] = []
        var places = [[Int]](repeating: [], count: leaders.count)
        for (c, community) in grouping.enumerated() {
            var known: [Int] = []
            unknown.append([])
            for id in community.members {
                guard let i = index[id] else {
                    unknown[c].append(id)
                    continue
                }
                if places[i].last != c {
                    known.append(i)
                    places[i].append(c)
                }
            }
            members.append(known)
        }

        let focusKeys = request.focusKeys
        let offered = Set(focusKeys)
        let sizes = request.sizes
        var communities: [ScoredCommunity] = []
        var total = FormationScore()
        for (c, community) in grouping.enumerated() {
            let score = score(members[c].map { leaders[$0] }, focus: community.focus)
            total = total + score
            communities.append(
                ScoredCommunity(
                    focus: community.focus, members: members[c].map { leaders[$0].id }, score: score,
                    bestFocus: bestFocus(members[c].map { leaders[$0] }, keys: focusKeys)))
            for id in unknown[c] {
                violations.append(
                    FormationViolation(
                        kind: .unknownLeader, community: c, leaders: [id],
                        message: "community \(c + 1) lists \"\(id)\", who is not a leader"))
            }
            if !sizes.contains(members[c].count) {
                violations.append(
                    FormationViolation(
                        kind: .sizeOutOfRange, community: c, leaders: members[c].map { leaders[$0].id },
                        message:
                            "community \(c + 1) has \(members[c].count) \(members[c].count == 1 ? "member" : "members"); communities have \(sizes.lowerBound) to \(sizes.upperBound)"
                    ))
            }
            if !offered.contains(community.focus) {
                violations.append(
                    FormationViolation(
                        kind: .focusNotOffered, community: c, leaders: [],
                        message:
                            "community \(c + 1) focuses on \"\(community.focus)\", which is not an offered challenge"))
            }
        }
        if let count = request.communityCount, count != grouping.count {
            violations.append(
                FormationViolation(
                    kind: .communityCount, community: nil, leaders: [],
                    message:
                        "there \(grouping.count == 1 ? "is 1 community" : "are \(grouping.count) communities"), but \(count) \(count == 1 ? "was" : "were") asked for"
                ))
        }
        var partners = [Set<Int>](repeating: [], count: leaders.count)
        for pair in request.keptApart {
            guard let a = index[pair.a], let b = index[pair.b], a != b, partners[a].insert(b).inserted else { continue }
            partners[b].insert(a)
            if let shared = places[a].first(where: places[b].contains) {
                violations.append(
                    FormationViolation(
                        kind: .keptApartTogether, community: shared, leaders: [leaders[a].id, leaders[b].id],
                        message:
                            "\(leaders[a].displayName) and \(leaders[b].displayName) are both in community \(shared + 1) but must be kept apart"
                    ))
            }
        }
        for (i, leader) in leaders.enumerated() where index[leader.id] == i {
            if places[i].isEmpty {
                violations.append(
                    FormationViolation(
                        kind: .unassigned, community: nil, leaders: [leader.id],
                        message: "\(leader.displayName) is in no community"))
            } else if places[i].count > 1 {
                let numbers = places[i].map { String($0 + 1) }
                violations.append(
                    FormationViolation(
                        kind: .inSeveralCommunities, community: places[i][0], leaders: [leader.id],
                        message:
                            "\(leader.displayName) is in communities \(numbers.dropLast().joined(separator: ", ")) and \(numbers.last!)"
                    ))
            }
        }

        var byFocus: [String: [Int]] = [:]
        for (c, community) in grouping.enumerated() {
            byFocus[community.focus, default: []].append(c)
        }
        let explainer = Explainer(
            request: request, grouping: grouping, members: members, byFocus: byFocus, partners: partners,
            offered: offered, handPlaced: handPlaced)
        let explanations = leaders.enumerated().map { i, leader in
            let place = index[leader.id] == i ? places[i].first : nil
            return LeaderExplanation(
                leader: leader.id, community: place, reasons: place.map { explainer.reasons(i, in: $0) } ?? [])
        }
        return FormationProposal(
            communities: communities, score: total, explanations: explanations, violations: violations)
    }

    /// 3, 2 or 1 when `focus` is the leader's 1st, 2nd or 3rd choice, else 0.
    static func points(_ leader: FormationLeader, focus: String) -> Int {
        guard !focus.isEmpty, let rank = leader.choices.prefix(3).firstIndex(of: focus) else { return 0 }
        return 3 - rank
    }

    static func score(_ members: [FormationLeader], focus: String) -> FormationScore {
        var bySchool: [String: Int] = [:]
        var pairs = 0
        for leader in members where !leader.school.isEmpty {
            pairs += bySchool[leader.school, default: 0]
            bySchool[leader.school, default: 0] += 1
        }
        let new = members.filter(\.isNew).count
        return FormationScore(
            preference: members.reduce(0) { $0 + points($1, focus: focus) },
            mix: new > 0 && new < members.count ? 1 : 0,
            sameSchoolPairs: pairs)
    }

    /// The key earning the members the most points; the first in key order on a tie.
    static func bestFocus(_ members: [FormationLeader], keys: [String]) -> String {
        var best = (key: keys.first ?? "", points: -1)
        for key in keys {
            let points = members.reduce(0) { $0 + Formation.points($1, focus: key) }
            if points > best.points { best = (key, points) }
        }
        return best.key
    }
}

/// Builds the reasons behind each leader's place in one grouping.
private struct Explainer {
    let request: FormationRequest
    let grouping: [FormedCommunity]
    let members: [[Int]]
    /// The communities on each focus, in order.
    let byFocus: [String: [Int]]
    let partners: [Set<Int>]
    let offered: Set<String>
    let handPlaced: Set<String>?

    func reasons(_ i: Int, in c: Int) -> [FormationReason] {
        let leaders = request.leaders
        let leader = leaders[i]
        var reasons = [focusReason(i, in: c)]
        if handPlaced?.contains(leader.id) == true {
            reasons.insert(FormationReason(kind: .placedByFacilitator, text: "placed here by your facilitator"), at: 0)
        }
        let new = members[c].filter { leaders[$0].isNew }.count
        if new > 0 && new < members[c].count {
            reasons.append(FormationReason(kind: .mixesExperience, text: "mixes new and seasoned leaders"))
        } else if new == 0 {
            reasons.append(
                FormationReason(
                    kind: .allSeasoned,
                    text: "everyone here has \(Formation.seasonedYears) or more years in the role"))
        } else {
            reasons.append(
                FormationReason(
                    kind: .allNew,
                    text: "everyone here is new to the role (under \(Formation.seasonedYears) years)"))
        }
        if !leader.school.isEmpty {
            let schoolmates = members[c].filter { $0 != i && leaders[$0].school == leader.school }
            if schoolmates.isEmpty {
                reasons.append(FormationReason(kind: .noSchoolmate, text: "no one else from your school"))
            } else {
                let names = schoolmates.map { leaders[$0].displayName }
                let list =
                    names.count == 1 ? names[0] : names.dropLast().joined(separator: ", ") + " and " + names.last!
                reasons.append(FormationReason(kind: .sharesSchool, text: "shares a school with \(list)"))
            }
        }
        return reasons
    }

    private func focusReason(_ i: Int, in c: Int) -> FormationReason {
        let choices = Array(request.leaders[i].choices.prefix(3))
        let focus = grouping[c].focus
        let named = choices.enumerated().filter {
            !$0.element.isEmpty && choices.firstIndex(of: $0.element) == $0.offset
        }
        if let rank = choices.firstIndex(of: focus), !focus.isEmpty {
            let text = "your \(ordinal(rank)) choice (\(request.title(focus)))"
            let obstacles = named.filter { $0.offset < rank }.compactMap {
                obstacle(i, rank: $0.offset, key: $0.element, in: c)
            }
            return FormationReason(
                kind: .choice(rank: rank + 1),
                text: obstacles.isEmpty ? text : text + ": " + obstacles.joined(separator: "; "))
        }
        guard !named.isEmpty else {
            return FormationReason(
                kind: .noChoice, text: "you named no challenges; this community focuses on \(request.title(focus))")
        }
        let obstacles = named.compactMap { obstacle(i, rank: $0.offset, key: $0.element, in: c) }
        let text = "not one of your choices (it focuses on \(request.title(focus)))"
        return FormationReason(
            kind: .noChoice, text: obstacles.isEmpty ? text : text + ": " + obstacles.joined(separator: "; "))
    }

    /// Why the leader is not in a community on their choice `key`, without naming anyone; nil when
    /// the only reason would be the overall score and the grouping was edited by hand.
    private func obstacle(_ i: Int, rank: Int, key: String, in c: Int) -> String? {
        let choice = "your \(ordinal(rank)) choice (\(request.title(key)))"
        guard offered.contains(key) else { return "\(choice) is not offered as a focus" }
        let others = (byFocus[key] ?? []).filter { $0 != c }
        guard !others.isEmpty else { return "no community has \(choice) as its focus" }
        let full = others.filter { members[$0].count >= request.sizes.upperBound }
        let blocked = others.filter { members[$0].contains(where: partners[i].contains) }
        let one = others.count == 1
        if full.count == others.count && blocked.isEmpty {
            return one ? "the community on \(choice) was full" : "the communities on \(choice) were full"
        }
        if Set(full + blocked).count == others.count {
            return one
                ? "the community on \(choice) could not take you" : "the communities on \(choice) could not take you"
        }
        return handPlaced == nil ? "moving you to \(choice) would have lowered the overall score" : nil
    }

    private func ordinal(_ rank: Int) -> String {
        ["1st", "2nd", "3rd"][rank]
    }
}
