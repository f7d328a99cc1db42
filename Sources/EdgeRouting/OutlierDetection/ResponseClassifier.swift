/// Decides which HTTP statuses count as failures for outlier detection.
///
/// **Contract.** A classifier must be a pure function of the status code, and `Sendable`. A detector
/// consults it once for every code in `0...999` when it is created and keeps the answers in a table, so
/// the classifier is never called on the request path, may be slow, and may allocate; it must not block
/// indefinitely. Codes outside `0...999` never reach it (results are clamped into that range).
///
/// ```swift
/// struct TreatTooManyRequestsAsFailure: ResponseClassifier {
///     func classify(statusCode: Int) -> OutlierResponseClass {
///         statusCode == 429 ? .failure : HTTPStatusClassifier().classify(statusCode: statusCode)
///     }
/// }
/// ```
public protocol ResponseClassifier: Sendable {
    /// The class of a status code.
    ///
    /// - Parameter statusCode: An HTTP status code in `0...999`.
    /// - Returns: Whether the status is a success, a failure, or a gateway failure.
    func classify(statusCode: Int) -> OutlierResponseClass
}

/// How outlier detection counts one HTTP status: an extensible set of classes.
public struct OutlierResponseClass: Hashable, Sendable, CustomStringConvertible {
    private enum Wrapped: UInt8, Hashable, Sendable {
        case success = 0
        case failure = 1
        case gatewayFailure = 2
    }

    private let wrapped: Wrapped

    private init(_ wrapped: Wrapped) {
        self.wrapped = wrapped
    }

    /// Not a failure: resets the consecutive counters and counts as a success for the success rate.
    public static let success = OutlierResponseClass(.success)
    /// A failure (Envoy's 5xx): counts towards consecutive 5xx and against the success rate, and resets
    /// the consecutive gateway-failure counter.
    public static let failure = OutlierResponseClass(.failure)
    /// A gateway failure (Envoy's 502, 503, 504): a failure that also counts towards consecutive gateway
    /// failures.
    public static let gatewayFailure = OutlierResponseClass(.gatewayFailure)

    /// The compact code a detector keeps in its table: 0 success, 1 failure, 2 gateway failure.
    var tableCode: UInt8 { self.wrapped.rawValue }

    /// `success`, `failure` or `gatewayFailure`.
    public var description: String {
        switch self.wrapped {
        case .success: return "success"
        case .failure: return "failure"
        case .gatewayFailure: return "gatewayFailure"
        }
    }
}

/// The default classifier: server errors are failures; 502, 503 and 504 are gateway failures.
///
/// Envoy counts `500...599` as 5xx (`Http::CodeUtility::is5xx`) and `502...504` as gateway errors
/// (`isGatewayError`). Codes `600...999` are non-standard; like ``AttemptOutcome``, this classifier
/// counts them as server errors.
public struct HTTPStatusClassifier: ResponseClassifier, Hashable {
    /// Creates the default classifier.
    public init() {}

    /// ``OutlierResponseClass/gatewayFailure`` for 502–504, ``OutlierResponseClass/failure`` for the
    /// other codes from 500 up, ``OutlierResponseClass/success`` below 500.
    ///
    /// - Parameter statusCode: An HTTP status code.
    public func classify(statusCode: Int) -> OutlierResponseClass {
        switch statusCode {
        case 502...504: return .gatewayFailure
        case 500...: return .failure
        default: return .success
        }
    }
}
