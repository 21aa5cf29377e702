import Plot
import TrellisCore

// Plot escapes text by `Character` (so `"`, `<` or `&` joined to a combining mark, a joiner or a
// prepend character is written raw) and writes attribute values exactly as given. The declarations
// below have the same names and signatures as Plot's and shadow them in this module, so every
// `.text(…)` and every attribute a page writes from a string goes through `MarkupEscaping` — the
// one escaper, by Unicode scalar — without a call site having to remember it. `EscapingTests` pins
// each one, so a Plot update that changes a signature fails a test instead of escaping less.
//
// What these cannot reach: a string literal with interpolation used directly as a node
// (`.p("Hello \(name)")`) goes through Plot's own `init(stringLiteral:)`; write `.text(…)` instead.

extension Node where Context: HTMLContext {
    static func text(_ text: String) -> Node {
        .raw(MarkupEscaping.escape(text))
    }

    static func element(named name: String, text: String) -> Node {
        .element(named: name, nodes: [Node.text(text)])
    }

    static func attribute(named name: String, value: String?, ignoreIfValueIsEmpty: Bool = true) -> Node {
        .attribute(
            Attribute(name: name, value: value.map(MarkupEscaping.escape), ignoreIfValueIsEmpty: ignoreIfValueIsEmpty))
    }

    static func id(_ id: String) -> Node {
        .attribute(named: "id", value: id)
    }

    static func `class`(_ className: String) -> Node {
        .attribute(named: "class", value: className)
    }

    static func data(named name: String, value: String) -> Node {
        .attribute(named: "data-" + name, value: value)
    }

    static func title(_ title: String) -> Node {
        .attribute(named: "title", value: title)
    }
}

extension Attribute where Context: HTMLContext {
    static func attribute(named name: String, value: String?) -> Attribute {
        Attribute(name: name, value: value.map(MarkupEscaping.escape))
    }

    static func id(_ id: String) -> Attribute {
        .attribute(named: "id", value: id)
    }

    static func `class`(_ className: String) -> Attribute {
        .attribute(named: "class", value: className)
    }
}

extension Node where Context: HTMLNamableContext {
    static func name(_ name: String) -> Node {
        .attribute(named: "name", value: name)
    }
}

extension Attribute where Context: HTMLNamableContext {
    static func name(_ name: String) -> Attribute {
        .attribute(named: "name", value: name)
    }
}

extension Node where Context: HTMLValueContext {
    static func value(_ value: String) -> Node {
        .attribute(named: "value", value: value)
    }
}

extension Attribute where Context: HTMLValueContext {
    static func value(_ value: String) -> Attribute {
        .attribute(named: "value", value: value)
    }
}

extension Node where Context: HTMLLinkableContext {
    static func href(_ url: any URLRepresentable) -> Node {
        .attribute(named: "href", value: url.description)
    }
}

extension Attribute where Context: HTMLLinkableContext {
    static func href(_ url: any URLRepresentable) -> Attribute {
        .attribute(named: "href", value: url.description)
    }
}

extension Node where Context: HTMLSourceContext {
    static func src(_ url: any URLRepresentable) -> Node {
        .attribute(named: "src", value: url.description)
    }
}

extension Attribute where Context: HTMLSourceContext {
    static func src(_ url: any URLRepresentable) -> Attribute {
        .attribute(named: "src", value: url.description)
    }
}

extension Node where Context == HTML.FormContext {
    static func action(_ url: any URLRepresentable) -> Node {
        .attribute(named: "action", value: url.description)
    }
}

extension Node where Context == HTML.LabelContext {
    static func `for`(_ target: String) -> Node {
        .attribute(named: "for", value: target)
    }
}

extension Node where Context: HTML.BodyContext {
    static func ariaLabel(_ label: String) -> Node {
        .attribute(named: "aria-label", value: label)
    }
}

extension Node where Context == HTML.TimeContext {
    static func datetime(_ datetime: String) -> Node {
        .attribute(named: "datetime", value: datetime)
    }
}

extension Attribute where Context == HTML.MetaContext {
    static func content(_ content: String) -> Attribute {
        .attribute(named: "content", value: content)
    }
}
