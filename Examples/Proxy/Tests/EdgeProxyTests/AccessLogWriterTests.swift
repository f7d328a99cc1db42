import Foundation
import ProxyKit
import Testing

/// The access-log writer: lines from many threads all arrive, each thread's in order, and `close()`
/// writes what is left before it returns.
@Suite struct AccessLogWriterTests {
    @Test func everyLineArrivesOnceAndCloseWritesTheRest() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("access-\(UUID()).log").path
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        try #require(descriptor >= 0)
        defer {
            Foundation.close(descriptor)
            try? FileManager.default.removeItem(atPath: path)
        }
        // A long interval: most lines are still buffered when close() is called.
        let writer = AccessLogWriter(descriptor: descriptor, flushInterval: .milliseconds(50))
        let threads = 4
        let linesPerThread = 2_000
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            for index in 0..<linesPerThread {
                writer.append("thread \(thread) line \(index)")
            }
        }
        writer.close()
        writer.append("after close")
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines.count == threads * linesPerThread)
        #expect(!lines.contains("after close"))
        #expect(writer.droppedLines == 1)
        for thread in 0..<threads {
            let own = lines.filter { $0.hasPrefix("thread \(thread) ") }
            #expect(own == (0..<linesPerThread).map { "thread \(thread) line \($0)" })
        }
    }
}
