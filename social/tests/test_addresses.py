import pytest

from social.addresses import NotAPost, recognise


@pytest.mark.parametrize(
    "url",
    [
        "https://twitter.com/iamsrk/status/1617786543210987520",
        "https://x.com/iamsrk/status/1617786543210987520?s=20",
        "https://mobile.twitter.com/iamsrk/status/1617786543210987520?s=20&t=AbCdEf",
        "http://www.twitter.com/iamsrk/status/1617786543210987520/photo/1",
        "https://x.com/i/web/status/1617786543210987520",
        "https://platform.twitter.com/embed/Tweet.html?id=1617786543210987520",
        "  https://X.com/iamsrk/status/1617786543210987520  ",
    ],
)
def test_every_spelling_of_an_x_post_is_one_post(url):
    ref = recognise(url)

    assert (ref.platform, ref.post_id, ref.permalink) == (
        "x",
        "1617786543210987520",
        "https://x.com/i/web/status/1617786543210987520",
    )


@pytest.mark.parametrize(
    "url",
    [
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://youtube.com/watch?v=dQw4w9WgXcQ&t=42s&list=PL123",
        "https://m.youtube.com/watch?feature=share&v=dQw4w9WgXcQ",
        "https://youtu.be/dQw4w9WgXcQ?si=Ab12Cd34",
        "https://www.youtube.com/shorts/dQw4w9WgXcQ",
        "https://www.youtube.com/embed/dQw4w9WgXcQ?si=Ab12",
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
        "https://www.youtube.com/live/dQw4w9WgXcQ",
    ],
)
def test_every_spelling_of_a_youtube_video_is_one_video(url):
    ref = recognise(url)

    assert (ref.platform, ref.post_id, ref.permalink) == (
        "youtube",
        "dQw4w9WgXcQ",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    )


@pytest.mark.parametrize(
    "url",
    [
        "https://www.instagram.com/p/C2xYz9AbCdE/",
        "https://instagram.com/p/C2xYz9AbCdE?utm_source=ig_web_copy_link&igsh=MzRlODBiNWFlZA==",
        "https://www.instagram.com/reel/C2xYz9AbCdE/?igsh=abc",
        "https://www.instagram.com/aliaabhatt/p/C2xYz9AbCdE/",
        "https://www.instagram.com/p/C2xYz9AbCdE/embed/captioned/",
        "//www.instagram.com/p/C2xYz9AbCdE/",
    ],
)
def test_instagram_posts_and_reels_of_one_code_are_one_post(url):
    ref = recognise(url)

    assert (ref.platform, ref.post_id, ref.permalink) == (
        "instagram",
        "C2xYz9AbCdE",
        "https://www.instagram.com/p/C2xYz9AbCdE/",
    )


def test_a_tiktok_video_address_keeps_the_handle_and_drops_the_query():
    ref = recognise("https://www.tiktok.com/@scout2015/video/6718335390845095173?is_from_webapp=1&sender_device=pc")

    assert ref == recognise("https://m.tiktok.com/@scout2015/video/6718335390845095173")
    assert (ref.platform, ref.post_id, ref.handle, ref.permalink) == (
        "tiktok",
        "6718335390845095173",
        "scout2015",
        "https://www.tiktok.com/@scout2015/video/6718335390845095173",
    )


@pytest.mark.parametrize(
    ("url", "post_id", "permalink"),
    [
        (
            "https://www.facebook.com/PriyankaChopra/posts/10154009990506729",
            "10154009990506729",
            "https://www.facebook.com/PriyankaChopra/posts/10154009990506729/",
        ),
        (
            "https://m.facebook.com/PriyankaChopra/posts/10154009990506729/?mibextid=abc",
            "10154009990506729",
            "https://www.facebook.com/PriyankaChopra/posts/10154009990506729/",
        ),
        (
            "https://www.facebook.com/netflixindia/posts/pfbid02aBcDeFgHiJkLmNoPqRsTuVwXyZ12345l",
            "pfbid02aBcDeFgHiJkLmNoPqRsTuVwXyZ12345l",
            "https://www.facebook.com/netflixindia/posts/pfbid02aBcDeFgHiJkLmNoPqRsTuVwXyZ12345l/",
        ),
        (
            "https://www.facebook.com/permalink.php?story_fbid=123456789&id=100044",
            "100044_123456789",
            "https://www.facebook.com/permalink.php?story_fbid=123456789&id=100044",
        ),
        ("https://www.facebook.com/watch/?v=987654321", "987654321", "https://www.facebook.com/watch/?v=987654321"),
        (
            "https://www.facebook.com/plugins/post.php?href=https%3A%2F%2Fwww.facebook.com%2FPriyankaChopra"
            "%2Fposts%2F10154009990506729&show_text=true&width=500",
            "10154009990506729",
            "https://www.facebook.com/PriyankaChopra/posts/10154009990506729/",
        ),
    ],
)
def test_facebook_post_addresses_are_recognised(url, post_id, permalink):
    ref = recognise(url)

    assert (ref.platform, ref.post_id, ref.permalink) == ("facebook", post_id, permalink)


@pytest.mark.parametrize(
    ("url", "permalink", "handle"),
    [
        (
            "https://bsky.app/profile/meerareviews.bsky.social/post/3kqmooj3ems2w",
            "https://bsky.app/profile/meerareviews.bsky.social/post/3kqmooj3ems2w",
            "meerareviews.bsky.social",
        ),
        (
            "https://bsky.app/profile/MeeraReviews.bsky.social/post/3kqmooj3ems2w?ref_src=embed",
            "https://bsky.app/profile/meerareviews.bsky.social/post/3kqmooj3ems2w",
            "meerareviews.bsky.social",
        ),
        (
            "https://bsky.app/profile/did:plc:ewvi7nxzyoun6zhxrhs64oiz/post/3kqmooj3ems2w",
            "https://bsky.app/profile/did:plc:ewvi7nxzyoun6zhxrhs64oiz/post/3kqmooj3ems2w",
            "",
        ),
    ],
)
def test_a_bluesky_post_is_known_by_its_record_key_whoever_it_is_addressed_by(url, permalink, handle):
    ref = recognise(url)

    assert (ref.platform, ref.post_id, ref.permalink, ref.handle) == ("bluesky", "3kqmooj3ems2w", permalink, handle)


@pytest.mark.parametrize(
    ("url", "handle"),
    [
        ("https://www.threads.com/@karanjohar/post/DCx1Ab2Cd3E", "karanjohar"),
        ("https://www.threads.net/@karanjohar/post/DCx1Ab2Cd3E?xmt=AQGz", "karanjohar"),
        ("https://threads.net/@KaranJohar/post/DCx1Ab2Cd3E/media", "karanjohar"),
        ("https://www.threads.com/t/DCx1Ab2Cd3E", ""),
    ],
)
def test_every_spelling_of_a_threads_post_is_one_post(url, handle):
    ref = recognise(url)

    assert (ref.platform, ref.post_id, ref.permalink, ref.handle) == (
        "threads",
        "DCx1Ab2Cd3E",
        "https://www.threads.com/t/DCx1Ab2Cd3E",
        handle,
    )


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
