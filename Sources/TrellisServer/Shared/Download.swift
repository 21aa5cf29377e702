import Vapor

/// A file the browser saves rather than shows: its type (UTF-8 text) and the name it is saved under.
enum Download {
    static func response(_ text: String, subType: String, filename: String) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: subType, parameters: ["charset": "utf-8"])
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(filename)\"")
        return Response(status: .ok, headers: headers, body: .init(string: text))
    }
}
