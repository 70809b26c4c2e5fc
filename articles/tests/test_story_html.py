"""A story's own part of its page, kept with it (articles/story_html.py): rendered once, then used until what it
shows changes. The page cache is off here: each test reads the story's page, which keeps its part, changes
something the part shows through its service or the admin, and reads the page again."""

import pytest

from articles import list_items, services, site_settings, story_html
from articles.models import Article, Image
from articles.tasks import write_renditions
from articles.tests.builders import make_article, make_author, make_image, make_section, make_staff, make_tag
from articles.views import RAIL_FIELDS
from social.services import record_fetch
from social.tests.builders import make_social_post

pytestmark = pytest.mark.django_db


def page(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def kept(client, article):
    """Read the story's page once, so that it keeps its part; the page's HTML."""
    content = page(client, article)
    article.refresh_from_db()
    assert story_html.stored(article) is not None
    return content


def test_the_first_read_keeps_the_part_and_the_next_reads_show_the_same_page_from_it(client):
    article = make_article(headline="Alia's new film", tags=[make_tag(name="Premieres")])
    assert story_html.stored(article) is None

    first = kept(client, article)

    assert page(client, article) == first
    assert "Alia&#x27;s new film" in first
    assert "Premieres" in first


def test_a_story_saved_through_its_service_renders_its_part_as_the_save_commits(commit):
    article = make_article(headline="The old headline")

    article.headline = "The new headline"
    with commit():
        services.save_article(article, actor=None, changed_fields=["headline"])

    article.refresh_from_db()
    assert "The new headline" in story_html.stored(article).html


def test_an_edit_shows_at_once(client, commit):
    article = make_article(headline="The old headline")
    kept(client, article)

    article.headline = "The new headline"
    with commit():
        services.save_article(article, actor=None, changed_fields=["headline"])

    content = page(client, article)
    assert "The new headline" in content
    assert "The old headline" not in content


def test_a_save_of_the_row_outside_the_services_is_not_hidden_by_the_kept_part(client):
    article = make_article(headline="The old headline")
    kept(client, article)

    article.headline = "The new headline"
    article.save()

    assert "The new headline" in page(client, article)


def test_a_correction_shows_at_once(client, commit):
    article = make_article()
    kept(client, article)

    with commit():
        services.add_correction(article, kind="correction", text="It named the wrong film.", actor=make_staff("Editor"))

    assert "It named the wrong film." in page(client, article)


def test_an_author_renamed_in_the_admin_shows_at_once(admin_client, client):
    author = make_author(name="Old Name")
    article = make_article(authors=[author])
    assert "Old Name" in kept(client, article)

    admin_client.post(f"/admin/articles/author/{author.pk}/change/", {"name": "New Name", "slug": author.slug})

    content = page(client, article)
    assert "New Name" in content
    assert "Old Name" not in content


def test_a_section_renamed_in_the_admin_shows_at_once(admin_client, client):
    section = make_section(name="Bollywood")
    article = make_article(section=section)
    kept(client, article)

    admin_client.post(
        f"/admin/articles/section/{section.pk}/change/", {"name": "Hindi Cinema", "slug": section.slug, "position": 0}
    )

    content = page(client, article)
    assert f'<a href="{section.get_absolute_url()}">Hindi Cinema</a></p>' in content
    assert "Bollywood<" not in content


def test_a_tag_renamed_or_deleted_in_the_admin_shows_at_once(admin_client, client):
    renamed, deleted = make_tag(name="Premieres"), make_tag(name="Box office")
    article = make_article(tags=[renamed, deleted])
    kept(client, article)

    admin_client.post(f"/admin/articles/tag/{renamed.pk}/change/", {"name": "Red carpets", "slug": renamed.slug})
    admin_client.post(f"/admin/articles/tag/{deleted.pk}/delete/", {"post": "yes"})

    content = page(client, article)
    assert "Red carpets" in content
    assert "Premieres" not in content
    assert "Box office" not in content


def test_a_social_post_marked_gone_changes_its_card_at_once(client):
    post = make_social_post(text="A fan post from the premiere")
    article = make_article(body=f"Before.\n\n{post.permalink}\n\nAfter.")
    services.link_social_posts(article)
    assert "This post is no longer available on X." not in kept(client, article)

    record_fetch(post, "gone", "Deleted by its author", None)

    assert "This post is no longer available on X. This is our archived copy." in page(client, article)


def test_a_social_post_corrected_in_the_admin_changes_its_card_at_once(admin_client, client):
    post = make_social_post(text="A fan post from the premier")
    article = make_article(body=f"Before.\n\n{post.permalink}\n\nAfter.")
    services.link_social_posts(article)
    assert "A fan post from the premier<" in kept(client, article)

    response = admin_client.post(
        f"/admin/social/socialpost/{post.pk}/change/",
        {
            "author_name": post.author_name,
            "author_handle": post.author_handle,
            "text": "A fan post from the premiere",
            "posted_at_0": "2026-11-30",
            "posted_at_1": "21:15:00",
            "media_url": post.media_url,
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors

    content = page(client, article)
    assert "A fan post from the premiere<" in content
    assert "A fan post from the premier<" not in content


@pytest.mark.parametrize("placed", ["as the hero", "in the body"])
def test_a_picture_s_caption_edited_in_the_admin_shows_at_once_where_the_story_shows_it(admin_client, client, placed):
    image = make_image(caption="The old caption", alt_text="Alia at the premiere")
    if placed == "as the hero":
        article = make_article(hero_image=image)
    else:
        article = make_article(body=f"Before.\n\n![Alia at the premiere](image:{image.pk})\n\nAfter.")
    assert "The old caption" in kept(client, article)

    response = admin_client.post(
        f"/admin/articles/image/{image.pk}/change/",
        {"alt_text": "Alia at the premiere", "caption": "The new caption", "focal_x": "0.5", "focal_y": "0.5"},
    )
    assert response.status_code == 302, response.context["adminform"].form.errors

    content = page(client, article)
    assert "The new caption" in content
    assert "The old caption" not in content


def test_a_hero_picture_s_renditions_written_show_at_once_and_the_files_they_replace_are_not_named(
    client, django_capture_on_commit_callbacks, run_tasks
):
    image = make_image(renditions=False)
    article = make_article(hero_image=image)
    assert "srcset" not in kept(client, article)

    with django_capture_on_commit_callbacks(execute=True):
        write_renditions.enqueue(image.pk, image.file.name)
    run_tasks()

    image = Image.objects.get(pk=image.pk)
    srcset = ", ".join(f"{rendition.url} {rendition.width}w" for rendition in image.renditions)
    assert srcset
    assert srcset in page(client, article)


def test_the_site_s_name_saved_in_the_settings_shows_in_the_meta_tags_at_once(client, commit):
    article = make_article()
    kept(client, article)

    with commit():
        site_settings.update_site_settings(site_name="Filmi Daily")

    assert '<meta property="og:site_name" content="Filmi Daily">' in page(client, article)


def test_another_version_of_the_code_or_its_settings_renders_the_part_again(client, settings):
    article = make_article()
    kept(client, article)

    settings.SITE_URL = "https://news.example.org"

    canonical = f'<link rel="canonical" href="https://news.example.org{article.get_absolute_url()}">'
    assert canonical in page(client, article)
    article.refresh_from_db()
    assert story_html.stored(article) is not None  # kept again, under the new settings


def test_a_part_rendered_from_rows_read_before_a_change_expired_it_is_not_kept():
    article = make_article(headline="The old headline")
    (read,) = story_html.ARTICLE.run(pk=article.pk)
    parts = story_html.of_saved(read)

    story_html.expire(Article.objects.filter(pk=article.pk))  # a change, committed while the part rendered
    story_html.keep(read, parts)

    article.refresh_from_db()
    assert story_html.stored(article) is None


def test_a_preview_is_never_kept(client):
    draft = make_article(status=Article.Status.DRAFT, published_at=None)
    client.force_login(make_staff("Editor"))

    assert client.get(draft.get_absolute_url()).status_code == 200

    draft.refresh_from_db()
    assert draft.story_html is None


def read_next_of_page(content):
    return content[
        content.index('id="read-next-heading"') : content.index("</section>", content.index('id="read-next-heading"'))
    ]


def test_a_story_s_item_in_another_story_s_read_next_is_the_item_made_live_with_its_count_as_it_is_now(client):
    section = make_section()
    neighbour = make_article(section=section, headline="The neighbour", hero_image=make_image())
    article = make_article(section=section)
    kept(client, neighbour)
    Article.objects.filter(pk=neighbour.pk).update(comment_count=3)  # comments change no kept item
    neighbour = Article.objects.for_listing().get(pk=neighbour.pk)

    shown = read_next_of_page(page(client, article))

    assert list_items.article_item(neighbour, heading="h3", show_image=True, compact=True) in shown
    assert "3 comments</a>" in shown


def test_a_story_s_item_in_another_story_s_read_next_shows_its_author_renamed_at_once(admin_client, client):
    section, author = make_section(), make_author(name="Old Name")
    neighbour = make_article(section=section, authors=[author])
    article = make_article(section=section, authors=[make_author(name="Someone Else")])
    kept(client, neighbour)
    assert "By Old Name" in read_next_of_page(kept(client, article))

    admin_client.post(f"/admin/articles/author/{author.pk}/change/", {"name": "New Name", "slug": author.slug})

    shown = read_next_of_page(page(client, article))
    assert "By New Name" in shown
    assert "Old Name" not in shown


@pytest.mark.parametrize("expired_meanwhile", [False, True])
def test_a_rail_item_made_from_a_row_read_before_a_change_expired_it_is_not_kept(expired_meanwhile):
    article = make_article()
    read = Article.objects.values(*RAIL_FIELDS).get(pk=article.pk)
    if expired_meanwhile:
        story_html.expire(Article.objects.filter(pk=article.pk))

    story_html.keep_rail_items([(read, {"html": "<article>…</article>", "url": "/", "authors": []})])

    now = Article.objects.values(*RAIL_FIELDS).get(pk=article.pk)
    assert (story_html.kept_rail_item(now) is None) == expired_meanwhile
