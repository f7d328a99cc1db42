import EdgeRouting
import EdgeRoutingFiles
import Foundation

extension EnvoyConfigCommand {
    /// `--watch`: exports, then exports again whenever the content of one of the files changes, until
    /// `stop` returns `true`.
    ///
    /// The files are compared by content (they are small), so an edit is noticed whatever the file
    /// system's time resolution and however the editor saves. An export that fails — a file that does
    /// not parse, or breaks a rule — is reported and writes nothing, so the Envoys keep the previous,
    /// valid configuration; the next change is tried again.
    ///
    /// - Parameters:
    ///   - interval: Seconds between two checks of the files.
    ///   - stop: Checked before each round; the loop returns once it says `true`.
    ///   - report: Receives what each export printed: its output and its diagnostics or error.
    func watch(every interval: Double, until stop: () -> Bool, report: (String, String) -> Void) {
        var exported: [Data?]?
        while !stop() {
            let contents = self.watchedFiles.map { FileManager.default.contents(atPath: $0) }
            if contents != exported {
                exported = contents
                do {
                    let (output, diagnostics) = try self.export()
                    report(output, diagnostics)
                } catch {
                    report("", "envoy-config: \(error) (nothing written: the previous export stays in force)\n")
                }
            }
            Thread.sleep(forTimeInterval: interval)
        }
    }

    /// The files an export reads.
    var watchedFiles: [String] {
        [self.edge, self.topology] + (self.config.map { [$0] } ?? [])
    }
}
