"""`make test` installs the pinned npm tools (the Nu HTML checker) first when npm is there, and runs without it."""

import os
import shutil
import subprocess
from pathlib import Path

from django.conf import settings

NPM_CI = "npm ci --ignore-scripts --no-audit --no-fund --loglevel error"


def make_dry_run_test(path):
    # -W package-lock.json: as if the lock had just changed, so the install step is due whatever node_modules
    # holds now; -n prints the recipes and runs none of them.
    return subprocess.run(  # noqa: S603 (the test's own arguments)
        [shutil.which("make"), "--no-print-directory", "-n", "-W", "package-lock.json", "test"],
        cwd=settings.BASE_DIR,
        env={**os.environ, "PATH": path},
        capture_output=True,
        text=True,
        check=True,
    )


def test_make_test_runs_npm_ci_before_the_suite_when_npm_is_on_the_path():
    lines = make_dry_run_test(os.environ["PATH"]).stdout.splitlines()

    assert NPM_CI in lines
    assert lines.index(NPM_CI) < lines.index(".venv/bin/pytest")


def test_make_test_runs_the_suite_without_npm_on_a_machine_that_has_none(tmp_path):
    # A PATH with make alone: no npm, as on a laptop with just Python and make.
    (tmp_path / "make").symlink_to(Path(shutil.which("make")))

    lines = make_dry_run_test(str(tmp_path)).stdout.splitlines()

    assert NPM_CI not in lines
    assert lines[-1] == ".venv/bin/pytest"
