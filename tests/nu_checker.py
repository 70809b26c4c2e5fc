"""The Nu HTML checker (vnu-jar, pinned in package.json) run over many documents in one JVM start.

`make test` installs it with `npm ci` when npm is on PATH; Java 17 runs it. Without Java or the jar the
tests that use it skip on a developer's machine, with the reason, and fail under CI (CI=true), as the
browser tests do without Chromium.
"""

import json
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.browser.support import running_in_ci

ROOT = Path(__file__).resolve().parent.parent
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@dataclass(frozen=True)
class Message:
    document: str
    type: str  # "error", or "info" with subType "warning" for a warning
    line: int | None
    message: str
    extract: str

    def __str__(self):
        where = f"{self.document}:{self.line}" if self.line else self.document
        return f"{where}: {self.message} [{self.extract.strip()}]"


def require_checker():
    """Skip (or, under CI, fail) the calling test when the checker cannot run here."""
    reason = None
    if shutil.which("java") is None:
        reason = "Java is not installed (apt-get install default-jre-headless); the Nu HTML checker needs it"
    elif not VNU_JAR.exists():
        reason = f"the Nu HTML checker is not installed at {VNU_JAR.relative_to(ROOT)} (npm ci --ignore-scripts)"
    if reason:
        if running_in_ci():
            pytest.fail(f"{reason}; CI must run the HTML checker, not skip it.", pytrace=False)
        pytest.skip(reason)


def check_documents(documents):
    """Every message the checker has for `documents` ({name: html}), errors and warnings, in one run."""
    require_checker()
    with tempfile.TemporaryDirectory(prefix="vnu-") as folder:
        paths = {}
        for name, html in documents.items():
            path = Path(folder) / f"{name}.html"
            path.write_text(html, encoding="utf-8")
            paths[path.resolve().as_uri()] = name
        # The checker exits 1 when it found an error: its report, not its status, says which.
        completed = subprocess.run(  # noqa: S603 (the test's own files, no outside input)
            [
                shutil.which("java"),
                "-jar",
                str(VNU_JAR),
                "--format",
                "json",
                "--exit-zero-always",
                *map(str, paths_in(folder)),
            ],
            capture_output=True,
            text=True,
            timeout=300,
            check=True,
        )
    report = json.loads(completed.stderr or completed.stdout)
    return [
        Message(
            document=document_name(paths, item.get("url", "")),
            type="warning" if item.get("subType") == "warning" else item["type"],
            line=item.get("lastLine"),
            message=item.get("message", ""),
            extract=item.get("extract", ""),
        )
        for item in report["messages"]
    ]


def paths_in(folder):
    return sorted(Path(folder).glob("*.html"))


def document_name(paths, url):
    # The checker writes file:/tmp/… where pathlib writes file:///tmp/…
    for uri, name in paths.items():
        if url.removeprefix("file:").lstrip("/") == uri.removeprefix("file:").lstrip("/"):
            return name
    return url
