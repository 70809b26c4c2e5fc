"""
Demo reactions roundups: stories whose bodies carry social posts, entered the way an editor would.

Embed code is pasted as the platforms hand it out and parsed offline. Posts pasted as bare addresses would
normally be fetched from the platform after the save; the demo must never touch the network (`make run`
works offline), so their archive rows are written here first, as a finished fetch would have left them, and
the sync then finds nothing waiting. One post is marked as gone from its platform. The accounts and posts
are made up. Everything is looked up by slug or post number, so a second run adds nothing.
"""

import io
import random
from datetime import UTC, datetime, timedelta
from inspect import cleandoc

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw

from articles.models import Article, Author, Image, Section
from articles.services import link_social_posts
from social.models import SocialPost

SECTIONS = {
    "bollywood": {"name": "Bollywood", "position": 1},
    "hollywood": {"name": "Hollywood", "position": 2},
    "k-drama": {"name": "K-Drama", "position": 3},
}
AUTHOR = {"slug": "meera-iyer", "name": "Meera Iyer", "bio": "Meera covers fandoms and social media for Newsroom."}


def tweet(name, handle, posted, text, theme=""):
    post_id, date = x_post_id(posted), f"{posted:%B} {posted.day}, {posted.year}"
    theme_attribute = f' data-theme="{theme}"' if theme else ""
    return (
        f'<blockquote class="twitter-tweet"{theme_attribute}><p lang="en" dir="ltr">{text}</p>&mdash; {name} '
        f'(@{handle}) <a href="https://twitter.com/{handle}/status/{post_id}?ref_src=twsrc%5Etfw">{date}</a>'
        "</blockquote> "
        '<script async src="https://platform.twitter.com/widgets.js" charset="utf-8"></script>'
    )


def instagram(code, name, handle, caption, when):
    link = f"https://www.instagram.com/p/{code}/?utm_source=ig_embed&amp;utm_campaign=loading"
    return (
        f'<blockquote class="instagram-media" data-instgrm-captioned data-instgrm-permalink="{link}" '
        'data-instgrm-version="14" style=" background:#FFF; border:0; margin: 1px; max-width:540px; '
        f'min-width:326px; padding:0; width:99.375%;"><div style="padding:16px;"> <a href="{link}" '
        'style=" background:#FFFFFF; line-height:0; padding:0 0; text-align:center; text-decoration:none; '
        'width:100%;" target="_blank"> <div style="padding-top: 8px;"> <div style=" color:#3897f0; '
        'font-family:Arial,sans-serif; font-size:14px;">View this post on Instagram</div></div></a>'
        f'<p style=" margin:8px 0 0 0;"><a href="{link}" style=" color:#c9c8cd;" target="_blank">{caption}</a></p>'
        f'<p style=" color:#c9c8cd; margin-top:8px;"><a href="{link}" target="_blank">A post shared by {name} '
        f'(@{handle})</a> on <time style=" font-family:Arial,sans-serif;" datetime="{when}">{when[:10]}</time>'
        "</p></div></blockquote> "
        '<script async src="//www.instagram.com/embed.js"></script>'
    )


def tiktok(handle, posted, text):
    video_id = tiktok_post_id(posted)
    return (
        f'<blockquote class="tiktok-embed" cite="https://www.tiktok.com/@{handle}/video/{video_id}" '
        f'data-video-id="{video_id}" style="max-width: 605px;min-width: 325px;" > <section> '
        f'<a target="_blank" title="@{handle}" href="https://www.tiktok.com/@{handle}?refer=embed">@{handle}</a> '
        f"<p>{text}</p> "
        f'<a target="_blank" title="♬ original sound - {handle}" href="https://www.tiktok.com/music/'
        f'original-sound-7301234567890123456?refer=embed">♬ original sound - {handle}</a> </section> </blockquote> '
        '<script async src="https://www.tiktok.com/embed.js"></script>'
    )


def when(day, hour, minute=0):
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


# Post numbers on X and TikTok carry their time (articles/social/embeds.py reads it back), so the demo's
# numbers are made from the times the posts claim.
def x_post_id(posted):
    return str((int(posted.timestamp() * 1000) - 1288834974657) << 22 | 4097)


def tiktok_post_id(posted):
    return str(int(posted.timestamp()) << 32 | 1234567)


BOX_OFFICE_ID = x_post_id(when(14, 4, 30))
SPOILER_ID = x_post_id(when(13, 21, 10))
TARA_ID = tiktok_post_id(when(17, 6, 45))


# Posts pasted as bare addresses (or as frames that carry no text), stored as a finished fetch leaves them.
FETCHED_POSTS = [
    {
        "platform": "x",
        "post_id": BOX_OFFICE_ID,
        "permalink": f"https://x.com/i/web/status/{BOX_OFFICE_ID}",
        "author_name": "Box Office Buzz",
        "author_handle": "boxofficebuzz_in",
        "text": "Day 1 India net for #DilSeDobara: ₹41.2 cr. Biggest opening of the year for a romance. "
        "Word of mouth is 🔥",
        "posted_at": when(14, 4, 30),
    },
    {
        "platform": "youtube",
        "post_id": "aB3dE5gH7jK",
        "permalink": "https://www.youtube.com/watch?v=aB3dE5gH7jK",
        "author_name": "Filmi Reactions",
        "author_handle": "filmireactions",
        "text": "DIL SE DOBARA trailer REACTION | We were NOT ready for that ending 😭",
        "posted_at": when(9, 13),
        "media_url": "https://i.ytimg.com/vi/aB3dE5gH7jK/hqdefault.jpg",
    },
    {
        "platform": "x",
        "post_id": SPOILER_ID,
        "permalink": f"https://x.com/i/web/status/{SPOILER_ID}",
        "author_name": "Spoiler Sid",
        "author_handle": "spoilersid",
        "text": "I won't say who dies in the last scene but bring tissues. Lots of them. #DilSeDobara",
        "posted_at": when(13, 21, 10),
        "state": SocialPost.State.GONE,
        "state_reason": "the platform says the post does not exist (deleted)",
    },
    {
        "platform": "youtube",
        "post_id": "Qz8xY2wV4uT",
        "permalink": "https://www.youtube.com/watch?v=Qz8xY2wV4uT",
        "author_name": "Drama Corner",
        "author_handle": "dramacorner",
        "text": "Moonlit Harbour finale breakdown: every clue we missed in episode 1",
        "posted_at": when(16, 12),
        "media_url": "https://i.ytimg.com/vi/Qz8xY2wV4uT/hqdefault.jpg",
    },
    {
        "platform": "facebook",
        "post_id": "pfbid0KdramaClub2026Finale7xYz",
        "permalink": "https://www.facebook.com/KDramaClubIndia/posts/pfbid0KdramaClub2026Finale7xYz/",
        "author_name": "K-Drama Club India",
        "author_handle": "KDramaClubIndia",
        "text": "Poll time! Did the Moonlit Harbour finale do Seo-yeon justice? Comment YES or NO 👇",
        "posted_at": when(16, 9),
    },
    {
        "platform": "tiktok",
        "post_id": TARA_ID,
        "permalink": f"https://www.tiktok.com/@cinephile.tara/video/{TARA_ID}",
        "author_name": "Tara | films",
        "author_handle": "cinephile.tara",
        "text": "rating every costume in the Starfall premiere red carpet, no notes for the silver cape #Starfall",
        "posted_at": when(17, 6, 45),
    },
]

RIYA = tweet(
    "Riya",
    "filmyfan_riya",
    when(13, 19, 42),
    'Walked out of <a href="https://twitter.com/hashtag/DilSeDobara?src=hash">#DilSeDobara</a> '
    "and I can&#39;t stop crying 😭 that last scene &amp; that song!!",
    theme="dark",
)
AARAV = instagram(
    "DSD2026fanart",
    "Aarav Draws",
    "aaravdraws",
    "Had to draw THAT moment from #DilSeDobara ✏️ Swipe for the sketch →",
    "2026-11-14T08:15:00+00:00",
)
HARBOUR_TIKTOK = tiktok(
    "harbour.hearts",
    when(16, 16, 5),
    "POV: it’s 1 am and you just finished Moonlit Harbour 🌙🥲 "
    '<a title="moonlitharbour" href="https://www.tiktok.com/tag/moonlitharbour?refer=embed">#moonlitharbour</a> '
    '<a title="kdrama" href="https://www.tiktok.com/tag/kdrama?refer=embed">#kdrama</a>',
)
MINJI = tweet(
    "Min-ji",
    "minji_watches",
    when(16, 15, 31),
    "The harbour scene. The lighthouse. The letter. I need a week off work "
    '<a href="https://twitter.com/hashtag/MoonlitHarbour?src=hash">#MoonlitHarbour</a>',
)
RED_CARPET = tweet(
    "Red Carpet Daily",
    "redcarpetdaily",
    when(18, 3, 12),
    'The silver cape. That&#39;s the tweet. ✨ <a href="https://twitter.com/hashtag/Starfall?src=hash">#Starfall</a>',
)
BISCUIT = instagram(
    "StarfallDog1",
    "Biscuit the Corgi",
    "biscuit.on.set",
    "My first red carpet 🐾 I was a very good boy #Starfall #corgi",
    "2026-11-18T02:40:00+00:00",
)
JO = tweet(
    "Jo",
    "jo_at_movies",
    when(18, 4, 2),
    "not the surprise duet at the premiere 😭😭 I wasn&#39;t ready",
    theme="dark",
)
FACEBOOK_FRAME = (
    '<iframe src="https://www.facebook.com/plugins/post.php?href=https%3A%2F%2Fwww.facebook.com%2FKDramaClubIndia'
    '%2Fposts%2Fpfbid0KdramaClub2026Finale7xYz&show_text=true&width=500" width="500" height="498" frameborder="0">'
    "</iframe>"
)

STORIES = [
    {
        "slug": "dil-se-dobara-first-day-how-fans-reacted",
        "section": "bollywood",
        "headline": "Dil Se Dobara opens big: here’s how fans reacted",
        "standfirst": "Tears, memes and a record Friday for the year’s most talked-about romance.",
        "hours_ago": 5,
        "body": f"""
            The first shows of *Dil Se Dobara* ended well past midnight on Thursday, and by Friday morning the
            film had taken over every timeline in the country.

            Audiences in Mumbai and Delhi stayed in their seats through the end credits, and the final scene,
            which the makers had kept out of every trailer, became the most discussed moment of the week.

            Trade analysts expect the weekend to beat the year’s previous best opening for a romance.

            Here's how fans reacted:

            {RIYA}

            https://x.com/boxofficebuzz_in/status/{BOX_OFFICE_ID}?s=20

            {AARAV}

            https://youtu.be/aB3dE5gH7jK

            https://twitter.com/spoilersid/status/{SPOILER_ID}

            The film is in cinemas now.
        """,
    },
    {
        "slug": "moonlit-harbour-finale-fans-are-not-okay",
        "section": "k-drama",
        "headline": "The Moonlit Harbour finale left fans in pieces",
        "standfirst": "Sixteen episodes, one goodbye at the harbour, and a fandom that is not okay.",
        "hours_ago": 20,
        "body": f"""
            The final episode of *Moonlit Harbour* aired on Sunday night, and fans across Asia spent Monday
            morning comparing theories about its open ending.

            The show’s writer said in an interview last week that the last scene was filmed three different ways.
            Viewers are now convinced they were shown the saddest one.

            Here's how fans reacted:

            {HARBOUR_TIKTOK}

            {MINJI}

            <iframe width="560" height="315" src="https://www.youtube.com/embed/Qz8xY2wV4uT?si=Xy12"
            title="YouTube video player" frameborder="0" allowfullscreen></iframe>

            {FACEBOOK_FRAME}

            All sixteen episodes are streaming now.
        """,
    },
    {
        "slug": "starfall-premiere-red-carpet-reactions",
        "section": "hollywood",
        "headline": "Starfall premiere: the red carpet looks everyone is talking about",
        "standfirst": "A silver cape, a surprise duet and a very good dog stole the night in Los Angeles.",
        "hours_ago": 30,
        "body": f"""
            The cast of *Starfall* arrived at the premiere in Los Angeles on Tuesday in looks that matched the
            film’s night-sky palette, and fans online had opinions about every one of them.

            Here's how fans reacted:

            https://www.tiktok.com/@cinephile.tara/video/{TARA_ID}?is_from_webapp=1

            {RED_CARPET}

            {BISCUIT}

            {JO}

            *Starfall* opens in cinemas on Friday.
        """,
    },
]


def load(stdout):
    sections = {slug: Section.objects.get_or_create(slug=slug, defaults=fields)[0] for slug, fields in SECTIONS.items()}
    author, _ = Author.objects.get_or_create(
        slug=AUTHOR["slug"], defaults={"name": AUTHOR["name"], "bio": AUTHOR["bio"]}
    )
    posts_before = SocialPost.objects.count()
    for fields in FETCHED_POSTS:
        fields = {"state": SocialPost.State.ARCHIVED, **fields}
        SocialPost.objects.get_or_create(
            platform=fields.pop("platform"), post_id=fields.pop("post_id"), defaults=fields
        )
    now = timezone.now().replace(second=0, microsecond=0)
    existing = set(Article.objects.filter(slug__in=[s["slug"] for s in STORIES]).values_list("slug", flat=True))
    new_stories = 0
    for story in STORIES:
        if story["slug"] in existing:
            continue
        article = Article.objects.create(
            slug=story["slug"],
            headline=story["headline"],
            standfirst=story["standfirst"],
            body=cleandoc(story["body"]),
            section=sections[story["section"]],
            hero_image=draw_hero(story["slug"], story["headline"]),
            status=Article.Status.PUBLISHED,
            published_at=now - timedelta(hours=story["hours_ago"]),
        )
        article.authors.set([author])
        result = link_social_posts(article)
        # Every post was pasted as embed code or written above: nothing may wait for a fetch (no network).
        assert all(post.state != SocialPost.State.PENDING for post in result.posts), result.posts
        new_stories += 1
    stdout.write(
        f"Demo social posts: {len(STORIES)} reactions roundups ({new_stories} new), "
        f"{SocialPost.objects.count() - posts_before} new posts."
    )


def draw_hero(slug, headline):
    """A dark gradient with speech bubbles in the colours of the platforms: no downloads, same every run."""
    rng = random.Random(slug)
    width, height = 1600, 900
    picture = PILImage.new("RGB", (width, height))
    draw = ImageDraw.Draw(picture)
    top, bottom = (rng.randint(20, 60), 16, rng.randint(60, 110)), (rng.randint(150, 210), 20, 70)
    for y in range(height):
        t = y / height
        draw.line([(0, y), (width, y)], fill=tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)))
    colours = [(29, 155, 240), (225, 48, 108), (255, 0, 0), (37, 244, 238), (24, 119, 242), (255, 255, 255)]
    for _ in range(14):
        x, y, size = rng.randint(0, width), rng.randint(0, height), rng.randint(80, 260)
        colour = rng.choice(colours)
        draw.rounded_rectangle([x, y, x + size * 1.6, y + size], radius=size // 3, outline=colour, width=10)
        draw.polygon(
            [(x + size // 3, y + size), (x + size // 2, y + size + size // 3), (x + size // 1.5, y + size)], fill=colour
        )
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=85)
    return Image.objects.create(
        file=ContentFile(buffer.getvalue(), name=f"{slug}.jpg"),
        alt_text="Illustration: outlined speech bubbles in the colours of social networks on a dark gradient",
        caption=headline,
        credit="Newsroom illustration",
    )
