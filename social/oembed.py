"""
Asking a platform's public oEmbed endpoint about a post.

One GET with a short timeout and a size limit; the answer is read by the platform's module into the same
plain fields as embed code (social/platforms/). The outcome is one of three: the fields (the post is
there), Gone (the platform says it is not: 404/410 deleted, 403 private), or FetchFailed (anything else:
no answer in time, an error page, JSON that is not oEmbed), which says what kind of failure it was so
that editors read it in plain words and the next try is timed for it. Each platform's endpoint is its
module's unless SOCIAL_OEMBED_ENDPOINTS replaces it; the timeout, the user agent and Meta's access token
are settings too (docs/social-posts.md).
"""

import json
import time
from http.client import HTTPException
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode, urlsplit
from urllib.request import Request, urlopen

from django.conf import settings

from social.models import Failure
from social.platforms import registry
from social.platforms.base import ParsedPost, PostRef

MAX_BYTES = 512 * 1024
GONE_STATUSES = {
    404: "the platform says the post does not exist (deleted)",
    410: "the platform says the post was deleted",
}
PRIVATE_STATUS = 403


class Gone(Exception):  # noqa: N818 (an outcome, not an error)
    """The platform says the post is not there for the public any more."""


class FetchFailed(Exception):
    """The platform did not tell us anything usable this time; `kind` (a Failure) says why, the message in detail."""

    def __init__(self, message, kind):
        super().__init__(message)
        self.kind = kind


def endpoint(platform):
    return settings.SOCIAL_OEMBED_ENDPOINTS.get(platform.slug, platform.oembed_endpoint)


def unavailable(ref):
    """FetchFailed when the platform cannot be asked at all on this site (no endpoint, no token), else None."""
    platform = registry.get(ref.platform)
    if urlsplit(endpoint(platform)).scheme not in ("http", "https"):
        return FetchFailed(f"no oEmbed endpoint is configured for {platform.name}", Failure.OFF)
    if platform.oembed_needs_meta_token and not settings.SOCIAL_META_ACCESS_TOKEN:
        # Meta's endpoints have required an app token since 2020; without one, the editor completes the post.
        return FetchFailed(
            f"{platform.name} only answers apps with a Meta access token (SOCIAL_META_ACCESS_TOKEN is not set): "
            "paste the embed code or complete the post by hand",
            Failure.TOKEN,
        )
    return None


def endpoint_url(ref):
    problem = unavailable(ref)
    if problem is not None:
        raise problem
    platform = registry.get(ref.platform)
    params = platform.oembed_query(ref)
    if platform.oembed_needs_meta_token:
        params["access_token"] = settings.SOCIAL_META_ACCESS_TOKEN
    base = endpoint(platform)
    return base + ("&" if "?" in base else "?") + urlencode(params)


def request_json(url):
    host = urlsplit(url).hostname
    timeout = settings.SOCIAL_OEMBED_TIMEOUT
    # endpoint_url() only builds http(s) addresses, so urlopen never sees file: or another scheme.
    request = Request(url, headers={"User-Agent": settings.SOCIAL_OEMBED_USER_AGENT, "Accept": "application/json"})  # noqa: S310
    deadline = time.monotonic() + timeout
    try:
        with urlopen(request, timeout=timeout) as response:  # noqa: S310 (see above)
            chunks, size = [], 0
            while chunk := response.read(16384):
                chunks.append(chunk)
                size += len(chunk)
                if size > MAX_BYTES:
                    raise FetchFailed(f"{host} sent more than {MAX_BYTES // 1024} KB", Failure.UNREADABLE)
                if time.monotonic() > deadline:
                    raise FetchFailed(f"{host} took more than {timeout:g} seconds to answer", Failure.UNREACHABLE)
    except HTTPError as error:
        if error.code in GONE_STATUSES:
            raise Gone(GONE_STATUSES[error.code]) from None
        if error.code == PRIVATE_STATUS:
            raise Gone("the platform refuses to show the post (made private or restricted)") from None
        raise FetchFailed(f"{host} answered HTTP {error.code}", Failure.REFUSED) from None
    except TimeoutError:
        raise FetchFailed(f"{host} did not answer within {timeout:g} seconds", Failure.UNREACHABLE) from None
    except URLError as error:
        reason = error.reason
        if isinstance(reason, TimeoutError):
            raise FetchFailed(f"{host} did not answer within {timeout:g} seconds", Failure.UNREACHABLE) from None
        raise FetchFailed(f"could not reach {host} ({reason})", Failure.UNREACHABLE) from None
    except (HTTPException, OSError) as error:
        raise FetchFailed(
            f"the connection to {host} failed ({error.__class__.__name__})", Failure.UNREACHABLE
        ) from None
    try:
        data = json.loads(b"".join(chunks))
    except ValueError:
        raise FetchFailed(f"{host} answered with something that is not JSON", Failure.UNREADABLE) from None
    if not isinstance(data, dict) or not any(key in data for key in ("html", "author_name", "title", "type")):
        raise FetchFailed(f"{host} answered with JSON that is not oEmbed", Failure.UNREADABLE)
    return data


def fetch(ref: PostRef) -> ParsedPost:
    """What the platform's oEmbed endpoint says about the post; raises Gone or FetchFailed."""
    return registry.get(ref.platform).read_oembed(request_json(endpoint_url(ref)), ref)
