import Foundation
import Vapor

/// A file the browser saves rather than shows: its type (UTF-8 text) and the name it is saved under.
enum Download {
    static func response(_ text: String, subType: String, filename: String) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: subType, parameters: ["charset": "utf-8"])
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(filename)\"")
        return Response(status: .ok, headers: headers, body: .init(string: text))
    }

    /// An uploaded file, saved under its own name (an ASCII fallback beside the UTF-8 name) and never
    /// shown inline: its real type, `attachment`, and `nosniff` (set on every response) keep a browser from
    /// reading it as a page.
    static func file(_ bytes: [UInt8], contentType: String, filename: String) -> Response {
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: contentType)
        let ascii = String(
            filename.unicodeScalars.map {
                $0.isASCII && $0.value >= 32 && $0 != "\"" && $0 != "\\" ? Character($0) : "_"
            })
        let encoded = filename.addingPercentEncoding(withAllowedCharacters: Self.attributeCharacters) ?? ascii
        headers.replaceOrAdd(
            name: .contentDisposition, value: "attachment; filename=\"\(ascii)\"; filename*=UTF-8''\(encoded)")
        return Response(status: .ok, headers: headers, body: .init(data: Data(bytes)))
    }

    /// RFC 8187's attr-char: what a `filename*` value may hold unescaped (ASCII only).
    static let attributeCharacters = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$&+-.^_`|~")

    /// A name in plain ASCII letters, digits and dashes, so every browser keeps it.
    static func slug(_ name: String, fallback: String) -> String {
        let slug = name.lowercased().unicodeScalars
            .map { $0.isASCII && CharacterSet.alphanumerics.contains($0) ? String($0) : "-" }
            .joined().split(separator: "-").joined(separator: "-")
        return slug.isEmpty ? fallback : slug
    }

    /// A download named after the community, in plain ASCII so every browser keeps the name.
    static func export(_ text: String, format: ExportFormat, name: String) -> Response {
        let filename = "\(slug(name, fallback: "inquiry")).\(format == .csv ? "csv" : "md")"
        // A byte-order mark tells Excel the file is UTF-8, so accents and curly quotes survive a double-click.
        return format == .csv
            ? Download.response("\u{FEFF}" + text, subType: "csv", filename: filename)
            : Download.response(text, subType: "markdown", filename: filename)
    }
}

/// What an export is written as: `?format=csv` (the default) or `?format=markdown`.
enum ExportFormat: String {
    case csv, markdown

    init(_ request: Request) throws {
        let asked = request.query[String.self, at: "format"] ?? "csv"
        guard let format = ExportFormat(rawValue: asked) else {
            throw Abort(.badRequest, reason: "format: csv or markdown, not \(asked).")
        }
        self = format
    }
}
