"""
The demo content `make run` loads: sections, authors, tags and stories (demo/articles.py).

Loading draws about forty pictures and writes their renditions, so it runs once for the whole class
(setUpTestData, into a media folder of the class's own) and every test reads it inside a transaction
that is rolled back.
"""

import re
import shutil
import tempfile
from datetime import timedelta
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.test import TestCase, override_settings
from django.utils import timezone

from articles import images
from articles.models import Article, Author, Image, Section, Tag
from articles.search import search_articles
from demo import content
from newsroom.tasks import run_queued_tasks

DATA = content.read("articles")
DEMO_SLUGS = [article["slug"] for article in DATA["articles"]]


def demo_articles():
    return Article.objects.filter(slug__in=DEMO_SLUGS).select_related("hero_image", "section")


class DemoContentTests(TestCase):
    @classmethod
    def setUpClass(cls):
        cls.demo_media = Path(tempfile.mkdtemp(prefix="demo-media-"))
        cls.addClassCleanup(shutil.rmtree, cls.demo_media, ignore_errors=True)
        cls.enterClassContext(override_settings(MEDIA_ROOT=cls.demo_media))
        super().setUpClass()

    @classmethod
    def setUpTestData(cls):
        output = StringIO()
        # What a real load's commits run: the pictures' renditions (and, under TASK_BACKEND=database, the
        # worker's run of them), which bring the bodies saved meanwhile to their renditions.
        with cls.captureOnCommitCallbacks(execute=True):
            call_command("load_demo", stdout=output)
        run_queued_tasks()
        cls.first_output = output.getvalue().splitlines()

    def counts(self):
        # Other demo modules (social posts, comments) add articles of their own: count this module's.
        return {
            **{model.__name__: model.objects.count() for model in (Section, Author, Tag)},
            "Article": demo_articles().count(),
        }

    def assert_files_exist(self, image):
        assert (self.demo_media / image.file.name).is_file()
        for name in images.stored_names(image.stored_renditions):
            assert (self.demo_media / name).is_file(), name

    def test_every_demo_picture_ends_the_load_with_its_crops_written_around_its_focal_point(self):
        pictures = list(Image.objects.all())

        assert pictures
        for image in pictures:
            assert (image.renditions_status, images.outdated(image)) == ("ready", None), image.alt_text
            assert set(image.stored_renditions["sets"]) == {"original", "16:9", "4:3", "1:1"}
            self.assert_files_exist(image)

    def test_the_first_load_creates_the_whole_demo_and_says_so(self):
        assert self.first_output == [
            "Demo site settings: the app promotion, 3 social profiles, 2 footer links.",
            "Demo content: 7 sections, 6 authors, 21 tags, 36 articles (70 new).",
            "Demo social posts: 3 reactions roundups (3 new), 15 new posts.",
            "Demo comments: 265 comments on 6 stories, in every moderation state.",
        ]
        assert self.counts() == {"Section": 7, "Author": 6, "Tag": 21, "Article": 36}

    def test_a_second_load_adds_and_changes_nothing(self):
        counts_before = self.counts()
        images_before = Image.objects.count()
        articles_before = list(Article.objects.order_by("pk").values_list("slug", "modified_at", "published_at"))
        output = StringIO()

        call_command("load_demo", stdout=output)

        assert output.getvalue().splitlines() == [
            "Demo site settings: the app promotion, 3 social profiles, 2 footer links.",
            "Demo content: 7 sections, 6 authors, 21 tags, 36 articles (0 new).",
            "Demo social posts: 3 reactions roundups (0 new), 0 new posts.",
            "Demo comments: already there, nothing added.",
        ]
        assert self.counts() == counts_before
        assert Image.objects.count() == images_before
        assert list(Article.objects.order_by("pk").values_list("slug", "modified_at", "published_at")) == (
            articles_before
        )

    def test_every_published_article_has_a_described_hero_image_with_renditions_on_disk(self):
        published = list(demo_articles().published())

        assert len(published) == 34
        for article in published:
            hero = article.hero_image
            assert hero.alt_text.startswith("Illustration: "), article.slug
            assert hero.alt_text.endswith(f"with the word {article.section.name}")
            assert hero.caption
            assert hero.credit == "Newsroom illustration"
            assert (hero.width, hero.height) == (1600, 900)
            assert [r.width for r in hero.renditions] == [480, 800, 1200, 1600]
            self.assert_files_exist(hero)

    def test_pictures_in_article_bodies_come_from_the_image_library(self):
        with_pictures = [article for article in demo_articles() if "body-figure" in article.body_html]

        assert len(with_pictures) == 2
        for article in with_pictures:
            picture = Image.objects.get(file__contains=f"{article.slug}-picture")
            assert re.search(rf"^!\[[^\]]+\]\(image:{picture.pk}\)$", article.body, re.MULTILINE)
            assert picture.default_rendition.url in article.body_html
            self.assert_files_exist(picture)

    def test_every_author_has_a_portrait_and_a_bio(self):
        colour_names = {data["slug"]: data["colour_name"] for data in DATA["authors"]}

        for author in Author.objects.select_related("photo"):
            assert author.bio
            assert (
                author.photo.alt_text
                == f"The initials of {author.name} in white on a {colour_names[author.slug]} circle"
            )
            self.assert_files_exist(author.photo)

    def test_readers_see_neither_the_draft_nor_the_scheduled_story(self):
        draft = Article.objects.get(slug="kabir-malhotra-first-villain-role")
        scheduled = Article.objects.get(slug="orbit-nine-sequel-what-we-know")

        home = self.client.get("/").content.decode()

        assert draft.status == Article.Status.DRAFT
        assert scheduled.status == Article.Status.SCHEDULED
        assert scheduled.published_at > timezone.now() + timedelta(days=2)
        assert "Kabir Malhotra on playing his first villain" not in home
        assert "Orbit Nine sequel: what we know so far" not in home
        assert "Raat Rani trailer crosses 40 million views in its first day" in home
        assert self.client.get(draft.get_absolute_url()).status_code == 404
        assert self.client.get(scheduled.get_absolute_url()).status_code == 404

    def test_the_demo_stories_are_in_the_search_index_and_only_the_live_ones_are_found(self):
        # The index is written by the database's triggers as load_demo saves through save_article.
        found = [article.headline for article in search_articles('"raat rani" trailer')]

        assert found == ["Raat Rani trailer crosses 40 million views in its first day"]
        assert list(search_articles('"kabir malhotra on playing his first villain"')) == []
        assert list(search_articles('"orbit nine sequel what we know so far"')) == []
        assert self.client.get("/search/", {"q": "Raat Rani"}).status_code == 200

    def test_stories_are_published_or_scheduled_at_the_times_the_data_gives_and_drafts_stay_drafts(self):
        articles = {article.slug: article for article in demo_articles()}
        load_times = set()

        for story in DATA["articles"]:
            article = articles[story["slug"]]
            if "published_ago" in story:
                load_times.add(article.published_at + content.duration(story["published_ago"]))
                assert article.status == Article.Status.PUBLISHED
            elif "published_in" in story:
                load_times.add(article.published_at - content.duration(story["published_in"]))
                assert article.status == Article.Status.SCHEDULED
            else:
                assert (article.status, article.published_at) == (Article.Status.DRAFT, None), story["slug"]

        # Every time counts from one moment: the minute the load started, just before the first story.
        [load_time] = load_times
        first_created = min(article.created_at for article in articles.values())
        assert timedelta(0) <= first_created - load_time < timedelta(minutes=1)

    def test_every_section_has_published_articles(self):
        for section in Section.objects.all():
            assert Article.objects.published().filter(section=section).count() >= 3, section.slug
            assert self.client.get(section.get_absolute_url()).status_code == 200

    def test_stories_are_spread_over_the_last_three_weeks_at_distinct_times(self):
        now = timezone.now()
        published = demo_articles().published()
        times = [article.published_at for article in published]

        assert len(set(times)) == len(times)
        assert min(times) > now - timedelta(days=21)
        assert max(times) > now - timedelta(hours=3)
        updated = [article for article in published if article.was_updated]
        assert len(updated) == 4
        assert all(article.updated_at < now for article in updated)

    def test_articles_have_one_to_four_tags_and_some_have_several_authors(self):
        articles = demo_articles().prefetch_related("tags", "authors")

        assert all(1 <= len(article.tags.all()) <= 4 for article in articles)
        assert sum(len(article.authors.all()) > 1 for article in articles) == 7
        assert sum(not article.comments_open for article in articles) == 2
        assert sum(bool(article.comment_prompt) for article in articles) == 7
