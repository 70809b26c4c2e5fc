"""An editor previews unsaved changes in a new tab, in a real Chromium, under the site's strict CSP."""

from playwright.sync_api import expect

from articles.models import Article, PreviewLink
from articles.tests.builders import make_article, make_section
from tests.browser.support import REPORT_CSP_VIOLATIONS

SAVED = "Deepika Padukone joins the cast"
UNSAVED = "Deepika Padukone and Ranveer Singh join the cast"


def report_csp_violations_of_new_tabs(page):
    """The watch's CSP listener for every tab the context opens from now on, from its first document.

    A tab opened by a form's formtarget="_blank" has loaded its page before a watch attached to it could
    add its own listener, so the context adds it to each new document; the watch takes the rest.
    """
    violations = []
    page.context.expose_binding("__reportNewTabCspViolation", lambda source, text: violations.append(text))
    page.context.add_init_script(REPORT_CSP_VIOLATIONS.replace("__reportCspViolation", "__reportNewTabCspViolation"))
    return violations


def test_an_editor_previews_unsaved_changes_in_a_new_tab_and_the_form_keeps_them(admin_page, watch):
    section = make_section(name="Bollywood", slug="bollywood")
    article = make_article(section=section, headline=SAVED, status=Article.Status.DRAFT, published_at=None)
    violations = report_csp_violations_of_new_tabs(admin_page)
    admin_page.goto(f"/admin/articles/article/{article.pk}/change/")
    admin_page.get_by_label("Headline").fill(UNSAVED)

    with admin_page.context.expect_page() as new_tab:
        admin_page.get_by_role("button", name="Preview as readers see it").click()
    preview = new_tab.value
    watch(preview)
    preview.wait_for_load_state()

    expect(preview.get_by_role("heading", level=1)).to_have_text(UNSAVED)
    expect(preview.locator(".preview-banner")).to_have_text(
        "Preview of unsaved changes. Nothing is saved until you save the form; close this tab to go back."
    )
    expect(preview.locator(".comments__closed")).to_have_text("Comments open when the story is published.")
    assert violations == []
    expect(admin_page.get_by_label("Headline")).to_have_value(UNSAVED)
    assert Article.objects.get().headline == SAVED


def test_someone_without_an_account_reads_the_draft_through_the_link_an_editor_created(admin_page, reader_page):
    article = make_article(headline=SAVED, status=Article.Status.DRAFT, published_at=None)
    admin_page.goto(f"/admin/articles/article/{article.pk}/change/")
    admin_page.get_by_label("New link works for").select_option(label="24 hours")
    admin_page.get_by_role("button", name="Create preview link").click()
    expect(admin_page.locator(".messagelist")).to_contain_text("Preview link created, valid until")

    address = admin_page.locator(".messagelist a").get_attribute("href")
    reader_page.goto(address)

    expect(reader_page.get_by_role("heading", level=1)).to_have_text(SAVED)
    expect(reader_page.locator(".preview-banner")).to_contain_text("Preview shared by editor, valid until")

    # Enter in a field still means Save, not the first of the panel's buttons.
    admin_page.get_by_label("Headline").press("Enter")
    expect(admin_page.locator(".messagelist")).to_contain_text("was changed successfully")
    assert PreviewLink.objects.active().count() == 1

    admin_page.goto(f"/admin/articles/article/{article.pk}/change/")
    admin_page.get_by_role("button", name="Revoke").click()
    expect(admin_page.locator(".messagelist")).to_contain_text("Preview link revoked")
    reader_page.reload()
    expect(reader_page.get_by_role("heading", level=1)).to_have_text("This preview link was stopped")
