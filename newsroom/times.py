"""Times for machines: the `datetime` attribute of `<time>`, Open Graph's times and structured data's dates.

Django's `|date:'c'` writes microseconds when the value has them (`2026-12-01T09:30:00.123456+05:30`), and
HTML's valid date strings allow at most three digits of a fraction, so the Nu HTML checker rejects them. A
reader never sees the seconds, let alone their fractions: they are dropped, and the time is given in the
site's zone with its offset, as the page shows it to readers.
"""

from datetime import datetime

from django.utils import timezone


def machine_time(value):
    """`2026-12-01T09:30:00+05:30` for a datetime (an aware one in the site's zone), `2026-12-01` for a date;
    "" for None, so that a template can write it without a test."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(microsecond=0).isoformat()
    return value.isoformat()
