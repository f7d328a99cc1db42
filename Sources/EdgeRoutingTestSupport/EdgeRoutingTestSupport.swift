// EdgeRoutingTestSupport: doubles, builders and the deterministic simulator for testing routing policies.
import EdgeRouting
