/// The words of a PDF, good enough to search a library by: the strings its pages show, in the
/// order the content streams show them. Layout, fonts with custom encodings and encrypted files
/// are out of reach; a file that yields nothing gives "".
public enum PDFText {
    /// At most this many bytes come out of one stream, so a small hostile stream cannot fill memory.
    static let streamLimit = 16 * 1024 * 1024
    /// At most this many bytes are inflated in all, so a file of many such streams cannot run for long.
    static let inflateBudget = 64 * 1024 * 1024
    /// At most this many UTF-8 bytes of text are returned.
    static let textLimit = 1024 * 1024

    public static func extract(_ bytes: [UInt8]) -> String {
        var text = TextCollector()
        var budget = inflateBudget
        var position = 0
        while text.hasRoom, let stream = nextStream(in: bytes, from: position) {
            position = stream.end
            guard let content = content(of: stream, in: bytes, budget: &budget) else { continue }
            var reader = ContentReader(bytes: content)
            reader.read(into: &text)
        }
        return text.result()
    }

    struct Stream {
        let dictionary: [String]
        let data: Range<Int>
        /// Where to look for the next stream.
        let end: Int
    }

    /// The next `stream` … `endstream` from `start`, with the names in its dictionary.
    static func nextStream(in bytes: [UInt8], from start: Int) -> Stream? {
        var search = start
        while let keyword = find(Array("stream".utf8), in: bytes, from: search) {
            // A dictionary cannot hold the keyword, so no walk back goes past the previous one.
            let floor = search
            let after = keyword + 6
            search = after
            guard keyword > 0, !isRegular(bytes[keyword - 1]), after == bytes.count || !isRegular(bytes[after]) else {
                continue
            }
            guard let dictionary = dictionaryText(before: keyword, floor: floor, in: bytes) else { continue }
            var dataStart = after
            if dataStart < bytes.count, bytes[dataStart] == UInt8(ascii: "\r") { dataStart += 1 }
            if dataStart < bytes.count, bytes[dataStart] == UInt8(ascii: "\n") { dataStart += 1 }
            let data = dataRange(from: dataStart, length: directLength(in: dictionary), in: bytes)
            return Stream(dictionary: names(in: dictionary), data: data.range, end: data.end)
        }
        return nil
    }

    /// The stream's bytes, inflated when needed; nil for images, fonts, other filters and streams
    /// that are not page content.
    static func content(of stream: Stream, in bytes: [UInt8], budget: inout Int) -> [UInt8]? {
        let names = stream.dictionary
        func value(of key: String) -> String? {
            names.firstIndex(of: key).flatMap { $0 + 1 < names.count ? names[$0 + 1] : nil }
        }
        let skippedTypes: Set = ["XRef", "ObjStm", "Metadata", "EmbeddedFile", "XObject"]
        let skippedSubtypes: Set = ["Image", "Type1C", "CIDFontType0C", "OpenType", "XML"]
        if let type = value(of: "Type"), skippedTypes.contains(type), value(of: "Subtype") != "Form" { return nil }
        if let subtype = value(of: "Subtype"), skippedSubtypes.contains(subtype) { return nil }
        if names.contains(where: { ["Length1", "Length2", "Length3"].contains($0) }) { return nil }

        let filters = names.filter { filterNames.contains($0) }
        let data = Array(bytes[stream.data])
        if filters.isEmpty { return looksLikeText(data) ? data : nil }
        guard filters == ["FlateDecode"] || filters == ["Fl"], budget > 0 else { return nil }
        let inflated = Inflate.zlibPrefix(data, limit: min(streamLimit, budget))
        budget -= max(inflated.count, 1)
        return looksLikeText(inflated) ? inflated : nil
    }

    /// Content streams are operators in ASCII; a stream whose start is mostly control bytes is a
    /// colour profile or other binary data whose stray parentheses would come out as text.
    private static func looksLikeText(_ bytes: [UInt8]) -> Bool {
        let start = bytes.prefix(1024)
        let controls = start.count { $0 < 0x20 && !isWhitespace($0) || $0 == 0 }
        return controls * 20 <= start.count
    }

    static let filterNames: Set = [
        "ASCIIHexDecode", "ASCII85Decode", "LZWDecode", "FlateDecode", "RunLengthDecode", "CCITTFaxDecode",
        "JBIG2Decode", "DCTDecode", "JPXDecode", "Crypt", "AHx", "A85", "LZW", "Fl", "RL", "CCF", "DCT",
    ]

    /// The text of the `<< … >>` that ends just before `keyword`, or nil when there is none.
    private static func dictionaryText(before keyword: Int, floor: Int, in bytes: [UInt8]) -> String? {
        var end = keyword
        while end > 0, isWhitespace(bytes[end - 1]) { end -= 1 }
        guard end >= 2, bytes[end - 1] == UInt8(ascii: ">"), bytes[end - 2] == UInt8(ascii: ">") else { return nil }
        var depth = 0
        var index = end - 2
        let floor = max(floor, end - 65_536)
        while index >= floor {
            if index + 1 < end, bytes[index] == UInt8(ascii: ">"), bytes[index + 1] == UInt8(ascii: ">") {
                depth += 1
                index -= 2
            } else if index + 1 < end, bytes[index] == UInt8(ascii: "<"), bytes[index + 1] == UInt8(ascii: "<") {
                depth -= 1
                if depth == 0 { return latin1(bytes[index..<end]) }
                index -= 2
            } else {
                index -= 1
            }
        }
        return nil
    }

    /// `/Length n` when n is written in the dictionary itself, not as a reference `n 0 R`.
    private static func directLength(in dictionary: String) -> Int? {
        let tokens = dictionary.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" })
            .flatMap { $0.split(separator: "/", omittingEmptySubsequences: true).map { String($0) } }
        guard let key = tokens.firstIndex(of: "Length"), key + 1 < tokens.count,
            let length = Int(tokens[key + 1].prefix(while: \.isNumber)), length >= 0
        else { return nil }
        let isReference = key + 3 < tokens.count && tokens[key + 3].hasPrefix("R") && Int(tokens[key + 2]) != nil
        return isReference ? nil : length
    }

    /// The data and where scanning goes on: `length` bytes when `endstream` follows them, else up
    /// to the next `endstream`, else to the end of the file (a truncated stream).
    private static func dataRange(from start: Int, length: Int?, in bytes: [UInt8]) -> (range: Range<Int>, end: Int) {
        let endKeyword = Array("endstream".utf8)
        let start = min(start, bytes.count)
        if let length, length <= bytes.count - start {
            var after = start + length
            while after < bytes.count, isWhitespace(bytes[after]) { after += 1 }
            if bytes[after...].starts(with: endKeyword) {
                return (start..<start + length, after + endKeyword.count)
            }
        }
        guard let found = find(endKeyword, in: bytes, from: start) else { return (start..<bytes.count, bytes.count) }
        var end = found
        if end > start, bytes[end - 1] == UInt8(ascii: "\n") { end -= 1 }
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return (start..<end, found + endKeyword.count)
    }

    /// The names (`/Type`, `/FlateDecode`, …) of a dictionary in order, without their slashes.
    private static func names(in dictionary: String) -> [String] {
        var names: [String] = []
        var current: String?
        for character in dictionary {
            if character == "/" {
                if let name = current, !name.isEmpty { names.append(name) }
                current = ""
            } else if let name = current {
                if let ascii = character.asciiValue, isRegular(ascii) {
                    current = name + String(character)
                } else {
                    if !name.isEmpty { names.append(name) }
                    current = nil
                }
            }
        }
        if let name = current, !name.isEmpty { names.append(name) }
        return names
    }

    static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard let first = needle.first, start >= 0 else { return nil }
        var index = start
        while index + needle.count <= bytes.count {
            if bytes[index] == first, bytes[index..<index + needle.count].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }

    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 || byte == 0x0C || byte == 0x00
    }

    static func isDelimiter(_ byte: UInt8) -> Bool {
        "()<>[]{}/%".utf8.contains(byte)
    }

    /// Neither whitespace nor a delimiter: part of a name, number or operator.
    static func isRegular(_ byte: UInt8) -> Bool {
        !isWhitespace(byte) && !isDelimiter(byte)
    }

    static func latin1(_ bytes: ArraySlice<UInt8>) -> String {
        String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
    }
}

/// The text gathered so far, line by line, with its size capped.
struct TextCollector {
    private var lines: [String] = []
    private var line = ""
    private var size = 0

    var hasRoom: Bool { size < PDFText.textLimit }

    mutating func show(_ text: String) {
        guard hasRoom, !text.isEmpty else { return }
        line += text
        size += text.utf8.count
    }

    /// A separate text-showing operator usually starts a new run of words.
    mutating func startRun() {
        if let last = line.last, !last.isWhitespace { line += " " }
    }

    mutating func endLine() {
        let words = line.split(whereSeparator: \.isWhitespace)
        if !words.isEmpty { lines.append(words.joined(separator: " ")) }
        line = ""
    }

    mutating func result() -> String {
        endLine()
        let text = lines.joined(separator: "\n")
        guard text.utf8.count > PDFText.textLimit else { return text }
        let scalars = text.unicodeScalars
        var (end, size) = (scalars.startIndex, 0)
        while end < scalars.endIndex, size + scalars[end].utf8.count <= PDFText.textLimit {
            size += scalars[end].utf8.count
            end = scalars.index(after: end)
        }
        return String(scalars[..<end])
    }
}

/// Reads a content stream's tokens and hands the shown strings to a `TextCollector`.
struct ContentReader {
    enum Operand {
        case string([UInt8])
        case number(Double)
        case array([Operand])
        case other
    }

    let bytes: [UInt8]
    private var index = 0

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    mutating func read(into text: inout TextCollector) {
        var operands: [Operand] = []
        var arrays: [[Operand]] = []
        func push(_ operand: Operand) {
            if arrays.isEmpty {
                operands.append(operand)
                if operands.count > 32 { operands.removeFirst() }
            } else {
                arrays[arrays.count - 1].append(operand)
            }
        }
        while text.hasRoom, index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case _ where PDFText.isWhitespace(byte):
                index += 1
            case UInt8(ascii: "%"):
                while index < bytes.count, bytes[index] != 0x0A, bytes[index] != 0x0D { index += 1 }
            case UInt8(ascii: "("):
                push(.string(literalString()))
            case UInt8(ascii: "<"):
                if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "<") {
                    index += 2
                } else {
                    push(.string(hexString()))
                }
            case UInt8(ascii: ">"):
                index += 1
            case UInt8(ascii: "["):
                index += 1
                if arrays.count < 8 { arrays.append([]) }
            case UInt8(ascii: "]"):
                index += 1
                if let array = arrays.popLast() { push(.array(array)) }
            case UInt8(ascii: "/"):
                index += 1
                while index < bytes.count, PDFText.isRegular(bytes[index]) { index += 1 }
                push(.other)
            case _ where PDFText.isDelimiter(byte):
                index += 1
            default:
                let token = regularToken()
                if token.allSatisfy({ "+-.0123456789".contains($0) }) {
                    push(.number(Double(token) ?? 0))
                } else {
                    perform(token, operands: operands, into: &text)
                    operands.removeAll()
                    arrays.removeAll()
                }
            }
        }
        text.endLine()
    }

    private mutating func perform(_ operator: String, operands: [Operand], into text: inout TextCollector) {
        switch `operator` {
        case "Tj", "'", "\"":
            if `operator` != "Tj" { text.endLine() }
            guard case .string(let bytes)? = operands.last else { return }
            text.startRun()
            text.show(Self.decode(bytes))
        case "TJ":
            guard case .array(let elements)? = operands.last else { return }
            text.startRun()
            for element in elements {
                switch element {
                case .string(let bytes): text.show(Self.decode(bytes))
                // A large move to the right between glyphs is how many writers put a space.
                case .number(let move) where move < -200: text.show(" ")
                default: break
                }
            }
        case "Td", "TD", "T*", "Tm", "ET":
            text.endLine()
        case "ID":
            skipInlineImage()
        default:
            break
        }
    }

    /// Called at a regular byte, so the token is never empty.
    private mutating func regularToken() -> String {
        let start = index
        while index < bytes.count, PDFText.isRegular(bytes[index]) { index += 1 }
        return PDFText.latin1(bytes[start..<index])
    }

    /// `( … )` with balanced parentheses and the escapes of PDF 32000-1 §7.3.4.2.
    private mutating func literalString() -> [UInt8] {
        var result: [UInt8] = []
        var depth = 1
        index += 1
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "("):
                depth += 1
                result.append(byte)
            case UInt8(ascii: ")"):
                depth -= 1
                if depth == 0 { return result }
                result.append(byte)
            case UInt8(ascii: "\\"):
                guard index < bytes.count else { return result }
                let escaped = bytes[index]
                index += 1
                switch escaped {
                case UInt8(ascii: "n"): result.append(0x0A)
                case UInt8(ascii: "r"): result.append(0x0D)
                case UInt8(ascii: "t"): result.append(0x09)
                case UInt8(ascii: "b"): result.append(0x08)
                case UInt8(ascii: "f"): result.append(0x0C)
                case 0x0D:
                    if index < bytes.count, bytes[index] == 0x0A { index += 1 }
                case 0x0A:
                    break
                case UInt8(ascii: "0")...UInt8(ascii: "7"):
                    var value = Int(escaped - UInt8(ascii: "0"))
                    for _ in 0..<2 {
                        guard index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(bytes[index])
                        else { break }
                        value = value * 8 + Int(bytes[index] - UInt8(ascii: "0"))
                        index += 1
                    }
                    result.append(UInt8(value & 0xFF))
                default:
                    result.append(escaped)
                }
            case 0x0D:
                if index < bytes.count, bytes[index] == 0x0A { index += 1 }
                result.append(0x0A)
            default:
                result.append(byte)
            }
        }
        return result
    }

    /// `< … >`: pairs of hex digits, whitespace ignored, a missing last digit read as 0.
    private mutating func hexString() -> [UInt8] {
        var result: [UInt8] = []
        var high: UInt8?
        index += 1
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if byte == UInt8(ascii: ">") { break }
            guard let digit = Self.hexValue(byte) else { continue }
            if let value = high {
                result.append(value << 4 | digit)
                high = nil
            } else {
                high = digit
            }
        }
        if let value = high { result.append(value << 4) }
        return result
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// An inline image's data is binary up to `EI`; read as tokens it would show stray text.
    private mutating func skipInlineImage() {
        while index + 2 <= bytes.count {
            if bytes[index] == UInt8(ascii: "E"), bytes[index + 1] == UInt8(ascii: "I"), index > 0,
                PDFText.isWhitespace(bytes[index - 1]),
                index + 2 == bytes.count || !PDFText.isRegular(bytes[index + 2])
            {
                index += 2
                return
            }
            index += 1
        }
        index = bytes.count
    }

    /// PDFDocEncoding, read as Windows-1252 (which most simple fonts use), or UTF-16BE after its
    /// byte order mark. A string with a zero byte holds glyph numbers of a composite font, which
    /// cannot be read without the font, so it is dropped.
    static func decode(_ bytes: [UInt8]) -> String {
        if bytes.starts(with: [0xFE, 0xFF]) {
            let units = stride(from: 2, to: bytes.count - 1, by: 2).map {
                UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1])
            }
            return String(decoding: units, as: UTF16.self)
        }
        guard !bytes.contains(0) else { return "" }
        var scalars = String.UnicodeScalarView()
        for byte in bytes {
            if byte < 0x20 {
                scalars.append(" ")
            } else if (0x80...0x9F).contains(byte), let scalar = Unicode.Scalar(windows1252[Int(byte - 0x80)]) {
                scalars.append(scalar)
            } else {
                scalars.append(Unicode.Scalar(byte))
            }
        }
        return String(scalars)
    }

    /// Windows-1252 for 0x80…0x9F; the five bytes it leaves undefined become spaces.
    private static let windows1252: [UInt32] = [
        0x20AC, 0x20, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x20,
        0x017D, 0x20, 0x20, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A,
        0x0153, 0x20, 0x017E, 0x0178,
    ]
}
