import Foundation
import Testing

@testable import TrellisCore

extension ResourcesTests {
    @Suite("Upload kinds")
    struct UploadKindTests {
        static let pdf = Array("%PDF-1.7\n%\u{e2}\n1 0 obj".utf8)
        static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]
        static let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 0x4A, 0x46]
        static let docx = zip(["[Content_Types].xml", "_rels/.rels", "word/document.xml"])
        static let pptx = zip(["[Content_Types].xml", "ppt/presentation.xml"])
        static let xlsx = zip(["xl/workbook.xml", "[Content_Types].xml"])
        static let plainZip = zip(["notes.txt"])

        /// A DOCX written by Python's zipfile, deflated, sizes in the headers.
        static let pythonDOCX = Array(
            Data(
                base64Encoded:
                    "UEsDBBQAAAAIAGoohl3muHRrXAAAAGIAAAATAAAAW0NvbnRlbnRfVHlwZXNdLnhtbBXMTQqAIBBA4auE+xxr0SJKL9EFRKYfylGcIer22fLxwZvcE6/mxsJHoll12ihnp+XNyE0V4lntInkE4LBj9KxTRqqyphK91CwbZB9OvyH0xgwQEgmStPI/FNgPUEsDBBQAAAAIAGoohl2IHiThawAAAH4AAAARAAAAd29yZC9kb2N1bWVudC54bWxFzEEOwiAQQNGrNByggy5cEErPgoAtSWeGMCh6+9KVy5+XfLt+8Zg+qUpmWtRt1mp1tpvI4Y2J2jSYxPRF7a0VAyBhT+hl5pJo2Isr+jaybtC5xlI5JJFMGx5w1/oB6DOpa/nk+ANn4T93J1BLAQIUAxQAAAAIAGoohl3muHRrXAAAAGIAAAATAAAAAAAAAAAAAACAAQAAAABbQ29udGVudF9UeXBlc10ueG1sUEsBAhQDFAAAAAgAaiiGXYgeJOFrAAAAfgAAABEAAAAAAAAAAAAAAIABjQAAAHdvcmQvZG9jdW1lbnQueG1sUEsFBgAAAAACAAIAgAAAACcBAAAAAA=="
            )!)
        /// The same written to a pipe: each entry's sizes follow its data (flag bit 3), so the headers say 0.
        static let streamedDOCX = Array(
            Data(
                base64Encoded:
                    "UEsDBBQACAAIAGoohl0AAAAAAAAAAAAAAAATAAAAW0NvbnRlbnRfVHlwZXNdLnhtbBXMTQqAIBBA4auE+xxr0SJKL9EFRKYfylGcIer22fLxwZvcE6/mxsJHoll12ihnp+XNyE0V4lntInkE4LBj9KxTRqqyphK91CwbZB9OvyH0xgwQEgmStPI/FNgPUEsHCOa4dGtcAAAAYgAAAFBLAwQUAAgACABqKIZdAAAAAAAAAAAAAAAAEQAAAHdvcmQvZG9jdW1lbnQueG1sRcxBDsIgEEDRqzQcoIMuXBBKz4KALUlnhjAoevvSlcufl3y7fvGYPqlKZlrUbdZqdbabyOGNido0mMT0Re2tFQMgYU/oZeaSaNiLK/o2sm7QucZSOSSRTBsecNf6AegzqWv55PgDZ+E/dydQSwcIiB4k4WsAAAB+AAAAUEsBAhQDFAAIAAgAaiiGXea4dGtcAAAAYgAAABMAAAAAAAAAAAAAAIABAAAAAFtDb250ZW50X1R5cGVzXS54bWxQSwECFAMUAAgACABqKIZdiB4k4WsAAAB+AAAAEQAAAAAAAAAAAAAAgAGdAAAAd29yZC9kb2N1bWVudC54bWxQSwUGAAAAAAIAAgCAAAAARwEAAAAA"
            )!)

        /// A stored ZIP of empty-ish entries, local headers with their sizes, then a central directory stub.
        static func zip(_ names: [String]) -> [UInt8] {
            var bytes: [UInt8] = []
            func number(_ value: Int, _ size: Int) {
                bytes += (0..<size).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
            }
            for name in names {
                let data = Array("<x/>".utf8)
                bytes += [0x50, 0x4B, 0x03, 0x04]
                number(20, 2)
                number(0, 2)
                number(0, 2)
                number(0, 4)
                number(0, 4)
                number(data.count, 4)
                number(data.count, 4)
                number(name.utf8.count, 2)
                number(0, 2)
                bytes += Array(name.utf8) + data
            }
            return bytes + [0x50, 0x4B, 0x01, 0x02]
        }

        @Test(
            "files whose extension and contents agree",
            arguments: [
                ("report.pdf", pdf, UploadKind.pdf), ("REPORT.PDF", pdf, .pdf), ("chart.png", png, .png),
                ("photo.jpg", jpeg, .jpeg), ("photo.JPEG", jpeg, .jpeg), ("plan.docx", docx, .docx),
                ("deck.pptx", pptx, .pptx), ("budget.xlsx", xlsx, .xlsx), ("python.docx", pythonDOCX, .docx),
                ("streamed.docx", streamedDOCX, .docx), ("C:\\Users\\pat\\plan.docx", docx, .docx),
            ])
        func identified(_ name: String, bytes: [UInt8], kind: UploadKind) throws {
            #expect(try UploadKind.identify(fileName: name, bytes: bytes) == kind)
        }

        @Test(
            "files refused, naming the file",
            arguments: [
                ("notes.exe", pdf, "notes.exe: only PDF, DOCX, PPTX, XLSX, PNG and JPEG files can be uploaded"),
                ("noextension", pdf, "noextension: only PDF, DOCX, PPTX, XLSX, PNG and JPEG files can be uploaded"),
                (
                    "report.pdf.exe", pdf,
                    "report.pdf.exe: only PDF, DOCX, PPTX, XLSX, PNG and JPEG files can be uploaded"
                ),
                ("report.pdf", png, "report.pdf: the file's contents are not a PDF"),
                ("chart.png", jpeg, "chart.png: the file's contents are not a PNG image"),
                ("photo.jpg", Array("GIF89a".utf8), "photo.jpg: the file's contents are not a JPEG image"),
                ("plan.docx", pptx, "plan.docx: the file's contents are not a Word document (DOCX)"),
                ("deck.pptx", docx, "deck.pptx: the file's contents are not a PowerPoint presentation (PPTX)"),
                ("budget.xlsx", plainZip, "budget.xlsx: the file's contents are not an Excel workbook (XLSX)"),
                (
                    "budget.xlsx", zip(["xl/workbook.xml"]),
                    "budget.xlsx: the file's contents are not an Excel workbook (XLSX)"
                ),
                ("plan.docx", pdf, "plan.docx: the file's contents are not a Word document (DOCX)"),
                ("empty.pdf", [], "empty.pdf: the file is empty"),
                ("../../etc/\u{0}evil\".pdf", [], "evil.pdf: the file is empty"),
            ] as [(String, [UInt8], String)])
        func refused(_ name: String, bytes: [UInt8], message: String) {
            #expect(throws: UploadProblem(message: message)) {
                try UploadKind.identify(fileName: name, bytes: bytes)
            }
        }

        @Test("the size is checked first, from the byte count")
        func tooBig() throws {
            let bytes = [UInt8](repeating: 0, count: 26_530_000)
            #expect(throws: UploadProblem(message: "big.pdf: the file is 25.3 MB; at most 20 MB can be uploaded")) {
                try UploadKind.identify(fileName: "big.pdf", bytes: bytes)
            }
            let atLimit = Self.pdf + [UInt8](repeating: 0x20, count: UploadKind.maxBytes - Self.pdf.count)
            #expect(try UploadKind.identify(fileName: "big.pdf", bytes: atLimit) == .pdf)
        }

        @Test("a cut-off or hostile ZIP never crashes and is not an Office file")
        func truncatedZip() {
            for bytes in [Self.pythonDOCX, Self.streamedDOCX, Self.docx] {
                for length in 0..<bytes.count - 20 {
                    _ = try? UploadKind.identify(fileName: "x.docx", bytes: Array(bytes.prefix(length)))
                }
            }
            var huge = Self.zip(["[Content_Types].xml"])
            huge[26] = 0xFF
            huge[27] = 0xFF
            #expect(UploadKind.zipEntryNames(huge) == [])
            #expect(UploadKind.zipEntryNames(Self.streamedDOCX) == ["[Content_Types].xml", "word/document.xml"])
        }

        @Test("content types and extensions")
        func contentTypes() {
            #expect(
                UploadKind.allCases.map(\.contentType) == [
                    "application/pdf",
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    "image/png",
                    "image/jpeg",
                ])
            #expect(
                UploadKind.allCases.map(\.fileExtensions) == [
                    ["pdf"], ["docx"], ["pptx"], ["xlsx"], ["png"], ["jpg", "jpeg"],
                ])
        }

        @Test(
            "safe file names",
            arguments: [
                ("report.pdf", "report.pdf"),
                ("/home/pat/report.pdf", "report.pdf"),
                ("C:\\Users\\pat\\report.pdf", "report.pdf"),
                ("folder/", "folder"),
                ("  spaced name .pdf  ", "spaced name .pdf"),
                ("quote\"d.pdf", "quoted.pdf"),
                ("tab\tnew\nline\u{7F}.pdf", "tabnewline.pdf"),
                ("invoice\u{202E}fdp.exe", "invoicefdp.exe"),
                ("Écoles 🌱 notes.docx", "Écoles 🌱 notes.docx"),
                ("", "file"),
                ("///", "file"),
                ("..", "file"),
                ("\"\u{1}\"", "file"),
                (String(repeating: "a", count: 130) + ".pdf", String(repeating: "a", count: 116) + ".pdf"),
                (String(repeating: "b", count: 125), String(repeating: "b", count: 120)),
            ])
        func safeFileNames(_ name: String, safe: String) {
            #expect(UploadKind.safeFileName(name) == safe)
        }
    }
}
