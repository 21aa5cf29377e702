import Foundation
import NIOHTTP1
import Vapor

/// One thing wrong with a submitted field, said so a person can fix it.
struct FieldProblem: Content, Equatable {
    let field: String
    let message: String
}

/// Bad input: 422 with every field's problem, as problem JSON for the API and beside the fields on a page.
struct ValidationProblem: AbortError {
    let problems: [FieldProblem]

    init(_ problems: [FieldProblem]) {
        self.problems = problems
    }

    init(field: String, _ message: String) {
        self.problems = [FieldProblem(field: field, message: message)]
    }

    var status: HTTPResponseStatus { .unprocessableEntity }
    var reason: String { problems.map { "\($0.field): \($0.message)" }.joined(separator: "; ") }

    func message(for field: String) -> String? {
        problems.first { $0.field == field }?.message
    }
}

/// RFC 9457 problem details.
struct ProblemDetails: Content {
    var type: String = "about:blank"
    var title: String
    var status: Int
    var detail: String
    var instance: String?
    var errors: [FieldProblem]?

    static let contentType = HTTPMediaType(
        type: "application", subType: "problem+json", parameters: ["charset": "utf-8"])
}

/// Turns every error into a readable page for browsers or problem JSON for the API. Unexpected errors are
/// logged with the request id and shown without internals.
struct ProblemMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch let notFound as RouteNotFound {
            guard let allowed = request.application.routeMethods?.allowed(for: request.url.path), !allowed.isEmpty
            else { return response(for: notFound, request: request) }
            let names = allowed.map(\.rawValue).joined(separator: ", ")
            return response(
                for: Abort(
                    .methodNotAllowed, headers: ["Allow": names],
                    reason: "This address does not take \(request.method.rawValue); it answers \(names)."),
                request: request)
        } catch {
            return response(for: error, request: request)
        }
    }

    func response(for error: any Error, request: Request) -> Response {
        let status: HTTPResponseStatus
        let detail: String
        var headers = HTTPHeaders()
        var fieldProblems: [FieldProblem]?
        switch error {
        case let validation as ValidationProblem:
            status = validation.status
            detail = "Some fields need attention."
            fieldProblems = validation.problems
        case let abort as any AbortError:
            status = abort.status
            headers = abort.headers
            detail = abort.reason == status.reasonPhrase ? Self.defaultDetail(status) : abort.reason
        case is HTTPParserError:
            // Most often the client stopped sending before its body was complete: its fault, not ours,
            // and nobody is left to read the answer.
            status = .badRequest
            detail = "The request was not complete HTTP: it ended before its body did, or could not be read."
        case let decoding as DecodingError:
            status = .badRequest
            detail = Self.describe(decoding)
        case _ where String(reflecting: type(of: error)).hasPrefix("MultipartKit.MultipartParser"):
            // MultipartKit's parser error is private: known by its module and type name only. A body that
            // says multipart/form-data but is not is the sender's mistake.
            status = .badRequest
            detail =
                "The body is not readable multipart/form-data: each part needs its boundary line, headers and content."
        default:
            status = .internalServerError
            detail = Self.defaultDetail(status)
        }
        if status.code >= 500 {
            request.logger.error(
                "request failed",
                metadata: [
                    "error": "\(String(reflecting: type(of: error)))",
                    "route": "\(request.route?.description ?? "none")",
                ])
        }
        let response: Response
        if request.url.path.hasPrefix("/api/") {
            let problem = ProblemDetails(
                title: status.reasonPhrase, status: Int(status.code), detail: detail, instance: request.url.path,
                errors: fieldProblems)
            response = Response(status: status, headers: headers)
            try? response.content.encode(problem, using: JSONEncoder())
            response.headers.contentType = ProblemDetails.contentType
        } else {
            let page = ErrorPage.View(model: .init(status: status, detail: detail), context: PageContext(request))
            response = page.response(status: status)
            for (name, value) in headers where ["www-authenticate", "allow"].contains(name.lowercased()) {
                response.headers.replaceOrAdd(name: name, value: value)
            }
        }
        return response
    }

    static func defaultDetail(_ status: HTTPResponseStatus) -> String {
        switch status.code {
        case 401: "Sign in to continue."
        case 403: "Your role does not give access to this."
        case 404: "There is nothing here, or it is not visible to you."
        case 413:
            "The request is larger than this address accepts (forms up to \(BodyLimit.form / 1024) KB, API bodies up to \(BodyLimit.api / 1024) KB, roster uploads and library files up to \(BodyLimit.upload / 1024 / 1024) MB). Nothing was saved."
        case 429: "Too many requests. Wait a moment and try again."
        case 500...:
            "Something went wrong on our side. Nothing you did caused it; please try again. If it keeps happening, tell your district admin the time it happened."
        default: status.reasonPhrase
        }
    }

    /// Names the field a JSON body got wrong without echoing its value.
    static func describe(_ error: DecodingError) -> String {
        func path(_ codingPath: [any CodingKey]) -> String {
            codingPath.isEmpty ? "body" : codingPath.map(\.stringValue).joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "\(path(context.codingPath + [key])): is required"
        case .typeMismatch(let type, let context):
            return "\(path(context.codingPath)): expected \(Self.typeName(type))"
        case .valueNotFound(let type, let context):
            return "\(path(context.codingPath)): expected \(Self.typeName(type)), found null"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty
                ? "The body is not valid JSON."
                : "\(path(context.codingPath)): is not a valid value"
        @unknown default:
            return "The request body could not be read."
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type: "a whole number"
        case is Bool.Type: "true or false"
        case is UUID.Type: "an id"
        default: "a value of another type"
        }
    }
}
