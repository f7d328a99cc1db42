# Shell functions shared by the drill, benchmark and profiling scripts in this folder (source it).

# Prints COUNT free TCP ports on 127.0.0.1, below the kernel's ephemeral range: a stub that is stopped
# and started again must get its port back, which fails if an outgoing connection has meanwhile been
# given it as a local port.
free_ports() { # count
    python3 - "$1" <<'PY'
import random, socket, sys
count = int(sys.argv[1])
low = int(open("/proc/sys/net/ipv4/ip_local_port_range").read().split()[0])
ports = []
for port in random.sample(range(20000, min(low, 32768)), 300):
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            continue
    ports.append(port)
    if len(ports) == count:
        break
print(*ports)
PY
}

# Prints the guide's demo topology with its ingress gateways on loopback: the edge in region-1,
# cluster-1 (region-1) at 127.0.0.1:PORT1 and cluster-2 (region-2) at 127.0.0.1:PORT2, each serving
# bookinfo.tse.tetratelabs.io through its own workload Gateway.
demo_topology() { # port1 port2
    echo "# The guide's demo environment, with the ingress gateways on loopback."
    echo "edge:"
    echo "  locality: { region: region-1 }"
    echo "clusters:"
    local name region port
    for name in cluster-1 cluster-2; do
        if [ "$name" = cluster-1 ]; then region=region-1; port=$1; else region=region-2; port=$2; fi
        cat <<YAML
  - name: $name
    locality: { region: $region }
    ingressEndpoints: ["127.0.0.1:$port"]
    gateways:
      - metadata: { name: bookinfo-ingress }
        spec:
          workloadSelector: { namespace: bookinfo, labels: { app: ingressgw } }
          http:
            - name: bookinfo
              port: 443
              hostname: bookinfo.tse.tetratelabs.io
              routing:
                rules:
                  - route:
                      serviceDestination: { host: bookinfo/productpage.bookinfo.svc.cluster.local, port: 9080 }
YAML
    done
}

# Stops processes by PID: SIGTERM, up to 5 s to exit, then SIGKILL.
stop_processes() { # pid...
    local pid
    for pid in "$@"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "$@"; do
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
}
