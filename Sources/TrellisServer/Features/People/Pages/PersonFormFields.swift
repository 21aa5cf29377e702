import Foundation
import Plot
import TrellisCore

/// The fields shared by the new-person and edit-person forms.
enum PersonFormFields {
    static func fields(_ form: PersonForm, schools: [(value: String, label: String)], problems: [FieldProblem])
        -> Node<HTML.FormContext>
    {
        func problem(_ field: String) -> String? { problems.first { $0.field == field }?.message }
        return .group(
            Fragments.field(
                "givenName", label: "Given name", value: form.givenName ?? "", problem: problem("givenName"),
                required: true, autocomplete: "off"),
            Fragments.field(
                "familyName", label: "Family name", value: form.familyName ?? "", problem: problem("familyName"),
                required: true, autocomplete: "off"),
            Fragments.field(
                "email", label: "Email (used to sign in)", type: .email, value: form.email ?? "",
                problem: problem("email"), required: true, autocomplete: "off"),
            Fragments.select(
                "role", label: "Role", options: PersonForm.editableRoles.map { ($0.rawValue, $0.label) },
                selected: form.role, problem: problem("role")),
            Fragments.select(
                "school", label: "School (leaders)", options: schools, selected: form.school, problem: problem("school")
            ),
            Fragments.select(
                "position", label: "Position (leaders)",
                options: [("", "Not set")] + LeaderPosition.allCases.map { ($0.rawValue, $0.label) },
                selected: form.position, problem: problem("position")),
            Fragments.field(
                "yearsInRole", label: "Years in the role (leaders)", type: .number, value: form.yearsInRole ?? "",
                problem: problem("yearsInRole"),
                hint: "Whole years as a principal or assistant principal; 0 for a first year.")
        )
    }
}
