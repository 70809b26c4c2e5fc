"""The links between articles and the social posts in their bodies (social/tests has the posts themselves)."""

import pytest
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from articles.models import ArticleSocialPost
from articles.tests.builders import make_article
from social.models import SocialPost
from social.tests.builders import make_social_post

pytestmark = pytest.mark.django_db


def test_one_post_per_body_position():
    article = make_article()
    ArticleSocialPost.objects.create(article=article, social_post=make_social_post(), position=0)

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
