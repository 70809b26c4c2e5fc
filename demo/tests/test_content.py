import re
from datetime import timedelta

import pytest

from demo import content, pictures, social

ARTICLES = content.read("articles")
SOCIAL = content.read("social")


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("2h10m", timedelta(hours=2, minutes=10)),
        ("3d", timedelta(days=3)),
        ("1d4h35m", timedelta(days=1, hours=4, minutes=35)),
        ("45m", timedelta(minutes=45)),
        (" 5h ", timedelta(hours=5)),
    ],
)
def test_a_duration_is_written_in_days_hours_and_minutes(written, meant):
    assert content.duration(written) == meant


@pytest.mark.parametrize("written", ["", "2 hours", "10m2h", "2h 10m", "1w", "-3d", "d", 5, None])
def test_a_bad_duration_is_refused_with_the_value_and_the_form_to_use(written):
    with pytest.raises(ValueError, match=r"is not a duration: write days, hours and minutes as in '3d', '2h10m'"):
        content.duration(written)


def test_a_bad_duration_in_a_content_file_names_the_file_the_entry_and_the_key():
    story = {"slug": "a-story", "published_ago": "2 hours"}
    message = (
        "demo/content/articles.toml, a-story, published_ago: '2 hours' is not a duration: write days, hours "
        "and minutes as in '3d', '2h10m' or '1d4h35m'."
    )

    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        content.duration_of(story, "published_ago", "articles")


def test_every_story_names_sections_authors_tags_and_motifs_that_exist():
    sections = {section["slug"] for section in ARTICLES["sections"]}
    authors = {author["slug"] for author in ARTICLES["authors"]}

    assert {section["motif"] for section in ARTICLES["sections"]} <= set(pictures.MOTIFS)
    for story in ARTICLES["articles"]:
        assert story["section"] in sections, story["slug"]
        assert set(story["authors"]) <= authors, story["slug"]
        assert set(story["tags"]) <= set(ARTICLES["tags"]), story["slug"]
        assert {story.get("motif", "bokeh"), story.get("picture", {}).get("motif", "bokeh")} <= set(pictures.MOTIFS)
        for key in ("published_ago", "published_in", "updated_after"):
            if key in story:
                content.duration_of(story, key, "articles")
        assert ("image:PICTURE" in story["body"]) == ("picture" in story), story["slug"]
    for story in SOCIAL["stories"]:
        assert story["section"] in sections, story["slug"]
        content.duration_of(story, "published_ago", "social")
    assert SOCIAL["author"] in authors
    assert SOCIAL["motif"] in pictures.MOTIFS


def test_every_post_a_roundup_places_exists_and_every_post_is_placed_once():
    placed = [key for story in SOCIAL["stories"] for key in social.POST_LINE.findall(story["body"])]

    assert sorted(placed) == sorted(SOCIAL["posts"])
    for story in SOCIAL["stories"]:
        for line in story["body"].splitlines():
            if "[post" in line:
                assert social.POST_LINE.fullmatch(line), line
