import Foundation
import Synchronization

/// Collects access-log lines from many event-loop threads and writes them to a file descriptor in
/// batches from one background thread, so that no event loop ever waits for standard output.
///
/// **Contract.** ``append(_:)`` is thread-safe and never blocks on I/O: it copies the line into a
/// shared buffer under a short lock. A flusher thread writes the buffer every ``flushInterval``. When
/// the reader of the descriptor is slower than the proxy and the buffer reaches ``maximumBufferedBytes``,
/// further lines are dropped and counted in ``droppedLines`` rather than stalling requests.
public final class AccessLogWriter: Sendable {
    private struct State {
        var buffer: [UInt8] = []
        var dropped: UInt64 = 0
        var running = true
    }

    private let state = Mutex(State())
    /// Held while lines are taken from the buffer and written, so that writes keep their order and
    /// ``close()`` returns only after the flusher's last write.
    private let writing = Mutex(())
    private let descriptor: Int32

    /// How often the background thread writes.
    public let flushInterval: Duration
    /// The most bytes held before lines are dropped.
    public let maximumBufferedBytes: Int

    /// Creates a writer and starts its flusher thread.
    ///
    /// - Parameters:
    ///   - descriptor: Where lines go (default: standard output).
    ///   - flushInterval: How often buffered lines are written.
    ///   - maximumBufferedBytes: The buffer size beyond which lines are dropped.
    public init(
        descriptor: Int32 = STDOUT_FILENO,
        flushInterval: Duration = .milliseconds(20),
        maximumBufferedBytes: Int = 8 << 20
    ) {
        self.descriptor = descriptor
        self.flushInterval = flushInterval
        self.maximumBufferedBytes = maximumBufferedBytes
        let thread = Thread { [self] in self.runFlusher() }
        thread.name = "access-log"
        thread.start()
    }

    /// Queues one line; a newline is added.
    ///
    /// - Parameter line: The line, without its newline.
    public func append(_ line: String) {
        self.state.withLock { state in
            guard state.running, state.buffer.count < self.maximumBufferedBytes else {
                state.dropped &+= 1
                return
            }
            state.buffer.append(contentsOf: line.utf8)
            state.buffer.append(UInt8(ascii: "\n"))
        }
    }

    /// How many lines were dropped because the buffer was full.
    public var droppedLines: UInt64 {
        self.state.withLock { $0.dropped }
    }

    /// Writes what is buffered and stops the flusher thread. Later lines are dropped.
    public func close() {
        self.writing.withLock { _ in
            let remaining = self.state.withLock { state -> [UInt8] in
                state.running = false
                defer { state.buffer = [] }
                return state.buffer
            }
            self.write(remaining)
        }
    }

    /// Writes everything buffered now, on the caller's thread.
    public func flush() {
        self.writing.withLock { _ in
            let pending = self.state.withLock { state -> [UInt8] in
                defer { state.buffer.removeAll(keepingCapacity: true) }
                return state.buffer
            }
            self.write(pending)
        }
    }

    private func runFlusher() {
        let micros = UInt32(
            clamping: self.flushInterval.components.seconds * 1_000_000
                + self.flushInterval.components.attoseconds / 1_000_000_000_000
        )
        var pending: [UInt8] = []
        while self.state.withLock({ $0.running }) {
            usleep(micros)
            self.writing.withLock { _ in
                // Nothing more once closed: close() wrote the rest.
                let open = self.state.withLock { state in
                    swap(&pending, &state.buffer)
                    return state.running
                }
                if open { self.write(pending) }
                pending.removeAll(keepingCapacity: true)
            }
        }
    }

    private func write(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = Foundation.write(self.descriptor, raw.baseAddress! + offset, raw.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0, errno == EINTR {
                    continue
                } else {
                    return
                }
            }
        }
    }
}
