"""An article page's structured data in a real Chromium: its JSON-LD blocks parse, and the strict Content
Security Policy, which refuses every inline script, reports no violation for them (data blocks are not run)."""

from django.conf import settings

from articles.services import link_social_posts
from articles.tests.builders import make_article, make_author, make_image, make_section
from social.tests import fixtures as embed

# Characters that would end the block or start markup if they were not escaped (articles/structured_data.py).
HEADLINE = "Shah Rukh Khan’s “Pathaan” premiere: </script> & <!-- the fans"


def json_ld(page):
    texts = page.locator('script[type="application/ld+json"]').evaluate_all(
        "scripts => scripts.map(script => JSON.parse(script.textContent))"
    )
    return {data["@type"]: data for data in texts}


def test_an_article_with_social_posts_has_json_ld_that_parses_and_breaks_no_policy(reader_page, watch):
    article = make_article(
        headline=HEADLINE,
        body=f"The premiere was a party.\n\n{embed.X_DARK}\n\nThe film opens on Friday.",
        section=make_section(name="Bollywood", slug="bollywood"),
        authors=[make_author(name="Priya Raman", slug="priya-raman")],
        hero_image=make_image(alt_text="Fans outside the cinema"),
    )
    link_social_posts(article)

    response = reader_page.goto(article.get_absolute_url())

    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert reader_page.locator(".story__body .social-card").count() == 1
    data = json_ld(reader_page)
    assert sorted(data) == ["BreadcrumbList", "NewsArticle"]
    assert data["NewsArticle"]["headline"] == HEADLINE
    assert data["NewsArticle"]["author"] == [
        {"@type": "Person", "name": "Priya Raman", "url": f"{settings.SITE_URL}/author/priya-raman/"}
    ]
    assert [item["name"] for item in data["BreadcrumbList"]["itemListElement"]] == ["Home", "Bollywood", HEADLINE]
    # The headline did not end the block: the page's body still holds the story.
    assert reader_page.locator("h1.story__headline").text_content() == HEADLINE
    assert watch(reader_page).problems() == {}
