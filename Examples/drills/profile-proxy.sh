#!/usr/bin/env bash
# Where edge-proxy spends its instructions: runs the release build (debug info stripped, which
# valgrind 3.19 cannot read) under callgrind, one event loop, access log off, drives it with wrk for a
# fixed time, and prints instructions per proxied request and the top functions.
#
# usage: Examples/drills/profile-proxy.sh [--seconds 15] [--access-log] [--out FILE]
# Needs valgrind and wrk (apt-get install -y valgrind wrk). Loopback only; every process it starts is
# stopped by PID on exit.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
examples=$(dirname "$here")
. "$here/common.sh"
seconds=15
access=(--no-access-log)
out=""
while [ $# -gt 0 ]; do
    case "$1" in
        --seconds) seconds="$2"; shift ;;
        --access-log) access=() ;;
        --out) out="$2"; shift ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
    shift
done
command -v valgrind >/dev/null && command -v wrk >/dev/null || apt-get install -y -qq valgrind wrk >/dev/null
swift build --package-path "$examples/Proxy" -c release --product edge-proxy >/dev/null
swift build --package-path "$examples/Proxy" -c release --product ingress-stub >/dev/null
bin=$(swift build --package-path "$examples/Proxy" -c release --show-bin-path)
work=$(mktemp -d)
pids=()
cleanup() {
    stop_processes "${pids[@]}"
    rm -rf "$work"
}
trap cleanup EXIT
read -r s1 s2 c1 c2 proxy admin < <(free_ports 6)
"$bin/ingress-stub" --listen "127.0.0.1:$s1" --cluster cluster-1 --control "127.0.0.1:$c1" > /dev/null &
pids+=($!)
"$bin/ingress-stub" --listen "127.0.0.1:$s2" --cluster cluster-2 --control "127.0.0.1:$c2" > /dev/null &
pids+=($!)
demo_topology "$s1" "$s2" > "$work/topology.yaml"
cp "$bin/edge-proxy" "$work/edge-proxy"
strip --strip-debug "$work/edge-proxy"
valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$work/callgrind.out" "$work/edge-proxy" \
    --edge "$examples/config/edge-automatic.yaml" --topology "$work/topology.yaml" \
    --listen "127.0.0.1:$proxy" --admin "127.0.0.1:$admin" --threads 1 "${access[@]}" --watch-interval 0 \
    --log-level warning --exit-after $((seconds + 40)) > /dev/null 2> "$work/valgrind.log" &
valgrind_pid=$!
pids+=("$valgrind_pid")
for _ in $(seq 1 60); do
    curl -s -o /dev/null -H 'Host: bookinfo.tse.tetratelabs.io' "http://127.0.0.1:$proxy/" && break
    sleep 1
done
# Collect during the load only.
callgrind_control -i on "$valgrind_pid" > /dev/null
wrk -t1 -c8 -d"${seconds}s" -H 'Host: bookinfo.tse.tetratelabs.io' "http://127.0.0.1:$proxy/productpage" \
    > "$work/wrk.txt"
requests=$(awk '/requests in/ {print $1}' "$work/wrk.txt")
callgrind_control -i off "$valgrind_pid" > /dev/null
callgrind_control --dump=load "$valgrind_pid" > /dev/null
after=$(ls "$work"/callgrind.out.* | head -1)
load=$(awk '/^totals:/ {print $2; exit}' "$after")
echo "requests proxied (wrk): $requests; instructions during the load: $load; per request: $(( load / requests ))"
[ -n "$out" ] && cp "$after" "$out"
echo
echo "== top functions by inclusive instructions during the load"
callgrind_annotate --inclusive=yes "$after" 2>/dev/null | swift demangle --simplified | sed -n '/file:function/,$p' \
    | grep -E "ProxyExchange|Downstream|Upstream|EdgeRouter|HopByHop|HTTPServerPipelineHandler|HTTPResponseEncoder|HTTPRequestEncoder|HTTPDecoder\.decode|llhttp_execute|readFromSocket|flush\(|writeToSocket|swift_retain|swift_release|malloc|swift_beginAccess" \
    | head -40 | cut -c1-170
