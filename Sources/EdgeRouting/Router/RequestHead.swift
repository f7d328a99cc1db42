/// The parts of an HTTP request that routing and the access log need.
///
/// Headers are not stored here: ``EdgeRouter/route(_:headers:)`` takes a lookup closure instead, so a
/// proxy can answer from its own header storage without copying it.
public struct RequestHead: Sendable {
    /// The request's authority (`Host` header or `:authority`), with or without a port.
    public var authority: String
    /// The request path, with its query string.
    public var path: String
    /// The request method, for the access log.
    public var method: String
    /// The protocol, for the access log, for example `HTTP/1.1`.
    public var httpVersion: String
    /// The port the request arrived on, if the edge serves several; `nil` matches a server on any port.
    public var listenerPort: Int? {
        get { self.storedListenerPort < 0 ? nil : Int(self.storedListenerPort) }
        set { self.storedListenerPort = newValue.map { Int32(clamping: $0) } ?? -1 }
    }

    // Kept compact: the request head travels inside every attempt.
    private var storedListenerPort: Int32

    /// Creates a request head.
    ///
    /// - Parameters:
    ///   - authority: The `Host` header or `:authority`.
    ///   - path: The path with its query string.
    ///   - method: The method (default `GET`).
    ///   - httpVersion: The protocol (default `HTTP/1.1`).
    ///   - listenerPort: The port the request arrived on, if it matters.
    public init(
        authority: String,
        path: String,
        method: String = "GET",
        httpVersion: String = "HTTP/1.1",
        listenerPort: Int? = nil
    ) {
        self.authority = authority
        self.path = path
        self.method = method
        self.httpVersion = httpVersion
        self.storedListenerPort = listenerPort.map { Int32(clamping: $0) } ?? -1
    }
}
