/// Plot escapes text but writes attribute values as given, so every value that can hold something a
/// person typed (a name, an email, a URL parameter, a Host header) passes through here first.
extension String {
    var attributeEscaped: String {
        var escaped = ""
        escaped.reserveCapacity(utf8.count)
        for character in self {
            switch character {
            case "&": escaped += "&amp;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
