/// Where a person may be sent after signing in: a path on this site and nothing else.
///
/// Browsers are generous readers of a `Location`: they drop tabs and line breaks anywhere in it,
/// treat `\` as `/`, and read `//host` or `/\t/host` as another site. So a return path is accepted
/// only when it is plain: it starts with one `/`, holds only printable ASCII (a browser percent-encodes
/// everything else before it asks for the page), has no `\`, and neither it nor its percent-decoded
/// form starts with `//` or holds a control character or a `\`.
public enum ReturnPath {
    public static let maximumLength = 2048

    public static func validated(_ candidate: String?, refusingPrefixes refused: [String] = []) -> String? {
        guard let candidate, !candidate.isEmpty, candidate.utf8.count <= maximumLength,
            isPlain(candidate, allowingPercent: true)
        else { return nil }
        guard let decoded = candidate.removingPercentEncodingStrictly(), isPlain(decoded, allowingPercent: false)
        else { return nil }
        guard !refused.contains(where: { candidate.hasPrefix($0) || decoded.hasPrefix($0) }) else { return nil }
        return candidate
    }

    private static func isPlain(_ path: String, allowingPercent: Bool) -> Bool {
        let scalars = Array(path.unicodeScalars)
        guard scalars.first == "/", scalars.dropFirst().first != "/" else { return false }
        return scalars.allSatisfy { scalar in
            if scalar == "\\" { return false }
            if allowingPercent { return (0x21...0x7E).contains(scalar.value) }
            // Decoded bytes may be any text except controls and the backslash.
            return scalar.value >= 0x20 && scalar.value != 0x7F && !(0x80...0x9F).contains(scalar.value)
        }
    }
}

extension String {
    /// Percent-decoding that fails on a malformed escape or on bytes that are not UTF-8, rather than
    /// passing them through.
    fileprivate func removingPercentEncodingStrictly() -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        var iterator = utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(Self.hexValue), let low = iterator.next().flatMap(Self.hexValue)
            else { return nil }
            bytes.append(high << 4 | low)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
