import Foundation

/// Reads a UUID written as 36 characters (`8-4-4-4-12` hex digits, either case).
///
/// SQLite hands every stored id back as text, and Foundation's `UUID(uuidString:)` parses it with
/// `sscanf`; a page listing a cohort's 230 leaders parses a few hundred. This reads the digits directly.
/// It reads every id `UUID(uuidString:)` reads in the canonical form and refuses the oddities `sscanf`
/// lets through (a sign inside a group), which callers then hand to Foundation.
public enum UUIDText {
    public static func parse(_ text: String) -> UUID? {
        var text = text
        return text.withUTF8 { bytes -> UUID? in
            guard bytes.count == 36 else { return nil }
            var value: [UInt8] = []
            value.reserveCapacity(16)
            var index = 0
            while index < 36 {
                if index == 8 || index == 13 || index == 18 || index == 23 {
                    guard bytes[index] == UInt8(ascii: "-") else { return nil }
                    index += 1
                    continue
                }
                guard let high = digit(bytes[index]), let low = digit(bytes[index + 1]) else { return nil }
                value.append(high << 4 | low)
                index += 2
            }
            return UUID(
                uuid: (
                    value[0], value[1], value[2], value[3], value[4], value[5], value[6], value[7],
                    value[8], value[9], value[10], value[11], value[12], value[13], value[14], value[15]
                ))
        }
    }

    /// The id in lower case, as `id.uuidString.lowercased()` writes it, without Foundation's formatting
    /// and case mapping: pages key their lookups by it, once per id they read.
    public static func lowercased(_ id: UUID) -> String { written(id, hex: lowerHex) }

    /// The id in upper case, as `id.uuidString` writes it (and SQLite stores ids), without Foundation's
    /// `snprintf`.
    public static func uppercased(_ id: UUID) -> String { written(id, hex: upperHex) }

    private static let lowerHex = Array("0123456789abcdef".utf8)
    private static let upperHex = Array("0123456789ABCDEF".utf8)

    private static func written(_ id: UUID, hex: [UInt8]) -> String {
        withUnsafeBytes(of: id.uuid) { bytes in
            String(unsafeUninitializedCapacity: 36) { buffer in
                var index = 0
                for (offset, byte) in bytes.enumerated() {
                    if offset == 4 || offset == 6 || offset == 8 || offset == 10 {
                        buffer[index] = UInt8(ascii: "-")
                        index += 1
                    }
                    buffer[index] = hex[Int(byte >> 4)]
                    buffer[index + 1] = hex[Int(byte & 0x0f)]
                    index += 2
                }
                return index
            }
        }
    }

    private static func digit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
