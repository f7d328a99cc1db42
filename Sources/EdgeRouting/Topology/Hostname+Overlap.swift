extension Hostname {
    /// Whether the two hostnames can name the same host: they are equal, or one is a wildcard that
    /// covers the other (`*.tetratelabs.io` and `bookinfo.tse.tetratelabs.io`, or `*.example.com` and
    /// `*.a.example.com`).
    ///
    /// This is how a workload cluster's Gateway is matched with an edge server: a cluster whose Gateway
    /// serves `*.tetratelabs.io` serves the edge's `bookinfo.tse.tetratelabs.io`, and a cluster whose
    /// Gateway serves `bookinfo.tse.tetratelabs.io` serves part of an edge server for `*.tetratelabs.io`.
    ///
    /// - Parameter other: The other hostname.
    public func overlaps(_ other: Hostname) -> Bool {
        self.matches(other) || other.matches(self)
    }
}
