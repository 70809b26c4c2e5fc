import pytest

from articles.body import render_body
from articles.tests.builders import make_image

pytestmark = pytest.mark.django_db


def test_markdown_becomes_paragraphs_subheadings_quotes_and_lists():
    html = render_body("Intro with **bold** and *italic*.\n\n## What she said\n\n> A quote.\n\n- one\n- two")

    assert html == (
        "<p>Intro with <strong>bold</strong> and <em>italic</em>.</p>\n"
        "<h2>What she said</h2>\n"
        "<blockquote>\n<p>A quote.</p>\n</blockquote>\n"
        "<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n"
    )


def test_a_top_level_heading_in_the_body_is_demoted_below_the_headline():
    assert render_body("# Big news") == "<h2>Big news</h2>\n"


def test_links_keep_their_address_and_get_a_safe_rel():
    html = render_body("[the trailer](https://example.com/trailer)")

    assert html == '<p><a href="https://example.com/trailer" rel="noopener noreferrer">the trailer</a></p>\n'


@pytest.mark.parametrize(
    ("hostile", "shown"),
    [
        ("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n"),
        ('<img src=x onerror="alert(1)">', "<p>&lt;img src=x onerror=“alert(1)”&gt;</p>\n"),
        ("[click](javascript:alert(1))", "<p>[click](javascript:alert(1))</p>\n"),
        ('<a href="/" onclick="alert(1)">x</a>', "<p>&lt;a href=“/” onclick=“alert(1)”&gt;x&lt;/a&gt;</p>\n"),
    ],
)
def test_html_and_script_typed_into_the_body_are_shown_as_text(hostile, shown):
    assert render_body(hostile) == shown


def test_a_library_picture_on_its_own_line_becomes_a_figure_with_renditions(media_root):
    image = make_image(caption="On the red carpet", credit="Getty Images")

    html = render_body(f"Before.\n\n![Priyanka at the Met Gala](image:{image.pk})\n\nAfter.")

    assert html.startswith('<p>Before.</p>\n<figure class="body-figure"><picture><source type="image/avif" srcset=')
    assert 'alt="Priyanka at the Met Gala"' in html
    assert 'width="640" height="360"' in html
    assert "<figcaption>On the red carpet (Getty Images)</figcaption></figure>" in html
    assert html.endswith("<p>After.</p>\n")


def test_pictures_from_other_hosts_are_not_loaded():
    html = render_body("![tracker](https://tracker.example/pixel.gif)")

    assert html == "<p>tracker</p>\n"


def test_a_reference_to_a_missing_picture_is_left_out():
    assert render_body("![gone](image:999999)") == ""
