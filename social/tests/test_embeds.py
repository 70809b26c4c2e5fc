from datetime import UTC, datetime

import pytest

from social.embeds import EmbedError, parse_embed
from social.tests import fixtures as embed
from social.text import render_text


def test_x_embed_code_in_dark_theme_is_read_with_its_entities_emoji_and_links():
    post = parse_embed(embed.X_DARK)

    assert (post.ref.platform, post.ref.post_id) == ("x", "1617786543210987520")
    assert (post.author_name, post.author_handle) == ("Shah Rukh Khan", "iamsrk")
    assert post.text == (
        "What a night at the #Pathaan premiere & thank you Mumbai 🎉❤️ @deepikapadukone "
        "https://pic.twitter.com/Xy12AbCdEf"
    )
    # The post number carries the time it was posted to the millisecond; the link text only the day.
    assert post.posted_at == datetime(2023, 1, 24, 7, 29, 3, 578000, tzinfo=UTC)
    assert post.complete is True


def test_x_text_links_go_to_the_platform_only_and_are_marked_user_content():
    post = parse_embed(embed.X_DARK)

    assert render_text(post.text, post.ref.platform) == (
        '<p>What a night at the <a href="https://x.com/hashtag/Pathaan" rel="nofollow ugc noopener">#Pathaan</a> '
        "premiere &amp; thank you Mumbai 🎉❤️ "
        '<a href="https://x.com/deepikapadukone" rel="nofollow ugc noopener">@deepikapadukone</a> '
        '<a href="https://pic.twitter.com/Xy12AbCdEf" rel="nofollow ugc noopener">https://pic.twitter.com/Xy12AbCdEf</a>'
        "</p>"
    )


def test_x_embed_code_keeps_line_breaks_and_other_scripts():
    post = parse_embed(embed.X_LIGHT_TWO_LINES)

    assert post.text == "पहला दिन, पहला शो!\nFirst day, first show."
    assert (post.author_name, post.author_handle) == ("Taran Adarsh", "taran_adarsh")
    assert render_text(post.text, "x") == "<p>पहला दिन, पहला शो!<br>First day, first show.</p>"


def test_instagram_captioned_embed_code_gives_caption_author_and_time():
    post = parse_embed(embed.INSTAGRAM_CAPTIONED)

    assert (post.ref.platform, post.ref.post_id) == ("instagram", "C2xYz9AbCdE")
    assert post.ref.permalink == "https://www.instagram.com/p/C2xYz9AbCdE/"
    assert (post.author_name, post.author_handle) == ("Alia Bhatt 🤍☀️", "aliaabhatt")
    assert post.text == "Saree not sorry 💛 #SabyasachiBride @sabyasachiofficial"
    assert post.posted_at == datetime(2024, 1, 28, 13, 2, 9, tzinfo=UTC)


def test_an_uncaptioned_instagram_reel_gives_its_author_and_no_text():
    post = parse_embed(embed.INSTAGRAM_REEL)

    assert (post.ref.post_id, post.author_name, post.author_handle, post.text) == (
        "C3aBcDeFgHi",
        "Diljit Dosanjh",
        "diljitdosanjh",
        "",
    )
    assert post.complete is True


def test_tiktok_embed_code_gives_handle_text_and_the_time_inside_the_video_number():
    post = parse_embed(embed.TIKTOK)

    assert (post.ref.platform, post.ref.post_id, post.author_handle) == ("tiktok", "6718335390845095173", "scout2015")
    assert post.text == "Scramble up ur name & I’ll try to guess it😍❤️ #foryoupage #petsoftiktok"
    assert post.posted_at == datetime(2019, 7, 27, 13, 32, 33, tzinfo=UTC)


def test_youtube_iframes_give_the_video_and_wait_for_a_fetch():
    post = parse_embed(embed.YOUTUBE)

    assert (post.ref.platform, post.ref.post_id, post.text, post.complete) == ("youtube", "dQw4w9WgXcQ", "", False)
    assert post.media_url == "https://i.ytimg.com/vi/dQw4w9WgXcQ/hqdefault.jpg"
    assert parse_embed(embed.YOUTUBE_NOCOOKIE).text == "Jawan | Official Hindi Trailer | Shah Rukh Khan"


def test_the_facebook_plugin_iframe_gives_the_post_in_its_href():
    post = parse_embed(embed.FACEBOOK)

    assert (post.ref.platform, post.ref.post_id, post.author_handle, post.complete) == (
        "facebook",
        "10154009990506729",
        "PriyankaChopra",
        False,
    )


def test_bluesky_embed_code_gives_author_handle_text_and_the_time_inside_the_record_key():
    post = parse_embed(embed.BLUESKY)

    assert (post.ref.platform, post.ref.post_id) == ("bluesky", "3kqmooj3ems2w")
    assert post.ref.permalink == "https://bsky.app/profile/did:plc:ewvi7nxzyoun6zhxrhs64oiz/post/3kqmooj3ems2w"
    assert (post.author_name, post.author_handle) == ("Meera Reviews", "meerareviews.bsky.social")
    assert post.text == (
        "Front row at the Dil Se Dobara screening 🎬 the crowd sang every word @filmfare.bsky.social #DilSeDobara"
    )
    assert post.posted_at == datetime(2024, 4, 21, 6, 9, 13, 63000, tzinfo=UTC)  # 11:39 in India
    assert post.complete is True


def test_bluesky_text_links_mentions_with_dots_and_hyphens_to_their_profiles():
    html = render_text("Thanks @film-fare.bsky.social! #DilSeDobara https://bsky.app/profile/x.dev/post/1", "bluesky")

    assert html == (
        '<p>Thanks <a href="https://bsky.app/profile/film-fare.bsky.social" rel="nofollow ugc noopener">'
        '@film-fare.bsky.social</a>! <a href="https://bsky.app/hashtag/DilSeDobara" rel="nofollow ugc noopener">'
        '#DilSeDobara</a> <a href="https://bsky.app/profile/x.dev/post/1" rel="nofollow ugc noopener">'
        "https://bsky.app/profile/x.dev/post/1</a></p>"
    )


def test_threads_embed_code_gives_the_post_and_its_author_and_waits_for_the_text():
    post = parse_embed(embed.THREADS)

    assert (post.ref.platform, post.ref.post_id, post.ref.permalink) == (
        "threads",
        "DCx1Ab2Cd3E",
        "https://www.threads.com/t/DCx1Ab2Cd3E",
    )
    assert (post.author_handle, post.text, post.complete) == ("karanjohar", "", False)


def test_hostile_embed_code_keeps_only_plain_text_and_no_foreign_links():
    post = parse_embed(embed.X_HOSTILE)
    html = render_text(post.text, post.ref.platform)

    assert post.text == "Free tickets! click here evil.example/steal data <script>alert(7)</script>"
    assert html == "<p>Free tickets! click here evil.example/steal data &lt;script&gt;alert(7)&lt;/script&gt;</p>"
    for word in ["alert(1)", "alert(2)", "alert(4)", "alert(5)", "alert(6)", "alert(8)", 'evil.example/"', "data:"]:
        assert word not in post.text + html


def test_links_to_other_hosts_in_text_stay_plain_text():
    html = render_text("Read https://evil.example/x and https://x.com/iamsrk/status/1 now.", "x")

    assert html == (
        '<p>Read https://evil.example/x and <a href="https://x.com/iamsrk/status/1" rel="nofollow ugc noopener">'
        "https://x.com/iamsrk/status/1</a> now.</p>"
    )


@pytest.mark.parametrize(
    ("code", "message"),
    [
        (embed.INSTAGRAM_WITHOUT_LINK, "this Instagram embed code has no post link"),
        ('<blockquote class="twitter-tweet"><p>No link</p></blockquote>', "this X embed code has no post link"),
        (
            '<blockquote class="tiktok-embed"><section></section></blockquote>',
            "this TikTok embed code has no video link",
        ),
        ('<blockquote class="bluesky-embed"><p>No link</p></blockquote>', "this Bluesky embed code has no post link"),
        (
            '<blockquote class="text-post-media"><a href="https://www.threads.com/@karanjohar">x</a></blockquote>',
            "this Threads embed code has no post link",
        ),
        (
            '<blockquote class="tiktok-embed" cite="https://www.tiktok.com/@a/video/6718335390845095173" '
            'data-video-id="1"></blockquote>',
            "this TikTok embed code names two different videos",
        ),
        ('<iframe src="https://evil.example/embed"></iframe>', "this frame does not show a post from X, Instagram"),
        (
            '<blockquote class="reddit-embed"><a href="https://reddit.com/r/x">x</a></blockquote>',
            "this embed code is not one we know",
        ),
        ("<p>hello</p>", "this embed code does not start with the platform’s <blockquote> or <iframe>"),
    ],
)
def test_unreadable_embed_code_says_what_is_wrong(code, message):
    with pytest.raises(EmbedError) as raised:
        parse_embed(code)

    assert str(raised.value).startswith(message)


def test_an_x_byline_without_a_handle_still_gives_the_name():
    post = parse_embed(
        '<blockquote class="twitter-tweet"><p>hi</p>&mdash; Jo Bloggs '
        '<a href="https://twitter.com/i/status/1858300000000000456">Nov 18, 2024</a></blockquote>'
    )

    assert (post.author_name, post.author_handle, post.text) == ("Jo Bloggs", "", "hi")


def test_a_post_number_too_large_to_be_real_gives_no_date_rather_than_an_error():
    post = parse_embed(
        '<blockquote class="twitter-tweet"><p>hi</p>&mdash; A (@a) '
        f'<a href="https://twitter.com/a/status/{"9" * 25}">Jan 1, 2024</a></blockquote>'
    )

    assert (post.ref.post_id, post.posted_at) == ("9" * 25, None)
