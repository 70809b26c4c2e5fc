import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles import story_html
from articles.body import Markdown, Post, Problem, render_body, split_blocks
from articles.models import Article
from articles.services import link_social_posts
from articles.tests.builders import make_article
from social.models import SocialPost
from social.tests import fixtures as embed
from social.tests.builders import make_social_post


def test_posts_on_their_own_lines_become_social_blocks_in_body_order():
    blocks = [block for block in split_blocks(embed.ROUNDUP) if isinstance(block, Post)]

    assert [(block.position, block.pasted.ref.platform, block.line) for block in blocks] == [
        (0, "x", 5),
        (1, "youtube", 7),
        (2, "instagram", 8),
        (3, "tiktok", 10),
    ]


def test_the_stored_body_holds_placeholders_and_never_the_pasted_code():
    html = render_body(embed.ROUNDUP)

    assert '<div data-social-post="0"><p><a href="https://x.com/i/web/status/1617786543210987520" ' in html
    assert html.count("<div data-social-post=") == 4
    assert "<p>Here’s how fans reacted:</p>" in html
    assert "<p>The film opens on Friday.</p>" in html
    for pasted in ["twitter-tweet", "<script", "widgets.js", "tiktok-embed", "instagram-media", "<blockquote"]:
        assert pasted not in html


def test_unreadable_posts_name_their_line_and_the_rest_of_the_body_is_kept():
    body = "\n".join(
        [
            "First paragraph.",
            "",
            "https://x.com/iamsrk",
            "",
            embed.INSTAGRAM_WITHOUT_LINK,
            "",
            '<blockquote class="twitter-tweet"><p>cut short',
            "",
            "Last paragraph.",
        ]
    )

    problems = [block.message for block in split_blocks(body) if isinstance(block, Problem)]
    html = render_body(body)

    assert problems == [
        "Line 3: this X address is not a link to one post (it should contain /status/ and a number). "
        "It was left in the text as an address.",
        "Line 5: this Instagram embed code has no post link. Readers do not see it until it is fixed.",
        "Line 7: this embed code is cut short (its closing </blockquote> is missing). "
        "Readers do not see it until it is fixed.",
    ]
    assert html == "<p>First paragraph.</p>\n<p>https://x.com/iamsrk</p>\n<p>Last paragraph.</p>\n"


def test_addresses_in_code_blocks_and_inside_paragraphs_stay_text():
    body = "```\nhttps://x.com/iamsrk/status/1617786543210987520\n```\n\nSee https://youtu.be/dQw4w9WgXcQ here."

    assert [type(block) for block in split_blocks(body)] == [Markdown]
    assert "data-social-post" not in render_body(body)


def test_saving_links_the_article_to_one_row_per_post_shared_across_articles():
    first = make_article(body=embed.ROUNDUP)
    second = make_article(body="Again:\n\nhttps://twitter.com/iamsrk/status/1617786543210987520?s=20")

    link_social_posts(first)
    link_social_posts(second)

    assert SocialPost.objects.count() == 4
    tweet = SocialPost.objects.get(platform="x")
    assert (tweet.author_name, tweet.state) == ("Shah Rukh Khan", "archived")
    assert sorted(link.article_id for link in tweet.article_links.all()) == [first.pk, second.pk]
    assert [link.social_post.platform for link in first.social_post_links.all()] == [
        "x",
        "youtube",
        "instagram",
        "tiktok",
    ]
    assert SocialPost.objects.get(platform="youtube").state == "pending"


def test_editing_the_body_relinks_the_posts_without_duplicates():
    article = make_article(body=embed.ROUNDUP)
    link_social_posts(article)

    article.body = "Only one now:\n\nhttps://youtu.be/dQw4w9WgXcQ"
    article.save()
    link_social_posts(article)

    assert [(link.position, link.social_post.post_id) for link in article.social_post_links.all()] == [
        (0, "dQw4w9WgXcQ")
    ]
    assert SocialPost.objects.count() == 4  # the archive keeps posts other stories may still quote


@pytest.mark.django_db
class TestReaderPage:
    def test_a_reader_sees_a_card_per_post_with_author_handle_and_text(self, client):
        article = make_article(body=embed.ROUNDUP)
        link_social_posts(article)

        html = client.get(article.get_absolute_url()).content.decode()

        assert html.count('class="social-card ') == 4
        assert '<span class="social-card__name">Shah Rukh Khan</span>' in html
        assert 'href="https://x.com/iamsrk" rel="nofollow noopener">@iamsrk</a>' in html
        assert "What a night at the" in html
        assert '<time datetime="2023-01-24T12:59:03+05:30">24 January 2023</time>' in html
        assert "Scramble up ur name &amp; I’ll try to guess it😍❤️" in html
        assert '<script src="/static/social/embeds.js" defer></script>' in html
        assert html.index("Here’s how fans reacted:") < html.index("Shah Rukh Khan") < html.index("opens on Friday")

    def test_no_third_party_resource_is_referenced_by_the_cards(self, client):
        article = make_article(body=embed.ROUNDUP)
        link_social_posts(article)

        html = client.get(article.get_absolute_url()).content.decode()

        for tag in ["<iframe", '<img src="http', '<script src="http', "ytimg.com", "platform.twitter.com/widgets"]:
            assert tag not in html
        assert 'data-embed-src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"' in html

    def test_a_post_that_is_gone_says_so_and_still_shows_the_archived_quote(self, client):
        post = make_social_post(author_name="Karan Johar", author_handle="karanjohar", text="Koffee is back!")
        post.state, post.state_reason = SocialPost.State.GONE, "deleted"
        post.save()
        article = make_article(body=f"It read:\n\n{post.permalink}")
        link_social_posts(article)

        html = client.get(article.get_absolute_url()).content.decode()

        assert "This post is no longer available on X. This is our archived copy." in html
        assert "Koffee is back!" in html
        assert "@karanjohar" in html
        assert "Load original post" not in html

    def test_a_post_waiting_for_its_fetch_shows_what_its_address_tells(self, client):
        article = make_article(body="https://x.com/iamsrk/status/1745081234567890123?s=20")
        link_social_posts(article)

        html = client.get(article.get_absolute_url()).content.decode()

        assert 'aria-label="X post by iamsrk"' in html
        assert "@iamsrk</a>" in html
        assert 'href="https://x.com/iamsrk/status/1745081234567890123" rel="nofollow noopener">View on X</a>' in html

    def test_a_placeholder_without_a_linked_post_falls_back_to_a_plain_link(self, client):
        article = make_article(body="https://youtu.be/dQw4w9WgXcQ")  # saved, never synced

        html = client.get(article.get_absolute_url()).content.decode()

        assert "social-card" not in html
        assert "View the post on YouTube</a>" in html

    def test_the_article_page_reads_its_posts_in_one_query_as_it_renders_the_story_and_none_once_kept(
        self, client, django_assert_num_queries
    ):
        plain = make_article(body="No posts here.")
        with_one = make_article(body=make_social_post(text="Reaction @fan #tag").permalink)
        with_posts = make_article(
            body="\n\n".join(make_social_post(text=f"Reaction {n} @fan #tag").permalink for n in range(20))
        )
        link_social_posts(with_one)
        link_social_posts(with_posts)
        client.get(plain.get_absolute_url())  # warm up the session-free path and the template cache
        story_html.expire(Article.objects.all())  # each page below renders its story's part (articles/story_html.py)
        with CaptureQueriesContext(connection) as rendering:
            client.get(plain.get_absolute_url())
        with CaptureQueriesContext(connection) as kept:
            client.get(plain.get_absolute_url())

        for article in (with_one, with_posts):
            with django_assert_num_queries(len(rendering) + 1):
                client.get(article.get_absolute_url())
            with django_assert_num_queries(len(kept)):
                response = client.get(article.get_absolute_url())

        assert response.content.decode().count('class="social-card ') == 20

    def test_the_content_security_policy_allows_the_frames_of_the_platforms_the_story_shows_and_no_other(self, client):
        video = make_social_post(platform="youtube", post_id="Kx1V3ZcmvWQ", permalink="https://youtu.be/Kx1V3ZcmvWQ")
        article = make_article(body=f"{make_social_post().permalink}\n\n{video.permalink}")
        link_social_posts(article)

        policy = client.get(article.get_absolute_url())["Content-Security-Policy"]

        assert "; frame-src https://platform.twitter.com https://www.youtube-nocookie.com;" in policy
        assert "script-src 'self';" in policy

    def test_a_story_without_posts_allows_no_frame(self, client):
        article = make_article(body="No posts here.")

        policy = client.get(article.get_absolute_url())["Content-Security-Policy"]

        assert "; frame-src 'none';" in policy

    def test_the_platform_frames_come_again_with_the_page_from_the_page_cache(
        self, client, page_cache_on, django_assert_num_queries
    ):
        article = make_article(body=make_social_post().permalink)
        link_social_posts(article)

        stored = client.get(article.get_absolute_url())
        with django_assert_num_queries(0):
            served = client.get(article.get_absolute_url())

        assert served["ETag"] == stored["ETag"]
        assert "; frame-src https://platform.twitter.com;" in served["Content-Security-Policy"]


pytestmark = pytest.mark.django_db


def test_an_article_without_posts_loads_no_social_script(client):
    article = make_article(body="Just words.")

    assert "social/embeds.js" not in client.get(article.get_absolute_url()).content.decode()
