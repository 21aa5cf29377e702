import Foundation

/// The files a library accepts. The name's extension and the first bytes must agree, so a file
/// is served with the type it really has and a renamed program is refused.
public enum UploadKind: String, CaseIterable, Sendable {
    case pdf, docx, pptx, xlsx, png, jpeg

    public static let maxBytes = 20 * 1024 * 1024

    public var contentType: String {
        switch self {
        case .pdf: "application/pdf"
        case .docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case .pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation"
        case .xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        case .png: "image/png"
        case .jpeg: "image/jpeg"
        }
    }

    public var fileExtensions: [String] {
        switch self {
        case .jpeg: ["jpg", "jpeg"]
        default: [rawValue]
        }
    }

    /// How a person would name what the file should be, after "not".
    var described: String {
        switch self {
        case .pdf: "a PDF"
        case .docx: "a Word document (DOCX)"
        case .pptx: "a PowerPoint presentation (PPTX)"
        case .xlsx: "an Excel workbook (XLSX)"
        case .png: "a PNG image"
        case .jpeg: "a JPEG image"
        }
    }

    /// The kind of an uploaded file, checked by its extension and by its contents.
    public static func identify(fileName: String, bytes: [UInt8]) throws(UploadProblem) -> UploadKind {
        let name = safeFileName(fileName)
        guard bytes.count <= maxBytes else {
            let megabytes = String(format: "%.1f", Double(bytes.count) / 1_048_576)
            throw UploadProblem(
                message: "\(name): the file is \(megabytes) MB; at most \(maxBytes / 1_048_576) MB can be uploaded")
        }
        guard !bytes.isEmpty else { throw UploadProblem(message: "\(name): the file is empty") }
        let fileExtension = (name as NSString).pathExtension.lowercased()
        guard let kind = allCases.first(where: { $0.fileExtensions.contains(fileExtension) }) else {
            throw UploadProblem(message: "\(name): only PDF, DOCX, PPTX, XLSX, PNG and JPEG files can be uploaded")
        }
        guard kind.matches(bytes) else {
            throw UploadProblem(message: "\(name): the file's contents are not \(kind.described)")
        }
        return kind
    }

    private func matches(_ bytes: [UInt8]) -> Bool {
        switch self {
        case .pdf: bytes.starts(with: Array("%PDF-".utf8))
        case .png: bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        case .jpeg: bytes.starts(with: [0xFF, 0xD8, 0xFF])
        case .docx: Self.isOfficeFile(bytes, folder: "word/")
        case .pptx: Self.isOfficeFile(bytes, folder: "ppt/")
        case .xlsx: Self.isOfficeFile(bytes, folder: "xl/")
        }
    }

    /// An Office Open XML file is a ZIP holding `[Content_Types].xml` and a folder named for the
    /// application.
    private static func isOfficeFile(_ bytes: [UInt8], folder: String) -> Bool {
        let names = zipEntryNames(bytes)
        return names.contains("[Content_Types].xml") && names.contains(where: { $0.hasPrefix(folder) })
    }

    private static let localHeader: [UInt8] = [0x50, 0x4B, 0x03, 0x04]

    /// The names in a ZIP's local file headers, read front to back. An entry's size is not always
    /// in its header (a streamed entry writes it after the data), so when the next header is not
    /// where the size says, the search goes on byte by byte.
    static func zipEntryNames(_ bytes: [UInt8]) -> [String] {
        guard bytes.starts(with: localHeader) else { return [] }
        var names: [String] = []
        var position = 0
        while position + 30 <= bytes.count {
            func number(_ offset: Int, _ size: Int) -> Int {
                (0..<size).reduce(0) { $0 | Int(bytes[position + offset + $1]) << (8 * $1) }
            }
            let nameStart = position + 30
            let nameEnd = nameStart + number(26, 2)
            guard nameEnd <= bytes.count else { break }
            names.append(String(decoding: bytes[nameStart..<nameEnd], as: UTF8.self))
            let dataStart = nameEnd + number(28, 2)
            let next = dataStart + number(18, 4)
            if next + 4 <= bytes.count, bytes[next..<next + 4].elementsEqual(localHeader) {
                position = next
            } else if let found = find(localHeader, in: bytes, from: nameEnd) {
                position = found
            } else {
                break
            }
        }
        return names
    }

    private static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        var index = start
        while index + needle.count <= bytes.count {
            if bytes[index] == needle[0], bytes[index..<index + needle.count].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }

    /// A name safe to store and to send back in a `Content-Disposition` header: the last part of
    /// the path the browser sent, without control characters, quotes or slashes, and short. The
    /// invisible direction marks go too, as they can make "fdp.exe" read as "exe.pdf".
    public static func safeFileName(_ name: String) -> String {
        let lastPart = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let bidiControls: ClosedRange<UInt32> = 0x202A...0x202E
        let isolates: ClosedRange<UInt32> = 0x2066...0x2069
        var scalars = String.UnicodeScalarView()
        for scalar in lastPart.unicodeScalars {
            let removed =
                scalar.properties.generalCategory == .control || scalar == "\"" || bidiControls.contains(scalar.value)
                || isolates.contains(scalar.value) || scalar.value == 0x200E || scalar.value == 0x200F
            if !removed { scalars.append(scalar) }
        }
        var cleaned = String(scalars).trimmingCharacters(in: .whitespacesAndNewlines)
        if cleaned.count > nameLimit {
            let fileExtension = (cleaned as NSString).pathExtension
            let kept = fileExtension.isEmpty || fileExtension.count > 10 ? "" : "." + fileExtension
            cleaned = String(cleaned.prefix(nameLimit - kept.count)).trimmingCharacters(in: .whitespaces) + kept
        }
        return cleaned.isEmpty || cleaned == "." || cleaned == ".." ? "file" : cleaned
    }

    static let nameLimit = 120
}

/// Why an upload was refused, naming the file so the person knows which one to fix.
public struct UploadProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String

    public init(message: String) {
        self.message = message
    }

    public var description: String { message }
}
