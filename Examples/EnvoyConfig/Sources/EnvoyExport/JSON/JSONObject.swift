/// A JSON object whose members keep the order they were first set in.
///
/// Setting an existing key replaces its value in place; setting `nil` removes the member.
public struct JSONObject: Hashable, Sendable {
    /// The member names, in order.
    public private(set) var keys: [String] = []
    private var values: [String: JSONValue] = [:]

    /// An empty object.
    public init() {}

    /// The value of member `key`, or `nil`; setting `nil` removes the member.
    ///
    /// - Parameter key: The member's name.
    public subscript(key: String) -> JSONValue? {
        get { self.values[key] }
        set {
            if let newValue {
                if self.values.updateValue(newValue, forKey: key) == nil {
                    self.keys.append(key)
                }
            } else if self.values.removeValue(forKey: key) != nil {
                self.keys.removeAll { $0 == key }
            }
        }
    }

    /// The members in order.
    public var members: [(key: String, value: JSONValue)] {
        self.keys.compactMap { key in self.values[key].map { (key, $0) } }
    }

    /// The number of members.
    public var count: Int {
        self.keys.count
    }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    /// An object literal; keys keep the literal's order.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init()
        for (key, value) in elements {
            self[key] = value
        }
    }
}
