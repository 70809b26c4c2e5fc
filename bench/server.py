"""gunicorn started the way `make serve` starts it, on a free loopback port, and always stopped."""

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

BIN = Path(sys.executable).parent


def default_workers():
    return 2 * os.cpu_count() + 1  # as in the Makefile's serve target


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def gunicorn(env, *, workers, log_path, ready_path="/static/bench-baseline.html", port=None, app="newsroom.wsgi"):
    """Run gunicorn `app` (newsroom.wsgi) until the block ends (on success, error or Ctrl-C alike).

    It is ready when all its workers are up and `ready_path` answers 200. `port`: a free one when not given;
    give it when the environment must name the address first (SITE_URL, for `make audit`). `app`: another
    WSGI module (bench.minapp, the baseline) under the same gunicorn, workers and access log.
    """
    port = port or free_port()
    command = [
        BIN / "gunicorn", app, "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
        "--access-logfile", "-",
    ]  # fmt: skip
    with open(log_path, "ab") as log:
        # A session of its own: Ctrl-C reaches only the bench, which then stops the server cleanly.
        process = subprocess.Popen(command, env=env, stdout=log, stderr=log, start_new_session=True)  # noqa: S603
    try:
        wait_until_answering(process, port, workers, ready_path)
        yield process, f"http://127.0.0.1:{port}"
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def wait_until_answering(process, port, workers, ready_path, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with status {process.returncode}; see its log")
        if len(worker_pids(process.pid)) == workers:
            with contextlib.suppress(OSError):
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                connection.request("GET", ready_path)
                if connection.getresponse().status == 200:
                    return
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer on port {port} within {timeout} s")


def worker_pids(master_pid):
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            # The parent pid is the second field after the command name, which is in parentheses.
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == master_pid:
                pids.append(int(stat.parent.name))
    return pids


def memory_kib(pid):
    """VmHWM, the most resident memory the process has held since it started (SQLite's memory-mapped
    database pages included, which all workers share), and its private memory now, the USS: the pages no
    other process maps (Private_Clean + Private_Dirty of /proc/PID/smaps_rollup, what stopping the worker
    would give back); in KiB."""
    status = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines())
    rollup = Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]  # the first line names the range
    fields = {name: int(value.split()[0]) for name, value in (line.split(":", 1) for line in rollup)}
    return int(status["VmHWM"].split()[0]), fields["Private_Clean"] + fields["Private_Dirty"]


def cpu_seconds(master_pid):
    """User + system CPU time used so far by gunicorn's master and its workers, in seconds.

    Taken before and after a load, the difference over the requests served is the server's CPU per request:
    the whole stack (gunicorn's parsing, Django, the database on SQLite), not just the view.
    """
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in [master_pid, *worker_pids(master_pid)]:
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime and stime, fields 14 and 15 of stat(5)
    return total / ticks


def idle_share(seconds=1.0):
    """The share of all CPUs left idle over `seconds`: near 1.0 on a quiet machine."""

    def counters():
        values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        return values[3] + values[4], sum(values)  # idle + iowait, total

    idle_before, total_before = counters()
    time.sleep(seconds)
    idle_after, total_after = counters()
    return round((idle_after - idle_before) / max(1, total_after - total_before), 2)


def settled_cpu_seconds(master_pid, *, timeout=3.0):
    """cpu_seconds() once the server has stopped working: requests a load left in flight when its client
    stopped (gunicorn finishes them) would otherwise be counted in the next load's CPU."""
    deadline = time.monotonic() + timeout
    before = cpu_seconds(master_pid)
    while time.monotonic() < deadline:
        time.sleep(0.2)
        now = cpu_seconds(master_pid)
        if now == before:
            return now
        before = now
    return before


def served_since(log_path, offset):
    """Requests gunicorn's access log has recorded after byte `offset`, and the log's end now."""
    with open(log_path, "rb") as log:
        log.seek(offset)
        written = log.read()
    return written.count(b'" 200 ') + written.count(b'" 304 '), offset + len(written)
