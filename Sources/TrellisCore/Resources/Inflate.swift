/// A zlib (RFC 1950) and DEFLATE (RFC 1951) decoder, so PDF text can be read without a system
/// library. Written after Mark Adler's `puff`: simple and strict rather than fast.
public enum Inflate {
    /// The bytes a zlib stream holds, or nil when the stream is malformed, its checksum does not
    /// match, or it would decode to more than `limit` bytes.
    public static func zlib(_ bytes: [UInt8], limit: Int) -> [UInt8]? {
        guard hasZlibHeader(bytes) else { return nil }
        var decoder = Decoder(bytes: bytes, start: 2, limit: limit)
        do {
            try decoder.blocks()
        } catch {
            return nil
        }
        let end = decoder.index
        guard end + 4 <= bytes.count else { return nil }
        let stored = bytes[end..<end + 4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        guard stored == adler32(decoder.output) else { return nil }
        return decoder.output
    }

    /// As much of a zlib stream as decodes before it breaks or reaches `limit`: PDF writers often
    /// leave a stream cut short or without its checksum, and the text before the break is still text.
    static func zlibPrefix(_ bytes: [UInt8], limit: Int) -> [UInt8] {
        guard hasZlibHeader(bytes) else { return [] }
        var decoder = Decoder(bytes: bytes, start: 2, limit: limit)
        try? decoder.blocks()
        return decoder.output
    }

    static func hasZlibHeader(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= 2 else { return false }
        let (method, flags) = (bytes[0], bytes[1])
        let presetDictionary = flags & 0x20 != 0
        return method & 0x0F == 8 && method >> 4 <= 7 && (UInt16(method) << 8 | UInt16(flags)) % 31 == 0
            && !presetDictionary
    }

    static func adler32(_ bytes: [UInt8]) -> UInt32 {
        var (a, b): (UInt32, UInt32) = (1, 0)
        var index = 0
        while index < bytes.count {
            // 5552 bytes is the most that can be summed before b could overflow 32 bits.
            let end = min(index + 5552, bytes.count)
            for byte in bytes[index..<end] {
                a += UInt32(byte)
                b += a
            }
            (a, b) = (a % 65521, b % 65521)
            index = end
        }
        return b << 16 | a
    }
}

private enum Failure: Error {
    case malformed
    case tooLarge
}

/// A canonical Huffman code as RFC 1951 describes it: how many codes each length has, and the
/// symbols in code order.
private struct Huffman {
    var counts = [Int](repeating: 0, count: 16)
    var symbols: [Int]
    /// Codes left unused: negative when the lengths are over-subscribed, 0 when the code is complete.
    var left = 1

    init(lengths: ArraySlice<Int>) {
        symbols = [Int](repeating: 0, count: lengths.count)
        for length in lengths {
            counts[length] += 1
        }
        guard counts[0] < lengths.count else {
            left = 0
            return
        }
        for length in 1...15 {
            left = left << 1 - counts[length]
            if left < 0 { return }
        }
        var offsets = [Int](repeating: 0, count: 16)
        for length in 1..<15 {
            offsets[length + 1] = offsets[length] + counts[length]
        }
        for (symbol, length) in lengths.enumerated() where length != 0 {
            symbols[offsets[length]] = symbol
            offsets[length] += 1
        }
    }

    /// Whether a literal/length or distance code can be used: complete, or a single code (which
    /// RFC 1951 allows for a block that uses only one distance or one literal).
    func isUsable(symbolCount: Int) -> Bool {
        left == 0 || (left > 0 && symbolCount - counts[0] == 1)
    }
}

private struct Decoder {
    static let lengthBase = [
        3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227,
        258,
    ]
    static let lengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    static let distanceBase = [
        1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097,
        6145, 8193, 12289, 16385, 24577,
    ]
    static let distanceExtra = [
        0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
    ]
    static let codeLengthOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]
    static let fixedLiterals = Huffman(
        lengths: ArraySlice(
            [Int](repeating: 8, count: 144) + [Int](repeating: 9, count: 112) + [Int](repeating: 7, count: 24)
                + [Int](repeating: 8, count: 8)))
    static let fixedDistances = Huffman(lengths: ArraySlice([Int](repeating: 5, count: 30)))

    let bytes: [UInt8]
    /// The next byte to read; after the last block, where the zlib checksum starts.
    private(set) var index: Int
    private var bitBuffer: UInt32 = 0
    private var bitCount = 0
    private(set) var output: [UInt8] = []
    let limit: Int

    init(bytes: [UInt8], start: Int, limit: Int) {
        self.bytes = bytes
        self.index = start
        self.limit = limit
        output.reserveCapacity(min(max(limit, 0), bytes.count * 4))
    }

    mutating func blocks() throws(Failure) {
        var last = 0
        while last == 0 {
            last = try bits(1)
            switch try bits(2) {
            case 0: try stored()
            case 1: try codes(literals: Self.fixedLiterals, distances: Self.fixedDistances)
            case 2: try dynamic()
            default: throw .malformed
            }
        }
    }

    private mutating func bits(_ count: Int) throws(Failure) -> Int {
        while bitCount < count {
            guard index < bytes.count else { throw .malformed }
            bitBuffer |= UInt32(bytes[index]) << UInt32(bitCount)
            index += 1
            bitCount += 8
        }
        let value = Int(bitBuffer & (UInt32(1) << UInt32(count) - 1))
        bitBuffer >>= UInt32(count)
        bitCount -= count
        return value
    }

    private mutating func stored() throws(Failure) {
        bitBuffer = 0
        bitCount = 0
        guard index + 4 <= bytes.count else { throw .malformed }
        let length = Int(bytes[index]) | Int(bytes[index + 1]) << 8
        let complement = Int(bytes[index + 2]) | Int(bytes[index + 3]) << 8
        guard length == ~complement & 0xFFFF else { throw .malformed }
        index += 4
        guard index + length <= bytes.count else { throw .malformed }
        guard output.count + length <= limit else { throw .tooLarge }
        output += bytes[index..<index + length]
        index += length
    }

    private mutating func decode(_ code: Huffman) throws(Failure) -> Int {
        var (value, first, position) = (0, 0, 0)
        for length in 1...15 {
            value |= try bits(1)
            let count = code.counts[length]
            if value - count < first {
                return code.symbols[position + value - first]
            }
            position += count
            first = (first + count) << 1
            value <<= 1
        }
        throw .malformed
    }

    private mutating func codes(literals: Huffman, distances: Huffman) throws(Failure) {
        while true {
            let symbol = try decode(literals)
            if symbol < 256 {
                guard output.count < limit else { throw .tooLarge }
                output.append(UInt8(symbol))
            } else if symbol == 256 {
                return
            } else {
                let lengthSymbol = symbol - 257
                guard lengthSymbol < Self.lengthBase.count else { throw .malformed }
                let length = try Self.lengthBase[lengthSymbol] + bits(Self.lengthExtra[lengthSymbol])
                let distanceSymbol = try decode(distances)
                guard distanceSymbol < Self.distanceBase.count else { throw .malformed }
                let distance = try Self.distanceBase[distanceSymbol] + bits(Self.distanceExtra[distanceSymbol])
                guard distance <= output.count else { throw .malformed }
                guard output.count + length <= limit else { throw .tooLarge }
                for _ in 0..<length {
                    output.append(output[output.count - distance])
                }
            }
        }
    }

    private mutating func dynamic() throws(Failure) {
        let literalCount = try bits(5) + 257
        let distanceCount = try bits(5) + 1
        let codeLengthCount = try bits(4) + 4
        guard literalCount <= 286, distanceCount <= 30 else { throw .malformed }

        var codeLengths = [Int](repeating: 0, count: 19)
        for position in Self.codeLengthOrder.prefix(codeLengthCount) {
            codeLengths[position] = try bits(3)
        }
        let codeLengthCode = Huffman(lengths: codeLengths[...])
        guard codeLengthCode.left == 0 else { throw .malformed }

        let total = literalCount + distanceCount
        var lengths: [Int] = []
        lengths.reserveCapacity(total)
        while lengths.count < total {
            let symbol = try decode(codeLengthCode)
            if symbol < 16 {
                lengths.append(symbol)
                continue
            }
            let (repeated, times): (Int, Int)
            switch symbol {
            case 16:
                guard let previous = lengths.last else { throw .malformed }
                (repeated, times) = try (previous, 3 + bits(2))
            case 17: (repeated, times) = try (0, 3 + bits(3))
            default: (repeated, times) = try (0, 11 + bits(7))
            }
            guard lengths.count + times <= total else { throw .malformed }
            lengths += repeatElement(repeated, count: times)
        }
        guard lengths[256] != 0 else { throw .malformed }

        let literals = Huffman(lengths: lengths[..<literalCount])
        let distances = Huffman(lengths: lengths[literalCount...])
        guard literals.isUsable(symbolCount: literalCount), distances.isUsable(symbolCount: distanceCount) else {
            throw .malformed
        }
        try codes(literals: literals, distances: distances)
    }
}
