"""
Cards in the body: where the stored body has a post's placeholder, readers get that post's card.

`body_html` is rendered once at save time and holds `<div data-social-post="N">…</div>` where post number
N of the body goes (articles/body.py). At request time one regex split over that HTML, which our own code
wrote, cuts it at the placeholders, and the template renders each card from the posts the view prefetched
in one query. A placeholder without a linked post (an article saved outside the admin, say) keeps the
plain link it holds, so a reader always gets at least a link to the post.
"""

import re
from dataclasses import dataclass

from django.template.loader import render_to_string

from articles.body import render_body, split_blocks
from articles.models import SocialPost
from articles.social.services import fill

PLACEHOLDER = re.compile(r'<div data-social-post="(\d+)">(.*?)</div>', re.DOTALL)
CARD_TEMPLATE = "articles/includes/social_post_card.html"


@dataclass
class BodyPart:
    html: str = ""  # a piece of the sanitised body_html
    post: SocialPost | None = None


def body_parts(body_html, posts_by_position):
    pieces = PLACEHOLDER.split(body_html)
    parts = [BodyPart(html=pieces[0])] if pieces[0] else []
    for index in range(1, len(pieces), 3):
        position, fallback, html_after = int(pieces[index]), pieces[index + 1], pieces[index + 2]
        post = posts_by_position.get(position)
        parts.append(BodyPart(post=post) if post is not None else BodyPart(html=fallback))
        if html_after:
            parts.append(BodyPart(html=html_after))
    return parts


def article_body_parts(article):
    """The article's body cut at its posts; expects `social_post_links__social_post` prefetched."""
    posts = {link.position: link.social_post for link in article.social_post_links.all()}
    return body_parts(article.body_html, posts)


def preview_post(parsed):
    """The post as it would be archived: the stored row if there is one, else an unsaved one from the paste."""
    post = SocialPost.objects.filter(platform=parsed.ref.platform, post_id=parsed.ref.post_id).first()
    if post is None:
        post = SocialPost(
            platform=parsed.ref.platform,
            post_id=parsed.ref.post_id,
            permalink=parsed.ref.permalink,
            state=SocialPost.State.ARCHIVED if parsed.complete else SocialPost.State.PENDING,
        )
        fill(post, parsed)
        post.text_html = post.render_text_html()
    return post


def render_preview(text):
    """The body as readers will see it, cards included, for the editor's live preview (nothing is saved)."""
    posts, problems = {}, []
    for kind, *data in split_blocks(text):
        if kind == "social":
            posts[data[0]] = preview_post(data[1])
        elif kind == "problem":
            problems.append(data[1])
    parts = body_parts(render_body(text), posts)
    html = "".join(
        part.html if part.post is None else render_to_string(CARD_TEMPLATE, {"post": part.post, "show_state": True})
        for part in parts
    )
    if problems:
        html = render_to_string("articles/includes/social_post_problems.html", {"problems": problems}) + html
    return html
