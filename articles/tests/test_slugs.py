"""Headlines and names in any script make readable Latin addresses, the same in the admin and on save."""

import unicodedata

import pytest

from articles.models import Article, Section, Tag
from articles.slugs import slug_for
from articles.tests.builders import article_admin_form, make_article, make_section


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("शाहरुख़ ख़ान की नई फ़िल्म", "shahrukh-khan-ki-nai-film"),
        ("मुंबई में रणबीर कपूर और आलिया भट्ट", "mumbai-men-ranbir-kapur-aur-aliya-bhatt"),
        ("सलमान ख़ान की ज़िंदगी", "salman-khan-ki-zindagi"),
        ("ரஜினிகாந்த் புதிய படம்", "rajinikant-putiya-patam"),
        ("தமிழ் சினிமா", "tamizh-chinima"),
        ("방탄소년단 새 앨범", "bangtansonyeondan-sae-aelbeom"),
        ("Beyoncé’s 🎉 tour: café", "beyonces-tour-cafe"),
        ("Crème brûlée à Paris", "creme-brulee-a-paris"),
        ("Москва 2026", "moskva-2026"),
        ("😀🎬", ""),
    ],
)
def test_slug_for_makes_a_readable_latin_slug_of_a_headline_in_any_script(text, slug):
    assert slug_for(text) == slug


def test_slug_for_reads_a_letter_with_a_nukta_alike_precomposed_or_as_two_code_points():
    precomposed = "\u095e\u093f\u0932\u094d\u092e \u0959\u093e\u0928"  # फ़िल्म ख़ान, फ़ and ख़ in one code point each
    decomposed = unicodedata.normalize("NFD", precomposed)

    assert len(decomposed) == len(precomposed) + 2
    assert slug_for(precomposed) == slug_for(decomposed) == "film-khan"


def test_slug_for_cuts_a_long_slug_at_the_last_whole_word_that_fits():
    assert slug_for("Shah Rukh Khan starts shooting", 20) == "shah-rukh-khan"
    assert slug_for("Supercalifragilistic", 5) == "super"


@pytest.mark.django_db
def test_an_article_saved_without_a_slug_gets_one_from_its_hindi_headline():
    article = make_article(headline="शाहरुख़ ख़ान की नई फ़िल्म")

    assert article.slug == "shahrukh-khan-ki-nai-film"


@pytest.mark.django_db
def test_the_admin_saves_a_devanagari_headline_left_without_a_slug_and_readers_can_open_it(admin_client):
    section = make_section(slug="bollywood")
    data = article_admin_form(section, headline="शाहरुख़ ख़ान की नई फ़िल्म", slug="")

    response = admin_client.post("/admin/articles/article/add/", data)

    assert response.status_code == 302
    article = Article.objects.get()
    assert article.slug == "shahrukh-khan-ki-nai-film"
    assert article.get_absolute_url() == f"/bollywood/shahrukh-khan-ki-nai-film-{article.pk}/"
    page = admin_client.get(article.get_absolute_url())
    assert page.status_code == 200
    assert "शाहरुख़ ख़ान की नई फ़िल्म" in page.text


@pytest.mark.django_db
def test_the_admin_refuses_an_emoji_headline_left_without_a_slug_and_keeps_the_headline(admin_client):
    data = article_admin_form(make_section(), headline="🎬🎬🎬", slug="")

    response = admin_client.post("/admin/articles/article/add/", data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["slug"] == [
        "The headline has no letters or digits to make an address from: type a slug, e.g. “new-trailer”."
    ]
    assert 'value="🎬🎬🎬"' in response.text
    assert Article.objects.count() == 0


@pytest.mark.django_db
def test_a_slug_the_editor_typed_is_kept(admin_client):
    data = article_admin_form(make_section(), headline="शाहरुख़ ख़ान की नई फ़िल्म", slug="srk-new-film")

    admin_client.post("/admin/articles/article/add/", data)

    assert Article.objects.get().slug == "srk-new-film"


@pytest.mark.django_db
def test_sections_and_tags_named_in_hindi_get_latin_slugs_in_the_admin(admin_client):
    admin_client.post("/admin/articles/section/add/", {"name": "बॉलीवुड", "slug": "", "description": "", "position": 1})
    admin_client.post("/admin/articles/tag/add/", {"name": "दीपिका पादुकोण", "slug": ""})

    assert Section.objects.get().slug == "bolivud"
    assert Tag.objects.get().slug == "dipika-padukon"


@pytest.mark.django_db
def test_the_admin_slug_view_answers_with_the_slug_the_server_makes(admin_client):
    response = admin_client.get("/admin/articles/article/slug/", {"text": "शाहरुख़ ख़ान की नई फ़िल्म", "max_length": 14})

    assert response.json() == {"slug": "shahrukh-khan"}


@pytest.mark.django_db
def test_the_admin_slug_view_is_for_staff_only(client):
    response = client.get("/admin/articles/article/slug/", {"text": "anything"})

    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")


@pytest.mark.django_db
def test_an_old_address_with_another_slug_redirects_to_the_current_one(client):
    article = make_article(headline="शाहरुख़ ख़ान की नई फ़िल्म")

    response = client.get(f"/{article.section.slug}/an-old-slug-{article.pk}/")

    assert response.status_code == 301
    assert response.url == article.get_absolute_url()
