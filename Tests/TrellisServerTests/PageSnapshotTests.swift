import Foundation
import Plot
import SnapshotTesting
import Testing
import TrellisCore

@testable import TrellisServer

/// One page of each feature, rendered from a fixed model and compared line by line with the markup
/// committed in `__Snapshots__/PageSnapshotTests/`. A change to a page's markup shows up as a diff to
/// review. To accept an intended change, delete the page's `.txt` file and run the suite twice: the first
/// run records it (and fails, saying so), the second compares.
@Suite("Pages as markup: one page of each feature against its reviewed snapshot")
struct PageSnapshotTests {
    static func id(_ n: Int) -> UUID { UUID(uuidString: String(format: "00000000-0000-0000-0000-%012d", n))! }

    static func viewer(_ role: Role, given: String = "Ana", family: String = "Reyes") throws -> Viewer {
        let user = User(
            id: id(900 + Role.allCases.firstIndex(of: role)!), districtID: id(1), email: "\(role.rawValue)@example.org",
            givenName: given, familyName: family, role: role)
        return try Viewer(user: user, csrfToken: "csrf-token")
    }

    static func context(_ role: Role?, path: String, unread: Int? = nil) throws -> PageContext {
        PageContext(viewer: try role.map { try viewer($0) }, csrfToken: "csrf-token", path: path, unread: unread)
    }

    /// Indented, so that a diff points at the element that changed. The page as the server sends it (its
    /// frame written directly, `Layout.framed`) is checked against Plot's rendering of the whole document.
    static func lines(_ page: FramedPage) -> String {
        #expect(page.render() == page.document.render(), "the frame written directly differs from Plot's")
        return page.document.render(indentedBy: .spaces(2))
    }

    @Test("Layout: the frame the server writes directly is Plot's rendering of the page, for every role and path")
    func framedAsPlotWritesIt() throws {
        let roles: [Role?] = Role.allCases + [nil]
        for role in roles {
            for path in ["/", "/cohorts", "/cohorts/1", "/my/new", "/account", "/library"] {
                for unread in [nil, 0, 3] as [Int?] {
                    let context = PageContext(
                        viewer: try role.map { try Self.viewer($0, given: "Ana <b>", family: "O'Neil & \"Q\"") },
                        csrfToken: "t&<\"'>", path: path, unread: unread)
                    let page = Layout.page(
                        "Tom & Jerry's <“report”>", context: context, .h1(.text("A & B")),
                        .p(.text("<x>")))
                    #expect(
                        page.render() == page.document.render(),
                        "\(role?.rawValue ?? "signed out") \(path) \(unread.map(String.init) ?? "-")")
                    #expect(page.render().contains("<title>Tom &amp; Jerry&#39;s &lt;“report”&gt; · Trellis</title>"))
                }
            }
        }
    }

    @Test("Accounts: the sign-in page after a wrong password, with where to go next")
    func signIn() throws {
        let page = SignInPage.view(
            .init(
                email: "ana@example.org", problem: "That email and password do not match.", notice: nil,
                next: SiteURL.stories.relativeURL),
            context: try Self.context(nil, path: SiteURL.signIn.relativeURL))
        assertSnapshot(of: Self.lines(page), as: .lines)
    }

    @Test("Schools: the district's schools, one archived")
    func schools() throws {
        let page = SchoolsPage.view(
            .init(rows: [
                .init(id: Self.id(10), name: "Lincoln Elementary", level: "Elementary", leaders: 2, archived: false),
                .init(id: Self.id(11), name: "Old Mill <Middle>", level: "Middle", leaders: 0, archived: true),
            ]),
            context: try Self.context(.districtAdmin, path: SiteURL.schools.relativeURL))
        assertSnapshot(of: Self.lines(page), as: .lines)
    }

    @Test("People: leaders filtered by role")
    func people() throws {
        let page = PeoplePage.view(
            .init(
                roleFilter: .leader, canAdd: true,
                rows: [
                    .init(
                        id: Self.id(20), name: "Reyes, Ana", email: "ana@example.org", role: "Leader",
                        school: "Lincoln Elementary", position: "Principal", yearsInRole: 4, status: "Active"),
                    .init(
                        id: Self.id(21), name: "O\u{2019}Brien, Sam", email: "sam@example.org", role: "Leader",
                        school: nil, position: nil, yearsInRole: nil, status: "Archived"),
                ]),
            context: try Self.context(.districtAdmin, path: SiteURL.people.relativeURL))
        assertSnapshot(of: Self.lines(page), as: .lines)
    }

    @Test("Cohorts: the cohorts a facilitator runs")
    func cohorts() throws {
        let page = CohortsPage.view(
            .init(
                rows: [
                    .init(
                        id: Self.id(30), name: "Principals 2026–27", schoolYear: "2026-27", leaders: 12,
                        facilitators: ["Kwame Asante"])
                ], canCreate: true),
            context: try Self.context(.facilitator, path: SiteURL.cohorts.relativeURL))
        assertSnapshot(of: Self.lines(page), as: .lines)
    }

    @Test("Roster: an import refused, naming each problem's file, line and field")
    func rosterUpload() throws {
        let page = RosterUploadPage.view(
            .init(
                problems: [
                    "users.csv line 7, field email: \"ana@\" is not an email address",
                    "orgs.csv line 3, field type: \"campus\" is not a OneRoster org type",
                ], problemCount: 5, missingFiles: ["enrollments.csv"]),
            context: try Self.context(.districtAdmin, path: SiteURL.rosterImport.relativeURL))
        assertSnapshot(of: Self.lines(page), as: .lines)
    }

    @Test("Trust: a cohort's rounds, one open, with the form for the next")
    func trustRounds() throws {
        let page = TrustRoundsPage.view(
            .init(
                cohortID: Self.id(30), cohortName: "Principals 2026–27",
                rows: [
                    .init(
                        id: Self.id(40), title: "Autumn", opensOn: "2026-09-14", closesOn: "2026-09-28",
                        status: .closed,
                        answered: 9, eligible: 12),
                    .init(
                        id: Self.id(41), title: "Winter", opensOn: "2026-12-01", closesOn: "2026-12-15", status: .open,
                        answered: 3, eligible: 12),
                ], canRun: true, form: .init(title: "", opensOn: "", closesOn: ""), problems: []),
            context: try Self.context(.facilitator, path: SiteURL.cohortTrust(.value(Self.id(30))).relativeURL))
        assertSnapshot(of: Self.lines(page), as: .lines)
    }

    @Test("Formation: a leader's intake with a problem beside its field")
    func intake() throws {
        let page = IntakePage.view(
            .init(
                cohortID: Self.id(30), cohortName: "Principals 2026–27", isOpen: true,
                challenges: [("attendance", "Chronic absence"), ("discipline", "Discipline disparities")],
                people: [("\(Self.id(21))", "O\u{2019}Brien, Sam")],
                form: .init(choice1: "attendance", choice2: "attendance", choice3: nil, apart: []),
                problems: [.init(field: "choice2", message: "Choose each challenge once.")], saved: false),
            context: try Self.context(.leader, path: SiteURL.cohortIntake(.value(Self.id(30))).relativeURL))
        assertSnapshot(of: Self.lines(page), as: .lines)
    }

    @Test("Communities: a member's community page with a shared story")
    func community() throws {
        let page = CommunityPage.view(
            .init(
                id: Self.id(50), name: "Family signals", focus: "Chronic absence", cohortID: Self.id(30),
                cohortName: "Principals 2026–27", facilitator: "Kwame Asante",
                members: [("Ana Reyes", "Lincoln Elementary"), ("Sam O\u{2019}Brien", "Old Mill Middle")],
                yourReasons: "You ranked chronic absence first.", editing: nil,
                sharedStories: [(Self.id(60), "Sam O\u{2019}Brien", "A parent was not called back for a week")],
                storyCounts: nil, inquiry: "How might we call every family before the first day?", showsInquiry: true,
                saved: false, problems: []),
            context: try Self.context(.leader, path: SiteURL.community(.value(Self.id(50))).relativeURL, unread: 2))
        assertSnapshot(of: Self.lines(page), as: .lines)
    }

    @Test("Rhythm: a cohort's meetings as a leader sees them")
    func meetings() throws {
        let page = MeetingsPage.view(
            .init(
                cohortID: Self.id(30), cohortName: "Principals 2026–27",
                upcoming: [
                    .init(
                        seriesID: Self.id(70), key: "2027-01-28", title: "Family signals",
                        when: "Thursday 28 January, 15:30–17:00",
                        status: "Scheduled")
                ],
                series: [
                    .init(
                        id: Self.id(70), title: "Family signals", pattern: "Last Thursday of the month, 15:30–17:00",
                        audience: "Family signals", location: "Room 4, District office", measures: nil, leaderNames: [:]
                    )
                ], trustPredictability: nil, form: nil, communities: [], problems: []),
            context: try Self.context(.leader, path: SiteURL.cohortMeetings(.value(Self.id(30))).relativeURL))
        assertSnapshot(of: Self.lines(page), as: .lines)
    }

    @Test("Stories: a leader's own stories and one shared with them")
    func stories() throws {
        let page = StoriesPage.view(
            .init(
                own: [.init(id: Self.id(60), opening: "A parent was not called back for a week", sharing: "Only you")],
                sharedWithMe: [(Self.id(61), "Sam O\u{2019}Brien", "The front office & the \"quiet\" families")],
                story: "", need: "", problems: []),
            context: try Self.context(.leader, path: SiteURL.stories.relativeURL))
        assertSnapshot(of: Self.lines(page), as: .lines)
    }

    @Test("Questions: an open vote on two drafts")
    func inquiry() throws {
        let page = InquiryPage.view(
            .init(
                communityID: Self.id(50), communityName: "Family signals", adopted: nil,
                questions: [
                    .init(
                        id: Self.id(80), text: "How might we call every family before the first day?",
                        author: "Ana Reyes",
                        bucket: "resources", votes: nil, mine: 2, notes: ["No interpreter on Mondays"]),
                    .init(
                        id: Self.id(81), text: "How might we hear from families who never come in?",
                        author: "Sam O\u{2019}Brien",
                        bucket: nil, votes: nil, mine: 0, notes: []),
                ], boardNotes: [("\(Self.id(90))", "No interpreter on Mondays", "resources")], chosenNotes: [],
                canRun: false, canVote: true, voteOpen: true, votesPerMember: 3, voters: 1, members: 5, draft: "",
                bucket: "", problems: [], notice: nil),
            context: try Self.context(.leader, path: SiteURL.communityInquiry(.value(Self.id(50))).relativeURL))
        assertSnapshot(of: Self.lines(page), as: .lines)
    }

    @Test("Board: a step of the board's history")
    func boardHistory() throws {
        let page = BoardHistoryPage.view(
            .init(
                communityID: Self.id(50), communityName: "Family signals",
                snapshots: [.init(label: "After the meeting of 28 January", sequence: 4, counts: [(.resources, 2)])],
                step: 2, steps: 4, summary: "Ana Reyes moved a note to Resources.", meetingLabel: nil,
                buckets: [(.resources, ["No interpreter on Mondays", "Calls go to voicemail"]), (.knowledge, [])]),
            context: try Self.context(
                .leader, path: SiteURL.communityBoardStep(.value(Self.id(50)), .history).relativeURL))
        assertSnapshot(of: Self.lines(page), as: .lines)
    }

    @Test("Notifications: what is new for a leader, one unread")
    func whatIsNew() throws {
        let page = WhatIsNewPage.view(
            .init(items: [
                .init(
                    text: "Sam O\u{2019}Brien shared a story with you",
                    link: SiteURL.story(.value(Self.id(61))).relativeURL, isNew: true,
                    when: "2 December"),
                .init(
                    text: "The vote closed", link: SiteURL.communityInquiry(.value(Self.id(50))).relativeURL,
                    isNew: false, when: "28 November"),
            ]),
            context: try Self.context(.leader, path: SiteURL.whatsNew.relativeURL, unread: 1))
        assertSnapshot(of: Self.lines(page), as: .lines)
    }

    @Test("Home: the network admin's districts")
    func districts() throws {
        let page = DistrictsPage.view(
            .init(rows: [.init(name: "Riverside Unified", slug: "riverside", schools: 14, people: 52, cohorts: 2)]),
            context: try Self.context(.networkAdmin, path: SiteURL.districts.relativeURL))
        assertSnapshot(of: Self.lines(page), as: .lines)
    }

    @Test("Practice: a leader's cycle with their commitment, insight and debrief, and what others shared")
    func cycle() throws {
        let own = CyclePage.CommitmentRow(
            id: Self.id(70), author: "Ana Reyes", isOwn: true, text: "Walk three classrooms with a student guide",
            prediction: "She will choose the library", links: ["Activity: Learning walk", "Traits: Identity"],
            status: .tried, triedOn: "Wed 18 Nov 2026", reason: "", shared: false)
        let page = CyclePage.view(
            .init(
                cycleID: Self.id(80), communityID: Self.id(50), communityName: "Family signals", number: 2,
                label: "Tue 10 Nov 2026 to Tue 8 Dec 2026", begun: true, ended: false, isMember: true, runs: false,
                groups: [["Ana Reyes", "Sam O\u{2019}Brien"], ["Kim Lee", "Jo Park"]], changes: [],
                own: .init(
                    commitment: own, insightID: Self.id(71),
                    insight: ("She chose **science**", "Greeting matters", .adopt, .peer),
                    partners: ["Sam O\u{2019}Brien"],
                    debriefHeldOn: "2026-11-19", debriefNotes: "We compared guides",
                    debriefMarkedBy: "Sam O\u{2019}Brien"),
                commitForm: .init(), links: .init(question: nil, resources: [], activities: [], traits: []),
                commitments: [
                    own,
                    .init(
                        id: Self.id(72), author: "Kim Lee", isOwn: false, text: "Call three families",
                        prediction: "Evenings",
                        links: [], status: .notTried, triedOn: nil, reason: "Testing week", shared: true),
                ],
                insights: [
                    .init(
                        id: Self.id(73), author: "Kim Lee", happenedHTML: "<p>Two picked up</p>",
                        learnedHTML: "<p>Ask before scheduling</p>", decision: .adapt, sharing: .community)
                ],
                counts: .init(members: 4, committed: 3, tried: 2, captured: 2, debriefed: 2, sharedInsights: 1),
                members: [], today: "2026-11-20", typed: [:], problems: [], notice: "Your insight is saved."),
            context: try Self.context(.leader, path: SiteURL.practiceCycle(.value(Self.id(80))).relativeURL))
        assertSnapshot(of: Self.lines(page), as: .lines)
    }

    @Test("Outcomes: a measure for two years, a group's change, a small base and a hidden cell with its reason")
    func outcomes() throws {
        let page = OutcomesPage.view(
            .init(
                choices: .init(
                    measures: ["ELA met standard"], subgroups: [.all, Subgroup("race: African American")],
                    years: [SchoolYear(startYear: 2024), SchoolYear(startYear: 2025)]),
                measure: "ELA met standard", subgroup: "race: African American", before: "2024-25", after: "2025-26",
                minimum: 10,
                groups: [
                    .init(
                        label: "Community schools", before: "31.0 % (27.1–35.2)", after: "37.2 % (33.0–41.6)",
                        testedBefore: "480", testedAfter: "470", change: "+6.2 (+0.2 to +12.1)", relative: "+20.0 %",
                        note: nil)
                ],
                schools: [
                    .init(
                        label: "Cypress Grove Elementary", before: "1.1 % (0.3–4.0)", after: "6.1 % (3.4–10.6)",
                        testedBefore: "180", testedAfter: "180", change: "+5.0 (+1.4 to +9.3)", relative: "+450.0 %",
                        note: "Small base: the relative change rests on few students"),
                    .init(
                        label: "Marina Heights Elementary", before: "", after: "", testedBefore: "", testedAfter: "",
                        change: "", relative: "", note: "Hidden: fewer than 10 students tested in a year"),
                ],
                didReading:
                    "Community schools gained 5.2 points more than the other schools (between +1.1 and +9.3 points, 95 % interval): a comparison, not proof of cause.",
                slopeChart: nil, changesChart: nil, onlyOwnSchool: false, isAdmin: true, notice: nil),
            context: try Self.context(.districtAdmin, path: SiteURL.outcomes.relativeURL))
        assertSnapshot(of: Self.lines(page), as: .lines)
    }

    @Test("Value: a report table's rows are written as Plot writes them, every cell escaped")
    func reportRows() {
        let rows = [
            ["<script>alert(1)</script>", "a & b", "\"quoted\" 'and' ok", "", "é\u{301}<"], ["only a heading"], [],
        ]
        func html(_ body: Node<HTML.TableContext>) -> String { HTML(.body(.table(.tbody(body)))).render() }
        let plot = html(
            .forEach(rows) { row in
                .tr(
                    .forEach(Array(row.enumerated())) { index, cell in
                        index == 0 ? .th(.attribute(named: "scope", value: "row"), .text(cell)) : .td(.text(cell))
                    })
            })
        #expect(html(.raw(ReportPage.rows(rows))) == plot)
        #expect(!ReportPage.rows(rows).contains("<script>") && ReportPage.rows(rows).contains("&lt;script&gt;"))
    }

    @Test("Value: a community's end-of-year report assembled from a fixed model, with a story still hoped for")
    func yearReport() throws {
        let draft = ValueStoryDraft(
            title: "Greeting at the door", startCycle: 0,
            steps: [
                StoryStep(
                    kind: .immediate, text: "A colleague's learning walk.",
                    evidence: [Evidence(kind: .meeting, reference: "s/2026-09-08")]),
                StoryStep(kind: .applied, text: "I will greet every newcomer family <myself>.", hopedFor: true),
            ])
        let facts = ReportFacts(
            title: "Family signals: the year's report", year: "Principals 2026–27", isCohort: false,
            communities: [
                .init(
                    name: "Family signals", question: "How might we call every family before the first day?",
                    buckets: [("Resources", 3), ("Knowledge", 1)], vote: [("How might we call every family?", 9)],
                    cycles: [
                        CycleFacts(
                            number: 0, label: "Cycle 1: Tue 8 Sep 2026 to Tue 13 Oct 2026", members: 4, attended: 4,
                            expected: 4, committed: 4, tried: 3, captured: 3, debriefed: 4)
                    ],
                    stages: [
                        StageEntry(
                            term: "Autumn 2026", day: CalendarDay("2026-10-20")!, stage: .coalescing,
                            why: "They adopted a question.")
                    ])
            ],
            trust: [.init(round: "October check-in", group: "Family signals", n: 4, facets: nil)],
            series: [.init(name: "Monthly meeting", held: 3, asScheduled: 3, attended: 11, expected: 12)],
            resources: [.init(title: "Asset-based outreach", community: "Family signals", finished: 3)],
            activities: [
                .init(
                    title: "Learning walk", community: "Family signals", traits: ["Identity"], adopted: true,
                    decisions: [.adopt: 2])
            ],
            stories: [
                StoryText(
                    title: draft.title, author: "Ana Reyes", community: "Family signals", draft: draft,
                    evidence: ["meeting:s/2026-09-08": "Meeting of Tue 8 Sep 2026"])
            ],
            outcomes: nil)
        let page = ReportPage.view(
            .init(
                report: YearReport.assemble(facts), stories: facts.stories, stageCharts: [],
                back: ("/communities/x/value", "What the year was worth"),
                tablesURL: "/communities/x/report/tables.zip",
                storiesURL: "/communities/x/report/stories.md", generated: "Sun 6 Dec 2026"),
            context: try Self.context(.facilitator, path: SiteURL.communityReport(.value(Self.id(50))).relativeURL))
        assertSnapshot(of: Self.lines(page), as: .lines)
    }
}
