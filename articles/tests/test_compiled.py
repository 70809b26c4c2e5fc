import pytest
from django.db import connection
from django.db.models.functions import Upper
from django.test.utils import CaptureQueriesContext

from articles.compiled import CompiledQuery
from articles.models import Article, Section
from articles.tests.builders import make_article, make_image, make_section

pytestmark = pytest.mark.django_db

BY_SECTION = CompiledQuery(
    lambda section: Article.objects.select_related("section").filter(section=section).order_by("headline"),
    section=-1,
)


def test_a_compiled_query_gives_the_rows_its_queryset_gives_for_each_run_s_values():
    food, music = make_section(name="Food", slug="food"), make_section(name="Music", slug="music")
    make_article(section=food, headline="Soup")
    make_article(section=food, headline="Bread")
    make_article(section=music, headline="Jazz")

    assert [(story.headline, story.section.name) for story in BY_SECTION.run(section=food.pk)] == [
        ("Bread", "Food"),
        ("Soup", "Food"),
    ]
    with CaptureQueriesContext(connection) as queries:
        stories = BY_SECTION.run(section=music.pk)
    assert [(story.headline, story.section.name) for story in stories] == [("Jazz", "Music")]
    assert len(queries) == 1
    assert BY_SECTION.run(section=-99) == []


def test_a_compiled_query_keeps_the_constants_of_its_queryset_and_its_converted_values():
    make_article(headline="Live")
    make_article(headline="Draft", status=Article.Status.DRAFT, published_at=None)
    live = CompiledQuery(lambda pk: Article.objects.filter(status=Article.Status.PUBLISHED, pk__gt=pk), pk=-1)

    [story] = live.run(pk=0)

    assert story.headline == "Live"
    assert story.published_at == Article.objects.get(headline="Live").published_at


def test_a_stand_in_the_query_takes_no_parameter_for_is_refused():
    ignores = CompiledQuery(lambda pk: Article.objects.all(), pk=-1)

    with pytest.raises(ValueError, match="The compiled query has no parameter for pk"):
        ignores.run(pk=1)


def test_a_query_that_reads_the_time_for_itself_is_refused_for_it_would_keep_that_time():
    reads_the_clock = CompiledQuery(lambda pk: Article.objects.published().filter(pk__gt=pk), pk=-1)

    with pytest.raises(ValueError, match="a constant that changes between builds"):
        reads_the_clock.run(pk=0)


def test_a_compiled_query_makes_the_models_its_queryset_makes_with_their_related_objects_and_annotations():
    picture = make_image(alt_text="A bowl of soup")
    food = make_section(name="Food", slug="food")
    make_article(section=food, headline="Soup", hero_image=picture)
    make_article(section=food, headline="Bread")
    listed = CompiledQuery(
        lambda section: (
            Article.objects.select_related("section", "hero_image")
            .only("headline", "published_at", "section__name", "hero_image__alt_text")
            .filter(section=section)
            .annotate(shouted=Upper("headline"))
            .order_by("headline")
        ),
        section=-1,
    )
    expected = list(listed.build(section=food.pk))

    stories = listed.run(section=food.pk)

    def seen(story):
        image = story.hero_image and (story.hero_image.pk, story.hero_image.alt_text)
        return (story.pk, story.headline, story.shouted, story.published_at, story.section.name, image)

    assert [seen(story) for story in stories] == [seen(story) for story in expected]
    assert [seen(story)[2:] for story in stories] == [
        ("BREAD", stories[0].published_at, "Food", None),
        ("SOUP", stories[1].published_at, "Food", (picture.pk, "A bowl of soup")),
    ]
    assert stories[0].get_deferred_fields() == expected[0].get_deferred_fields()
    assert stories[1].hero_image._loaded_focal_point == expected[1].hero_image._loaded_focal_point
    assert stories[1].published_at.tzinfo is not None


def test_a_model_made_from_a_compiled_row_is_a_saved_one_of_its_database_that_saves_and_reads_what_it_deferred():
    food = make_section(name="Food", slug="food")
    make_article(section=food, headline="Soup", standfirst="Hot")
    by_slug = CompiledQuery(lambda slug: Section.objects.filter(slug=slug), slug="STAND-IN")
    headlines = CompiledQuery(lambda pk: Article.objects.only("headline").filter(section=pk), pk=-1)

    [section] = by_slug.run(slug="food")
    [story] = headlines.run(pk=food.pk)

    assert (section._state.adding, section._state.db) == (False, "default")
    assert story.get_deferred_fields() == Article.objects.only("headline").get().get_deferred_fields()
    assert story.standfirst == "Hot"  # a deferred column, read when asked for, as the ORM's instance does
    section.name = "Food and drink"
    section.save()
    assert Section.objects.get(pk=food.pk).name == "Food and drink"
    assert Section.objects.count() == 1


def test_a_compiled_values_query_makes_the_dicts_its_queryset_makes_with_annotations_json_and_times():
    """ValueRows against Django's ValuesIterable: names in its order, and values converted (times, JSON)."""
    section = make_section(name="Food")
    for n, headline in enumerate(["Soup", "Bread", "Jazz"]):
        make_article(section=section, headline=headline, comment_count=n)
    Article.objects.filter(headline="Soup").update(rail_item={"html": "<article>Soup</article>", "authors": [1]})

    def build(section):
        return (
            Article.objects.filter(section=section)
            .annotate(loud=Upper("headline"))
            .order_by("-comment_count", Upper("slug"))
            .values("pk", "published_at", "rail_item", "loud")
        )

    compiled = CompiledQuery(build, section=-1)

    assert compiled.run(section=section.pk) == list(build(section.pk))
    assert [row["loud"] for row in compiled.run(section=section.pk)] == ["JAZZ", "BREAD", "SOUP"]
    assert compiled.run(section=section.pk)[2]["rail_item"] == {"html": "<article>Soup</article>", "authors": [1]}
