/// One ingress-gateway endpoint (pod) of a workload cluster, with its load-balancing weight.
///
/// In documents, either the address alone or an object with a weight:
///
/// ```json
/// "ingressEndpoints": ["10.0.1.10:443", { "address": "10.0.1.11:443", "weight": 2 }]
/// ```
public struct IngressEndpoint: Hashable, Sendable, CustomStringConvertible {
    /// Where the endpoint listens.
    public let address: EndpointAddress
    /// The endpoint's weight among the endpoints it is pooled with, at least 1 (default 1).
    public let weight: UInt32

    /// Creates an endpoint.
    ///
    /// - Parameters:
    ///   - address: Where the endpoint listens.
    ///   - weight: The load-balancing weight, at least 1.
    /// - Throws: ``ConfigurationError`` at `weight` when the weight is 0.
    public init(address: EndpointAddress, weight: UInt32 = 1) throws {
        if weight == 0 {
            throw ConfigurationError.invalid("weight", "weight must be a whole number in 1...\(UInt32.max), got 0")
        }
        self.address = address
        self.weight = weight
    }

    /// Creates an endpoint from its `host:port` text.
    ///
    /// - Parameters:
    ///   - address: For example `10.0.1.10:443` or `[2001:db8::1]:443`.
    ///   - weight: The load-balancing weight, at least 1.
    /// - Throws: ``ConfigurationError`` at `address` or `weight`.
    public init(_ address: String, weight: UInt32 = 1) throws {
        let parsed: EndpointAddress
        do {
            parsed = try EndpointAddress(address)
        } catch let error as ConfigurationError {
            throw error.prefixed(by: "address")
        }
        try self.init(address: parsed, weight: weight)
    }

    /// `host:port`, followed by ` (weight N)` when the weight is not 1.
    public var description: String {
        self.weight == 1 ? self.address.description : "\(self.address) (weight \(self.weight))"
    }
}

extension IngressEndpoint: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case address
        case weight
    }

    /// Decodes `"host:port"` or `{address, weight?}`.
    public init(from decoder: any Decoder) throws {
        if let single = try? decoder.singleValueContainer(), let text = try? single.decode(String.self) {
            self = try decoder.validating { try IngressEndpoint(text) }
            return
        }
        guard (try? decoder.container(keyedBy: AnyCodingKey.self)) != nil else {
            throw ConfigurationError(
                code: .malformedDocument,
                path: FieldPath.render(decoder.codingPath),
                message: "an ingress endpoint is a \"host:port\" string or an object {address, weight}"
            )
        }
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let address = try container.decode(EndpointAddress.self, forKey: .address)
        let weight =
            try container.decodeInteger(UInt32.self, forKey: .weight, in: 1...UInt32.max, what: "weight") ?? 1
        self = try decoder.validating { try IngressEndpoint(address: address, weight: weight) }
    }

    /// Encodes `"host:port"` when the weight is 1, `{address, weight}` otherwise.
    public func encode(to encoder: any Encoder) throws {
        if self.weight == 1 {
            var container = encoder.singleValueContainer()
            try container.encode(self.address)
            return
        }
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.address, forKey: .address)
        try container.encode(self.weight, forKey: .weight)
    }
}
