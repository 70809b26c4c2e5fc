"""
Post addresses: which URLs are posts, on which platform, and the one canonical spelling of each.

Every spelling of a post (x.com or twitter.com or mobile.twitter.com with ?s=20, youtu.be or watch?v= or
shorts/ or embed/, an Instagram p/ or reel/ address…) recognises to the same (platform, post id), which is
what makes one post one row however it was pasted. Only the address is read here: nothing is fetched. The
address forms themselves are each platform's (social/platforms/).
"""

from social.platforms import registry
from social.platforms.base import NotAPost, PostRef, split_address

__all__ = ["NotAPost", "PostRef", "recognise"]


def recognise(url):
    """The post an address points at, or None when the address is not on a supported platform.

    Raises NotAPost for an address on a supported platform that is not one post (a profile, a short link
    that only the platform can resolve, a malformed id), so the editor can be told what to paste instead.
    """
    parts = split_address(url)
    platform = registry.for_host(parts[0]) if parts else None
    return platform.recognise(*parts) if platform else None
