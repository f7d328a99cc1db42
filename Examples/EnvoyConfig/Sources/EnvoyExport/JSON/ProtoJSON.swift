import EdgeRouting

/// The few protobuf JSON shapes Envoy's configuration uses everywhere: durations, percentages,
/// socket addresses and typed extension configurations.
enum ProtoJSON {
    /// A `google.protobuf.Duration`: seconds with up to nine fractional digits, for example `"30s"`,
    /// `"0.025s"`. Negative durations (never exported) render as `"0s"`.
    static func duration(_ duration: Duration) -> JSONValue {
        let (seconds, attoseconds) = duration.components
        guard seconds > 0 || (seconds == 0 && attoseconds > 0) else { return "0s" }
        let nanoseconds = attoseconds / 1_000_000_000
        guard nanoseconds > 0 else { return .string("\(seconds)s") }
        var fraction = String(nanoseconds)
        fraction = String(repeating: "0", count: 9 - fraction.count) + fraction
        while fraction.last == "0" { fraction.removeLast() }
        return .string("\(seconds).\(fraction)s")
    }

    /// An `envoy.type.v3.Percent`: `{"value": N}` (a whole number when the percentage is one).
    static func percent(_ value: Double) -> JSONValue {
        let whole = value.rounded() == value && abs(value) <= 100
        return ["value": whole ? .integer(Int64(value)) : .number(value)]
    }

    /// An `envoy.config.core.v3.Address` with a socket address.
    static func socketAddress(host: String, port: Int) -> JSONValue {
        ["socket_address": ["address": .string(host), "port_value": .int(port)]]
    }

    /// A typed extension configuration: `{"name": NAME, "typed_config": {"@type": TYPE, …fields}}`.
    static func typedExtension(name: String, type: String, fields: JSONObject = JSONObject()) -> JSONValue {
        var config = JSONObject()
        config["@type"] = .string("type.googleapis.com/" + type)
        for (key, value) in fields.members {
            config[key] = value
        }
        return ["name": .string(name), "typed_config": .object(config)]
    }

    /// The largest `uint32` value, Envoy's "no limit" for circuit-breaker thresholds.
    static let unlimited: JSONValue = .int(UInt32.max)
}
