import Foundation

/// Reads the long-form trust CSV (`round,community,response,facet,item,value,reverse`, one answer
/// per row) into one response matrix per round, checking every row.
///
/// It does not go through `CSV.parse`: a cohort-scale file is 1.6 million rows, and `CSV.parse`
/// keeps every record as an array of Strings before anything is checked. This reader follows the
/// same dialect (RFC 4180 quotes, CRLF or LF, byte order mark, blank and comma-only lines skipped)
/// but walks the bytes once, hands out fields as views into the text (only quoted fields are
/// copied, to undo their escapes), and skips the dictionary lookups for a round, community,
/// response or item that repeats the one expected next, which is how exports are laid out.
struct TrustLongFormReader {
    static let columns = ["round", "community", "response", "facet", "item", "value", "reverse"]

    /// Rounds in the order they first appear.
    static func read(_ text: String, scale: Int) throws(TrustCSVProblems) -> [(
        round: String, matrix: TrustResponseMatrix
    )] {
        var text = text
        text.makeContiguousUTF8()
        let outcome = text.utf8.withContiguousStorageIfAvailable { bytes in
            var reader = TrustLongFormReader(bytes: bytes, scale: scale)
            return reader.run()
        }
        switch outcome! {
        case .success(let rounds): return rounds
        case .failure(let problems): throw problems
        }
    }

    private var records: ByteRecords
    private let scale: Int
    private var problems: [TrustCSVProblem] = []
    private var omitted = 0
    /// Column positions in the file, in `columns` order.
    private var positions: [Int] = []
    private var headerCount = 0

    private var rounds: [RoundBuilder] = []
    private var roundPositions: [String: Int] = [:]
    private var responses: [String: ResponsePlace] = [:]
    private var lastRound: (bytes: [UInt8], round: Int)?
    private var lastCommunity: (bytes: [UInt8], round: Int, community: Int32)?
    private var lastResponse: (bytes: [UInt8], place: ResponsePlace)?

    private init(bytes: UnsafeBufferPointer<UInt8>, scale: Int) {
        records = ByteRecords(bytes: bytes)
        self.scale = scale
    }

    private mutating func run() -> Result<[(round: String, matrix: TrustResponseMatrix)], TrustCSVProblems> {
        guard (2...255).contains(scale) else {
            return .failure(
                TrustCSVProblems([
                    TrustCSVProblem(line: nil, field: "--scale", message: "must be a whole number from 2 to 255")
                ]))
        }
        var sawHeader = false
        while records.next() {
            if records.isBlank { continue }
            if let message = records.malformed {
                report(nil, message)
                if !sawHeader { break }
                continue
            }
            if !sawHeader {
                sawHeader = true
                readHeader()
                if !problems.isEmpty { break }
                continue
            }
            readRow()
        }
        if let line = records.unterminatedLine {
            add(TrustCSVProblem(line: line, field: nil, message: "unterminated quoted field (expected a closing \")"))
        }
        if !sawHeader && problems.isEmpty {
            add(
                TrustCSVProblem(
                    line: 1, field: nil,
                    message: "file is empty (expected the header \(Self.columns.joined(separator: ",")))"))
        }
        guard problems.isEmpty else { return .failure(TrustCSVProblems(problems, omitted: omitted)) }
        return .success(rounds.map { ($0.name, $0.matrix(scale: scale)) })
    }

    // MARK: - header

    private mutating func readHeader() {
        var found: [String: Int] = [:]
        for index in 0..<records.count {
            let name = String(decoding: trimmed(records.field(index)), as: UTF8.self).lowercased()
            if Self.columns.contains(name) && found[name] != nil {
                report(name, "column appears twice in the header")
            }
            found[name] = found[name] ?? index
        }
        for column in Self.columns where found[column] == nil {
            report(column, "missing column (the header must name \(Self.columns.joined(separator: ",")))")
        }
        positions = Self.columns.map { found[$0] ?? 0 }
        headerCount = records.count
    }

    // MARK: - rows

    private mutating func readRow() {
        guard records.count == headerCount else {
            report(nil, "expected \(headerCount) fields, found \(records.count)")
            return
        }
        let roundBytes = trimmed(records.field(positions[0]))
        let communityBytes = trimmed(records.field(positions[1]))
        let responseBytes = trimmed(records.field(positions[2]))
        let facetBytes = trimmed(records.field(positions[3]))
        let itemBytes = trimmed(records.field(positions[4]))
        let valueBytes = trimmed(records.field(positions[5]))
        let reverseBytes = trimmed(records.field(positions[6]))
        var rowIsSound = true

        var round: Int?
        if roundBytes.isEmpty {
            report("round", "is empty (expected the name of the survey round)")
            rowIsSound = false
        } else {
            round = roundPosition(roundBytes)
        }
        var place: ResponsePlace?
        if responseBytes.isEmpty {
            report("response", "is empty (expected the response's anonymous id)")
            rowIsSound = false
        } else if let round {
            let community = communityPosition(communityBytes, round: round)
            place = responsePlace(responseBytes, round: round, community: community)
            if place == nil { rowIsSound = false }
        }
        let facet = facetNamed(facetBytes)
        if facet == nil {
            report(
                "facet",
                "\(quoted(facetBytes)) is not a facet (expected benevolence, integrity, predictability or competence)")
            rowIsSound = false
        }
        let value = wholeNumber(valueBytes).flatMap { (1...scale).contains($0) ? $0 : nil }
        if value == nil {
            report("value", "\(quoted(valueBytes)) is not a whole number from 1 to \(scale)")
            rowIsSound = false
        }
        let reverse = boolean(reverseBytes)
        if reverse == nil {
            report("reverse", "\(quoted(reverseBytes)) is not true or false")
            rowIsSound = false
        }
        guard !itemBytes.isEmpty else {
            report("item", "is empty (expected the item's id, e.g. P2)")
            return
        }
        guard let round, let facet, let reverse else { return }
        let column = rounds[round].column(itemBytes, facet: facet, reverse: reverse, line: records.recordLine)
        if let conflict = column.conflict {
            report(conflict.field, conflict.message)
            return
        }
        guard rowIsSound, let place, let value else { return }
        if !rounds[round].record(UInt8(value), row: Int(place.row), column: column.index) {
            report("item", "\(quoted(itemBytes)) appears more than once in response \(quoted(responseBytes))")
        }
    }

    private mutating func roundPosition(_ bytes: Bytes) -> Int {
        if let lastRound, same(bytes, lastRound.bytes) { return lastRound.round }
        let name = String(decoding: bytes, as: UTF8.self)
        let round: Int
        if let known = roundPositions[name] {
            round = known
        } else {
            round = rounds.count
            rounds.append(RoundBuilder(name: name))
            roundPositions[name] = round
        }
        lastRound = (Array(bytes), round)
        return round
    }

    private mutating func communityPosition(_ bytes: Bytes, round: Int) -> Int32 {
        if bytes.isEmpty { return TrustResponseMatrix.noCommunity }
        if let lastCommunity, lastCommunity.round == round, same(bytes, lastCommunity.bytes) {
            return lastCommunity.community
        }
        let community = rounds[round].community(String(decoding: bytes, as: UTF8.self))
        lastCommunity = (Array(bytes), round, community)
        return community
    }

    /// The response's row, created on its first line; nil (with a problem reported) when the
    /// response was first seen in another round or community.
    private mutating func responsePlace(_ bytes: Bytes, round: Int, community: Int32) -> ResponsePlace? {
        let place: ResponsePlace
        if let lastResponse, same(bytes, lastResponse.bytes) {
            place = lastResponse.place
        } else {
            let id = String(decoding: bytes, as: UTF8.self)
            if let known = responses[id] {
                place = known
            } else {
                place = ResponsePlace(
                    round: Int32(round), community: community,
                    row: Int32(rounds[round].addResponse(community: community)),
                    line: Int32(records.recordLine))
                responses[id] = place
            }
            lastResponse = (Array(bytes), place)
        }
        if place.round != round {
            report(
                "response",
                "\(quoted(bytes)) already appears in round \(quoted(rounds[Int(place.round)].name)) on line \(place.line) (a response belongs to one round)"
            )
            return nil
        }
        if place.community != community {
            report(
                "response",
                "\(quoted(bytes)) already appears in \(rounds[round].describe(place.community)) on line \(place.line) (a response belongs to one community)"
            )
            return nil
        }
        return place
    }

    // MARK: - problems

    private mutating func report(_ field: String?, _ message: String) {
        add(TrustCSVProblem(line: records.recordLine, field: field, message: message))
    }

    private mutating func add(_ problem: TrustCSVProblem) {
        if problems.count < TrustCSVProblems.limit {
            problems.append(problem)
        } else {
            omitted += 1
        }
    }
}

/// Where a response lives: its round, its community there, its row in the round's matrix, and
/// the line that introduced it (for messages).
private struct ResponsePlace {
    let round: Int32
    let community: Int32
    let row: Int32
    let line: Int32
}

/// One round's matrix as it fills. Its items are only known as rows name them, so rows are laid
/// out with a spare stride that doubles when a new item would not fit, and compacted at the end.
private struct RoundBuilder {
    let name: String
    private var communities: [String] = []
    private var communityPositions: [String: Int32] = [:]
    private var communityOfResponse: [Int32] = []
    private var items: [TrustItemKey] = []
    private var itemBytes: [[UInt8]] = []
    private var itemLines: [Int] = []
    private var itemPositions: [String: Int] = [:]
    private var lastColumn = -1
    private var stride = 16
    private var values: [UInt8] = []

    init(name: String) {
        self.name = name
    }

    mutating func community(_ name: String) -> Int32 {
        if let position = communityPositions[name] { return position }
        let position = Int32(communities.count)
        communities.append(name)
        communityPositions[name] = position
        return position
    }

    func describe(_ community: Int32) -> String {
        community == TrustResponseMatrix.noCommunity
            ? "no community" : "community \(quoted(communities[Int(community)]))"
    }

    mutating func addResponse(community: Int32) -> Int {
        communityOfResponse.append(community)
        values.append(contentsOf: repeatElement(TrustResponseMatrix.notAnswered, count: stride))
        return communityOfResponse.count - 1
    }

    /// The item's column, added on first sight; a conflict when the item was described with
    /// another facet or direction earlier in the round.
    mutating func column(
        _ bytes: Bytes, facet: TrustFacet, reverse: Bool, line: Int
    ) -> (index: Int, conflict: (field: String, message: String)?) {
        let predicted = lastColumn + 1 < items.count ? lastColumn + 1 : 0
        let index: Int
        if predicted < items.count && same(bytes, itemBytes[predicted]) {
            index = predicted
        } else if let known = itemPositions[String(decoding: bytes, as: UTF8.self)] {
            index = known
        } else {
            index = addItem(
                TrustItemKey(id: String(decoding: bytes, as: UTF8.self), facet: facet, reverse: reverse),
                bytes: bytes, line: line)
        }
        lastColumn = index
        let item = items[index]
        if item.facet != facet {
            return (
                index,
                (
                    "facet",
                    "item \(quoted(item.id)) is \(item.facet.rawValue) on line \(itemLines[index]), not \(facet.rawValue) (an item belongs to one facet)"
                )
            )
        }
        if item.reverse != reverse {
            return (
                index,
                (
                    "reverse",
                    "item \(quoted(item.id)) has reverse \(item.reverse) on line \(itemLines[index]), not \(reverse)"
                )
            )
        }
        return (index, nil)
    }

    /// Stores an answer; false when the response already answered that item.
    mutating func record(_ value: UInt8, row: Int, column: Int) -> Bool {
        let cell = row * stride + column
        guard values[cell] == TrustResponseMatrix.notAnswered else { return false }
        values[cell] = value
        return true
    }

    func matrix(scale: Int) -> TrustResponseMatrix {
        let width = items.count
        var compact = [UInt8](repeating: 0, count: communityOfResponse.count * width)
        if width > 0 {
            for row in 0..<communityOfResponse.count {
                compact[(row * width)..<(row * width + width)] = values[(row * stride)..<(row * stride + width)]
            }
        }
        return TrustResponseMatrix(
            scale: scale, items: items, values: compact, communities: communities,
            communityOfResponse: communityOfResponse)
    }

    private mutating func addItem(_ item: TrustItemKey, bytes: Bytes, line: Int) -> Int {
        if items.count == stride {
            let wider = stride * 2
            var spread = [UInt8](repeating: 0, count: communityOfResponse.count * wider)
            for row in 0..<communityOfResponse.count {
                spread[(row * wider)..<(row * wider + stride)] = values[(row * stride)..<(row * stride + stride)]
            }
            values = spread
            stride = wider
        }
        items.append(item)
        itemBytes.append(Array(bytes))
        itemLines.append(line)
        itemPositions[item.id] = items.count - 1
        return items.count - 1
    }
}

/// The facet named by its raw value, in any letter case. The four names differ in length, so the
/// length picks the one candidate to compare.
private func facetNamed(_ bytes: Bytes) -> TrustFacet? {
    let (facet, name): (TrustFacet, StaticString)
    switch bytes.count {
    case 11: (facet, name) = (.benevolence, "benevolence")
    case 9: (facet, name) = (.integrity, "integrity")
    case 14: (facet, name) = (.predictability, "predictability")
    case 10: (facet, name) = (.competence, "competence")
    default: return nil
    }
    return asciiEqualIgnoringCase(bytes, name) ? facet : nil
}

/// `true` or `false` in any letter case (spreadsheets write TRUE and FALSE).
private func boolean(_ bytes: Bytes) -> Bool? {
    switch bytes.count {
    case 4: asciiEqualIgnoringCase(bytes, "true") ? true : nil
    case 5: asciiEqualIgnoringCase(bytes, "false") ? false : nil
    default: nil
    }
}

/// Digits only, no sign, no decimal point; nil beyond three digits, which no scale needs.
private func wholeNumber(_ bytes: Bytes) -> Int? {
    guard !bytes.isEmpty, bytes.count <= 3 else { return nil }
    var value = 0
    for byte in bytes {
        guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
        value = value * 10 + Int(byte - UInt8(ascii: "0"))
    }
    return value
}

/// A field: a view into the text, or into the record's copy of a quoted field; valid until the
/// next record is read.
private typealias Bytes = UnsafeBufferPointer<UInt8>

private func asciiEqualIgnoringCase(_ bytes: Bytes, _ lowercase: StaticString) -> Bool {
    guard bytes.count == lowercase.utf8CodeUnitCount else { return false }
    let expected = lowercase.utf8Start
    for index in 0..<bytes.count {
        let byte = bytes[index]
        let lower = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
        if lower != expected[index] { return false }
    }
    return true
}

private func same(_ bytes: Bytes, _ known: [UInt8]) -> Bool {
    guard bytes.count == known.count else { return false }
    return known.withUnsafeBufferPointer { known in
        bytes.count == 0 || memcmp(bytes.baseAddress!, known.baseAddress!, bytes.count) == 0
    }
}

/// Without surrounding spaces and tabs.
private func trimmed(_ bytes: Bytes) -> Bytes {
    var start = 0
    var end = bytes.count
    while start < end && (bytes[start] == 0x20 || bytes[start] == 0x09) { start += 1 }
    while end > start && (bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09) { end -= 1 }
    return Bytes(rebasing: bytes[start..<end])
}

/// A value as it appears in a message: in quotes, cut short when long.
private func quoted(_ bytes: Bytes) -> String {
    quoted(String(decoding: bytes, as: UTF8.self))
}

private func quoted(_ text: String) -> String {
    let shown = text.count > 40 ? text.prefix(40) + "…" : Substring(text)
    return "\"\(shown)\""
}

/// Splits UTF-8 bytes into records. A field is a span of the text, except a quoted field, whose
/// unescaped bytes go to a buffer reused from record to record; so a million-row file allocates
/// almost nothing per row.
private struct ByteRecords {
    private static let quote = UInt8(ascii: "\"")
    private static let comma = UInt8(ascii: ",")
    private static let lineFeed = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")

    private struct Span {
        var start: Int
        var end: Int
        /// The span is in `unquoted`, not in the text.
        var quoted: Bool
    }

    private let bytes: Bytes
    private var index: Int
    private var line = 1
    /// The current record's fields are `spans[0..<count]`; later entries are spares.
    private var spans: [Span] = []
    private(set) var count = 0
    private let unquoted = UnquotedBytes()
    /// The line the current record starts on.
    private(set) var recordLine = 0
    private var sawQuote = false
    /// Why the current record cannot be read, if it cannot.
    private(set) var malformed: String?
    /// Set when a quote is never closed: it swallows the rest of the file, so reading stops.
    private(set) var unterminatedLine: Int?

    init(bytes: Bytes) {
        self.bytes = bytes
        index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    }

    /// Field `index` of the current record, valid until `next()`.
    func field(_ index: Int) -> Bytes {
        let span = spans[index]
        if span.quoted {
            return Bytes(start: unquoted.start + span.start, count: span.end - span.start)
        }
        return Bytes(rebasing: bytes[span.start..<span.end])
    }

    /// A line of nothing but spaces and commas, which spreadsheets leave behind.
    var isBlank: Bool {
        !sawQuote && (0..<count).allSatisfy { trimmed(field($0)).isEmpty }
    }

    mutating func next() -> Bool {
        guard index < bytes.count, unterminatedLine == nil else { return false }
        count = 0
        recordLine = line
        if sawQuote { unquoted.count = 0 }
        sawQuote = false
        malformed = nil
        while true {
            var span: Span
            if index < bytes.count && bytes[index] == Self.quote {
                sawQuote = true
                guard let field = readQuotedField() else { return false }
                span = field
            } else {
                let start = index
                while index < bytes.count {
                    let byte = bytes[index]
                    if byte == Self.comma || byte == Self.lineFeed || byte == Self.carriageReturn { break }
                    index += 1
                }
                span = Span(start: start, end: index, quoted: false)
            }
            if count == spans.count {
                spans.append(span)
            } else {
                spans[count] = span
            }
            count += 1
            if index < bytes.count && bytes[index] == Self.comma {
                index += 1
                continue
            }
            if index < bytes.count {
                if bytes[index] == Self.carriageReturn && index + 1 < bytes.count && bytes[index + 1] == Self.lineFeed {
                    index += 1
                }
                index += 1
            }
            line += 1
            return true
        }
    }

    /// From the opening quote through the closing one and any spaces after it; nil when the quote
    /// is never closed.
    private mutating func readQuotedField() -> Span? {
        let startLine = line
        let start = unquoted.count
        index += 1
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if byte == Self.quote {
                if index < bytes.count && bytes[index] == Self.quote {
                    index += 1
                } else {
                    skipToFieldEnd()
                    return Span(start: start, end: unquoted.count, quoted: true)
                }
            } else if byte == Self.lineFeed
                || (byte == Self.carriageReturn && !(index < bytes.count && bytes[index] == Self.lineFeed))
            {
                line += 1
            }
            unquoted.append(byte)
        }
        unterminatedLine = startLine
        return nil
    }

    private mutating func skipToFieldEnd() {
        while index < bytes.count && (bytes[index] == 0x20 || bytes[index] == 0x09) { index += 1 }
        guard index < bytes.count else { return }
        let byte = bytes[index]
        if byte == Self.comma || byte == Self.lineFeed || byte == Self.carriageReturn { return }
        malformed =
            "unexpected text after a closing quote (expected a comma or the end of the line; write \"\" for a quote inside a quoted field)"
        while index < bytes.count {
            let byte = bytes[index]
            if byte == Self.comma || byte == Self.lineFeed || byte == Self.carriageReturn { return }
            index += 1
        }
    }
}

/// The unescaped bytes of the current record's quoted fields. A class so its memory is freed
/// with the reader and its address stays put while a record's fields are read; quoted fields are
/// rare, so its dynamic exclusivity checks cost nothing that matters.
private final class UnquotedBytes {
    private(set) var start: UnsafeMutablePointer<UInt8>
    private var capacity = 256
    var count = 0

    init() {
        start = .allocate(capacity: capacity)
    }

    deinit {
        start.deallocate()
    }

    func append(_ byte: UInt8) {
        if count == capacity {
            let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
            larger.update(from: start, count: count)
            start.deallocate()
            start = larger
            capacity *= 2
        }
        start[count] = byte
        count += 1
    }
}
