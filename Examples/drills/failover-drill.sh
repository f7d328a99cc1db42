#!/usr/bin/env bash
# The guide's failure drills, end to end, on loopback: two ingress stubs (cluster-1 in region-1,
# cluster-2 in region-2), edge-proxy in region-1 in front of them, a fixed request rate, the guide's
# faults (ingress down, upstream 503, repair) in automatic mode, then the weighted Gateway.
#
# usage: Examples/drills/failover-drill.sh [--short] [--debug] [--no-build] [--rate N]
#
#   --short          ~45 s of traffic with fast outlier detection (base ejection 3 s); what CI runs
#   --debug          use the debug build instead of the release build (CI runs the short drill on the
#                    debug build its examples step has just made: a release build of swift-nio
#                    would take minutes more on 2 cores)
#   --no-build       use the binaries already built
#   --rate N         requests per second (default 40)
#
# Every process this script starts is stopped by PID on exit; all traffic stays on 127.0.0.1.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
examples=$(dirname "$here")
. "$here/common.sh"
mode=full
configuration=release
build=yes
rate=40
while [ $# -gt 0 ]; do
    case "$1" in
        --short) mode=short ;;
        --debug) configuration=debug ;;
        --no-build) build=no ;;
        --rate) rate="$2"; shift ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
    shift
done

if [ "$build" = yes ]; then
    echo "== building edge-proxy and ingress-stub ($configuration)"
    start=$(date +%s)
    swift build --package-path "$examples/Proxy" -c "$configuration" --product edge-proxy
    swift build --package-path "$examples/Proxy" -c "$configuration" --product ingress-stub
    echo "   built in $(( $(date +%s) - start )) s"
fi
bin=$(swift build --package-path "$examples/Proxy" -c "$configuration" --show-bin-path)

work=$(mktemp -d)
pids=()
cleanup() {
    stop_processes "${pids[@]}"
    rm -rf "$work"
}
trap cleanup EXIT

read -r p1 p2 c1 c2 proxy_port admin_port < <(free_ports 6)
demo_topology "$p1" "$p2" > "$work/topology.yaml"
cp "$examples/config/edge-automatic.yaml" "$work/edge.yaml"
cp "$examples/config/edge-weighted.yaml" "$work/edge-weighted.yaml"
config_args=()
if [ "$mode" = short ]; then
    # Fast outlier detection so that a drill fits in a minute: eject for 3 s (at most 4 s).
    cat > "$work/router.yaml" <<'YAML'
outlierDetection:
  interval: 1s
  baseEjectionTime: 3s
  maxEjectionTime: 4s
YAML
    config_args=(--config "$work/router.yaml")
fi

"$bin/ingress-stub" --listen "127.0.0.1:$p1" --cluster cluster-1 --control "127.0.0.1:$c1" > "$work/stub-1.log" 2>&1 &
pids+=($!)
"$bin/ingress-stub" --listen "127.0.0.1:$p2" --cluster cluster-2 --control "127.0.0.1:$c2" > "$work/stub-2.log" 2>&1 &
pids+=($!)
"$bin/edge-proxy" --edge "$work/edge.yaml" --topology "$work/topology.yaml" "${config_args[@]}" \
    --listen "127.0.0.1:$proxy_port" --admin "127.0.0.1:$admin_port" --watch-interval 0 \
    > "$work/access.log" 2> "$work/proxy.log" &
proxy_pid=$!
pids+=("$proxy_pid")

ready=0
for _ in $(seq 1 100); do
    if python3 - "$admin_port" "$c1" "$c2" <<'PY' 2>/dev/null; then ready=1; break; fi
import sys, urllib.request
admin, c1, c2 = sys.argv[1:]
for url in (f"http://127.0.0.1:{admin}/ready", f"http://127.0.0.1:{c1}/mode", f"http://127.0.0.1:{c2}/mode"):
    urllib.request.urlopen(url, timeout=1).read()
PY
    sleep 0.1
done
if [ "$ready" != 1 ]; then
    echo "edge-proxy or the stubs did not come up" >&2
    cat "$work/proxy.log" "$work/stub-1.log" "$work/stub-2.log" >&2
    exit 1
fi

echo "== stubs on 127.0.0.1:$p1 (cluster-1) and 127.0.0.1:$p2 (cluster-2); edge-proxy on 127.0.0.1:$proxy_port, admin 127.0.0.1:$admin_port"
status=0
python3 "$here/failover_drill.py" --proxy "127.0.0.1:$proxy_port" --proxy-pid "$proxy_pid" \
    --stub1-control "127.0.0.1:$c1" --stub2-control "127.0.0.1:$c2" \
    --edge-file "$work/edge.yaml" --weighted-edge "$work/edge-weighted.yaml" \
    --rate "$rate" $([ "$mode" = short ] && echo --short) || status=$?

echo
echo "== edge-proxy events (swift-log, standard error)"
grep -E "ejected|re-admitted|traffic shifted|reload|reconfigured" "$work/proxy.log" | grep -v "detected only" | cut -c 1-220 || true
echo
echo "== access log: $(wc -l < "$work/access.log") lines; first retried request and first local 503:"
grep -m1 -E '" 200 - [2-9] ' "$work/access.log" || true
grep -m1 -E '" 503 UH' "$work/access.log" || true
echo
echo "== admin /stats (excerpt)"
python3 -c "import urllib.request,sys; print(urllib.request.urlopen('http://127.0.0.1:$admin_port/stats', timeout=2).read().decode())" \
    | grep -E "^(downstream_rq_(2xx|5xx|total)|upstream_rq_retry(_success|_limit_exceeded)?|outlier_detection\.ejections_enforced_total|cluster\.cluster-[12]\.upstream_rq_total):" || true

echo
echo "== graceful shutdown (SIGTERM)"
kill -TERM "$proxy_pid"
for _ in $(seq 1 100); do kill -0 "$proxy_pid" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$proxy_pid" 2>/dev/null; then
    echo "edge-proxy did not exit within 10 s of SIGTERM" >&2
    status=1
else
    wait "$proxy_pid" 2>/dev/null && echo "edge-proxy exited cleanly" || { echo "edge-proxy exited with an error" >&2; status=1; }
fi
exit "$status"
