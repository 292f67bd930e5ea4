"""Throughput and latency of the public API, served by gunicorn on loopback.

Measures entries/ (the full list, default and `?fields=*`), entries/?arrondissement=18
and one entry's detail, first as plain GETs (200, served from the response cache after
the first hit) and then with If-None-Match (the 304 path). Uses `wrk` when installed
(apt-get install wrk), else a small threaded Python client.

    .venv/bin/python bench/bench_api.py [--duration 10] [--workers 2] [--connections 8]

Needs the guide loaded in the dev database (make setup).
"""

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = ROOT / ".venv" / "bin" / "python"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(port, workers, threads):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-secret"),
        "LOG_LEVEL": "ERROR",
    }
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "cms.wsgi:application",
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        f"--threads={threads}",
        "--log-level=error",
        "--access-logfile=/dev/null",
        # The project's gunicorn.conf.py recycles workers every ~1000 requests: a bench
        # would measure restarts.
        "--max-requests=0",
    ]
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    for _ in range(100):
        try:
            fetch(f"http://127.0.0.1:{port}/api/v2/entries/?limit=1")
            return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    sys.exit("gunicorn n'a pas démarré")


def fetch(url, headers=None):
    # Only ever http://127.0.0.1:<port>/ built above.
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return response.status, response.headers.get("ETag"), response.read()


def run_wrk(url, duration, connections, etag):
    threads = min(2, connections)
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency", url]
    if etag:
        command[1:1] = ["-H", f"If-None-Match: {etag}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))

    def percentile(name):
        match = re.search(rf"^\s+{name}%\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE)
        value, unit = float(match.group(1)), match.group(2)
        return value * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return rps, percentile(50), percentile(99), int(non_2xx.group(1)) if non_2xx else 0


def run_python(url, duration, connections, etag):
    latencies, errors = [], []
    stop = time.monotonic() + duration
    headers = {"If-None-Match": etag} if etag else {}

    def worker():
        while time.monotonic() < stop:
            start = time.perf_counter()
            try:
                fetch(url, headers)
            except urllib.error.HTTPError as error:
                if error.code != 304:
                    errors.append(error.code)
            latencies.append((time.perf_counter() - start) * 1000)

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    begin = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - begin
    latencies.sort()
    p99 = latencies[int(len(latencies) * 0.99) - 1]
    return len(latencies) / elapsed, statistics.median(latencies), p99, len(errors)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument(
        "--connections",
        default="1,8",
        help="concurrent connections, comma-separated: 1 gives the latency of one client, "
        "8 the throughput under load",
    )
    parser.add_argument("--client", choices=["wrk", "python"], default=None)
    args = parser.parse_args()
    client = args.client or ("wrk" if shutil.which("wrk") else "python")
    runner = run_wrk if client == "wrk" else run_python

    port = free_port()
    server = start_gunicorn(port, args.workers, args.threads)
    base = f"http://127.0.0.1:{port}/api/v2"
    try:
        listing = json.loads(fetch(f"{base}/entries/?limit=100")[2])
        if not listing["meta"]["total_count"]:
            sys.exit("Guide vide : lancez make setup.")
        detail_id = listing["items"][0]["id"]
        targets = [
            ("entries/ (liste complète, champs par défaut)", f"{base}/entries/?limit=100"),
            (
                "entries/?fields=* (liste complète, tout le contenu)",
                f"{base}/entries/?limit=100&fields=*",
            ),
            ("entries/?arrondissement=18", f"{base}/entries/?arrondissement=18&limit=100"),
            (f"entries/{detail_id}/ (détail)", f"{base}/entries/{detail_id}/"),
        ]
        print(
            f"client={client} gunicorn workers={args.workers} threads={args.threads} "
            f"duration={args.duration}s per row"
        )
        print("| Requête | Réponse | Connexions | req/s | p50 (ms) | p99 (ms) | erreurs |")
        print("|---|---|---:|---:|---:|---:|---:|")
        for label, url in targets:
            # A first request fills the response cache, as in production after a publish.
            _status, etag, _body = fetch(url)
            for path_name, header in [("200", None), ("304", etag)]:
                for connections in [int(c) for c in args.connections.split(",")]:
                    rps, p50, p99, errors = runner(url, args.duration, connections, header)
                    print(
                        f"| {label} | {path_name} | {connections} | {rps:.0f} | {p50:.1f} "
                        f"| {p99:.1f} | {errors} |"
                    )
        # Cold renders: every limit from 30 to 100 returns the whole guide under a URL not
        # seen yet, so the response cache misses and the view renders the list.
        for label, query in [("entries/ (liste complète)", ""), ("entries/?fields=*", "&fields=*")]:
            timings = []
            for limit in range(30, 101):
                start = time.perf_counter()
                fetch(f"{base}/entries/?limit={limit}{query}")
                timings.append((time.perf_counter() - start) * 1000)
            timings.sort()
            print(
                f"| {label}, rendu sans cache | 200 | 1 | {1000 / statistics.mean(timings):.0f} "
                f"| {statistics.median(timings):.1f} | {timings[int(len(timings) * 0.99) - 1]:.1f} | 0 |"
            )
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
