import EdgeRouting

// Runs one hot operation of the router N times, for valgrind's callgrind to count instructions per
// operation exactly (the counts do not depend on the machine's load, unlike the wall clock of
// package-benchmark). `Benchmarks/callgrind.sh` runs every workload and prints the table.
//
//     EdgeRoutingCallgrind <workload> <topology> <N>
//
// Only the functions whose names start with `measured` are counted (`--toggle-collect`): preparing the
// router, and the attempts that `complete` needs, is not.

/// Keeps a value alive, so that the optimiser cannot drop the work that made it.
@inline(never)
func keep<T>(_ value: T) {
    withExtendedLifetime(value) {}
}

@inline(never)
func measuredRoute(_ router: EdgeRouter<ManualClock>, _ count: Int, into attempts: inout [Attempt]) {
    for _ in 0..<count {
        if case .forward(let attempt) = router.route(Fixtures.request) {
            attempts.append(attempt)
        }
    }
}

@inline(never)
func measuredComplete(_ router: EdgeRouter<ManualClock>, _ attempts: [Attempt]) {
    for attempt in attempts {
        keep(router.complete(attempt, outcome: .status(200)))
    }
}

@inline(never)
func measuredRequest(_ router: EdgeRouter<ManualClock>, _ count: Int) {
    for _ in 0..<count {
        guard case .forward(let attempt) = router.route(Fixtures.request),
            case .finish(let final) = router.complete(attempt, outcome: .status(200))
        else { fatalError("the request did not finish") }
        keep(final)
    }
}

@inline(never)
func measuredRetry(_ router: EdgeRouter<ManualClock>, _ count: Int) {
    for _ in 0..<count {
        guard case .forward(let first) = router.route(Fixtures.request),
            case .retry(let retry) = router.complete(first, outcome: .status(503)),
            case .finish(let final) = router.complete(retry.attempt, outcome: .status(200))
        else { fatalError("the request was not retried") }
        keep(final)
    }
}

func makeRouter(_ topology: String, configuration: EdgeRouterConfiguration) throws -> EdgeRouter<ManualClock> {
    switch topology {
    case "demo":
        return try Fixtures.router(
            topology: Fixtures.demoTopology(),
            edge: Fixtures.demoEdge(),
            configuration: configuration
        )
    case "10x10":
        return try Fixtures.router(
            topology: Fixtures.topology(.tenByTen),
            edge: Fixtures.edge(),
            configuration: configuration
        )
    case "1000x10":
        return try Fixtures.router(
            topology: Fixtures.topology(.thousandByTen),
            edge: Fixtures.edge(),
            configuration: configuration
        )
    default:
        fatalError("unknown topology \(topology): demo, 10x10 or 1000x10")
    }
}

let arguments = CommandLine.arguments
guard arguments.count == 4, let count = Int(arguments[3]), count > 0 else {
    print("usage: EdgeRoutingCallgrind route|complete|request|retry demo|10x10|1000x10 N")
    fatalError("bad arguments")
}
let (workload, topology) = (arguments[1], arguments[2])
// The retried request answers 503 on purpose: with the defaults, outlier detection would eject the
// local endpoint and the budget would stop the retries after a few requests.
let router = try makeRouter(
    topology,
    configuration: workload == "retry" ? Fixtures.steadyFailureConfiguration : .defaults
)
// Warm up: the first calls of each path take one-time costs (lazy metadata, first-touch of state).
warmUp(router)

switch workload {
case "route":
    var attempts: [Attempt] = []
    attempts.reserveCapacity(count)
    measuredRoute(router, count, into: &attempts)
    precondition(attempts.count == count, "a pick failed")
    for attempt in attempts { keep(router.complete(attempt, outcome: .status(200))) }
case "complete":
    var attempts: [Attempt] = []
    attempts.reserveCapacity(count)
    for _ in 0..<count {
        if case .forward(let attempt) = router.route(Fixtures.request) { attempts.append(attempt) }
    }
    precondition(attempts.count == count, "a pick failed")
    measuredComplete(router, attempts)
case "request":
    measuredRequest(router, count)
case "retry":
    measuredRetry(router, count)
default:
    print("unknown workload \(workload)")
    fatalError("bad arguments")
}

/// Not counted (its name does not start with `measured`).
@inline(never)
func warmUp(_ router: EdgeRouter<ManualClock>) {
    for _ in 0..<100 {
        if case .forward(let attempt) = router.route(Fixtures.request) {
            keep(router.complete(attempt, outcome: .status(200)))
        }
    }
}
