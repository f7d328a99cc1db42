#!/usr/bin/env bash
# Exact instructions per hot operation of the router, counted by valgrind's callgrind (independent of
# the machine's load, unlike wall-clock timings). Builds the EdgeRoutingCallgrind executable in release
# mode and runs each workload N times, counting only inside the `measured…` function:
#
#     Benchmarks/callgrind.sh            # N = 20000
#     N=5000 Benchmarks/callgrind.sh     # quicker
#
# Prints one line per workload and topology: instructions per operation (total / N), including the
# loop that drives it (a few instructions).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
N="${N:-20000}"
swift build -c release --package-path "$here" --product EdgeRoutingCallgrind >&2
binary="$(swift build -c release --package-path "$here" --show-bin-path)/EdgeRoutingCallgrind"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

measure() { # workload topology -> instructions per operation
    local workload="$1" topology="$2" function
    case "$workload" in
        route) function='*measuredRoute*' ;;
        complete) function='*measuredComplete*' ;;
        request) function='*measuredRequest*' ;;
        retry) function='*measuredRetry*' ;;
    esac
    valgrind --tool=callgrind --callgrind-out-file="$out/cg.out" --toggle-collect="$function" \
        "$binary" "$workload" "$topology" "$N" 2>"$out/log" >/dev/null || {
        cat "$out/log" >&2
        exit 1
    }
    local total
    total="$(grep -E '^(summary|totals):' "$out/cg.out" | head -1 | awk '{print $2}')"
    echo $((total / N))
}

printf '| %-40s | %12s |\n' "operation (Sendable router, ManualClock)" "instructions"
printf '|%s|%s|\n' "------------------------------------------" "--------------"
for topology in demo 10x10 1000x10; do
    printf '| %-40s | %12s |\n' "route, $topology" "$(measure route "$topology")"
done
printf '| %-40s | %12s |\n' "complete(200), demo" "$(measure complete demo)"
printf '| %-40s | %12s |\n' "route + complete(200), demo" "$(measure request demo)"
printf '| %-40s | %12s |\n' "503 -> retry -> 200, demo" "$(measure retry demo)"
