"""Moving the site's clock in tests: every `timezone.now()` answers the time given.

The project has no time-machine dependency; Django's clock is the one every rule reads (the published()
query, the services, auto_now), so patching it moves the whole site.
"""

from contextlib import contextmanager
from unittest import mock

from django.utils import timezone


@contextmanager
def time_machine(at):
    with mock.patch.object(timezone, "now", return_value=at):
        yield at
