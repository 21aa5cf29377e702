import Fluent
import Foundation
import SQLKit
import Testing
import TrellisCore
import Vapor
import VaporTesting

@testable import TrellisServer

/// A browser's multipart form: fields, and files as (field, file name, content type, bytes).
struct MultipartForm {
    var fields: [(String, String)] = []
    var files: [(field: String, name: String, type: String, bytes: [UInt8])] = []

    func encoded() -> (ByteBuffer, HTTPMediaType) {
        let boundary = "trellis-library-boundary"
        var body = ByteBuffer()
        for (name, value) in fields {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
        }
        for file in files {
            body.writeString(
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.field)\"; filename=\"\(file.name)\"\r\nContent-Type: \(file.type)\r\n\r\n"
            )
            body.writeBytes(file.bytes)
            body.writeString("\r\n")
        }
        body.writeString("--\(boundary)--\r\n")
        return (body, HTTPMediaType(type: "multipart", subType: "form-data", parameters: ["boundary": boundary]))
    }
}

extension Application {
    func send(
        _ form: MultipartForm, to path: String, as session: BrowserSession,
        _ check: (TestingHTTPResponse) async throws -> Void
    ) async throws {
        var form = form
        form.fields.append(("csrf", session.csrf))
        try await testing().test(
            .POST, path,
            beforeRequest: { request in
                request.headers = session.headers
                let (body, type) = form.encoded()
                request.body = body
                request.headers.contentType = type
            }, afterResponse: check)
    }
}

/// A small PDF whose page says `text`, its content stream compressed or not.
func samplePDF(_ text: String) -> [UInt8] {
    let content = "BT /F1 12 Tf 72 700 Td (\(text)) Tj ET"
    let pdf = """
        %PDF-1.4
        1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
        2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj
        3 0 obj << /Type /Page /Parent 2 0 R /Contents 4 0 R >> endobj
        4 0 obj << /Length \(content.utf8.count) >>
        stream
        \(content)
        endstream
        endobj
        trailer << /Root 1 0 R >>
        %%EOF
        """
    return Array(pdf.utf8)
}

@Suite("Library: resources the district curates and leaders suggest, searched on either database")
struct LibraryTests {
    static func addTraits(_ fixture: Fixture, app: Application) async throws {
        for side in [fixture.own, fixture.other] {
            try await LibraryService.addDefaultTraits(districtID: side.districtID, on: app.db)
        }
    }

    static func resourceID(titled title: String, app: Application) async throws -> UUID {
        try #require(try await LibraryResource.query(on: app.db).filter(\.$title == title).first()).requireID()
    }

    @Test("staff add, a leader suggests, a facilitator accepts and retires; nobody else sees what they may not")
    func lifecycle() async throws {
        try await withTrellis { app, _ in
            // setup
            let fixture = try await Fixture.make(app)
            try await Self.addTraits(fixture, app: app)
            let facilitator = try await app.signIn("facilitator@own.example")
            let leader = try await app.signIn("leader@own.example")
            let peer = try await app.signIn("peer@own.example")
            let stranger = try await app.signIn("facilitator@other.example")
            let mastery = try #require(
                try await DeeperLearningTrait.query(on: app.db).filter(\.$district.$id == fixture.own.districtID)
                    .filter(\.$name == "Mastery").first()
            ).requireID()

            // MUT: bad input names the field and keeps what was typed
            var bad = MultipartForm()
            bad.fields = [
                ("title", "Listening <b>circles</b>"), ("kind", "protocol"), ("url", "javascript:alert(1)"),
                ("minutes", "ninety"),
            ]
            try await app.send(bad, to: SiteURL.newResource.relativeURL, as: facilitator) { response in
                #expect(response.status == .unprocessableEntity)
                #expect(response.text.contains("Link: a link must start with http:// or https://"))
                #expect(response.text.contains("Minutes to use:"))
                #expect(response.text.contains("Listening &lt;b&gt;circles&lt;/b&gt;"))
            }
            #expect(try await LibraryResource.query(on: app.db).count() == 0)

            // MUT: a facilitator adds a link with tags
            var good = MultipartForm()
            good.fields = [
                ("title", "Listening circles with families"), ("kind", "protocol"),
                ("url", "https://example.org/circles"), ("summary", "Eight to twelve *families*, a talking piece."),
                ("minutes", "90"), ("buckets[]", "skills"), ("challenges[]", "generative-listening"),
                ("traits[]", mastery.uuidString.lowercased()), ("keywords", "Families, circles"),
            ]
            try await app.send(good, to: SiteURL.newResource.relativeURL, as: facilitator) {
                #expect($0.status == .seeOther)
            }
            let circles = try await Self.resourceID(titled: "Listening circles with families", app: app)
            let page = SiteURL.resource(.value(circles)).relativeURL

            // validation: everyone in the district reads it, with its tags and safe summary; another district cannot
            try await app.page(page, as: leader) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("<em>families</em>"))
                #expect(response.shows("Time for generative listening with our community"))
                #expect(response.text.contains("Mastery"))
                #expect(response.text.contains("families, circles"))
                #expect(!response.text.contains(">Edit<"))
            }
            try await app.page(page, as: stranger) { #expect($0.status == .notFound) }

            // MUT: a leader suggests one
            var suggestion = MultipartForm()
            suggestion.fields = [
                ("title", "A principal's equity journal"), ("kind", "example"), ("summary", "One paragraph a week."),
            ]
            try await app.send(suggestion, to: SiteURL.newResource.relativeURL, as: leader) {
                #expect($0.status == .seeOther)
            }
            let journal = try await Self.resourceID(titled: "A principal's equity journal", app: app)
            let journalPage = SiteURL.resource(.value(journal)).relativeURL

            // validation: the suggester and staff see it, marked; another leader does not, in search or by address
            try await app.page(journalPage, as: leader) { #expect($0.text.contains("Suggested by a member")) }
            try await app.page(journalPage, as: peer) { #expect($0.status == .notFound) }
            try await app.page(SiteURL.library.relativeURL, as: peer) { response in
                #expect(response.text.contains("Listening circles with families"))
                #expect(!response.text.contains("equity journal"))
            }
            try await app.page(SiteURL.library.relativeURL, as: facilitator) { response in
                #expect(response.text.contains("equity journal"))
                #expect(response.text.contains("Suggested by a member"))
            }
            // a leader may not accept it, nor edit what is in the library
            try await app.submit(
                SiteURL.resourceStep(.value(journal), .state).relativeURL, ["state": "listed"], as: leader
            ) { #expect($0.status == .forbidden) }
            try await app.page(SiteURL.resourceStep(.value(circles), .edit).relativeURL, as: leader) {
                #expect($0.status == .forbidden)
            }

            // MUT: the facilitator accepts it, then retires the first
            try await app.submit(
                SiteURL.resourceStep(.value(journal), .state).relativeURL, ["state": "listed"], as: facilitator
            ) { #expect($0.status == .seeOther) }
            try await app.submit(
                SiteURL.resourceStep(.value(circles), .state).relativeURL, ["state": "retired"], as: facilitator
            ) { #expect($0.status == .seeOther) }

            // validation
            try await app.page(journalPage, as: peer) { response in
                #expect(response.status == .ok)
                #expect(!response.text.contains("Suggested by a member"))
            }
            try await app.page(page, as: leader) { #expect($0.status == .notFound) }
            try await app.page(SiteURL.library.relativeURL + "?show=retired", as: facilitator) { response in
                #expect(response.text.contains("Listening circles with families"))
                #expect(!response.text.contains("equity journal"))
            }
        }
    }

    @Test("an upload is checked by its content, served as an attachment, and its PDF text is searched")
    func uploads() async throws {
        try await withTrellis { app, database in
            // setup
            let fixture = try await Fixture.make(app)
            try await Self.addTraits(fixture, app: app)
            let facilitator = try await app.signIn("facilitator@own.example")
            let leader = try await app.signIn("leader@own.example")
            let stranger = try await app.signIn("leader@other.example")
            func upload(_ name: String, _ bytes: [UInt8], title: String = "Restorative circles") -> MultipartForm {
                var form = MultipartForm()
                form.fields = [("title", title), ("kind", "reading")]
                form.files = [("file", name, "application/octet-stream", bytes)]
                return form
            }

            // MUT: refused uploads say why and store nothing
            let page = Array("<html><script>alert(1)</script></html>".utf8)
            try await app.send(upload("notes.pdf", page), to: SiteURL.newResource.relativeURL, as: facilitator) {
                response in
                #expect(response.status == .unprocessableEntity)
                #expect(
                    response.text.contains("notes.pdf: the file&#39;s contents are not a PDF")
                        || response.text.contains("notes.pdf: the file's contents are not a PDF"))
                #expect(response.text.contains("Restorative circles"))
            }
            try await app.send(upload("run.exe", [0x4D, 0x5A]), to: SiteURL.newResource.relativeURL, as: facilitator) {
                response in
                #expect(response.status == .unprocessableEntity)
                #expect(
                    response.text.contains("run.exe: only PDF, DOCX, PPTX, XLSX, PNG and JPEG files can be uploaded"))
            }
            #expect(try await LibraryResource.query(on: app.db).count() == 0)

            // MUT: a real PDF
            let pdf = samplePDF("Restorative conversations in the cafeteria after lunch")
            try await app.send(upload("Cafeteria guide.pdf", pdf), to: SiteURL.newResource.relativeURL, as: facilitator)
            {
                #expect($0.status == .seeOther)
            }
            let id = try await Self.resourceID(titled: "Restorative circles", app: app)

            // validation: a download under its own name, never inline, only in its district
            try await app.page(SiteURL.resourceStep(.value(id), .file).relativeURL, as: leader) { response in
                #expect(response.status == .ok)
                #expect(response.headers.first(name: .contentType) == "application/pdf")
                #expect(
                    response.headers.first(name: .contentDisposition)?.hasPrefix(
                        "attachment; filename=\"Cafeteria guide.pdf\"") == true)
                #expect(response.headers.first(name: "X-Content-Type-Options") == "nosniff")
                #expect(Array(response.body.readableBytesView) == pdf)
            }
            try await app.page(SiteURL.resourceStep(.value(id), .file).relativeURL, as: stranger) {
                #expect($0.status == .notFound)
            }
            // a word only in the PDF finds it: by a prefix on SQLite, by a stemmed word on PostgreSQL
            let word = if case .postgres = database { "conversation" } else { "cafet" }
            try await app.page(SiteURL.library.relativeURL + "?q=\(word)", as: leader) { response in
                #expect(response.text.contains("Restorative circles"))
                #expect(response.text.contains("The words were found in its file."))
            }
            try await app.page(SiteURL.library.relativeURL + "?q=cafeteria", as: stranger) { response in
                #expect(!response.text.contains("Restorative circles"))
            }
        }
    }

    @Test("search ranks titles first, marks the words found, and filters by kind, bucket, challenge, trait and time")
    func search() async throws {
        try await withTrellis { app, database in
            // setup: the demo library's thirty resources in the own district
            let fixture = try await Fixture.make(app)
            try await Self.addTraits(fixture, app: app)
            let traits = try await DeeperLearningTrait.query(on: app.db).filter(
                \.$district.$id == fixture.own.districtID
            )
            .all()
            let rows = try LibraryCSV.parse(
                DemoLibrary.csv, file: "demo.csv",
                challenges: Dictionary(uniqueKeysWithValues: StandardChallenges.all.map { ($0.key, $0.key) }),
                traits: traits.map(\.name))
            _ = try await LibraryService.importRows(
                rows, districtID: fixture.own.districtID, addedBy: fixture.own.facilitator, traits: traits, on: app.db)
            let leader = try await app.signIn("leader@own.example")
            func titles(_ query: String) async throws -> [String] {
                var found: [String] = []
                try await app.page(SiteURL.library.relativeURL + query, as: leader) { response in
                    #expect(response.status == .ok)
                    found = response.text.components(separatedBy: "<h3><a href=\"/library/").dropFirst().map {
                        String($0.split(separator: ">", maxSplits: 1)[1].prefix { $0 != "\n" })
                            .replacingOccurrences(of: "<mark>", with: "").replacingOccurrences(of: "</mark>", with: "")
                            .components(separatedBy: "</a>")[0]
                    }
                }
                return found
            }

            // MUT + validation: a word in a title ranks that resource first, and is marked
            let budget = try await titles("?q=budgeting")
            #expect(budget.first == "Budgeting for equity: following the money", "\(database): \(budget)")
            try await app.page(SiteURL.library.relativeURL + "?q=budgeting", as: leader) {
                #expect($0.text.contains("<mark>Budgeting</mark>"))
            }
            // filters narrow
            let videos = try await titles("?kind=video")
            #expect(Set(videos) == ["Home visits that build trust", "Restorative conversations after harm"])
            let short = try await titles("?q=families&minutes=15")
            #expect(!short.isEmpty)
            #expect(!short.contains("Listening circles with families"))
            let mastery = try #require(traits.first { $0.name == "Creativity" }?.id)
            let creative = try await titles("?trait=\(mastery.uuidString.lowercased())&bucket=knowledge")
            #expect(
                Set(creative) == [
                    "How might we questions: a quick guide", "Deeper learning: what it looks like in classrooms",
                ])
            let biased = try await titles("?challenge=biased-language&kind=reading")
            #expect(biased.contains("Interrupting biased language in the moment"))
            #expect(biased.allSatisfy { !$0.isEmpty })
            // what a person types never breaks the search
            for hostile in ["%22NEAR(", "*", "-", "%27%3B+DROP+TABLE+resources%3B--", "AND+OR+NOT"] {
                _ = try await titles("?q=\(hostile)")
            }
            #expect(try await LibraryResource.query(on: app.db).count() == 30)
        }
    }

    @Test("past fifty matches, the best-ranked still come first, and a filter still finds the lowest-ranked")
    func manyMatches() async throws {
        try await withTrellis { app, _ in
            // setup: 60 resources with the word only in their summary (3 of them videos), 10 with it in the title
            let fixture = try await Fixture.make(app)
            var rows: [LibraryCSV.Row] = []
            for n in 1...70 {
                let inTitle = n > 60
                rows.append(
                    .init(
                        line: n + 1, title: inTitle ? "Walk \(n)" : "Resource \(n)", kind: n <= 3 ? .video : .reading,
                        url: nil, summary: inTitle ? "A short guide." : "A guide with one walk in it and more words.",
                        minutes: nil, buckets: [], challenges: [], traits: [], keywords: []))
            }
            _ = try await LibraryService.importRows(
                rows, districtID: fixture.own.districtID, addedBy: nil, traits: [], on: app.db)
            try await LibraryService.settle(on: app.db)
            let leader = try await app.signIn("leader@own.example")

            // MUT + validation
            try await app.page(SiteURL.library.relativeURL + "?q=walk", as: leader) { response in
                let titles = response.text.components(separatedBy: "<h3><a href=\"/library/").dropFirst().map {
                    $0.split(separator: ">", maxSplits: 1)[1].components(separatedBy: "</a>")[0]
                        .replacingOccurrences(of: "<mark>", with: "").replacingOccurrences(of: "</mark>", with: "")
                }
                #expect(titles.count == 50)
                #expect(Set(titles.prefix(10)) == Set((61...70).map { "Walk \($0)" }))
                #expect(response.text.contains("Showing the first 50"))
            }
            try await app.page(SiteURL.library.relativeURL + "?q=walk&kind=video", as: leader) { response in
                for n in 1...3 { #expect(response.text.contains("Resource \(n)<")) }
                #expect(response.text.contains("3 resources"))
            }
        }
    }

    @Test("a CSV import is all or nothing, updates by title, and exports what it imported")
    func csv() async throws {
        try await withTrellis { app, _ in
            // setup
            let fixture = try await Fixture.make(app)
            try await Self.addTraits(fixture, app: app)
            let admin = try await app.signIn("admin@own.example")
            func importing(_ text: String, _ check: (TestingHTTPResponse) async throws -> Void) async throws {
                var form = MultipartForm()
                form.files = [("file", "library.csv", "text/csv", Array(text.utf8))]
                try await app.send(form, to: SiteURL.libraryImport.relativeURL, as: admin, check)
            }
            let header = LibraryCSV.header.joined(separator: ",")

            // MUT: one bad row among good ones
            try await importing(
                """
                \(header)
                Trust facets,reading,https://example.org/trust,Four facets.,20,knowledge,,Identity,trust
                Bad kind,article,https://example.org/x,,5,,,,
                Bad link,tool,ftp://example.org/y,,5,,,,
                """
            ) { response in
                // validation
                #expect(response.status == .unprocessableEntity)
                #expect(response.text.contains("library.csv:3: kind:"))
                #expect(response.text.contains("library.csv:4: url:"))
            }
            #expect(try await LibraryResource.query(on: app.db).count() == 0)

            // MUT: a good file, then the same title again with a new summary
            try await importing(
                """
                \(header)
                Trust facets,reading,https://example.org/trust,Four facets.,20,knowledge,,Identity,trust
                Empathy interviews,tool,https://example.org/empathy,Ask about a time.,30,skills,generative-listening,Creativity,interview
                """
            ) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers.first(name: .location)?.contains("count=2") == true)
            }
            try await importing(
                """
                \(header)
                trust facets,reading,https://example.org/trust,"Benevolence, integrity, predictability, competence.",20,knowledge,,Identity,trust
                """
            ) { response in
                #expect(response.headers.first(name: .location)?.contains("updated=1") == true)
            }

            // validation
            #expect(try await LibraryResource.query(on: app.db).count() == 2)
            try await app.page(SiteURL.libraryExport.relativeURL, as: admin) { response in
                #expect(response.status == .ok)
                #expect(response.headers.first(name: .contentDisposition)?.contains("attachment") == true)
                #expect(response.text.contains(header))
                #expect(response.text.contains("\"Benevolence, integrity, predictability, competence.\""))
                #expect(response.text.contains("generative-listening"))
                #expect(response.text.contains("Creativity"))
            }
        }
    }

    @Test("renaming a trait keeps its tags; a trait in use can be retired, not deleted")
    func traits() async throws {
        try await withTrellis { app, _ in
            // setup
            let fixture = try await Fixture.make(app)
            try await Self.addTraits(fixture, app: app)
            let admin = try await app.signIn("admin@own.example")
            let strangerAdmin = try await app.signIn("admin@other.example")
            let facilitator = try await app.signIn("facilitator@own.example")
            let traits = try await DeeperLearningTrait.query(on: app.db).filter(
                \.$district.$id == fixture.own.districtID
            )
            .all()
            let identity = try #require(traits.first { $0.name == "Identity" }).requireID()
            let creativity = try #require(traits.first { $0.name == "Creativity" }).requireID()
            var form = MultipartForm()
            form.fields = [
                ("title", "Student voice panels"), ("kind", "protocol"), ("traits[]", identity.uuidString.lowercased()),
            ]
            try await app.send(form, to: SiteURL.newResource.relativeURL, as: facilitator) {
                #expect($0.status == .seeOther)
            }
            let resource = try await Self.resourceID(titled: "Student voice panels", app: app)
            let key = identity.uuidString.lowercased()
            let traitPath = SiteURL.trait(.value(identity)).relativeURL

            // MUT: rename, refuse a duplicate name, refuse deleting a trait in use, delete one unused
            try await app.submit(
                traitPath, ["change": "rename", "name-\(key)": "Belonging", "description-\(key)": "Students belong."],
                as: admin
            ) { #expect($0.status == .seeOther) }
            try await app.submit(
                traitPath, ["change": "rename", "name-\(key)": "mastery", "description-\(key)": ""], as: admin
            ) { response in
                #expect(response.status == .unprocessableEntity)
                #expect(response.text.contains("already has a trait called mastery"))
            }
            try await app.submit(traitPath, ["change": "delete"], as: admin) { response in
                #expect(response.status == .unprocessableEntity)
                #expect(response.text.contains("can be retired but not deleted"))
            }
            try await app.submit(SiteURL.trait(.value(creativity)).relativeURL, ["change": "delete"], as: admin) {
                #expect($0.status == .seeOther)
            }
            try await app.submit(traitPath, ["change": "retire"], as: admin) { #expect($0.status == .seeOther) }

            // validation
            try await app.page(SiteURL.resource(.value(resource)).relativeURL, as: facilitator) {
                #expect($0.text.contains("Belonging"))
            }
            try await app.page(SiteURL.traits.relativeURL, as: admin) { response in
                #expect(response.text.contains("Belonging (retired)"))
                #expect(!response.text.contains("Creativity"))
            }
            try await app.submit(traitPath, ["change": "restore"], as: strangerAdmin) {
                #expect($0.status == .notFound)
            }
            try await app.page(SiteURL.traits.relativeURL, as: facilitator) { #expect($0.status == .forbidden) }
        }
    }
}
