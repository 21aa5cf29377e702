import Foundation
import Testing

@testable import TrellisCore

extension ResourcesTests {
    @Suite("Inflate")
    struct InflateTests {
        static let short = "Equity walks in March: how might we listen to families?"
        /// The same text as Python's `"".join(f"Line {i}: how might we listen to families, students and
        /// teachers at school {i % 7}?\n" for i in range(400))`.
        static let sample = (0..<400).map {
            "Line \($0): how might we listen to families, students and teachers at school \($0 % 7)?\n"
        }.joined()

        /// `zlib.compress(text.encode(), level)` from Python 3: level 0 writes a stored block, the
        /// short text at levels 1 and 9 a fixed Huffman block, the long text a dynamic one.
        static let fixtures: [(name: String, base64: String, text: String)] = [
            (
                "stored (level 0)",
                "eAEBNwDI/0VxdWl0eSB3YWxrcyBpbiBNYXJjaDogaG93IG1pZ2h0IHdlIGxpc3RlbiB0byBmYW1pbGllcz8vIRP+", short
            ),
            (
                "fixed Huffman (level 1)",
                "eAFzLSzNLKlUKE/MyS5WyMxT8E0sSs6wUsjIL1fIzUzPKFEoT1XIySwuSc1TKMlXSEvMzczJTC22BwAvIRP+", short
            ),
            (
                "fixed Huffman (level 9)",
                "eNpzLSzNLKlUKE/MyS5WyMxT8E0sSs6wUsjIL1fIzUzPKFEoT1XIySwuSc1TKMlXSEvMzczJTC22BwAvIRP+", short
            ),
            (
                "dynamic Huffman (level 9)",
                "eNqt3UtupccNgNF5VnEXkMFPsqrIyiQb8CYatpwW0O4G0jK8/cSAlnCGmtTogx5HJO8v79/fXs+/Xl9//PX64/0/Xz9ef729vr3//Hj7/vr48fr9yx/v397ffv7z9fPjz9/evn/8fH35/tvr4+3Lr1/f/vv/Lz5eP3/9+uPHt9fz73/88vdbAd6Kz7cSvJWfbxV4qz7fWuCt9fnWBm/tz7cOeOt8vtWwiYFNXNhEPDCKCFhFJMwiCnYRS36z2LCMODKNlmmMTOPCNPKBaWTANDLlD5KCaeSCaeSGaeSRabRMY2QaF6ZRj/wlI2AalTCNKphGLZhGbZhGHZlGyzRGpnFhGuuBaayAaayEaayCaawF01hb/m1yZBot0xiZxoVp7AemsQOmsROmsUv+3bpgGnvDNPaRabRMY2QaF6ZxHpjGCWkaCdM4BdM4C6ZxNkzjHJlGyzRGpnGld0kEbamgLRm0pYO2hNCWEtqUQqWFtsTQlho6UkNHauhIDR2poSM1dKSGjtTQkRo6UkNHauiVGnqlhl6poVdq6JUaeqWGXqmhV2rolRp6pYbG89D/r0kPjUeCaDxSROORJBqPNNF4Di2kaSFDC5EuGiFhNELKaISk0QhpoxESRyM2/Sf9oYU0LWRoIVJIIyWRRkojjZRIGll0jkMyaaR00shDC2layNBCpJVGSSyNCjrqI7k0SnpplATTKCmmUYcW0rSQoYVcOg1GZ0eXdNNYEk5jSTmNJek0lrTTWIcW0rSQoYXQadJNx0k3nSfddKB004nSbUdK6UzppkOlm06VbjpWuqWkxpGUGkdaapykU8dSU+NITo0jPTXOoYU0LWRoIdRUm5pqU1NtaqpNTbWpqTY11aam2tRUm5pqU1MdaqpDTXWoqQ411aGmOtRUh5rqUFMdaqpDTfVSU73UVC811UtN9VJTvdRULzXVS031UlO90lTzkaaaT9AdOWmq+UhTzUeaaj7SVPM5tJCmhQwt5NI1SmmqGXQjP6SpZkhTzZCmmiFNNePQQpoWMrQQaaqZ0lQzpalmSlPNlKaauegutjTVzEMLaVrI0ELorn7RZf2i2/pl1/Xpvn7Rhf2iG/tFV/aL7uwXXdovaaq5HnrRQZpqLmmquaSp5pKmmkuaaq5DC2layNBCpKnmlqaaW5pqbmmquaWp5pammnvTszCHFtK0kKGFSFPNI001jzTVPNJU8xS9HCRNNY801TyHFtK0kKGFUFNtaqpNTbWpqTY11aam2tRUm5pqU1NtaqpNTXWoqQ411aGmOtRUh5rqUFMdaqpDTXWoqQ411UtN9VJTvdRULzXVS031UlO91FQvNdVLTfVKU61Hmmo90lTrSXrnUppqPdJU65GmWs+hhTQtZGgh9BJq2FOo9BZq0GOoQa+hBj2HGvQeatCDqEEvogY9iRrSVCulqVZKU62UplopTbVSmmrlpveUDy2kaSFDC5GmWiVNtUqaapU01aqiJ7elqVZJU606tJCmhQwtRJpqLWmqtYJeZZemWkuaai1pqrWkqdY6tJCmhQwt5NLD/dJUa0tTrU0/O2pLU60tTbW2NNXahxbStJChhUhTrSNNtY401TrSVOtIU62z6Kd/SFOtc2ghTQsZWgg11aam2tRUm5pqU1NtaqpNTbWpqTY11aam2tRUh5rqUFMdaqpDTXWoqQ411aGmOvZTpqipDjXVS031UlO91FQvNdVLTfVSU73UVC811UtN9SJT/R+btRhc",
                sample
            ),
        ]

        @Test("Python's zlib output at each level", arguments: fixtures.indices)
        func pythonFixtures(_ index: Int) throws {
            let fixture = Self.fixtures[index]
            let bytes = try #require(Data(base64Encoded: fixture.base64)).map { $0 }

            // MUT
            let output = try #require(Inflate.zlib(bytes, limit: 1 << 20), "\(fixture.name)")

            // validation
            #expect(String(decoding: output, as: UTF8.self) == fixture.text, "\(fixture.name)")
            #expect(Inflate.zlib(bytes, limit: fixture.text.utf8.count)?.count == fixture.text.utf8.count)
            #expect(Inflate.zlib(bytes, limit: fixture.text.utf8.count - 1) == nil, "over the limit")
        }

        @Test("several stored blocks, as a writer makes for data over 64 KB")
        func storedBlocks() throws {
            let text = Array((0..<70_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
            var bytes: [UInt8] = [0x78, 0x01]
            for (start, isLast) in [(0, false), (65_535, true)] {
                let block = text[start..<min(start + 65_535, text.count)]
                let length = UInt16(block.count)
                bytes += [
                    isLast ? 1 : 0, UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF),
                    UInt8(~length >> 8),
                ]
                bytes += block
            }
            bytes += Self.bigEndian(Inflate.adler32(text))

            #expect(Inflate.zlib(bytes, limit: 1 << 20) == text)
        }

        @Test(
            "malformed streams give nil",
            arguments: [
                ("no bytes", []),
                ("one byte", [0x78]),
                ("not deflate", [0x79, 0x9C, 0x03, 0x00]),
                ("header check fails", [0x78, 0x9D, 0x03, 0x00, 0, 0, 0, 1]),
                ("preset dictionary", [0x78, 0xBB, 0, 0, 0, 0, 0x03, 0x00]),
                ("reserved block type", [0x78, 0x01, 0x07, 0, 0, 0, 0]),
                ("stored length and complement disagree", [0x78, 0x01, 0x01, 0x05, 0x00, 0x00, 0x00, 1, 2, 3, 4, 5]),
                ("stored block cut short", [0x78, 0x01, 0x01, 0x05, 0x00, 0xFA, 0xFF, 1, 2]),
                ("empty fixed block without checksum", [0x78, 0x01, 0x03, 0x00]),
                ("empty fixed block with a wrong checksum", [0x78, 0x01, 0x03, 0x00, 0, 0, 0, 2]),
                ("a copy from before the start", fixedBlock(literals: [], copies: [(length: 3, distanceCode: 0)])),
                (
                    "a copy further back than the output",
                    fixedBlock(literals: [65], copies: [(length: 3, distanceCode: 1)])
                ),
            ] as [(String, [UInt8])])
        func malformed(_ name: String, bytes: [UInt8]) {
            #expect(Inflate.zlib(bytes, limit: 1 << 20) == nil, "\(name)")
        }

        @Test("an empty fixed block with its checksum is the empty output")
        func emptyStream() {
            #expect(Inflate.zlib([0x78, 0x01, 0x03, 0x00, 0, 0, 0, 1], limit: 0) == [])
        }

        @Test("a hand-written copy of one byte, and a bomb stopped at the limit")
        func copies() {
            let bytes = Self.fixedBlock(
                literals: [65], copies: [(length: 258, distanceCode: 0)], output: [UInt8](repeating: 65, count: 259))
            #expect(Inflate.zlib(bytes, limit: 1000) == [UInt8](repeating: 65, count: 259))

            let bomb = Self.fixedBlock(literals: [0], copies: Array(repeating: (258, 0), count: 5000))
            #expect(Inflate.zlib(bomb, limit: 1_000_000) == nil)
            #expect(Inflate.zlibPrefix(bomb, limit: 1_000_000).count <= 1_000_000)
        }

        @Test("cut-off, corrupted and random input never crashes")
        func hostile() throws {
            let bytes = try #require(Data(base64Encoded: Self.fixtures[3].base64)).map { $0 }
            for length in stride(from: 0, to: bytes.count, by: 7) {
                #expect(Inflate.zlib(Array(bytes.prefix(length)), limit: 1 << 20) == nil)
            }
            var generator = SplitMix(seed: 42)
            for _ in 0..<300 {
                var corrupted = bytes
                corrupted[Int(generator.next() % UInt64(bytes.count - 6)) + 2] ^= UInt8(generator.next() % 255 + 1)
                _ = Inflate.zlib(corrupted, limit: 1 << 20)
                _ = Inflate.zlibPrefix(corrupted, limit: 1 << 20)
                let random =
                    [0x78, 0x9C] + (0..<Int(generator.next() % 400)).map { _ in UInt8(generator.next() & 0xFF) }
                _ = Inflate.zlib(random, limit: 1 << 16)
            }
        }

        static func bigEndian(_ value: UInt32) -> [UInt8] {
            [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: value >> $0) }
        }

        /// A zlib stream of one fixed-Huffman block: the literals, then the copies (length 3…10 or
        /// 258, distance code 0 = 1 back, 1 = 2 back), then the end code, then the checksum of `output`.
        static func fixedBlock(
            literals: [UInt8], copies: [(length: Int, distanceCode: Int)] = [], output: [UInt8] = []
        ) -> [UInt8] {
            var writer = BitWriter()
            writer.bits(1, count: 1)
            writer.bits(1, count: 2)
            for literal in literals {
                if literal < 144 {
                    writer.code(0x30 + Int(literal), length: 8)
                } else {
                    writer.code(0x190 + Int(literal) - 144, length: 9)
                }
            }
            for copy in copies {
                precondition(copy.length == 258 || (3...10).contains(copy.length))
                if copy.length == 258 {
                    writer.code(0xC0 + 5, length: 8)
                } else {
                    writer.code(copy.length - 2, length: 7)
                }
                writer.code(copy.distanceCode, length: 5)
            }
            writer.code(0, length: 7)
            return [0x78, 0x01] + writer.bytes + bigEndian(Inflate.adler32(output))
        }
    }

    /// Bits packed as DEFLATE packs them: values from their lowest bit, Huffman codes from their highest.
    struct BitWriter {
        var bytes: [UInt8] = []
        private var used = 8

        mutating func bits(_ value: Int, count: Int) {
            for shift in 0..<count { bit((value >> shift) & 1) }
        }

        mutating func code(_ code: Int, length: Int) {
            for shift in (0..<length).reversed() { bit((code >> shift) & 1) }
        }

        private mutating func bit(_ bit: Int) {
            if used == 8 {
                bytes.append(0)
                used = 0
            }
            bytes[bytes.count - 1] |= UInt8(bit) << used
            used += 1
        }
    }

    /// A small seeded generator, so a failure can be run again.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64

        init(seed: UInt64) {
            state = seed
        }

        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
