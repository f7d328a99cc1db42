/// A configuration value written by name, from a fixed list.
protocol NamedConfigurationValue: CustomStringConvertible {
    /// Every value, in the order error messages list them.
    static var all: [Self] { get }
}

extension KeyedDecodingContainer {
    /// Decodes an optional value written by name; an unknown name is an error at the field that lists
    /// the known names.
    func decodeNamedValue<Value: NamedConfigurationValue>(
        _ type: Value.Type,
        forKey key: Key,
        what: String
    ) throws -> Value? {
        guard let name = try self.decodeIfPresent(String.self, forKey: key) else { return nil }
        guard let value = Value.all.first(where: { $0.description == name }) else {
            throw ConfigurationError.invalid(
                FieldPath.render(self.codingPath + [key]),
                "unknown \(what) \"\(name)\"; expected one of: " + Value.all.map(\.description).joined(separator: ", ")
            )
        }
        return value
    }
}
