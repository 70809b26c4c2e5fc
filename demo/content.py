"""
Reading the demo's content: TOML files in demo/content/, written for editors rather than programmers.

Times relative to the load are written as durations, "2h10m" or "1d4h35m" (days, hours, minutes, each
optional, in that order), and read by `duration()`.
"""

import re
import tomllib
from datetime import timedelta
from pathlib import Path

CONTENT_DIR = Path(__file__).resolve().parent / "content"
DURATION = re.compile(r"(?:(?P<days>\d+)d)?(?:(?P<hours>\d+)h)?(?:(?P<minutes>\d+)m)?")


def read(name):
    """The data of demo/content/<name>.toml."""
    with (CONTENT_DIR / f"{name}.toml").open("rb") as file:
        return tomllib.load(file)


def duration(value):
    """The timedelta of a duration such as "2h10m"; a ValueError naming a bad value and the form to use."""
    found = DURATION.fullmatch(value.strip()) if isinstance(value, str) else None
    if not found or not any(found.groups()):
        raise ValueError(
            f"{value!r} is not a duration: write days, hours and minutes as in '3d', '2h10m' or '1d4h35m'."
        )
    return timedelta(**{unit: int(amount) for unit, amount in found.groupdict().items() if amount})


def duration_of(entry, key, source):
    """`entry[key]` read by duration(); a bad value's error names the file, the entry's slug and the key."""
    try:
        return duration(entry[key])
    except ValueError as error:
        raise ValueError(f"demo/content/{source}.toml, {entry['slug']}, {key}: {error}") from None
