import Foundation

#if canImport(Glibc)
import Glibc

private let streamSocket = Int32(SOCK_STREAM.rawValue)
private let sendFlags = Int32(MSG_NOSIGNAL)
private typealias Linger = Glibc.linger

private func systemListen(_ descriptor: Int32, _ backlog: Int32) -> Int32 {
    Glibc.listen(descriptor, backlog)
}

private func systemConnect(_ descriptor: Int32, _ address: UnsafePointer<sockaddr>, _ length: socklen_t) -> Int32 {
    Glibc.connect(descriptor, address, length)
}
#elseif canImport(Darwin)
import Darwin

private let streamSocket = SOCK_STREAM
private let sendFlags: Int32 = 0  // SO_NOSIGPIPE is set on each socket instead
private typealias Linger = Darwin.linger

private func systemListen(_ descriptor: Int32, _ backlog: Int32) -> Int32 {
    Darwin.listen(descriptor, backlog)
}

private func systemConnect(_ descriptor: Int32, _ address: UnsafePointer<sockaddr>, _ length: socklen_t) -> Int32 {
    Darwin.connect(descriptor, address, length)
}
#endif

/// The few POSIX socket calls the stubs and the client need, on IPv4 loopback only.
enum LoopbackSocket {
    struct Failure: Error, CustomStringConvertible {
        let description: String

        init(_ operation: String) {
            self.description = "\(operation): \(String(cString: strerror(errno)))"
        }
    }

    /// A listening socket on `127.0.0.1:0`, and the port the kernel gave it.
    static func listen() throws -> (descriptor: Int32, port: Int) {
        let descriptor = self.makeSocket()
        guard descriptor >= 0 else { throw Failure("socket") }
        var one: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = self.loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, systemListen(descriptor, 128) == 0 else {
            close(descriptor)
            throw Failure("bind/listen")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        return (descriptor, Int(UInt16(bigEndian: address.sin_port)))
    }

    /// A connected socket to `127.0.0.1:port`, with send and receive timeouts.
    static func connect(port: Int, timeout: Double) throws -> Int32 {
        let descriptor = self.makeSocket()
        guard descriptor >= 0 else { throw Failure("socket") }
        var limit = timeval()
        limit.tv_sec = numericCast(Int(timeout))
        limit.tv_usec = numericCast(Int((timeout - timeout.rounded(.down)) * 1e6))
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        var address = self.loopback(port: port)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                systemConnect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            let failure = Failure("connect to 127.0.0.1:\(port)")
            close(descriptor)
            throw failure
        }
        return descriptor
    }

    /// Writes all of `bytes`; `false` when the peer is gone.
    @discardableResult
    static func write(_ descriptor: Int32, _ text: String) -> Bool {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, sendFlags) }
            guard written > 0 else { return false }
            bytes = bytes.dropFirst(written)
        }
        return true
    }

    /// Reads what is available (at most 64 KiB); empty at the end of the stream or on an error.
    static func read(_ descriptor: Int32) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        return count > 0 ? Array(buffer[..<count]) : []
    }

    /// Closes with a reset instead of an orderly shutdown (`SO_LINGER` 0), as a crashed peer would.
    static func reset(_ descriptor: Int32) {
        var linger = Linger(l_onoff: 1, l_linger: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Linger>.size))
        close(descriptor)
    }

    private static func makeSocket() -> Int32 {
        let descriptor = socket(AF_INET, streamSocket, 0)
        #if canImport(Darwin)
        var one: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_NOSIGPIPE, &one, socklen_t(MemoryLayout<Int32>.size))
        #endif
        return descriptor
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr = in_addr(s_addr: UInt32(0x7f00_0001).bigEndian)
        return address
    }
}
