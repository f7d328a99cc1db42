import Foundation

/// Writes an export into a file-based xDS directory (see ``FileXDS``), so that the Envoy reading it
/// follows the change without a restart.
///
/// Every file is replaced by write-then-rename, and only when its content changed: endpoint files
/// first, then CDS, then LDS, then the endpoint files of clusters that are gone are removed. A topology
/// change (a workload Gateway deleted, a cluster added) changes only endpoint files, because cluster
/// names follow the edge Gateway's destinations, not the topology; Envoy then updates the clusters'
/// hosts in place and keeps the outlier-detection state of the hosts that remain.
///
/// An edge Gateway change can replace clusters. Then the change is made before the break: CDS is first
/// written with the new clusters *and* the ones going away, then LDS moves the routes to the new
/// clusters, and only then CDS drops the old ones, so no request meets a route to a cluster Envoy no
/// longer has (`503 NC`). The old clusters come from the current CDS file; when it cannot be read or
/// parsed, the write goes on without the step and says so in ``Report/warnings``.
public enum XDSDirectory {
    /// What one write did to each file.
    public struct Report: Sendable {
        /// Each file written or removed, in order, with what happened to it.
        public var files: [(path: String, outcome: String)] = []
        /// What went wrong without stopping the write: a current CDS file that cannot be read, so the
        /// clusters it held are dropped without the make-before-break step.
        public var warnings: [String] = []

        /// Whether any file changed.
        public var changed: Bool {
            self.files.contains { $0.outcome != "unchanged" }
        }
    }

    /// Writes the export and the bootstrap.
    ///
    /// - Parameters:
    ///   - export: An export made with ``FileXDS/options(directory:base:)`` for `directory`.
    ///   - directory: The xDS directory, an absolute path; created when missing.
    ///   - bootstrap: Where to write the bootstrap; `DIR/bootstrap.json` by default.
    ///   - settings: The bootstrap's node and admin listener.
    /// - Returns: What happened to each file.
    /// - Throws: ``AtomicFile/Failure``.
    public static func write(
        _ export: EnvoyConfiguration,
        to directory: String,
        bootstrap: String? = nil,
        settings: BootstrapSettings = BootstrapSettings()
    ) throws -> Report {
        let endpointDirectory = directory + "/" + FileXDS.endpointFolder
        do {
            try FileManager.default.createDirectory(atPath: endpointDirectory, withIntermediateDirectories: true)
        } catch {
            throw AtomicFile.Failure(path: endpointDirectory, reason: "cannot create the directory: \(error)")
        }
        let files = FileXDS.files(export, directory: directory)
        let clusterPath = directory + "/" + FileXDS.clusterFile
        var report = Report()
        let leaving: [JSONValue]
        do {
            leaving = try Self.clustersLeaving(clusterPath, keeping: Set(export.clusters.map(\.name)))
        } catch {
            // Envoy rejected the broken file too and runs on some earlier one: writing a valid file is
            // the repair, so refusing to write would only keep Envoy there.
            leaving = []
            report.warnings.append("clusters replaced without make-before-break: \(error)")
        }
        var finalClusters: FileXDS.File?
        for file in files {
            var document = file.document
            if file.path == clusterPath && !leaving.isEmpty {
                // Make before break: the old clusters stay until the routes have left them.
                document = FileXDS.discoveryResponse((file.document["resources"]?.arrayValue ?? []) + leaving)
                finalClusters = file
            }
            let outcome = try AtomicFile.write(document.rendered() + "\n", to: file.path)
            let note = finalClusters != nil && file.path == clusterPath ? " (keeping \(leaving.count) leaving)" : ""
            report.files.append((file.path, "\(outcome)\(note)"))
        }
        if let final = finalClusters {
            let outcome = try AtomicFile.write(final.document.rendered() + "\n", to: final.path)
            report.files.append((final.path, "\(outcome)"))
        }
        let kept = Set(files.map(\.path))
        let stale = (try? FileManager.default.contentsOfDirectory(atPath: endpointDirectory)) ?? []
        for name in stale.sorted() where name.hasSuffix(".json") && !name.hasPrefix(".") {
            let path = endpointDirectory + "/" + name
            guard !kept.contains(path) else { continue }
            try? FileManager.default.removeItem(atPath: path)
            report.files.append((path, "removed"))
        }
        let bootstrapPath = bootstrap ?? directory + "/bootstrap.json"
        let outcome = try AtomicFile.write(
            FileXDS.bootstrap(directory: directory, settings: settings).rendered() + "\n",
            to: bootstrapPath
        )
        report.files.append((bootstrapPath, "\(outcome)"))
        return report
    }

    /// The cluster resources of the current CDS file whose names are not kept; none when there is no
    /// file yet.
    ///
    /// - Throws: ``JSONValue/ParseError`` naming the file, when it cannot be read or parsed.
    static func clustersLeaving(_ path: String, keeping names: Set<String>) throws -> [JSONValue] {
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        let current = try JSONValue(contentsOfFile: path)
        return (current["resources"]?.arrayValue ?? []).filter { resource in
            resource["name"]?.stringValue.map { !names.contains($0) } ?? false
        }
    }
}
