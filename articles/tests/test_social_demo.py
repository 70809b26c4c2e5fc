import io

import pytest

from articles import demo_social
from articles.models import Article
from social.models import SocialPost

pytestmark = pytest.mark.django_db


def test_the_demo_roundups_load_once_with_posts_from_several_platforms(client):
    first, second = io.StringIO(), io.StringIO()

    demo_social.load(first)
    demo_social.load(second)

    assert first.getvalue() == "Demo social posts: 3 reactions roundups (3 new), 13 new posts."
    assert second.getvalue() == "Demo social posts: 3 reactions roundups (0 new), 0 new posts."
    assert not SocialPost.objects.filter(state__in=["pending", "failed"]).exists()
    assert list(SocialPost.objects.filter(state="gone").values_list("author_handle", flat=True)) == ["spoilersid"]
    for article in Article.objects.filter(slug__in=[story["slug"] for story in demo_social.STORIES]):
        links = article.social_post_links.select_related("social_post")
        assert 4 <= len(links) <= 6
        assert len({link.social_post.platform for link in links}) >= 3
        assert "Here’s how fans reacted:" in article.body_html
        html = client.get(article.get_absolute_url()).content.decode()
        assert html.count('class="social-card ') == len(links)


def test_the_gone_demo_post_still_shows_its_archived_quote(client):
    demo_social.load(io.StringIO())
    article = Article.objects.get(slug="dil-se-dobara-first-day-how-fans-reacted")

    html = client.get(article.get_absolute_url()).content.decode()

    assert "This post is no longer available on X. This is our archived copy." in html
    assert "<p>I won't say who dies in the last scene but bring tissues. Lots of them." in html
