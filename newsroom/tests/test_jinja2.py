"""The reader templates' engine (newsroom/jinja2.py): Jinja2 for readers' pages, Django's for the rest, and
pages written byte for byte as Django's templates wrote them (docs/performance.md has the comparison)."""

from datetime import UTC, datetime

import pytest
from django.template import engines, loader
from django.template.backends.django import DjangoTemplates
from django.template.backends.jinja2 import Jinja2
from django.utils import timezone

from articles.tests.builders import make_article

pytestmark = pytest.mark.django_db


def render(source, **context):
    return engines["jinja2"].from_string(source).render(context)


@pytest.mark.parametrize(
    "name",
    ["base.html", "articles/article_detail.html", "404.html", "500.html", "comments/comment_form.html",
     "social/includes/post_card.html"],
)  # fmt: skip
def test_a_reader_template_is_found_by_jinja2(name):
    assert isinstance(loader.get_template(name).backend, Jinja2)


@pytest.mark.parametrize(
    "name",
    ["admin/index.html", "articles/admin/desk.html", "articles/email/published_body.txt", "robots.txt",
     "sitemaps/sitemap.xml", "django/forms/widgets/select.html", "bootstrap5/field.html"],
)  # fmt: skip
def test_admin_emails_xml_and_widgets_stay_on_django_templates(name):
    assert isinstance(loader.get_template(name).backend, DjangoTemplates)


def test_a_value_is_escaped_as_django_escapes_it():
    assert render("{{ text }}", text="<b>\"Rock\" & 'roll'</b>") == (
        "&lt;b&gt;&quot;Rock&quot; &amp; &#x27;roll&#x27;&lt;/b&gt;"
    )


def test_safe_html_is_written_as_it_is():
    assert render("{{ html|safe }}", html="<p>Hi</p>") == "<p>Hi</p>"


def test_what_a_page_lacks_is_empty_however_deep():
    assert render("[{{ form.cleaned_data.q }}]", form=object()) == "[]"


def test_a_template_keeps_its_last_newline():
    assert render("<p>Hi</p>\n") == "<p>Hi</p>\n"


def test_a_date_is_written_in_the_site_zone(settings):
    settings.TIME_ZONE = "Asia/Kolkata"
    noon = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)

    assert render('{{ when|date("j F Y, H:i T") }}', when=noon) == "1 December 2026, 17:30 IST"


def test_a_count_is_pluralized_as_django_does():
    assert render('stor{{ n|pluralize("y,ies") }}/stor{{ m|pluralize("y,ies") }}', n=1, m=2) == "story/stories"


def test_an_address_is_quoted_whole_for_a_share_link():
    assert render("{{ url|urlencode('') }}", url="https://a.example/b?c=d") == "https%3A%2F%2Fa.example%2Fb%3Fc%3Dd"


def test_spaceless_takes_out_the_whitespace_between_tags():
    assert render("{% filter spaceless %}\n  <p>a</p>\n  <p>b</p>\n{% endfilter %}") == "<p>a</p><p>b</p>"


def test_the_article_page_is_a_whole_page_ending_with_its_newline(client):
    article = make_article(headline='Shah Rukh Khan\'s "big" night')

    response = client.get(article.get_absolute_url())

    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith("<!doctype html>\n")
    assert html.endswith("</html>\n")
    assert '<h1 class="story__headline">Shah Rukh Khan&#x27;s &quot;big&quot; night</h1>' in html
    assert f"<p>© {timezone.localtime().year} Newsroom." in html  # the footer's {{ now("Y") }}


def test_the_comment_form_page_has_its_csrf_token_and_crispy_fields(client):
    article = make_article()

    html = client.get(f"/comments/article/{article.pk}/form/").content.decode()

    assert html.count('name="csrfmiddlewaretoken"') == 1
    assert '<div id="div_id_name" class="mb-3">' in html  # crispy's bootstrap5 field, on Django's engine


def test_a_static_file_s_address_is_django_s_and_follows_static_url_when_it_changes(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.STATIC_URL = "/static/"
    assert render("{{ static('css/site.css') }}") == "/static/css/site.css"

    settings.STATIC_URL = "https://cdn.example/assets/"

    assert render("{{ static('css/site.css') }}") == "https://cdn.example/assets/css/site.css"
