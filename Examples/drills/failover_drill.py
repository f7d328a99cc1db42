#!/usr/bin/env python3
"""The guide's failure drills against a running edge-proxy and two ingress stubs.

Drives a fixed request rate through the proxy, applies the guide's faults through the stubs' control
endpoints (ingress scaled to 0 = stopped; upstream service scaled to 0 = failing; repair = healthy),
switches the edge Gateway from automatic to weighted (file swap + SIGHUP), prints traffic per second
per cluster and status, and asserts:

  * automatic mode: no client-visible error at all (retries cover every failed attempt);
  * traffic leaves cluster-1 for cluster-2 during each fault, and comes back after the repair;
  * weighted mode: cluster-1's share is answered 503 while it is down; cluster-2 keeps serving.

Standard library only. Every loop is bounded in time; the script sends traffic to loopback only.
"""

import argparse
import http.client
import os
import queue
import shutil
import signal
import sys
import threading
import time
import urllib.error
import urllib.request

HOST_HEADER = "bookinfo.tse.tetratelabs.io"


class Load:
    """A fixed-rate load generator: a scheduler thread hands out send slots, workers send them over
    keep-alive connections and record (second, status, cluster-or-body)."""

    def __init__(self, host, port, rate, workers=8, timeout=5.0):
        self.host, self.port, self.rate, self.timeout = host, port, rate, timeout
        self.slots = queue.Queue()
        self.results = []  # (second, status, label)
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.start_time = None
        self.threads = [threading.Thread(target=self._worker, daemon=True) for _ in range(workers)]

    def begin(self, duration):
        self.start_time = time.monotonic()
        self.duration = duration
        for thread in self.threads:
            thread.start()
        self.scheduler = threading.Thread(target=self._schedule, daemon=True)
        self.scheduler.start()

    def now(self):
        return time.monotonic() - self.start_time

    def _schedule(self):
        total = int(self.duration * self.rate)
        for index in range(total):
            due = self.start_time + index / self.rate
            delay = due - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            if self.stop.is_set():
                break
            self.slots.put(int(index / self.rate))
        for _ in self.threads:
            self.slots.put(None)

    def _worker(self):
        connection = None
        while True:
            second = self.slots.get()
            if second is None:
                break
            status, label = 0, "error"
            for _ in range(2):  # a keep-alive connection the proxy closed is re-opened once
                try:
                    if connection is None:
                        connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
                    connection.request("GET", "/productpage", headers={"Host": HOST_HEADER})
                    response = connection.getresponse()
                    body = response.read().decode("utf-8", "replace").strip()
                    status = response.status
                    label = body if status == 200 else body[:40]
                    if response.getheader("connection", "").lower() == "close":
                        connection.close()
                        connection = None
                    break
                except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError) as error:
                    if connection is not None:
                        connection.close()
                    connection = None
                    label = type(error).__name__
                except OSError as error:
                    if connection is not None:
                        connection.close()
                    connection = None
                    label = type(error).__name__
                    break
            with self.lock:
                self.results.append((second, status, label))
        if connection is not None:
            connection.close()

    def wait(self):
        self.scheduler.join(self.duration + 30)
        for thread in self.threads:
            thread.join(30)

    def window(self, start, end):
        with self.lock:
            return [r for r in self.results if start <= r[0] < end]


def control(address, mode):
    """Switches a stub's mode; a failure to switch is an error of the drill itself."""
    request = urllib.request.Request(f"http://{address}/mode/{mode}", method="POST", data=b"")
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.read().decode().strip()
    except urllib.error.HTTPError as error:
        raise SystemExit(f"cannot switch {address} to {mode}: {error.code} {error.read().decode().strip()}")


def stub_total(address):
    try:
        with urllib.request.urlopen(f"http://{address}/stats", timeout=2) as response:
            for line in response.read().decode().splitlines():
                if line.startswith("requests_total:"):
                    return int(line.split(":")[1])
    except OSError:
        pass
    return None


def summarize(results):
    counts = {"cluster-1": 0, "cluster-2": 0, "503": 0, "other": 0}
    for _, status, label in results:
        if status == 200 and label in ("cluster-1", "cluster-2"):
            counts[label] += 1
        elif status == 503:
            counts["503"] += 1
        else:
            counts["other"] += 1
    return counts


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--proxy", required=True, help="HOST:PORT of edge-proxy")
    parser.add_argument("--proxy-pid", type=int, required=True)
    parser.add_argument("--stub1-control", required=True)
    parser.add_argument("--stub2-control", required=True)
    parser.add_argument("--edge-file", required=True, help="the edge Gateway file edge-proxy reads")
    parser.add_argument("--weighted-edge", required=True, help="the weighted Gateway to switch to")
    parser.add_argument("--short", action="store_true")
    parser.add_argument("--rate", type=float, default=40.0)
    args = parser.parse_args()

    # (name, start second, action); windows are [start, next start).
    if args.short:
        fault, after = 6, 8
        baseline, weighted_base, weighted_fault, weighted_after = 4, 4, 6, 3
    else:
        fault, after = 25, 25
        baseline, weighted_base, weighted_fault, weighted_after = 10, 8, 20, 8
    timeline = []
    t = 0
    for name, length in [
        ("baseline", baseline),
        ("ingress-1 down", fault),
        ("repaired", after),
        ("upstream-1 503", fault),
        ("repaired again", after),
        ("weighted", weighted_base),
        ("weighted, ingress-1 down", weighted_fault),
        ("weighted, repaired", weighted_after),
    ]:
        timeline.append((name, t, t + length))
        t += length
    duration = t

    actions = {
        "ingress-1 down": lambda: control(args.stub1_control, "stopped"),
        "repaired": lambda: control(args.stub1_control, "healthy"),
        "upstream-1 503": lambda: control(args.stub1_control, "failing"),
        "repaired again": lambda: control(args.stub1_control, "healthy"),
        "weighted": lambda: (shutil.copyfile(args.weighted_edge, args.edge_file), os.kill(args.proxy_pid, signal.SIGHUP)),
        "weighted, ingress-1 down": lambda: control(args.stub1_control, "stopped"),
        "weighted, repaired": lambda: control(args.stub1_control, "healthy"),
    }

    host, port = args.proxy.rsplit(":", 1)
    load = Load(host, int(port), args.rate)
    print(f"drill: {args.rate:g} requests/s for {duration} s ({'short' if args.short else 'full'} mode)")
    print(f"{'t':>4}  {'phase':<26}{'sent':>5}{'c1 200':>8}{'c2 200':>8}{'503':>6}{'other':>6}{'ingress-1':>11}{'ingress-2':>11}")
    load.begin(duration)
    previous = (stub_total(args.stub1_control), stub_total(args.stub2_control))
    for second in range(duration + 1):
        target = load.start_time + second
        while time.monotonic() < target:
            time.sleep(min(0.05, max(0.0, target - time.monotonic())))
        if second >= 1:
            done = second - 1
            row = summarize(load.window(done, done + 1))
            totals = (stub_total(args.stub1_control), stub_total(args.stub2_control))
            deltas = [(b - a) if a is not None and b is not None else 0 for a, b in zip(previous, totals)]
            previous = totals
            phase = next((n for n, s, e in timeline if s <= done < e), "")
            sent = sum(row.values())
            print(
                f"{done:>4}  {phase:<26}{sent:>5}{row['cluster-1']:>8}{row['cluster-2']:>8}"
                f"{row['503']:>6}{row['other']:>6}{deltas[0]:>11}{deltas[1]:>11}",
                flush=True,
            )
        for name, start, _ in timeline:
            if start == second and name in actions:
                print(f"      -- {name}", flush=True)
                actions[name]()
    load.wait()

    failures = []

    def check(condition, message):
        print(("  ok    " if condition else "  FAIL  ") + message)
        if not condition:
            failures.append(message)

    def window(name, skip=0, last=None):
        for n, start, end in timeline:
            if n == name:
                begin = start + skip if last is None else max(start, end - last)
                return summarize(load.window(begin, end)), begin, end
        raise KeyError(name)

    print("\nassertions")
    automatic_end = next(start for n, start, _ in timeline if n == "weighted")
    automatic = summarize(load.window(0, automatic_end))
    check(
        automatic["503"] == 0 and automatic["other"] == 0,
        f"automatic mode: no client-visible errors in {sum(automatic.values())} requests "
        f"(503: {automatic['503']}, other: {automatic['other']})",
    )
    base, _, _ = window("baseline", skip=1)
    check(base["cluster-1"] >= 0.95 * sum(base.values()), f"baseline: cluster-1 serves the local region {base}")
    settle = 3 if args.short else 5
    for fault_name, repair_name in [("ingress-1 down", "repaired"), ("upstream-1 503", "repaired again")]:
        during, b, e = window(fault_name, skip=settle)
        check(
            during["cluster-2"] >= 0.9 * sum(during.values()),
            f"{fault_name}: traffic moved to cluster-2 in seconds {b}-{e} {during}",
        )
        back, b, e = window(repair_name, last=3)
        check(
            back["cluster-1"] >= 0.9 * sum(back.values()),
            f"{repair_name.strip()} after {fault_name}: traffic back on cluster-1 in seconds {b}-{e} {back}",
        )
    base, b, e = window("weighted", skip=2)
    total = sum(base.values())
    check(
        total > 0 and 0.25 <= base["cluster-1"] / total <= 0.75 and base["503"] == 0,
        f"weighted: split between both clusters in seconds {b}-{e} {base}",
    )
    during, b, e = window("weighted, ingress-1 down", skip=settle)
    total = sum(during.values())
    share = during["503"] / total if total else 0
    check(
        0.25 <= share <= 0.75 and during["cluster-1"] == 0 and during["cluster-2"] > 0,
        f"weighted, ingress-1 down: cluster-1's share answered 503 ({share:.0%}) in seconds {b}-{e} {during}",
    )
    bodies = {}
    for _, status, label in load.window(b, e):
        if status == 503:
            bodies[label] = bodies.get(label, 0) + 1
    print(f"        503 bodies: {bodies}")
    check(
        bodies.get("no healthy upstream", 0) > 0,
        "weighted, ingress-1 down: the failed cluster's share gets 'no healthy upstream'",
    )
    print()
    if failures:
        print(f"drill FAILED: {len(failures)} assertion(s)")
        return 1
    print("drill passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
