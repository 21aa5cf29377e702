/// What the district has now, as far as an import can change it.
///
/// Leaders are keyed by sourcedId. A leader account created in Trellis without a roster sourcedId
/// is keyed by `RosterSnapshot.emailKey(_:)` of its email (`email:` + the lowercased email), which
/// no roster sourcedId looks like; `leaderSourcedIdByEmail` maps every existing leader's lowercased
/// email to its key, whichever kind it is.
public struct RosterSnapshot: Sendable {
    /// Schools by sourcedId.
    public var schools: [String: RosterSchool]
    /// Leaders by sourcedId, or by `emailKey(_:)` for accounts without one.
    public var leaders: [String: RosterLeader]
    /// Lowercased email -> key in `leaders`, for every existing leader.
    public var leaderSourcedIdByEmail: [String: String]
    /// Lowercased emails of accounts in other districts: an email signs in to one district only.
    public var emailsInOtherDistricts: Set<String>

    public init(
        schools: [String: RosterSchool] = [:],
        leaders: [String: RosterLeader] = [:],
        leaderSourcedIdByEmail: [String: String] = [:],
        emailsInOtherDistricts: Set<String> = []
    ) {
        self.schools = schools
        self.leaders = leaders
        self.leaderSourcedIdByEmail = leaderSourcedIdByEmail
        self.emailsInOtherDistricts = emailsInOtherDistricts
    }

    /// The key of a leader account that has no roster sourcedId.
    public static func emailKey(_ email: String) -> String {
        "email:" + EmailAddress.normalized(email)
    }
}

/// What an import would change, compared with what the district has now, so the admin can review
/// the counts before anything is written and the server writes only what changed.
public struct RosterImportPlan: Sendable {
    public struct Counts: Sendable, Equatable {
        public var create: Int
        public var update: Int
        /// Turned from active to archived by a `tobedeleted` row.
        public var archive: Int
        public var unchanged: Int

        public init(create: Int = 0, update: Int = 0, archive: Int = 0, unchanged: Int = 0) {
            self.create = create
            self.update = update
            self.archive = archive
            self.unchanged = unchanged
        }
    }

    public var schools: Counts
    public var leaders: Counts
    public var skipped: SkippedRows
    public var schoolYears: [RosterSchoolYear]
    /// Created, updated or archived schools, in orgs.csv order.
    public var schoolsToWrite: [RosterSchool]
    /// Created, updated or archived leaders, in users.csv order.
    public var leadersToWrite: [RosterLeader]
    /// Incoming sourcedId -> key of the existing account it matched by email (an account without
    /// a sourcedId, or one whose sourcedId changed). The server writes such a leader onto that
    /// account, replacing its key with the incoming sourcedId.
    public var leaderMatches: [String: String]

    /// What the import does to one record, for the preview's lists of names.
    public enum ChangeKind: String, Sendable, CaseIterable {
        case create, update, archive
    }

    /// School names by what the import does to them, in orgs.csv order.
    public var schoolNames: [ChangeKind: [String]] = [:]
    /// Leaders as "Ana Ruiz (ana@district.org)" by what the import does to them, in users.csv order.
    public var leaderNames: [ChangeKind: [String]] = [:]
}

extension RosterImportPlan {
    /// Matches every incoming record with the existing one: schools by sourcedId; leaders by
    /// sourcedId, else (when active) by email.
    ///
    /// - An incoming `tobedeleted` record that matches nothing is dropped, not created.
    /// - When a `tobedeleted` leader and an active leader with a new sourcedId share an email, the
    ///   active one takes over the account (the person's sourcedId changed) and the archived row
    ///   is dropped, so the leader keeps their history.
    /// - Records the district has that the files do not mention are left alone.
    ///
    /// Throws when an active leader's email is used in another district, by another incoming
    /// leader, or by another leader of this district whom the import does not move off it.
    public static func make(_ roster: ParsedRoster, against snapshot: RosterSnapshot)
        throws(RosterProblems) -> RosterImportPlan
    {
        var plan = RosterImportPlan(
            schools: Counts(),
            leaders: Counts(),
            skipped: roster.skipped,
            schoolYears: roster.schoolYears,
            schoolsToWrite: [],
            leadersToWrite: [],
            leaderMatches: [:]
        )
        for school in roster.schools {
            let change = Change(incoming: school, existing: snapshot.schools[school.sourcedId], same: ==)
            plan.schools.count(change)
            if change.writes { plan.schoolsToWrite.append(school) }
            if let kind = change.kind { plan.schoolNames[kind, default: []].append(school.name) }
        }
        let matching = LeaderMatching(roster.leaders, snapshot: snapshot)
        guard matching.problems.isEmpty else { throw RosterProblems(matching.problems) }
        plan.leaderMatches = matching.emailMatches
        for leader in roster.leaders where !matching.dropped.contains(leader.sourcedId) {
            let existing = matching.existingKey(of: leader).flatMap { snapshot.leaders[$0] }
            let change = Change(incoming: leader, existing: existing) { incoming, existing in
                var incoming = incoming
                incoming.line = existing.line
                // The extension columns are optional: a roster without them keeps what an admin entered.
                incoming.position = incoming.position ?? existing.position
                incoming.yearsInRole = incoming.yearsInRole ?? existing.yearsInRole
                return incoming == existing
            }
            plan.leaders.count(change)
            if change.writes { plan.leadersToWrite.append(leader) }
            if let kind = change.kind {
                plan.leaderNames[kind, default: []].append("\(leader.givenName) \(leader.familyName) (\(leader.email))")
            }
        }
        return plan
    }
}

/// What one incoming record does to the district.
private enum Change {
    case create, update, archive, unchanged, dropped

    init<Record>(incoming: Record, existing: Record?, same: (Record, Record) -> Bool)
    where Record: Archivable {
        guard let existing else {
            self = incoming.archived ? .dropped : .create
            return
        }
        if incoming.archived && !existing.archived {
            self = .archive
        } else {
            self = same(incoming, existing) ? .unchanged : .update
        }
    }

    var writes: Bool { kind != nil }

    var kind: RosterImportPlan.ChangeKind? {
        switch self {
        case .create: .create
        case .update: .update
        case .archive: .archive
        case .unchanged, .dropped: nil
        }
    }
}

private protocol Archivable {
    var archived: Bool { get }
}

extension RosterSchool: Archivable {}
extension RosterLeader: Archivable {}

extension RosterImportPlan.Counts {
    fileprivate mutating func count(_ change: Change) {
        switch change {
        case .create: create += 1
        case .update: update += 1
        case .archive: archive += 1
        case .unchanged: unchanged += 1
        case .dropped: break
        }
    }
}

/// Decides which existing account each incoming leader lands on, and whether every active leader
/// ends up with an email no one else signs in with.
private struct LeaderMatching {
    let snapshot: RosterSnapshot
    /// Incoming sourcedId -> existing key, for active leaders matched by email.
    var emailMatches: [String: String] = [:]
    /// Incoming sourcedIds of archived rows whose account an active row took over.
    var dropped: Set<String> = []
    var problems: [RosterProblem] = []

    init(_ leaders: [RosterLeader], snapshot: RosterSnapshot) {
        self.snapshot = snapshot
        let active = leaders.filter { !$0.archived }
        let bySourcedId = Dictionary(
            leaders.filter { snapshot.leaders[$0.sourcedId] != nil }.map { ($0.sourcedId, $0) },
            uniquingKeysWith: { first, _ in first }
        )

        var firstByEmail: [String: RosterLeader] = [:]
        var sharedEmails: Set<String> = []
        for leader in active {
            if snapshot.emailsInOtherDistricts.contains(leader.email) {
                report(leader, "\"\(leader.email)\" is already used by an account in another district")
            }
            if let first = firstByEmail[leader.email] {
                sharedEmails.insert(leader.email)
                report(
                    leader,
                    "\"\(leader.email)\" is also the email of the administrator on line \(first.line) (each leader signs in with their own email)"
                )
            } else {
                firstByEmail[leader.email] = leader
            }
        }

        for leader in active where bySourcedId[leader.sourcedId] == nil {
            guard !sharedEmails.contains(leader.email),
                let key = snapshot.leaderSourcedIdByEmail[leader.email],
                snapshot.leaders[key] != nil
            else { continue }
            if let holder = bySourcedId[key] {
                guard holder.archived else { continue }
                dropped.insert(holder.sourcedId)
            }
            emailMatches[leader.sourcedId] = key
        }

        for leader in active where !sharedEmails.contains(leader.email) {
            guard let key = snapshot.leaderSourcedIdByEmail[leader.email],
                snapshot.leaders[key] != nil,
                key != existingKey(of: leader)
            else { continue }
            if let holder = bySourcedId[key], !dropped.contains(holder.sourcedId),
                holder.email != leader.email
            {
                continue
            }
            report(leader, "\"\(leader.email)\" is already the email of another leader in this district")
        }
    }

    func existingKey(of leader: RosterLeader) -> String? {
        snapshot.leaders[leader.sourcedId] != nil ? leader.sourcedId : emailMatches[leader.sourcedId]
    }

    private mutating func report(_ leader: RosterLeader, _ message: String) {
        problems.append(
            RosterProblem(file: OneRoster.usersFile, line: leader.line, field: "email", message: message))
    }
}
