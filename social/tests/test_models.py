import pytest
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from articles.models import ArticleSocialPost
from articles.tests.builders import make_article
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


def test_one_post_per_platform_number_and_one_post_per_body_position():
    post = make_social_post(post_id="1745081234567890123")
    article = make_article()
    ArticleSocialPost.objects.create(article=article, social_post=post, position=0)

    with pytest.raises(IntegrityError), transaction.atomic():
        make_social_post(post_id="1745081234567890123", permalink="https://x.com/someone/status/1745081234567890123")
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleSocialPost.objects.create(article=article, social_post=make_social_post(), position=0)


def test_a_post_in_use_cannot_be_deleted_but_its_article_can():
    post = make_social_post()
    article = make_article()
    ArticleSocialPost.objects.create(article=article, social_post=post, position=0)

    with pytest.raises(ProtectedError), transaction.atomic():
        post.delete()
    article.delete()
    post.delete()

    assert SocialPost.objects.count() == 0


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
