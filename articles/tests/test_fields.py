"""The article form shows the limits of its text boxes and never cuts a text at them."""

import pytest

from articles.models import Article
from articles.tests.builders import article_admin_form, make_section

pytestmark = pytest.mark.django_db


def test_the_headline_and_standfirst_boxes_carry_their_limits_for_the_counter_and_no_maxlength(admin_client):
    page = admin_client.get("/admin/articles/article/add/")

    assert (
        '<input type="text" name="headline" class="headline-input" data-count-limit="200" data-count-mark="110" '
        'required aria-describedby="id_headline_helptext" id="id_headline">' in page.text
    )
    assert (
        '<textarea name="standfirst" cols="40" rows="3" data-count-limit="400" data-count-mark="160" '
        'aria-describedby="id_standfirst_helptext" id="id_standfirst">' in page.text
    )
    assert "articles/admin/fields.js" in page.text
    assert "Search engines show about the first 110" in page.text


def test_a_headline_over_the_limit_is_refused_with_the_count_and_kept_whole(admin_client):
    headline = "Shah Rukh Khan " * 14  # 210 characters
    response = admin_client.post(
        "/admin/articles/article/add/", article_admin_form(make_section(), headline=headline.strip())
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["headline"] == [
        "Ensure this value has at most 200 characters (it has 209)."
    ]
    assert f'value="{headline.strip()}"' in response.text
    assert Article.objects.count() == 0
