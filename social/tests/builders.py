"""Small builders for social post tests: each makes a valid object, and any field can be given."""

from itertools import count

from social.models import SocialPost

_numbers = count(1)


def make_social_post(**kwargs):
    """An archived X post, unless told otherwise."""
    n = next(_numbers)
    kwargs.setdefault("platform", "x")
    kwargs.setdefault("post_id", str(1745081234567890000 + n))
    kwargs.setdefault("permalink", f"https://x.com/i/web/status/{kwargs['post_id']}")
    kwargs.setdefault("author_name", f"Fan {n}")
    kwargs.setdefault("author_handle", f"fan{n}")
    kwargs.setdefault("text", f"Post number {n} #Jawan")
    kwargs.setdefault("state", SocialPost.State.ARCHIVED)
    return SocialPost.objects.create(**kwargs)


def make_unfetchable_post(**kwargs):
    """An Instagram post known only by its address: this site has no Meta token to ask Instagram with."""
    kwargs.setdefault("platform", "instagram")
    kwargs.setdefault("post_id", "C2xYz9AbCdE")
    kwargs.setdefault("permalink", f"https://www.instagram.com/p/{kwargs['post_id']}/")
    fields = {"author_name": "", "author_handle": "", "text": "", "failure": SocialPost.Failure.TOKEN}
    fields["state_reason"] = "Instagram only answers apps with a Meta access token"
    return make_social_post(state=SocialPost.State.FAILED, **{**fields, **kwargs})
