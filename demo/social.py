"""
The demo's reactions roundups, from demo/content/social.toml: stories whose bodies carry social posts,
entered the way an editor enters them.

Embed code is made here from each post's fields, exactly as the platforms hand it out, and parsed offline
when the story is linked. Posts pasted as bare addresses (or as frames, which carry no text) would be
fetched from the platform after the save; the demo must never touch the network (`make run` works
offline), so before linking it archives each of them and records what a finished fetch would have
brought, through the same social services a real fetch uses. One post was deleted since. Everything is
looked up by slug or post number, so a second run adds nothing.
"""

import re
from html import escape

from django.utils import timezone

from articles.models import Article
from articles.services import link_social_posts, publish_article
from demo import articles, content, pictures
from social.addresses import recognise
from social.embeds import ParsedPost
from social.models import SocialPost
from social.platforms.bluesky import TID_ALPHABET
from social.platforms.x import EPOCH_MS as X_EPOCH_MS
from social.services import archive_social_post, complete_social_post, fill, record_fetch

POST_LINE = re.compile(r"^\[post: (?P<key>[\w-]+)\]$", re.MULTILINE)
HASHTAG = re.compile(r"#(\w+)")
HERO_SIZE = (1600, 900)


def load(stdout):
    data = content.read("social")
    posts = data["posts"]
    author, _ = articles.get_or_create_author(articles.author_data(data["author"]))
    posts_before = SocialPost.objects.count()
    now = timezone.now().replace(second=0, microsecond=0)
    stories = data["stories"]
    existing = set(Article.objects.filter(slug__in=[s["slug"] for s in stories]).values_list("slug", flat=True))
    new_stories = 0
    for story in stories:
        if story["slug"] not in existing:
            create_roundup(story, data, posts, author, now)
            new_stories += 1
    stdout.write(
        f"Demo social posts: {len(stories)} reactions roundups ({new_stories} new), "
        f"{SocialPost.objects.count() - posts_before} new posts."
    )


def create_roundup(story, data, posts, author, now):
    section, _ = articles.get_or_create_section(articles.section_data(story["section"]))
    used = [posts[key] for key in POST_LINE.findall(story["body"])]
    article = Article.objects.create(
        slug=story["slug"],
        headline=story["headline"],
        standfirst=story["standfirst"],
        body=POST_LINE.sub(lambda line: pasted(posts[line["key"]]), story["body"].strip()),
        section=section,
        hero_image=pictures.save(
            pictures.draw(story["slug"], data["palette"], data["motif"], HERO_SIZE, label=section.name),
            name=f"{story['slug']}.jpg",
            alt_text=pictures.describe(data["motif"], data["palette_name"], label=section.name),
            caption=story["headline"],
            credit=articles.CREDIT,
        ),
    )
    article.authors.set([author])
    publish_article(article, at=now - content.duration_of(story, "published_ago", "social"), actor=None)
    for post in used:
        if post["pasted"] != "embed":
            archive_as_fetched(post)
    result = link_social_posts(article)
    # Every post was pasted as embed code or archived above: nothing may wait for a fetch (no network).
    assert all(post.state != SocialPost.State.PENDING for post in result.posts), result.posts
    return article


def archive_as_fetched(post):
    """Archive a post pasted as an address or a frame, and record the answer a fetch would have had.

    archive_social_post() rather than archive_social_posts(): the latter also queues a real fetch for after
    the commit, which would go to the platform.
    """
    ref = recognise(address(post))
    archived = archive_social_post(ParsedPost(ref=ref))
    answer = ParsedPost(
        ref=ref,
        author_name=post.get("name", ""),
        author_handle=post["handle"],
        text=post["text"],
        posted_at=post["posted"],
        media_url=post.get("media_url", ""),
    )
    if archived.state == SocialPost.State.FAILED:
        # This site cannot ask the platform (Meta's need a token): an editor completes the post in the
        # admin, which saves the fields and archives it through complete_social_post().
        fill(archived, answer)
        archived.save()
        complete_social_post(archived)
        return
    if archived.state != SocialPost.State.PENDING:
        return  # archived before: a fetch would change nothing
    record_fetch(archived, "archived", "", answer, overwrite=False)
    if "gone" in post:
        # A later check found it deleted; the archived copy stays for readers.
        record_fetch(archived, "gone", post["gone"], None, overwrite=False)


# What the editor pasted ------------------------------------------------------------------------------------


def pasted(post):
    """The line (or lines) the editor pasted for a post."""
    if post["pasted"] == "embed":
        return EMBED_CODE[post["platform"]](post)
    if post["pasted"] == "frame":
        return FRAME_CODE[post["platform"]](frame_source(post))
    return address(post)


def address(post):
    """The address the post is recognised by: as pasted, or the one its frame shows."""
    if post["pasted"] == "frame":
        return frame_source(post)
    return post["address"].format(post_id=post_id(post), handle=post["handle"])


def frame_source(post):
    return FRAME_SOURCES[post["platform"]].format(post_id=post_id(post), handle=post["handle"])


def post_id(post):
    """X and TikTok post numbers and Bluesky record keys carry their time (the platform modules read it
    back): made from `posted`."""
    if post["platform"] in NUMBERS_FROM_TIME:
        return str(NUMBERS_FROM_TIME[post["platform"]](post["posted"].timestamp()))
    return post["post_id"]


def embed_text(text, link_hashtag):
    """The post's text as embed code writes it: HTML-escaped, each hashtag written by `link_hashtag`."""
    pieces = HASHTAG.split(text)  # text, tag, text, tag, …, text
    return "".join(link_hashtag(piece) if n % 2 else html(piece) for n, piece in enumerate(pieces))


def html(text):
    return escape(text).replace("&#x27;", "&#39;")  # the platforms write apostrophes as &#39;


def tweet(post):
    posted, handle = post["posted"], post["handle"]
    theme = f' data-theme="{post["theme"]}"' if "theme" in post else ""
    text = embed_text(post["text"], lambda tag: f'<a href="https://twitter.com/hashtag/{tag}?src=hash">#{tag}</a>')
    return (
        f'<blockquote class="twitter-tweet"{theme}><p lang="en" dir="ltr">{text}</p>&mdash; {html(post["name"])} '
        f'(@{handle}) <a href="https://twitter.com/{handle}/status/{post_id(post)}?ref_src=twsrc%5Etfw">'
        f"{posted:%B} {posted.day}, {posted.year}</a></blockquote> "
        '<script async src="https://platform.twitter.com/widgets.js" charset="utf-8"></script>'
    )


def instagram(post):
    link = f"https://www.instagram.com/p/{post_id(post)}/?utm_source=ig_embed&amp;utm_campaign=loading"
    posted, caption = post["posted"], embed_text(post["text"], lambda tag: f"#{tag}")
    return (
        f'<blockquote class="instagram-media" data-instgrm-captioned data-instgrm-permalink="{link}" '
        'data-instgrm-version="14" style=" background:#FFF; border:0; margin: 1px; max-width:540px; '
        f'min-width:326px; padding:0; width:99.375%;"><div style="padding:16px;"> <a href="{link}" '
        'style=" background:#FFFFFF; line-height:0; padding:0 0; text-align:center; text-decoration:none; '
        'width:100%;" target="_blank"> <div style="padding-top: 8px;"> <div style=" color:#3897f0; '
        'font-family:Arial,sans-serif; font-size:14px;">View this post on Instagram</div></div></a>'
        f'<p style=" margin:8px 0 0 0;"><a href="{link}" style=" color:#c9c8cd;" target="_blank">{caption}</a></p>'
        f'<p style=" color:#c9c8cd; margin-top:8px;"><a href="{link}" target="_blank">A post shared by '
        f'{html(post["name"])} (@{post["handle"]})</a> on <time style=" font-family:Arial,sans-serif;" '
        f'datetime="{posted.isoformat()}">{posted:%b} {posted.day}, {posted.year}</time></p></div></blockquote> '
        '<script async src="//www.instagram.com/embed.js"></script>'
    )


def tiktok(post):
    handle, video_id = post["handle"], post_id(post)
    text = embed_text(
        post["text"], lambda tag: f'<a title="{tag}" href="https://www.tiktok.com/tag/{tag}?refer=embed">#{tag}</a>'
    )
    return (
        f'<blockquote class="tiktok-embed" cite="https://www.tiktok.com/@{handle}/video/{video_id}" '
        f'data-video-id="{video_id}" style="max-width: 605px;min-width: 325px;" > <section> '
        f'<a target="_blank" title="@{handle}" href="https://www.tiktok.com/@{handle}?refer=embed">@{handle}</a> '
        f"<p>{text}</p> "
        f'<a target="_blank" title="♬ original sound - {handle}" href="https://www.tiktok.com/music/'
        f'original-sound-7301234567890123456?refer=embed">♬ original sound - {handle}</a> </section> </blockquote> '
        '<script async src="https://www.tiktok.com/embed.js"></script>'
    )


def bluesky(post):
    key = post_id(post)
    uri = f"at://{post['did']}/app.bsky.feed.post/{key}"
    link = f"https://bsky.app/profile/{post['did']}/post/{key}?ref_src=embed"
    text = embed_text(post["text"], lambda tag: f"#{tag}")
    posted = post["posted"]
    return (
        f'<blockquote class="bluesky-embed" data-bluesky-uri="{uri}" data-bluesky-cid="bafyreidemo{key}" '
        f'data-bluesky-embed-color-mode="system"><p lang="en">{text}<br><br><a href="{link}">[image or embed]</a>'
        f'</p>&mdash; {html(post["name"])} (<a href="https://bsky.app/profile/{post["did"]}?ref_src=embed">'
        f'@{post["handle"]}</a>) <a href="{link}">{posted:%b} {posted.day}, {posted.year} at {posted:%H:%M}</a>'
        "</blockquote>"
        '<script async src="https://embed.bsky.app/static/embed.js" charset="utf-8"></script>'
    )


def tid(seconds):
    """A Bluesky record key made from a time: microseconds above a ten-bit clock id, in base32-sortable."""
    value = int(seconds * 1_000_000) << 10 | 7
    return "".join(TID_ALPHABET[(value >> (5 * (12 - index))) & 31] for index in range(13))


def youtube_frame(src):
    return (
        f'<iframe width="560" height="315" src="{src}" '
        'title="YouTube video player" frameborder="0" allow="accelerometer; autoplay; clipboard-write; '
        'encrypted-media; gyroscope; picture-in-picture; web-share" '
        'referrerpolicy="strict-origin-when-cross-origin" allowfullscreen></iframe>'
    )


def facebook_frame(src):
    return (
        f'<iframe src="{src}" '
        'width="500" height="498" style="border:none;overflow:hidden" scrolling="no" frameborder="0" '
        'allowfullscreen="true" allow="autoplay; clipboard-write; encrypted-media; picture-in-picture; web-share">'
        "</iframe>"
    )


EMBED_CODE = {"x": tweet, "instagram": instagram, "tiktok": tiktok, "bluesky": bluesky}
FRAME_CODE = {"youtube": youtube_frame, "facebook": facebook_frame}
FRAME_SOURCES = {
    "youtube": "https://www.youtube.com/embed/{post_id}",
    "facebook": "https://www.facebook.com/plugins/post.php?href=https%3A%2F%2Fwww.facebook.com%2F{handle}%2Fposts%2F"
    "{post_id}&show_text=true&width=500",
}
NUMBERS_FROM_TIME = {
    "x": lambda seconds: (int(seconds * 1000) - X_EPOCH_MS) << 22 | 4097,
    "tiktok": lambda seconds: int(seconds) << 32 | 1234567,
    "bluesky": tid,
}
