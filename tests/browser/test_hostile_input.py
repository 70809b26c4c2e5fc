"""Hostile strings (tests/browser/hostile.py) through every public field, in the query string of every page
type and in every admin text field, then each page that shows them opened in Chromium under the real CSP.

Every page is watched: a dialog, a console error, a CSP violation or a request to another host fails the
test, and so does any event handler, script address, inline script, <base>, refresh or frame a payload
left in the DOM. One browser, pages loaded in loops.
"""

from urllib.parse import quote

import pytest

from articles.models import FooterLink, SiteSettings
from articles.site_settings import SITE_SETTINGS_ID, refresh_cache
from articles.tests.builders import make_article, make_author, make_image, make_section, make_tag
from comments.models import Comment, CommentFlag, WordRule
from comments.tests.builders import make_comment
from comments.text import harmful_character
from tests.browser.hostile import PAYLOADS, SHORT_PAYLOADS, injected_markup

# Everything the form's own checks would stop before the server sees it: the browser's type=email and
# required checks, and the lengths its maxlength attributes cut.
SEND_AS_TYPED = """
([form, fields]) => {
  form.noValidate = true;
  for (const [name, value] of Object.entries(fields)) {
    const field = form.elements[name];
    if (field instanceof RadioNodeList || field.type === "radio") {
      const choice = form.querySelector(`[name="${name}"]`);
      choice.value = value;
      choice.checked = true;
    } else {
      field.removeAttribute("maxlength");
      field.value = value;
    }
  }
  // As a browser without the page's script posts it: no submit handler, no validation. Through the
  // prototype, since a field named like the method (the comment form's "submit") hides it on the form.
  HTMLFormElement.prototype.submit.call(form);
}
"""


# The form refuses a name with < or > (comments/forms.py) and a comment over 3,000 characters: the accepted
# round sends what it takes, still hostile.
NAME_PAYLOADS = [payload[:80] for payload in PAYLOADS if not {"<", ">"} & set(payload[:80])]
# What the admin can store: its form fields refuse a NUL (Django's ProhibitNullCharactersValidator), and
# PostgreSQL's text cannot hold one, so the admin test writes the payloads without it.
ADMIN_PAYLOADS = [payload.replace("\x00", "") for payload in PAYLOADS]
ADMIN_SHORT_PAYLOADS = [payload.replace("\x00", "") for payload in SHORT_PAYLOADS]


@pytest.fixture
def watched(page, watch):
    return page, watch(page)


def visit(page, page_watch, url):
    """Open `url`, then fail with the address if the page misbehaved or any markup of a payload got through."""
    response = page.goto(url)
    assert response.status < 500, f"{url} answered {response.status}"
    check(page, page_watch, url)
    return response


def check(page, page_watch, what):
    assert injected_markup(page) == [], what
    if page.evaluate("document.contentType").endswith("xml"):
        # A feed or sitemap has no stylesheet, so Chromium shows its own tree view, styled inline by the
        # browser itself (at line 0 of the document), which our policy refuses: a style of the browser's, not
        # the document's, which has no way to style itself but an xml-stylesheet (none in ours).
        page_watch.csp_violations[:] = [
            violation
            for violation in page_watch.csp_violations
            if not violation.startswith(("console: Applying inline style", "style-src-elem blocked inline"))
        ]
    assert page_watch.problems() == {}, what


def send(page, form_selector, fields):
    with page.expect_navigation():
        page.evaluate(SEND_AS_TYPED, [page.locator(form_selector).element_handle(), fields])


@pytest.fixture
def story(settings):
    settings.COMMENTS_MIN_SECONDS = 0
    tag, author = make_tag(name="Trailers"), make_author(name="Asha Rao")
    article = make_article(headline="Trailer day", section=make_section(name="Films"), tags=[tag], authors=[author])
    make_comment(article=article, name="Ravi", text="A first comment.")
    return article


def test_a_hostile_query_string_runs_nothing_on_any_page_type(watched, story):
    page, page_watch = watched
    tag, author = story.tags.get(), story.authors.get()
    pages = [
        "/",
        story.section.get_absolute_url(),
        tag.get_absolute_url(),
        author.get_absolute_url(),
        story.get_absolute_url(),
        f"/comments/article/{story.pk}/",
        "/latest/",
        "/search/",
        "/feeds/rss/",
        "/feeds/atom/",
        "/sitemap.xml",
        "/no-such-page/",
    ]

    for url in pages:
        # Every payload at once, each as a value and as a name: the pages show none, or show them escaped.
        query = "&".join(f"q{n}={quote(p)}&{quote(p[:80])}={quote(p)}" for n, p in enumerate(PAYLOADS))
        visit(page, page_watch, f"{url}?{query}")
        # A page number that is none: the lists answer 404, showing nothing of it.
        visit(page, page_watch, f"{url}?page={quote(PAYLOADS[0])}")
    for payload in PAYLOADS:
        # The search box and its results show what was asked.
        visit(page, page_watch, f"/search/?q={quote(payload)}")
    for payload in PAYLOADS[1::2]:
        # The 404 page shows the path it was asked for; every other payload, to keep the file fast.
        visit(page, page_watch, f"/{quote(payload[:200], safe='')}/")


def test_hostile_comments_sent_through_the_form_run_nothing_on_any_page_that_shows_them(
    watched, story, settings, admin_page, watch
):
    page, page_watch = watched
    admin_watch = watch(admin_page)
    settings.COMMENTS_RATE_LIMIT_PER_BROWSER = settings.COMMENTS_RATE_LIMIT_PER_EMAIL = 1000
    settings.COMMENTS_RATE_LIMIT_PER_IP = 1000
    form_page = f"/comments/article/{story.pk}/form/"

    for n, payload in enumerate(PAYLOADS):
        page.goto(form_page)
        if n % 2 == 0:
            # Refused (the address is no address): the form comes back with every field as it was sent. Every
            # other payload only, to keep the file fast: the form shows the three fields alike.
            send(page, "form.comment-form", {"name": payload, "email": payload, "text": payload})
            check(page, page_watch, f"the refused form with payload {n}")
        # Accepted: the reader sees their comment awaiting moderation.
        name = NAME_PAYLOADS[n % len(NAME_PAYLOADS)]
        send(page, "form.comment-form", {"name": name, "email": f"r{n}@example.com", "text": payload[:3000]})
        check(page, page_watch, f"the reader's own comment with payload {n}")

    stored = set(Comment.objects.values_list("text", flat=True))  # in Python: PostgreSQL refuses a NUL in a query
    refused = [n for n, payload in enumerate(PAYLOADS) if payload[:3000] not in stored]
    # Refused by design, the reader's text kept in the form (checked above): control characters and the
    # bidirectional overrides (comments/text.py).
    assert refused == [n for n, payload in enumerate(PAYLOADS) if harmful_character(payload, label="Your comment")]
    assert len(refused) == 4
    moderation_queue = "/admin/comments/comment/"
    visit(admin_page, admin_watch, moderation_queue)
    Comment.objects.update(status=Comment.Status.PUBLISHED)
    # The list shows every name and the start of every text; a few change pages show all of one.
    visit(admin_page, admin_watch, moderation_queue)
    for comment in Comment.objects.exclude(name="Ravi")[::8]:
        visit(admin_page, admin_watch, f"/admin/comments/comment/{comment.pk}/change/")
    visit(page, page_watch, story.get_absolute_url())
    visit(page, page_watch, f"/comments/article/{story.pk}/")


def test_hostile_reports_and_likes_run_nothing(watched, story):
    page, page_watch = watched
    comment = make_comment(article=story, name="<b>Meera</b>", text="<i>Reported</i>")

    # A report's reason and a like's value are choices the server only checks, and a refused one shows at
    # most an error naming it: one payload of each family in hostile.py is enough, and keeps the file fast.
    for n, payload in enumerate(PAYLOADS[::4]):
        # A reason that is none of the choices comes back as the form's error, which names what was sent.
        page.goto(f"/comments/{comment.pk}/report/")
        send(page, "form.comment-form", {"reason": payload})
        check(page, page_watch, f"the report form with payload {n}")
        # A like whose value is a payload: the like form's hidden field, posted from the comments page.
        page.goto(f"/comments/article/{story.pk}/")
        send(page, f'form[action="/comments/{comment.pk}/like/"]', {"like": payload})
        check(page, page_watch, f"the like with payload {n}")

    assert CommentFlag.objects.count() == 0


def test_hostile_text_in_every_admin_field_runs_nothing_in_the_admin_or_on_the_site(admin_page, watch, settings, story):
    page_watch = watch(admin_page)
    site = SiteSettings.objects.get_or_create(pk=SITE_SETTINGS_ID)[0]
    site.site_name, site.tagline = ADMIN_SHORT_PAYLOADS[0], ADMIN_SHORT_PAYLOADS[1]
    site.app_promotion_heading, site.app_promotion_text = ADMIN_SHORT_PAYLOADS[2], ADMIN_PAYLOADS[-1]
    site.save()
    for n, label in enumerate(ADMIN_SHORT_PAYLOADS[3:6]):
        # The address is checked by its validator (https:// or a path of this site); the label is free text.
        FooterLink.objects.create(site_settings=site, label=label, url=f"/about/{n}/", position=n)
    refresh_cache()
    # Six payloads a story, so that every payload is in every kind of field and the pages stay few.
    articles = []
    for n in range(0, len(ADMIN_PAYLOADS), 6):
        chunk, short = ADMIN_PAYLOADS[n : n + 6], ADMIN_SHORT_PAYLOADS[n % len(ADMIN_SHORT_PAYLOADS)]
        image = make_image(alt_text=f"{short}{n}", caption="".join(chunk)[:300], credit=short)
        articles.append(
            make_article(
                headline="".join(chunk)[:200],
                standfirst="".join(chunk),
                body="\n\n".join(chunk),
                comment_prompt=short,
                hero_image=image,
                section=make_section(name=f"{short}{n}", description="".join(chunk)),
                tags=[make_tag(name=f"{p[:60]}{n}") for p in chunk],
                authors=[make_author(name=f"{short}{n}", bio="".join(chunk)[:600])],
            )
        )
    for n, payload in enumerate(ADMIN_PAYLOADS):
        WordRule.objects.create(word=f"{payload[:45]}{n}")

    for article in articles:
        visit(admin_page, page_watch, f"/admin/articles/article/{article.pk}/change/")
        visit(admin_page, page_watch, article.get_absolute_url())
    for url in [
        "/",
        "/latest/",
        "/admin/articles/article/",
        "/admin/articles/section/",
        "/admin/articles/tag/",
        "/admin/articles/author/",
        "/admin/articles/image/",
        "/admin/comments/wordrule/",
        f"/admin/articles/sitesettings/{SITE_SETTINGS_ID}/change/",
        "/feeds/rss/",
        "/feeds/atom/",
        "/sitemap-news.xml",
    ]:
        visit(admin_page, page_watch, url)
    article = articles[0]
    for url in [
        article.section.get_absolute_url(),
        article.tags.first().get_absolute_url(),
        article.authors.get().get_absolute_url(),
        f"/admin/articles/section/{article.section.pk}/change/",
        f"/admin/articles/tag/{article.tags.first().pk}/change/",
        f"/admin/articles/author/{article.authors.get().pk}/change/",
        f"/admin/articles/image/{article.hero_image.pk}/change/",
        f"/admin/comments/wordrule/{WordRule.objects.first().pk}/change/",
    ]:
        visit(admin_page, page_watch, url)
