import Foundation

/// Requests sent one after another on a thread of their own while a test changes the configuration,
/// so that a change that drops requests shows up as a failed response.
final class TrafficLoop: @unchecked Sendable {
    private let lock = NSLock()
    private var responses: [LoopbackHTTP.Response] = []
    private var failures: [String] = []
    private var running = true
    private let finished = DispatchSemaphore(value: 0)

    /// Starts sending requests for the guide's hostname to `port`.
    init(port: Int) {
        Thread { [self] in
            while self.lock.withLock({ self.running }) {
                do {
                    let response = try LoopbackHTTP.request(port: port, path: "/", host: TestDocuments.hostname)
                    self.lock.withLock { self.responses.append(response) }
                } catch {
                    self.lock.withLock { self.failures.append("\(error)") }
                }
            }
            self.finished.signal()
        }.start()
    }

    /// Stops the loop and returns what it saw.
    func stop() -> (responses: [LoopbackHTTP.Response], failures: [String]) {
        self.lock.withLock { self.running = false }
        self.finished.wait()
        return self.lock.withLock { (self.responses, self.failures) }
    }
}
