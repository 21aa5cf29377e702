import Vapor

func routes(_ app: Application) throws {
    HealthController.register(on: app)
    app.get(SiteURL.stylesheet.pathComponents, use: Stylesheet.serve)
    app.get(SiteURL.api(.openAPI).pathComponents, use: OpenAPIDocument.serve)
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

    let api = app.grouped(APITokenGuard())
    APIController.register(on: api)
    TrustAPIController.register(on: api)
}
