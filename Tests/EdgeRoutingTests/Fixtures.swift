import Foundation

/// Reads the JSON documents checked in under `Tests/EdgeRoutingTests/Fixtures`.
enum Fixtures {
    static func bytes(_ path: String) throws -> [UInt8] {
        guard let root = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
            throw FixtureError(message: "the Fixtures folder is not in the test bundle")
        }
        return Array(try Data(contentsOf: root.appendingPathComponent(path)))
    }

    static func names(in folder: String) throws -> [String] {
        guard let root = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
            throw FixtureError(message: "the Fixtures folder is not in the test bundle")
        }
        return try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(folder).path)
            .filter { $0.hasSuffix(".json") }
            .map { String($0.dropLast(5)) }
            .sorted()
    }

    struct FixtureError: Error {
        var message: String
    }
}
