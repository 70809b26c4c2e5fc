"""What the browser fixtures share: how Chromium is started, what a watched page records, and axe-core.

Import from here in browser tests (`from tests.browser.support import axe_violations`); the fixtures in
conftest.py are built on it.
"""

import os
import re
from pathlib import Path

from axe_playwright_python.base import AXE_SCRIPT

# Debian's package; CHROMIUM_PATH points elsewhere on a machine that keeps its Chromium somewhere else.
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))

# The headless flags of /work/shared/BROWSER.md: without the background-networking ones Chromium keeps
# trying to reach Google's hosts, which CI machines cannot reach and tests must not.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Any URL that is not on this machine. Matched by Playwright's driver, so the page's own requests never
# make the round trip to Python; only the ones to block do.
ANOTHER_HOST = re.compile(r"^(?!https?://(?:127\.0\.0\.1|localhost|\[::1\])(?::\d+)?/)")

MOBILE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 3}
DESKTOP = {"viewport": {"width": 1366, "height": 900}}


def running_in_ci():
    return os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}


# Runs in every document before the page's own code: CSP violations are DOM events, not console output,
# so they are forwarded to Python through a binding the watch exposes.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__reportCspViolation(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} ` +
    `at ${event.sourceFile || event.documentURI}:${event.lineNumber}` +
    (event.sample ? ` (${event.sample})` : "")
  );
});
"""


class PageWatch:
    """Records what a reader's page must never do; `problems()` is empty when the page behaved.

    - a request to any host but this machine (it is blocked too, so nothing leaves the machine);
    - a Content Security Policy violation (the DOM event, or Chromium's console message about it);
    - a console error or an uncaught exception;
    - a JavaScript dialog, such as the `alert()` of an injected payload (dismissed, so the page goes on).
    """

    def __init__(self, page):
        self.page = page
        self.external_requests = []
        self.csp_violations = []
        self.console_errors = []
        self.dialogs = []
        self.refusing_urls = []
        page.expose_binding("__reportCspViolation", lambda source, text: self.csp_violations.append(text))
        page.add_init_script(REPORT_CSP_VIOLATIONS)
        page.route(ANOTHER_HOST, self._block)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.console_errors.append(f"uncaught {error.name}: {error.message}"))
        page.on("dialog", self._dialog)

    def _block(self, route):
        self.external_requests.append(f"{route.request.method} {route.request.url}")
        route.abort("blockedbyclient")

    def _console(self, message):
        url = message.location.get("url", "")
        if "Content Security Policy" in message.text:
            self.csp_violations.append(f"console: {message.text}")
        elif message.text.startswith("Failed to load resource") and (
            url == self.page.url or any(pattern.search(url) for pattern in self.refusing_urls)
        ):
            # Chromium logs the status of the page itself too: a test that opens a 404 page on purpose
            # checks what it shows; so does a test whose script posts a form the server refuses on purpose
            # (expect_refusals). A failing image, script or stylesheet is still an error.
            return
        elif message.type == "error":
            self.console_errors.append(f"{message.text} ({url})")

    def expect_refusals(self, url_pattern):
        """Let answers from URLs matching `url_pattern` (a regex) be 4xx or 5xx without failing the test.

        For a page whose script posts with fetch and shows the server's refusal in place: Chromium logs
        every such answer as a console error, though the page handles it.
        """
        self.refusing_urls.append(re.compile(url_pattern))
        return self

    def _dialog(self, dialog):
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def problems(self):
        if not self.page.is_closed():
            # Events the page has already sent are delivered while Playwright waits on a call.
            self.page.evaluate("0")
        found = {
            "requests to other hosts": self.external_requests,
            "Content Security Policy violations": self.csp_violations,
            "console errors": self.console_errors,
            "JavaScript dialogs": self.dialogs,
        }
        return {kind: items for kind, items in found.items() if items}

    def assert_clean(self):
        problems = self.problems()
        if problems:
            lines = [f"The page at {self.page.url} misbehaved:"]
            for kind, items in problems.items():
                lines.append(f"  {kind}:")
                lines.extend(f"    - {item}" for item in items)
            raise AssertionError("\n".join(lines))


def axe_violations(page, options=None):
    """axe-core's violations on the page as it is now, one readable line per rule and element.

    The page must come from a context opened with `bypass_csp=True` (the strict CSP refuses injected
    script); keep every other check in a context that enforces it. The default rule set runs: WCAG 2.0,
    2.1 and 2.2 A and AA plus axe's best practices. Use as `assert axe_violations(page) == []`.
    """
    page.evaluate(AXE_SCRIPT)
    results = page.evaluate("options => axe.run(document, options)", options or {"resultTypes": ["violations"]})
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at {' '.join(map(str, node['target']))}: "
        f"{node['failureSummary']}".replace("\n", " ")
        for violation in results["violations"]
        for node in violation["nodes"]
    ]
