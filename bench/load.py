"""
A bounded HTTP load: `concurrency` clients request one URL as fast as they can for `duration` seconds.

wrk (C, event loop) is used when installed (`apt-get install wrk`), so that on a small machine the
client takes as little CPU from the server as possible; otherwise Python threads with http.client do the
same job less efficiently. Either way every request opens a new connection, since gunicorn's sync
workers close the connection after each response; wrk's latency starts when the request is written,
the Python client's when it connects.
"""

import http.client
import json
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

# Printed by wrk when it is done: its own report is for people, this line is for us.
WRK_REPORT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "\\nBENCH {\\"requests\\": %d, \\"seconds\\": %f, \\"errors\\": %d, \\"p50_ms\\": %f, \\"p99_ms\\": %f}\\n",
    summary.requests, summary.duration / 1e6, e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
"""


@dataclass
class Load:
    requests: int
    seconds: float
    errors: int
    p50_ms: float
    p99_ms: float
    cpu_ms: float | None = None  # the server's CPU per request, when the caller measured it (bench/server.py)

    @property
    def rps(self):
        return self.requests / self.seconds


def client_name(choice):
    if choice == "auto":
        return "wrk" if shutil.which("wrk") else "python"
    return choice


def measure(client, url, *, concurrency, duration, warmup=0):
    run = run_wrk if client == "wrk" else run_threads
    if warmup:
        run(url, concurrency, warmup)
    return run(url, concurrency, duration)


def run_wrk(url, concurrency, duration, threads=1):
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(WRK_REPORT)
        script.flush()
        command = ["wrk", f"-t{threads}", f"-c{concurrency}", f"-d{duration}s", "--timeout", "10s", "-s", script.name]
        command.append(url)
        finished = subprocess.run(command, capture_output=True, text=True, check=True)  # noqa: S603
    report = next(line for line in finished.stdout.splitlines() if line.startswith("BENCH "))
    return Load(**json.loads(report.removeprefix("BENCH ")))


def run_threads(url, concurrency, duration):
    parts = urlsplit(url)
    latencies, errors = [], []
    stop_at = time.monotonic() + duration

    def client():
        mine, failed = [], 0
        while (started := time.monotonic()) < stop_at:
            try:
                connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
                connection.request("GET", parts.path)
                response = connection.getresponse()
                response.read()
                connection.close()
                if response.status >= 400:
                    failed += 1
            except OSError:
                failed += 1
            mine.append(time.monotonic() - started)
        latencies.extend(mine)  # list.extend is atomic under the GIL
        errors.append(failed)

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    percentiles = statistics.quantiles(latencies, n=100, method="inclusive")
    return Load(len(latencies), time.monotonic() - began, sum(errors), percentiles[49] * 1000, percentiles[98] * 1000)
