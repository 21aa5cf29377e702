import Fluent
import Foundation
import TrellisCore
import Vapor

/// The district's people. Admins and facilitators see the directory; only district admins change it.
enum PeopleController {
    static func register(_ routes: RouteGroups) {
        let pages = routes.pages
        let readers = pages.grouped(RoleGuard(.networkAdmin, .districtAdmin, .facilitator))
        readers.get(SiteURL.people.pathComponents, use: list)
        readers.get(SiteURL.person(.key).pathComponents, use: show)
        let editors = pages.grouped(RoleGuard(.districtAdmin))
        editors.get(SiteURL.newPerson.pathComponents, use: newPerson)
        editors.post(SiteURL.people.pathComponents, use: create)
        editors.post(SiteURL.person(.key).pathComponents, use: update)
        editors.post(SiteURL.personArchiving(.key).pathComponents, use: archive)
    }

    @Sendable static func list(_ request: Request) async throws -> Response {
        let scope = try request.scope
        let roleFilter = request.query[String.self, at: "role"].flatMap(Role.init(rawValue:))
        let people = try await PeopleService.list(role: roleFilter, scope: scope)
        let model = PeoplePage.Model(
            roleFilter: roleFilter, canAdd: try request.viewer.role == .districtAdmin,
            rows: people.map {
                .init(
                    id: $0.id, name: $0.sortName, email: $0.email, role: $0.role.label, school: $0.schoolName,
                    position: $0.position?.label, yearsInRole: $0.yearsInRole,
                    status: signInStatus(archived: $0.archived, hasPassword: $0.hasPassword))
            })
        return PeoplePage.view(model, context: PageContext(request)).response()
    }

    static func signInStatus(of user: User) -> String {
        signInStatus(archived: user.archived, hasPassword: user.passwordHash != nil)
    }

    static func signInStatus(archived: Bool, hasPassword: Bool) -> String {
        if archived { return "Archived" }
        return hasPassword ? "Can sign in" : "Not invited yet"
    }

    @Sendable static func show(_ request: Request) async throws -> Response {
        let scope = try request.scope
        let person = try await scope.find(User.self, try request.idParameter())
        try await PeopleService.loadSchool(of: person, on: request.db)
        let form = PersonForm(person)
        return try await renderPerson(
            person, form: form, problems: [], notice: noticeText(request), request: request, status: .ok)
    }

    private static func noticeText(_ request: Request) -> String? {
        switch request.query[String.self, at: "done"] {
        case "saved": "Saved."
        case "created": "Added. Make them a password-reset link so they can sign in."
        case "archived": "Archived. Their sessions and API tokens ended at once."
        case "restored": "Restored. Make them a password-reset link so they can sign in again."
        default: nil
        }
    }

    private static func renderPerson(
        _ person: User, form: PersonForm, problems: [FieldProblem], notice: String?, request: Request,
        status: HTTPResponseStatus
    ) async throws -> Response {
        let viewer = try request.viewer
        let cohorts = try await PeopleService.memberships(of: person.requireID(), on: request.db)
            .map { "\($0.cohort.name) (\($0.cohort.schoolYear)) — \($0.role.label.lowercased())" }
        let model = PersonPage.Model(
            id: try person.requireID(), name: person.fullName, email: person.email, role: person.role.label,
            school: person.school?.name, position: person.position?.label, yearsInRole: person.yearsInRole,
            status: signInStatus(of: person), sourcedID: person.sourcedID, cohorts: cohorts,
            canEdit: viewer.role == .districtAdmin, canMakeResetLink: viewer.role.isAdmin && !person.archived,
            archiving: viewer.role == .districtAdmin && person.id != viewer.userID
                ? (person.archived ? .canRestore : .canArchive) : nil,
            form: form, schools: try await schoolOptions(request), problems: problems, notice: notice)
        return PersonPage.view(model, context: PageContext(request)).response(status: status)
    }

    static func schoolOptions(_ request: Request) async throws -> [(value: String, label: String)] {
        let schools = try await PeopleService.activeSchools(scope: request.scope)
        return [("", "No school")] + (try schools.map { (try $0.requireID().uuidString.lowercased(), $0.name) })
    }

    @Sendable static func newPerson(_ request: Request) async throws -> Response {
        let model = NewPersonPage.Model(form: PersonForm(), schools: try await schoolOptions(request), problems: [])
        return NewPersonPage.view(model, context: PageContext(request)).response()
    }

    @Sendable static func create(_ request: Request) async throws -> Response {
        let form = try request.content.decode(PersonForm.self)
        let scope = try request.scope
        let valid = try await form.validate(scope: scope, excluding: nil)
        guard case .success(let values) = valid else {
            guard case .failure(let problem) = valid else { throw Abort(.internalServerError) }
            let model = NewPersonPage.Model(
                form: form, schools: try await schoolOptions(request), problems: problem.problems)
            return NewPersonPage.view(model, context: PageContext(request)).response(status: .unprocessableEntity)
        }
        let person = try await PeopleService.create(values, scope: scope)
        return request.redirect(to: SiteURL.person(.value(try person.requireID())).relativeURL(.done(.created)))
    }

    @Sendable static func update(_ request: Request) async throws -> Response {
        let scope = try request.scope
        let person = try await scope.find(User.self, try request.idParameter())
        let form = try request.content.decode(PersonForm.self)
        let valid = try await form.validate(scope: scope, excluding: try person.requireID())
        guard case .success(let values) = valid else {
            guard case .failure(let problem) = valid else { throw Abort(.internalServerError) }
            try await PeopleService.loadSchool(of: person, on: request.db)
            return try await renderPerson(
                person, form: form, problems: problem.problems, notice: nil, request: request,
                status: .unprocessableEntity)
        }
        try await PeopleService.update(person, with: values, on: request.db)
        return request.redirect(to: SiteURL.person(.value(try person.requireID())).relativeURL(.done(.saved)))
    }

    struct ArchivingForm: Content {
        var archived: String?
    }

    @Sendable static func archive(_ request: Request) async throws -> Response {
        let person = try await request.scope.find(User.self, try request.idParameter())
        let personID = try person.requireID()
        guard personID != (try request.viewer.userID) else {
            throw Abort(
                .unprocessableEntity, reason: "You cannot archive your own account; ask another district admin.")
        }
        let form = try request.content.decode(ArchivingForm.self)
        guard let archived = form.archived.flatMap(Bool.init) else {
            throw Abort(.unprocessableEntity, reason: "archived: send true to archive or false to restore.")
        }
        try await AccountService.setArchived(archived, person: person, on: request.db)
        return request.redirect(
            to: SiteURL.person(.value(personID)).relativeURL(.done(archived ? .archived : .restored)))
    }
}

/// The person form as typed, so a form with a problem comes back with everything the admin entered.
struct PersonForm: Content, Sendable {
    var givenName: String?
    var familyName: String?
    var email: String?
    var role: String?
    var school: String?
    var position: String?
    var yearsInRole: String?

    init() {
        role = Role.leader.rawValue
    }

    init(_ user: User) {
        givenName = user.givenName
        familyName = user.familyName
        email = user.email
        role = user.role.rawValue
        school = user.$school.id?.uuidString.lowercased() ?? ""
        position = user.position?.rawValue ?? ""
        yearsInRole = user.yearsInRole.map(String.init) ?? ""
    }

    struct Values: Sendable {
        var givenName: String
        var familyName: String
        var email: String
        var role: Role
        var schoolID: UUID?
        var position: LeaderPosition?
        var yearsInRole: Int?
    }

    static let editableRoles: [Role] = [.leader, .facilitator, .districtAdmin]

    func validate(scope: DistrictScope, excluding personID: UUID?) async throws -> Result<Values, ValidationProblem> {
        var problems: [FieldProblem] = []
        let given = (givenName ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let family = (familyName ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let email = EmailAddress.normalized(self.email ?? "")
        if given.isEmpty {
            problems.append(.init(field: "givenName", message: "Given name: enter the person's given name."))
        }
        if family.isEmpty {
            problems.append(.init(field: "familyName", message: "Family name: enter the person's family name."))
        }
        if !EmailAddress.isPlausible(email) {
            problems.append(.init(field: "email", message: "Email: enter an address like name@district.org."))
        } else {
            if try await PeopleService.isEmailTaken(email, excluding: personID, on: scope.database) {
                problems.append(.init(field: "email", message: "Email: another account already uses \(email)."))
            }
        }
        let role = Role(rawValue: self.role ?? "").flatMap { Self.editableRoles.contains($0) ? $0 : nil }
        if role == nil {
            problems.append(.init(field: "role", message: "Role: choose leader, facilitator or district admin."))
        }
        var schoolID: UUID?
        if let text = school, !text.isEmpty {
            if let id = UUID(uuidString: text), try await PeopleService.isDistrictSchool(id, scope: scope) {
                schoolID = id
            } else {
                problems.append(.init(field: "school", message: "School: choose one of the district's schools."))
            }
        }
        var position: LeaderPosition?
        if let text = self.position, !text.isEmpty {
            position = LeaderPosition(rawValue: text)
            if position == nil {
                problems.append(.init(field: "position", message: "Position: choose principal or assistant principal."))
            }
        }
        var years: Int?
        if let text = yearsInRole?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            if let value = YearsInRole.read(text) {
                years = value
            } else {
                problems.append(
                    .init(
                        field: "yearsInRole",
                        message: "Years in the role: enter a whole number from 0 to \(YearsInRole.most)."))
            }
        }
        if role == .leader, schoolID == nil, problems.isEmpty {
            problems.append(.init(field: "school", message: "School: a leader needs a school."))
        }
        guard problems.isEmpty, let role else { return .failure(ValidationProblem(problems)) }
        return .success(
            Values(
                givenName: given, familyName: family, email: email, role: role, schoolID: schoolID,
                position: role == .leader ? position : nil, yearsInRole: role == .leader ? years : nil))
    }
}
