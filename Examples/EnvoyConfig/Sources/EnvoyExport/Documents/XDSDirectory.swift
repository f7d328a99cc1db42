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
///
/// Envoy reads a file when it gets round to the change notification, not when the file was renamed,
/// and a file-based source sends no acknowledgement. Written back to back, the three steps can
/// therefore reach a busy Envoy as one — it reads the final CDS before the new LDS and drops the
/// clusters the routes still name (seen on CI as three `503`s with an empty body). So whenever routes
/// are about to name a cluster the current CDS lacks, or clusters are about to go, the write waits
/// `settle` between the steps: CDS with every cluster, wait, LDS, wait, the final CDS. An ordinary
/// topology change touches only endpoint files and never waits.
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
    ///   - settle: How long Envoy is given to apply one step of a cluster replacement before the next;
    ///     the write blocks for up to twice this long, and only when clusters are added or removed.
    /// - Returns: What happened to each file.
    /// - Throws: ``AtomicFile/Failure``.
    public static func write(
        _ export: EnvoyConfiguration,
        to directory: String,
        bootstrap: String? = nil,
        settings: BootstrapSettings = BootstrapSettings(),
        settle: Duration = .seconds(1)
    ) throws -> Report {
        try Self.write(export, to: directory, bootstrap: bootstrap, settings: settings) {
            Self.sleep(settle)
        }
    }

    /// ``write(_:to:bootstrap:settings:settle:)`` with the wait between two steps of a cluster
    /// replacement given, so that a test sees when the write waits without waiting.
    static func write(
        _ export: EnvoyConfiguration,
        to directory: String,
        bootstrap: String?,
        settings: BootstrapSettings,
        betweenSteps wait: () -> Void
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
        var arriving = false
        do {
            let names = Set(export.clusters.map(\.name))
            let current = try Self.currentClusters(clusterPath)
            leaving = Self.clusters(current ?? [], notNamed: names)
            arriving = current.map { !names.isSubset(of: Set($0.compactMap { $0["name"]?.stringValue })) } ?? false
        } catch {
            // Envoy rejected the broken file too and runs on some earlier one: writing a valid file is
            // the repair, so refusing to write would only keep Envoy there.
            leaving = []
            report.warnings.append("clusters replaced without make-before-break: \(error)")
        }
        let listenerPath = directory + "/" + FileXDS.listenerFile
        var finalClusters: FileXDS.File?
        for file in files {
            if file.path == listenerPath && (arriving || !leaving.isEmpty) {
                wait()
            }
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
            wait()
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

    /// The cluster resources of the current CDS file; `nil` when there is no file yet.
    ///
    /// - Throws: ``JSONValue/ParseError`` naming the file, when it cannot be read or parsed.
    static func currentClusters(_ path: String) throws -> [JSONValue]? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return try JSONValue(contentsOfFile: path)["resources"]?.arrayValue ?? []
    }

    private static func clusters(_ resources: [JSONValue], notNamed names: Set<String>) -> [JSONValue] {
        resources.filter { resource in resource["name"]?.stringValue.map { !names.contains($0) } ?? false }
    }

    private static func sleep(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        let interval = Double(seconds) + Double(attoseconds) / 1e18
        if interval > 0 {
            Thread.sleep(forTimeInterval: interval)
        }
    }

    /// The cluster resources of the current CDS file whose names are not kept; none when there is no
    /// file yet.
    ///
    /// - Throws: ``JSONValue/ParseError`` naming the file, when it cannot be read or parsed.
    static func clustersLeaving(_ path: String, keeping names: Set<String>) throws -> [JSONValue] {
        Self.clusters(try Self.currentClusters(path) ?? [], notNamed: names)
    }
}
