extension JSONValue {
    /// The document as JSON text: indented by two spaces per level with one member or element per line
    /// (`pretty`, the default), or on one line.
    ///
    /// Strings are escaped as RFC 8259 requires (quotes, backslashes and control characters); numbers
    /// that are not finite, which JSON cannot hold, render as `null`.
    ///
    /// - Parameter pretty: Whether to indent.
    /// - Returns: The text, without a final newline.
    /// - Complexity: O(*n*) in the size of the document.
    public func rendered(pretty: Bool = true) -> String {
        var output = ""
        self.render(into: &output, indent: pretty ? 0 : nil)
        return output
    }

    private func render(into output: inout String, indent: Int?) {
        switch self {
        case .null:
            output += "null"
        case .bool(let value):
            output += value ? "true" : "false"
        case .integer(let value):
            output += String(value)
        case .number(let value):
            output += Self.format(value)
        case .string(let value):
            Self.quote(value, into: &output)
        case .array(let elements):
            Self.renderContainer(elements, open: "[", close: "]", into: &output, indent: indent) {
                element,
                out,
                inner in
                element.render(into: &out, indent: inner)
            }
        case .object(let object):
            Self.renderContainer(object.members, open: "{", close: "}", into: &output, indent: indent) {
                member,
                out,
                inner in
                Self.quote(member.key, into: &out)
                out += inner == nil ? ":" : ": "
                member.value.render(into: &out, indent: inner)
            }
        }
    }

    private static func renderContainer<Element>(
        _ elements: [Element],
        open: String,
        close: String,
        into output: inout String,
        indent: Int?,
        element render: (Element, inout String, Int?) -> Void
    ) {
        guard !elements.isEmpty else {
            output += open + close
            return
        }
        output += open
        let inner = indent.map { $0 + 2 }
        for (index, element) in elements.enumerated() {
            if index > 0 { output += "," }
            if let inner { output += "\n" + String(repeating: " ", count: inner) }
            render(element, &output, inner)
        }
        if let indent { output += "\n" + String(repeating: " ", count: indent) }
        output += close
    }

    private static func format(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value.rounded() == value && abs(value) < 1e15 {
            return String(Int64(value))
        }
        return "\(value)"
    }

    private static func quote(_ text: String, into output: inout String) {
        output += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case let control where control.value < 0x20:
                let hex = String(control.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }
}
