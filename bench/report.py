"""The machine, a table for the terminal, and var/bench/results.json / results.md."""

import json
import os
import platform
import shutil
import sqlite3
import subprocess
from pathlib import Path

import django
import gunicorn

# (heading, key in a page's results, format spec); a missing value (the static file's queries) shows "–".
COLUMNS = [
    ("page", "name", ""),
    ("page cache", "mode", ""),
    ("bytes", "bytes", "d"),
    ("queries", "queries", "d"),
    ("server CPU ms", "server_cpu_ms", ".2f"),
    ("in-process CPU ms", "cpu_ms", ".2f"),
    ("SQL ms", "sql_ms", ".1f"),
    ("req/s", "rps", ".0f"),
    ("p50 ms", "p50_ms", ".1f"),
    ("p99 ms", "p99_ms", ".1f"),
    ("vs WSGI", "vs_wsgi", ".3f"),
    ("vs static", "vs_static", ".3f"),
    ("errors", "errors", "d"),
]
MODES = {"uncached": "off", "cached": "on", "wsgi": "–"}  # how the table names each server


def machine():
    cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
    meminfo = Path("/proc/meminfo").read_text().splitlines()
    wrk = shutil.which("wrk")
    return {
        "cpu": next((line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")), "?"),
        "cores": os.cpu_count(),
        "memory_gib": round(int(next(line.split()[1] for line in meminfo if line.startswith("MemTotal:"))) / 2**20, 1),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "sqlite": sqlite3.sqlite_version,
        "gunicorn": gunicorn.__version__,
        "wrk": subprocess.run([wrk, "-v"], capture_output=True, text=True).stdout.split()[1] if wrk else None,  # noqa: S603
    }


def cells(page):
    page = {**page, "mode": MODES[page["mode"]] if page["name"] != "whitenoise static" else "–"}
    return [format(page[key], spec) if page.get(key) is not None else "–" for _, key, spec in COLUMNS]


def summary(run):
    seed = run["seed"]
    seeded = (
        f"seed reused (made in {seed['seconds']:.0f} s)" if seed["reused"] else f"seeded in {seed['seconds']:.1f} s"
    )
    memory = "; ".join(
        f"{mode} {m['worker_peak_mib']:.0f} MiB peak resident, {m['worker_private_mib']:.0f} MiB private (USS)"
        for mode, m in run["memory"].items()
    )
    return (
        f"{run['articles']:,} articles, database {run['database_mib']:.0f} MiB, {seeded}; "
        f"CPU idle just before: {run['idle_before']:.0%}; "
        f"largest worker after the run, per server: {memory}"
    )


def targets(run):
    """The issue's targets, one line each: met or missed, and the value."""
    return "\n".join(
        f"- {'met' if met else 'MISSED'}: {label} ({value:.3g})" for label, value, met in run.get("targets", [])
    )


def table(run):
    if not run["pages"]:  # --spike: the spike alone
        return ""
    lines = [[heading for heading, _, _ in COLUMNS]] + [cells(page) for page in run["pages"]]
    widths = [max(len(line[i]) for line in lines) for i in range(len(COLUMNS))]
    return "\n".join(
        "  ".join(
            cell.ljust(width) if i == 0 else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(line, widths, strict=True))
        )
        for line in lines
    )


def markdown_table(run):
    lines = ["| " + " | ".join(heading for heading, _, _ in COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    lines += ["| " + " | ".join(cells(page)) + " |" for page in run["pages"]]
    return "\n".join(lines)


def markdown(results):
    m, s = results["machine"], results["settings"]
    parts = [
        "# Benchmark results",
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB; Linux {m['kernel']}; "
        f"Python {m['python']}, Django {m['django']}, {s.get('database', 'SQLite ' + m['sqlite'])}, "
        f"the page cache in {s.get('cache', 'local memory')}, gunicorn {m['gunicorn']}.",
        "",
        f"Load: {s['client']} client, {s['concurrency']} concurrent connections, {s['warmup']} s warm-up, then "
        f"{s['rounds']} rounds of {s['duration']} s per page, best round kept; gunicorn with {s['workers']} sync "
        "workers, DEBUG off, each page from a server with the page cache off and one with it on (warmed by the "
        "warm-up), beside the minimal WSGI app (bench/minapp.py: with two headers, and with the stored page's) "
        "and whitenoise serving the article's bytes. "
        "Server CPU ms: the gunicorn processes' CPU over the requests served; in-process: the test client's.",
    ]
    for run in results["runs"]:
        parts += ["", f"## {run['articles']:,} articles", "", summary(run) + "."]
        if run["pages"]:
            parts += ["", markdown_table(run)]
        if run.get("targets"):
            parts += ["", "Targets (issue 12):", "", targets(run)]
        if "spike_summary" in run:
            parts += ["", run["spike_summary"] + "."]
        if "comments_summary" in run:
            parts += ["", "Comment posting (bench/comments_load.py):", "", run["comments_summary"]]
        if "queue_summary" in run:
            parts += ["", run["queue_summary"]]
    return "\n".join(parts) + "\n"


def write(results, directory, suffix=""):
    """results{suffix}.json and .md in `directory` (suffix "-postgres" for a PostgreSQL run); their paths."""
    paths = directory / f"results{suffix}.json", directory / f"results{suffix}.md"
    paths[0].write_text(json.dumps(results, indent=2) + "\n")
    paths[1].write_text(markdown(results))
    return paths
