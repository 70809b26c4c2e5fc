import pytest

from social.addresses import NotAPost, recognise

# (platform, post number or code, the one address we keep): every spelling an editor may paste of it.
SPELLINGS = {
    ("x", "1617786543210987520", "https://x.com/i/web/status/1617786543210987520"): [
        "https://twitter.com/iamsrk/status/1617786543210987520",
        "https://x.com/iamsrk/status/1617786543210987520?s=20",
        "https://mobile.twitter.com/iamsrk/status/1617786543210987520?s=20&t=AbCdEf",
        "http://www.twitter.com/iamsrk/status/1617786543210987520/photo/1",
        "https://x.com/i/web/status/1617786543210987520",
        "https://platform.twitter.com/embed/Tweet.html?id=1617786543210987520",
        "  https://X.com/iamsrk/status/1617786543210987520  ",
    ],
    ("youtube", "dQw4w9WgXcQ", "https://www.youtube.com/watch?v=dQw4w9WgXcQ"): [
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://youtube.com/watch?v=dQw4w9WgXcQ&t=42s&list=PL123",
        "https://m.youtube.com/watch?feature=share&v=dQw4w9WgXcQ",
        "https://youtu.be/dQw4w9WgXcQ?si=Ab12Cd34",
        "https://www.youtube.com/shorts/dQw4w9WgXcQ",
        "https://www.youtube.com/embed/dQw4w9WgXcQ?si=Ab12",
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
        "https://www.youtube.com/live/dQw4w9WgXcQ",
    ],
    # A reel's code opens under /p/ too.
    ("instagram", "C2xYz9AbCdE", "https://www.instagram.com/p/C2xYz9AbCdE/"): [
        "https://www.instagram.com/p/C2xYz9AbCdE/",
        "https://instagram.com/p/C2xYz9AbCdE?utm_source=ig_web_copy_link&igsh=MzRlODBiNWFlZA==",
        "https://www.instagram.com/reel/C2xYz9AbCdE/?igsh=abc",
        "https://www.instagram.com/aliaabhatt/p/C2xYz9AbCdE/",
        "https://www.instagram.com/p/C2xYz9AbCdE/embed/captioned/",
        "//www.instagram.com/p/C2xYz9AbCdE/",
    ],
    ("tiktok", "6718335390845095173", "https://www.tiktok.com/@scout2015/video/6718335390845095173"): [
        "https://www.tiktok.com/@scout2015/video/6718335390845095173?is_from_webapp=1&sender_device=pc",
        "https://m.tiktok.com/@scout2015/video/6718335390845095173",
    ],
    ("facebook", "10154009990506729", "https://www.facebook.com/PriyankaChopra/posts/10154009990506729/"): [
        "https://www.facebook.com/PriyankaChopra/posts/10154009990506729",
        "https://m.facebook.com/PriyankaChopra/posts/10154009990506729/?mibextid=abc",
        "https://www.facebook.com/plugins/post.php?href=https%3A%2F%2Fwww.facebook.com%2FPriyankaChopra"
        "%2Fposts%2F10154009990506729&show_text=true&width=500",
    ],
    (
        "facebook",
        "pfbid02aBcDeFgHiJkLmNoPqRsTuVwXyZ12345l",
        "https://www.facebook.com/netflixindia/posts/pfbid02aBcDeFgHiJkLmNoPqRsTuVwXyZ12345l/",
    ): ["https://www.facebook.com/netflixindia/posts/pfbid02aBcDeFgHiJkLmNoPqRsTuVwXyZ12345l"],
    ("facebook", "100044_123456789", "https://www.facebook.com/permalink.php?story_fbid=123456789&id=100044"): [
        "https://www.facebook.com/permalink.php?story_fbid=123456789&id=100044"
    ],
    ("facebook", "987654321", "https://www.facebook.com/watch/?v=987654321"): [
        "https://www.facebook.com/watch/?v=987654321"
    ],
    # A Bluesky post is its record key, whoever it is addressed by (handle or DID).
    ("bluesky", "3kqmooj3ems2w", "https://bsky.app/profile/meerareviews.bsky.social/post/3kqmooj3ems2w"): [
        "https://bsky.app/profile/meerareviews.bsky.social/post/3kqmooj3ems2w",
        "https://bsky.app/profile/MeeraReviews.bsky.social/post/3kqmooj3ems2w?ref_src=embed",
    ],
    (
        "bluesky",
        "3kqmooj3ems2w",
        "https://bsky.app/profile/did:plc:ewvi7nxzyoun6zhxrhs64oiz/post/3kqmooj3ems2w",
    ): ["https://bsky.app/profile/did:plc:ewvi7nxzyoun6zhxrhs64oiz/post/3kqmooj3ems2w"],
    ("threads", "DCx1Ab2Cd3E", "https://www.threads.com/t/DCx1Ab2Cd3E"): [
        "https://www.threads.com/@karanjohar/post/DCx1Ab2Cd3E",
        "https://www.threads.net/@karanjohar/post/DCx1Ab2Cd3E?xmt=AQGz",
        "https://threads.net/@KaranJohar/post/DCx1Ab2Cd3E/media",
        "https://www.threads.com/t/DCx1Ab2Cd3E",
    ],
}


@pytest.mark.parametrize(
    ("url", "post"), [(url, post) for post, urls in SPELLINGS.items() for url in urls], ids=lambda value: str(value)
)
def test_every_spelling_of_a_post_is_one_post(url, post):
    ref = recognise(url)

    assert (ref.platform, ref.post_id, ref.permalink) == post


@pytest.mark.parametrize(
    ("url", "handle"),
    [
        ("https://x.com/iamsrk/status/1617786543210987520?s=20", "iamsrk"),
        ("https://x.com/i/web/status/1617786543210987520", ""),
        ("https://www.tiktok.com/@scout2015/video/6718335390845095173?is_from_webapp=1", "scout2015"),
        ("https://www.facebook.com/PriyankaChopra/posts/10154009990506729", "PriyankaChopra"),
        ("https://bsky.app/profile/MeeraReviews.bsky.social/post/3kqmooj3ems2w", "meerareviews.bsky.social"),
        ("https://bsky.app/profile/did:plc:ewvi7nxzyoun6zhxrhs64oiz/post/3kqmooj3ems2w", ""),
        ("https://threads.net/@KaranJohar/post/DCx1Ab2Cd3E/media", "karanjohar"),
        ("https://www.threads.com/t/DCx1Ab2Cd3E", ""),
    ],
)
def test_the_address_tells_the_authors_handle_when_it_holds_one(url, handle):
    assert recognise(url).handle == handle


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/iamsrk/status/1617786543210987520",
        "https://www.bbc.co.uk/news",
        "javascript:alert(1)//x.com/a/status/1",
        "ftp://x.com/a/status/1",
        "not a url at all",
    ],
)
def test_addresses_off_the_supported_platforms_are_not_posts(url):
    assert recognise(url) is None


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("https://x.com/iamsrk", "this X address is not a link to one post"),
        ("https://t.co/Xy12AbCdEf", "t.co is X’s link shortener"),
        ("https://www.instagram.com/aliaabhatt/", "this Instagram address is not a link to one post or reel"),
        ("https://www.youtube.com/@netflixindia", "this YouTube address is not a link to one video"),
        ("https://youtu.be/short", "this YouTube address is not a link to one video"),
        ("https://vm.tiktok.com/ZMabcdef/", "TikTok short links can only be read by visiting them"),
        ("https://www.facebook.com/PriyankaChopra", "this Facebook address is not a link to one post"),
        ("https://fb.watch/abcDEF/", "fb.watch short links can only be read by visiting them"),
        ("https://bsky.app/profile/meerareviews.bsky.social", "this Bluesky address is not a link to one post"),
        ("https://go.bsky.app/3kqmooj", "go.bsky.app short links can only be read by visiting them"),
        ("https://www.threads.com/@karanjohar", "this Threads address is not a link to one post"),
    ],
)
def test_platform_addresses_that_are_not_one_post_say_why(url, message):
    with pytest.raises(NotAPost) as raised:
        recognise(url)

    assert str(raised.value).startswith(message)
