/// A broken rule of a protocol's documented contract, found by a conformance verifier.
///
/// ```swift
/// do {
///     try LoadBalancingPolicyVerifier().verify(MyPolicy())
/// } catch let violation as ConformanceViolation {
///     print(violation)
///     // MyPolicy violates the LoadBalancingPolicy contract: loads sum to 100 for any non-empty input
///     //   input: [{total: 1, healthy: 0, …}]
///     //   found: healthy [99], degraded [0] (sum 99)
/// }
/// ```
public struct ConformanceViolation: Error, Hashable, Sendable, CustomStringConvertible {
    /// The protocol whose contract is broken, for example `LoadBalancingPolicy`.
    public var contract: String
    /// The implementation under test, as its type name.
    public var subject: String
    /// The rule that is broken, as the contract states it.
    public var rule: String
    /// The input that broke it.
    public var input: String
    /// What the implementation did.
    public var found: String

    /// Creates a violation.
    ///
    /// - Parameters:
    ///   - contract: The protocol.
    ///   - subject: The implementation's type name.
    ///   - rule: The broken rule.
    ///   - input: The input that broke it.
    ///   - found: What the implementation did.
    public init(contract: String, subject: String, rule: String, input: String, found: String) {
        self.contract = contract
        self.subject = subject
        self.rule = rule
        self.input = input
        self.found = found
    }

    /// `SUBJECT violates the CONTRACT contract: RULE`, then the input and what was found.
    public var description: String {
        "\(self.subject) violates the \(self.contract) contract: \(self.rule)\n  input: \(self.input)\n  found: \(self.found)"
    }
}
