import pytest
from django.db import IntegrityError, transaction

from social.models import SocialPost
from social.tests.builders import make_social_post

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "fields",
    [
        {"state": "failed", "state_reason": ""},
        {"state": "lost"},
        {"platform": "myspace"},
        {"post_id": ""},
    ],
    ids=["failed without a reason", "unknown state", "unknown platform", "no post number"],
)
def test_the_database_refuses_posts_that_break_the_rules(fields):
    post = make_social_post()

    with pytest.raises(IntegrityError), transaction.atomic():
        SocialPost.objects.filter(pk=post.pk).update(**fields)


def test_one_post_per_platform_number():
    make_social_post(post_id="1745081234567890123")

    with pytest.raises(IntegrityError), transaction.atomic():
        make_social_post(post_id="1745081234567890123", permalink="https://x.com/someone/status/1745081234567890123")


def test_a_post_knows_its_original_address_and_embed_frame():
    x = make_social_post(post_id="1617786543210987520", author_handle="iamsrk")
    facebook = make_social_post(
        platform="facebook",
        post_id="10154009990506729",
        permalink="https://www.facebook.com/PriyankaChopra/posts/10154009990506729/",
    )

    assert x.original_url == "https://x.com/iamsrk/status/1617786543210987520"
    assert x.embed_url == "https://platform.twitter.com/embed/Tweet.html?id=1617786543210987520&dnt=true"
    assert facebook.embed_url == (
        "https://www.facebook.com/plugins/post.php?href=https%3A%2F%2Fwww.facebook.com%2FPriyankaChopra%2Fposts"
        "%2F10154009990506729%2F&show_text=true"
    )
    assert str(x) == "X post by @iamsrk"
