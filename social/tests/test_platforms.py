"""The platform registry: each platform is written once, in its module, and shared code asks the registry."""

import ast
import re
from pathlib import Path

import pytest

from social.addresses import recognise
from social.embeds import parse_embed
from social.platforms import registry
from social.platforms.base import EMBED_BOXES
from social.tests import fixtures

SOCIAL = Path(__file__).resolve().parents[1]
ROOT = SOCIAL.parent
# What readers and editors read, and what shared code would write if it branched on a platform.
PLATFORM_WORDS = re.compile(
    r"\b(?:x\.com|twitter|instagram|youtube|tiktok|facebook|bluesky|bsky|threads\.(?:net|com))\b", re.IGNORECASE
)


def shared_python():
    yield from sorted(SOCIAL.glob("*.py"))


def string_constants(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef) and ast.get_docstring(node) is not None
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            yield node.lineno, node.value


def test_shared_code_never_names_a_platform():
    slugs = {platform.slug for platform in registry}
    found = [
        f"{path.relative_to(ROOT)}:{line}: {value!r}"
        for path in shared_python()
        for line, value in string_constants(path)
        if value in slugs or PLATFORM_WORDS.search(value)
    ]
    for path in [
        *(ROOT / "templates" / "social").rglob("*.html"),
        *(ROOT / "static" / "social").glob("*.*"),
    ]:
        for number, text in enumerate(path.read_text().splitlines(), 1):
            if PLATFORM_WORDS.search(text) or re.search(r"--(?:x|" + "|".join(slugs) + r")\b", text):
                found.append(f"{path.relative_to(ROOT)}:{number}: {text.strip()[:100]}")

    assert found == []


@pytest.mark.parametrize("platform", list(registry), ids=lambda platform: platform.slug)
def test_every_platform_says_everything_shared_code_asks_of_it(platform):
    assert platform.slug
    assert platform.name
    assert platform.hosts
    assert platform.link_domains
    assert platform.embed_box in EMBED_BOXES
    assert all(origin.startswith("https://") and origin.count("/") == 2 for origin in platform.frame_sources)
    assert platform.oembed_endpoint.startswith("https://")
    assert platform.mark.startswith("<svg")
    assert 'aria-hidden="true"' in platform.mark
    assert platform.mention_url("someone").startswith("https://")
    assert platform.hashtag_url("Jawan").startswith("https://")


@pytest.mark.parametrize(
    ("code", "platform"),
    [
        (fixtures.X_DARK, "x"),
        (fixtures.INSTAGRAM_CAPTIONED, "instagram"),
        (fixtures.YOUTUBE, "youtube"),
        (fixtures.TIKTOK, "tiktok"),
        (fixtures.FACEBOOK, "facebook"),
        (fixtures.BLUESKY, "bluesky"),
        (fixtures.THREADS, "threads"),
    ],
)
def test_every_platform_has_a_fixture_of_its_embed_code_whose_frame_the_policy_allows(code, platform):
    post = parse_embed(code)
    address = recognise(post.ref.permalink)
    info = registry.get(platform)

    assert (post.ref.platform, address.platform, address.post_id) == (platform, platform, post.ref.post_id)
    assert info.is_own_link(post.ref.permalink)
    assert any(origin in registry.frame_sources() for origin in info.frame_sources)
