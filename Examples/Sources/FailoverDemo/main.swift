import EdgeRouting

// The guide's three edge Gateway documents, converted to JSON. Decoding validates them; each server's
// hostname and destination form are printed.
let documents: [(String, String)] = [
    (
        "automatic",
        #"{"spec": {"workloadSelector": {"namespace": "edge", "labels": {"app": "edgegw"}}, "http": [{"name": "bookinfo", "port": 80, "hostname": "bookinfo.tse.tetratelabs.io", "routing": {"rules": [{"route": {"clusterDestination": {}}}]}}]}}"#
    ),
    (
        "named",
        #"{"spec": {"workloadSelector": {"namespace": "edge", "labels": {"app": "edgegw"}}, "http": [{"name": "bookinfo", "port": 80, "hostname": "bookinfo.tse.tetratelabs.io", "routing": {"rules": [{"route": {"clusterDestination": {"clusters": [{"name": "cluster-1"}, {"name": "cluster-2"}]}}}]}}]}}"#
    ),
    (
        "weighted",
        #"{"spec": {"workloadSelector": {"namespace": "edge", "labels": {"app": "edgegw"}}, "http": [{"name": "bookinfo", "port": 80, "hostname": "bookinfo.tse.tetratelabs.io", "routing": {"rules": [{"route": {"clusterDestination": {"clusters": [{"name": "cluster-1", "weight": 50}, {"name": "cluster-2", "weight": 50}]}}}]}}]}}"#
    ),
]

for (label, json) in documents {
    do {
        let gateway = try Gateway(json: json)
        for server in gateway.spec.http {
            for rule in server.rules {
                guard let destination = rule.route.clusterDestination else { continue }
                let clusters = destination.clusters.map { entry in
                    (entry.selector.name ?? "\(entry.selector)") + (entry.weight.map { " (\($0))" } ?? "")
                }
                print("\(label): \(server.hostname):\(server.port) -> \(destination.form) \(clusters)")
            }
        }
    } catch {
        print("\(label): \(error)")
    }
}
