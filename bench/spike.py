"""
A spike on a cached article (issue 12, "The bench proves it"): CLIENTS concurrent clients for a while on
one article page served from the page cache, while readers post comments through the real form flow and
one story is published partway through.

- The load is the bench's own client (bench/load.py: wrk when installed), CLIENTS connections.
- Comments: one client at a time, each from an address of its own (the server trusts X-Forwarded-For:
  comments_load.SERVER_ENV), GETs the comment form from /comments/article/<pk>/form/ and POSTs it, until the
  load ends.
- Halfway, a draft is published through `articles.services.publish_article`, in this process, against the
  server's database: its `on_commit` bumps the tags (and, on local memory, the generation file every worker
  reads), as an editor's publish in the admin does.
- Then, at once and while the load goes on, the home page and the story are read again FRESH_READS times
  (each request may reach another worker): every home page must link to the new story, and the story must
  answer 200 (it was a 404 before). One old page served after the publish is a stale page.

Errors must be 0: the load's (connection, timeouts, non-2xx) and the comment flow's (any 5xx or failed
connection; a 302 is a stored comment, a 429 the rate limit doing its job and counted apart).
"""

import http.client
import threading
import time
from urllib.parse import urlsplit

from bench import comments_load, load

CLIENTS = 200
FRESH_READS = 20
WARM_READS = 100
EMAIL_DOMAIN = "@spike.example"  # the spike's comments, removed again by restore()


def get(base_url, path):
    parts = urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace"), response.getheader("Age")
    finally:
        connection.close()


def draft_to_publish():
    from articles.models import Article, Section

    # Of the first section, whose list the page scenarios read: a publish must reach pages already cached.
    drafts = Article.objects.filter(status=Article.Status.DRAFT).order_by("-pk")
    return drafts.filter(section=Section.objects.first()).first() or drafts.first()


def post_comments(base_url, article_path, stop, results):
    """Post comments one after another through the form's page until `stop` is set."""
    n = 0
    while not stop.is_set():
        n += 1
        client = comments_load.Client(base_url, comments_load.address(n, prefix=11))
        try:
            form, status, _ = client.fresh_form(article_path)
            if form is None:
                results[f"GET {status}"] = results.get(f"GET {status}", 0) + 1
                continue
            response, _, _ = client.post_comment(
                article_path, form, name=f"Spike reader {n}", email=f"spike{n}{EMAIL_DOMAIN}", text=f"spike {n}: wow"
            )
            results[response.status] = results.get(response.status, 0) + 1
        except OSError:
            results["connection failed"] = results.get("connection failed", 0) + 1


def fresh_after_publish(base_url, story_path):
    """Read the home page and the story FRESH_READS times each; how many answers were stale.

    The home page must link to the story: by its address, which holds its id (the bench's headlines repeat,
    made of a few stars, verbs and things)."""
    stale_home = stale_story = 0
    for _ in range(FRESH_READS):
        status, html, _ = get(base_url, "/")
        stale_home += status != 200 or f'{story_path}"' not in html
        status, _, _ = get(base_url, story_path)
        stale_story += status != 200
    return stale_home, stale_story


def run(client, base_url, article_path, *, seconds, clients=CLIENTS):
    """The spike against a server with the page cache on; JSON-able results."""
    from articles.services import publish_article

    draft = draft_to_publish()
    story_path = draft.get_absolute_url()
    _, home, _ = get(base_url, "/")
    before = {"home_names_it": f'{story_path}"' in home, "story_status": get(base_url, story_path)[0]}
    # Stored in every worker (on local memory each has its own cache), so the spike starts on hits: then
    # FRESH_READS more must all carry Age, which only an answer from the cache sends.
    for _ in range(WARM_READS):
        get(base_url, article_path)
    hit = all(get(base_url, article_path)[2] is not None for _ in range(FRESH_READS))
    stop, comments, loaded = threading.Event(), {}, {}
    poster = threading.Thread(target=post_comments, args=(base_url, article_path, stop, comments))

    def spike():
        if client == "wrk":
            loaded["result"] = load.run_wrk(base_url + article_path, clients, seconds, threads=2)
        else:
            loaded["result"] = load.run_threads(base_url + article_path, clients, seconds)

    loader = threading.Thread(target=spike)
    print(f"Spike: {clients} clients for {seconds} s on the cached {article_path}", flush=True)
    loader.start()
    poster.start()
    # The publish in this thread, whose database connection is the bench's own.
    time.sleep(seconds / 2)
    started = time.perf_counter()
    publish_article(draft, actor=None)
    outcome = {"publish_ms": (time.perf_counter() - started) * 1000}
    outcome["stale_home"], outcome["stale_story"] = fresh_after_publish(base_url, story_path)
    loader.join()
    stop.set()
    poster.join()
    result = loaded["result"]
    comment_errors = sum(v for k, v in comments.items() if not isinstance(k, int) or k >= 500)
    return {
        "clients": clients,
        "seconds": seconds,
        "article": article_path,
        "started_on_a_hit": hit,
        "requests": result.requests,
        "rps": result.rps,
        "p50_ms": result.p50_ms,
        "p99_ms": result.p99_ms,
        "load_errors": result.errors,
        "comments": {str(k): v for k, v in sorted(comments.items(), key=str)},
        "comment_errors": comment_errors,
        "published": story_path,
        "before_publish": before,
        **outcome,
        "fresh_reads": FRESH_READS,
    }


def restore(spike):
    """Leave the data set as seeded: the story published back to a draft, the spike's comments gone.

    A bench database is reused run after run (bench/__main__.py), and its pages must not grow a story and a
    few hundred comments a run. Written straight to the rows: this is the bench undoing itself, not an
    editorial event."""
    from articles.models import Article
    from comments.models import Comment
    from comments.services import recount_published

    pk = int(comments_load.ARTICLE_ID_RE.search(spike["published"]).group(1))
    Article.objects.filter(pk=pk).update(status=Article.Status.DRAFT, published_at=None)
    article = int(comments_load.ARTICLE_ID_RE.search(spike["article"]).group(1))
    Comment.objects.filter(email__endswith=EMAIL_DOMAIN).delete()
    recount_published([article])


def summary(spike):
    stale = spike["stale_home"] + spike["stale_story"]
    posted = spike["comments"].get("302", 0)
    return (
        f"Spike: {spike['clients']} clients for {spike['seconds']} s on the cached article "
        f"({'started on a hit' if spike['started_on_a_hit'] else 'NOT started on a hit'}): "
        f"{spike['rps']:,.0f} req/s, p50 {spike['p50_ms']:.0f} ms, p99 {spike['p99_ms']:.0f} ms, "
        f"{spike['load_errors']} load errors; {posted} comments posted through the form "
        f"({spike['comments']}), {spike['comment_errors']} comment errors; published {spike['published']} "
        f"halfway ({spike['publish_ms']:.0f} ms), then {spike['fresh_reads']} reads each of home and the story: "
        f"{stale} stale (home {spike['stale_home']}, story {spike['stale_story']}; before the publish home "
        f"named it: {spike['before_publish']['home_names_it']}, the story answered "
        f"{spike['before_publish']['story_status']})"
    )
