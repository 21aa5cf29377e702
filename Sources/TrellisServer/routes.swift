import Vapor

func routes(_ app: Application) throws {
    HealthController.register(on: app)
    StaticAsset.register(on: app)
    AccountController.registerPublic(on: app)

    let pages = app.grouped(SignedInPageGuard())
    AccountController.register(on: pages)
    HomeController.register(on: pages)
    SchoolController.register(on: pages)
    PeopleController.register(on: pages)
    CohortController.register(on: pages)
    RosterImportController.register(on: pages)
    TrustController.register(on: pages)
    IntakeController.register(on: pages)
    FormationController.register(on: pages)
    CommunityController.register(on: pages)
    RhythmController.register(on: pages)
    CalendarController.register(on: app, pages: pages)
    StoryController.register(on: pages)
    InquiryController.register(on: pages)
    BoardController.register(on: pages)

    let api = app.grouped(APITokenGuard())
    APIController.register(on: api)
    TrustAPIController.register(on: api)
    FormationAPIController.register(on: api)
    RhythmAPIController.register(on: api)
    StoryAPIController.register(on: api)
    InquiryAPIController.register(on: api)
}
