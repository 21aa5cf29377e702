@testable import TrellisCore

/// Small OneRoster files written inline: a test target without resources cannot ship fixture files.
enum RosterSamples {
    static let orgsHeader =
        "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId,metadata.trellis.level"

    static let usersHeader =
        "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password,metadata.trellis.position,metadata.trellis.yearsInRole"

    static let academicSessionsHeader =
        "sourcedId,status,dateLastModified,title,type,startDate,endDate,parentSourcedId,schoolYear"

    /// A district org and three schools, one with a comma in its quoted name.
    static let orgs = """
        \(orgsHeader)
        ext-district-1,active,2026-07-01T00:00:00Z,Riverbend Unified,district,RBU,,
        ext-sch-alder,active,2026-07-01T00:00:00Z,Alder Elementary,school,101,ext-district-1,elementary
        ext-sch-birch,,,"Birch Middle School, East Campus",school,201,ext-district-1,middle
        ext-sch-cedar,active,,Cedar High,school,,ext-district-1,

        """

    /// Three administrators at schools (one with a quoted list of orgs), one at the district
    /// office, two teachers, three students and a guardian.
    static let users = """
        \(usersHeader)
        adm-1,active,,true,ext-sch-alder,administrator,mrivera,,Marisol,Rivera,,E100, Marisol.Rivera@Riverbend.example ,,,,,,principal,7
        adm-2,active,,true,"ext-district-1,ext-sch-birch",administrator,dokafor,,Dana,Okafor,,E101,dokafor@riverbend.example,,,,,,assistant-principal,
        adm-3,active,,true,ext-district-1,administrator,central,,Cam,Central,,E102,central@riverbend.example,,,,,,,
        adm-4,,,,ext-sch-cedar,Administrator,ltran,,Lee,Tran,,E103,ltran@riverbend.example,,,,,,,
        tch-1,active,,true,ext-sch-alder,teacher,tone,,Tess,One,,,tone@riverbend.example,,,,3,,,
        tch-2,active,,true,ext-sch-birch,teacher,ttwo,,Theo,Two,,,ttwo@riverbend.example,,,,7,,,
        stu-1,active,,true,ext-sch-alder,student,s1,,Sam,Pupil,,,,,,,03,,,
        stu-2,active,,true,ext-sch-birch,student,s2,,Sky,Pupil,,,,,,,07,,,
        stu-3,active,,true,ext-sch-cedar,student,s3,,Sol,Pupil,,,,,,,10,,,
        gua-1,active,,true,ext-sch-alder,guardian,g1,,Gale,Parent,,,gale@home.example,,,stu-1,,,,

        """

    static let academicSessions = """
        \(academicSessionsHeader)
        sy-2027,active,,2026-27,schoolYear,2026-08-01,2027-06-30,,2027
        term-1,active,,Fall 2026,term,2026-08-01,2026-12-18,sy-2027,2027

        """

    static let files = OneRosterFiles(orgs: orgs, users: users, academicSessions: academicSessions)

    static func orgs(_ rows: String...) -> String {
        ([orgsHeader] + rows).joined(separator: "\n")
    }

    static func users(_ rows: String...) -> String {
        ([usersHeader] + rows).joined(separator: "\n")
    }

    static func academicSessions(_ rows: String...) -> String {
        ([academicSessionsHeader] + rows).joined(separator: "\n")
    }

    /// A users.csv row for an administrator; the metadata columns come last.
    static func administrator(
        _ sourcedId: String,
        org: String = "ext-sch-alder",
        given: String = "Ada",
        family: String = "Lovel",
        email: String,
        status: String = "active",
        position: String = "",
        years: String = ""
    ) -> String {
        "\(sourcedId),\(status),,true,\(org),administrator,,,\(given),\(family),,,\(email),,,,,,\(position),\(years)"
    }

    /// The problems `OneRoster.parse` throws, as printed; empty when it succeeds.
    static func problems(_ files: OneRosterFiles, knownSchools: Set<String> = []) -> [String] {
        do {
            _ = try OneRoster.parse(files, knownSchoolSourcedIds: knownSchools)
            return []
        } catch {
            return error.problems.map(\.description)
        }
    }
}
