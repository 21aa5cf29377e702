import Vapor

/// Every feature registers its pages and API the same way; see `RouteGroups` for the three doors.
func routes(_ app: Application) throws {
    let routes = RouteGroups(app)
    let features: [(RouteGroups) -> Void] = [
        HealthController.register, MetricsController.register, StaticAsset.register,
        AccountController.register, AccountAPIController.register, DistrictSignInController.register,
        MailController.register,
        HomeController.register, NotificationController.register,
        SchoolController.register, SchoolAPIController.register,
        PeopleController.register, PeopleAPIController.register,
        CohortController.register, CohortAPIController.register, RosterController.register,
        TrustController.register, TrustAPIController.register,
        IntakeController.register, FormationController.register, FormationAPIController.register,
        CommunityController.register,
        RhythmController.register, RhythmAPIController.register, CalendarController.register,
        StoryController.register, StoryAPIController.register,
        QuestionController.register, QuestionAPIController.register, QuestionExportController.register,
        BoardController.register, BoardHistoryController.register, BoardAPIController.register,
        BoardExportController.register,
        LibraryController.register, LibraryAPIController.register, TraitController.register,
        PlaylistController.register, PlaylistAPIController.register,
        PracticeController.register, PracticeAPIController.register,
        OutcomeController.register, OutcomeAPIController.register,
        ValueController.register,
    ]
    for register in features { register(routes) }
}
