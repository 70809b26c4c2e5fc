"""
Asking a platform's public oEmbed endpoint about a post.

One GET with a short timeout and a size limit; the answer is read into the same plain fields as embed code
(the `html` some platforms return is embed code, read by social/embeds.py). The outcome is one
of three: the fields (the post is there), Gone (the platform says it is not: 404/410 deleted, 403
private), or FetchFailed (anything else: no answer in time, an error page, JSON that is not oEmbed). The
endpoints, the timeout, the user agent and Meta's access token are settings (docs/social-posts.md).
"""

import json
import time
from http.client import HTTPException
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode, urlsplit
from urllib.request import Request, urlopen

from django.conf import settings

from social.addresses import FACEBOOK, INSTAGRAM, PLATFORM_NAMES, TIKTOK, YOUTUBE, PostRef, X
from social.embeds import EmbedError, ParsedPost, parse_embed

MAX_BYTES = 512 * 1024
GONE_STATUSES = {
    404: "the platform says the post does not exist (deleted)",
    410: "the platform says the post was deleted",
}
PRIVATE_STATUS = 403


class Gone(Exception):  # noqa: N818 (an outcome, not an error)
    """The platform says the post is not there for the public any more."""


class FetchFailed(Exception):
    """The platform did not tell us anything usable this time; try again later."""


def endpoint_url(ref):
    endpoint = settings.SOCIAL_OEMBED_ENDPOINTS.get(ref.platform) or ""
    if urlsplit(endpoint).scheme not in ("http", "https"):
        raise FetchFailed(f"no oEmbed endpoint is configured for {PLATFORM_NAMES[ref.platform]}")
    params = {"url": ref.permalink, "format": "json"}
    if ref.platform == X:
        # X's endpoint documents twitter.com/<user>/status/<id> addresses; any user name finds the post.
        params["url"] = f"https://twitter.com/{ref.handle or 'i'}/status/{ref.post_id}"
        params.update(omit_script="1", dnt="true")
    if ref.platform in (INSTAGRAM, FACEBOOK):
        # Meta's endpoints have required an app token since 2020; without one, the editor completes the post.
        token = settings.SOCIAL_META_ACCESS_TOKEN
        if not token:
            raise FetchFailed(
                f"{PLATFORM_NAMES[ref.platform]} only answers apps with a Meta access token "
                "(SOCIAL_META_ACCESS_TOKEN is not set): paste the embed code or complete the post by hand"
            )
        params["access_token"] = token
        params["omitscript"] = "true"
    separator = "&" if "?" in endpoint else "?"
    return endpoint + separator + urlencode(params)


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
                    raise FetchFailed(f"{host} sent more than {MAX_BYTES // 1024} KB")
                if time.monotonic() > deadline:
                    raise FetchFailed(f"{host} took more than {timeout:g} seconds to answer")
    except HTTPError as error:
        if error.code in GONE_STATUSES:
            raise Gone(GONE_STATUSES[error.code]) from None
        if error.code == PRIVATE_STATUS:
            raise Gone("the platform refuses to show the post (made private or restricted)") from None
        raise FetchFailed(f"{host} answered HTTP {error.code}") from None
    except TimeoutError:
        raise FetchFailed(f"{host} did not answer within {timeout:g} seconds") from None
    except URLError as error:
        reason = error.reason
        if isinstance(reason, TimeoutError):
            raise FetchFailed(f"{host} did not answer within {timeout:g} seconds") from None
        raise FetchFailed(f"could not reach {host} ({reason})") from None
    except (HTTPException, OSError) as error:
        raise FetchFailed(f"the connection to {host} failed ({error.__class__.__name__})") from None
    try:
        data = json.loads(b"".join(chunks))
    except ValueError:
        raise FetchFailed(f"{host} answered with something that is not JSON") from None
    if not isinstance(data, dict) or not any(key in data for key in ("html", "author_name", "title", "type")):
        raise FetchFailed(f"{host} answered with JSON that is not oEmbed")
    return data


def text_field(data, key, limit):
    value = data.get(key)
    return value.strip()[:limit] if isinstance(value, str) else ""


def handle_from_author_url(url):
    segments = [segment for segment in urlsplit(url).path.split("/") if segment] if url else []
    handle = next((segment for segment in segments if segment.startswith("@")), segments[-1] if segments else "")
    return handle.removeprefix("@")[:100]


def fetch(ref: PostRef) -> ParsedPost:
    """What the platform's oEmbed endpoint says about the post; raises Gone or FetchFailed."""
    data = request_json(endpoint_url(ref))
    post = ParsedPost(ref=ref)
    html = text_field(data, "html", MAX_BYTES)
    if html and ref.platform in (X, TIKTOK, INSTAGRAM):
        try:
            post = parse_embed(html)
        except EmbedError:
            post = ParsedPost(ref=ref)
        post.ref = ref
    post.author_name = post.author_name or text_field(data, "author_name", 200)
    if ref.platform == INSTAGRAM:
        post.author_handle = post.author_handle or post.author_name  # Instagram's author_name is the handle
    post.author_handle = (
        post.author_handle
        or text_field(data, "author_unique_id", 100)
        or handle_from_author_url(text_field(data, "author_url", 500))
    )
    if ref.platform in (YOUTUBE, TIKTOK) and not post.text:
        post.text = text_field(data, "title", 5000)
    thumbnail = text_field(data, "thumbnail_url", 1000)
    if thumbnail.startswith("https://"):
        post.media_url = thumbnail
    post.complete = True
    return post
