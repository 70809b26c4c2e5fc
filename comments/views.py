from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import DatabaseError
from django.http import HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import ngettext
from django.views.csrf import csrf_failure as django_csrf_failure
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from articles.models import Article
from comments import notifications, readers, services, thread
from comments.forms import CommentForm, FlagForm
from comments.models import Comment
from comments.readers import browser_id, identify, reader_key, remember_browser
from newsroom.clients import client_ip
from newsroom.page_cache import depends_on
from newsroom.unavailable import log_refused, refused_response, refuses_writes


def published_article(pk):
    return get_object_or_404(Article.objects.published().select_related("section"), pk=pk)


def published_comment(pk, comments=None):
    """The published comment `pk` of a live story, with its story and section (`comments`: a narrower
    queryset of published comments); 404 for any other."""
    comments = Comment.objects.published() if comments is None else comments
    return get_object_or_404(
        comments.select_related("article__section"), pk=pk, article__in=Article.objects.published()
    )


@require_POST
def post_comment(request, article_id):
    """Post a comment. The browser's key cookie is set (or renewed) on every answer, as on every POST of ours.

    A page's script posts with fetch and says so (X-Requested-With: fetch): it gets 201 with the comment's
    Location instead of a redirect, and every error page as it is, to put its form in place of its own.
    """
    browser = readers.identify(request)
    response = answer_post(request, article_id, browser)
    readers.remember_browser(response, browser)
    return response


NOT_SAVED = (
    "Your comment could not be saved: our database is not accepting new comments right now. We kept what "
    "you wrote; please try again in a minute."
)


def answer_post(request, article_id, browser):
    article = published_article(article_id)
    policy = services.policy_for(article)
    if not policy.is_open:
        return render(request, "comments/closed.html", {"article": article, "policy": policy}, status=403)
    form = CommentForm(request.POST, article=article)
    context = {"article": article, "form": form, "policy": policy}
    if not form.is_valid():
        return render(request, "comments/comment_form.html", context, status=400)
    parent = None
    if form.cleaned_data["parent"]:
        parent = Comment.objects.filter(pk=form.cleaned_data["parent"], article=article).first()
        if parent is None:
            form.add_error(None, "The comment you replied to is no longer there. You can post yours as a new comment.")
            form.data = form.data.copy()
            form.data["parent"] = ""
            return render(request, "comments/comment_form.html", context, status=400)
    try:
        comment = services.submit_comment(
            article=article,
            parent=parent,
            name=form.cleaned_data["name"],
            email=form.cleaned_data["email"],
            text=form.cleaned_data["text"],
            ip_address=client_ip(request),
            user_agent=request.headers.get("User-Agent", ""),
            user=request.user,
            honeypot=form.cleaned_data["website"],
            form_age=form.form_age,
            quick_tries=form.quick_tries,
            reader_key=readers.reader_key(browser),
            policy=policy,
            notify_replies=form.cleaned_data["notify_replies"],
        )
    except services.RateLimited as limited:
        response = render(
            request,
            "comments/rate_limited.html",
            {**context, "retry_after": limited.retry_after, "notice": limited.notice},
            status=429,
        )
        response["Retry-After"] = str(limited.retry_after)
        return response
    except services.CommentsClosed as closed:
        return render(request, "comments/closed.html", {"article": article, "policy": closed}, status=403)
    except services.TooFast as quick:
        form.add_error(None, quick)
        form.renew_token(quick_tries=form.quick_tries + 1)
        return render(request, "comments/comment_form.html", context, status=400)
    except ValidationError as error:
        form.add_error(None, error)
        return render(request, "comments/comment_form.html", context, status=400)
    except DatabaseError as error:
        if not refuses_writes(error):
            raise
        # The whole comment was rolled back (submit_comment is atomic): the reader gets their text back.
        log_refused(request, error)
        response = render(request, "comments/unavailable.html", {**context, "notice": NOT_SAVED})
        return refused_response(response)

    fragment = "#comments"
    if comment.status == Comment.Status.PUBLISHED:
        messages.success(request, "Thank you: your comment is published.")
        fragment = f"#comment-{comment.pk}"
    elif comment.is_awaiting_moderation():
        messages.success(request, "Thank you: your comment is awaiting moderation. Only you can see it until then.")
        fragment = f"#comment-{comment.pk}"
    elif comment.rule == "duplicate":
        messages.info(request, "You had already sent this comment, so we kept the first one.")
    elif comment.status == Comment.Status.REJECTED:
        messages.error(request, "Sorry, your comment was not published: it breaks our comment rules.")
    else:
        # Robots are told nothing useful about why their comment went nowhere.
        messages.success(request, "Thank you: your comment was received.")
    if form.cleaned_data["notify_replies"] and comment.status not in (Comment.Status.SPAM, Comment.Status.REJECTED):
        messages.info(request, "Please check your inbox: we sent you a link to confirm the emails about replies.")
    location = article.get_absolute_url() + fragment
    if request.headers.get("X-Requested-With") == "fetch":
        response = HttpResponse(status=201)
        response["Location"] = location
    else:
        response = redirect(location)
    if comment.is_awaiting_moderation():
        thread.remember_pending_comment(request, response, comment)
    return response


PRIVATE = "private, no-store"


@require_GET
def comment_form(request, article_id):
    """The comment form, never cached: its CSRF token and signed timestamp are this reader's.

    Article pages are the same for everyone and hold only a link here. Without JavaScript the link opens
    this page; comments.js asks the same address (X-Requested-With: fetch) for the form alone when the
    reader opens the dialog.
    """
    article = published_article(article_id)
    policy = services.policy_for(article)
    if not policy.is_open:
        response = render(request, "comments/closed.html", {"article": article, "policy": policy}, status=403)
    else:
        context = {"article": article, "form": CommentForm(article=article), "policy": policy}
        if request.headers.get("X-Requested-With") == "fetch":
            response = render(request, "comments/includes/compose.html", context)
        else:
            response = render(request, "comments/comment_form.html", context)
    response["Cache-Control"] = PRIVATE
    return response


@require_GET
def csrf_token(request):
    """A CSRF token (and its cookie) for a script about to POST from a page that carries none (likes)."""
    response = JsonResponse({"token": get_token(request)})
    response["Cache-Control"] = PRIVATE
    return response


CSRF_REFUSED = (
    "We could not confirm that this form came from your browser (its cookie for this site may have expired "
    "or been blocked). We kept your text: please send it again."
)


LIKE_REFUSED = "Your like could not be sent. Please reload the page and try again."


def csrf_failure(request, reason=""):
    """settings.CSRF_FAILURE_VIEW: a refused comment post comes back as the form, with the reader's text.

    The answer renders a fresh token (and sets its cookie), so sending again works; the script puts this
    form in the dialog like any error. A refused like without JavaScript (the like forms in pages carry no
    token) asks again with a token of its own. Every other refusal is Django's page.
    """
    match = request.resolver_match
    name = match.view_name if match else ""
    if name == "comments:post" and request.method == "POST":
        article = published_article(match.kwargs["article_id"])
        form = CommentForm(request.POST, article=article)
        form.is_valid()  # the field errors too, and a fresh timestamp if it had expired
        form.add_error(None, CSRF_REFUSED)
        context = {"article": article, "form": form, "policy": services.policy_for(article)}
        response = render(request, "comments/comment_form.html", context, status=403)
    elif name == "comments:like" and "application/json" in request.headers.get("Accept", ""):
        response = JsonResponse({"error": LIKE_REFUSED}, status=403)
    elif name == "comments:like" and request.method == "POST":
        comment = published_comment(match.kwargs["comment_id"])
        liked = wants_like(request)
        context = {"comment": comment, "article": comment.article, "liked": liked, "next": request.POST.get("next", "")}
        response = render(request, "comments/like_confirm.html", context, status=403)
    else:
        return django_csrf_failure(request, reason=reason)
    response["Cache-Control"] = PRIVATE
    return response


def comment_page(request, article_id):
    """One page of an article's threads: the paginated, crawlable list behind "Show more comments"."""
    article = published_article(article_id)
    data = thread.thread_page(request, article, request.GET.get("page") or 1, sort=thread.chosen_sort(request))
    response = render(request, "comments/comment_list.html", {"article": article, **data})
    return depends_on(response, f"article:{article.pk}")  # comments' services expire it


@require_http_methods(["GET", "POST"])
def flag(request, comment_id):
    """Report a comment. Every report reaches the moderators' queue at once ("Reported"); a reader who
    already reported this comment (their browser key, else their address) is told so instead."""
    comment = published_comment(comment_id)
    context = {"comment": comment, "article": comment.article}
    browser = browser_id(request)
    if request.method == "GET" and browser and comment.flags.filter(reader=reader_key(browser)).exists():
        return render(request, "comments/flagged.html", {**context, "already": True})
    form = FlagForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        browser = identify(request)
        counted = services.flag_comment(
            comment, reason=form.cleaned_data["reason"], ip_address=client_ip(request), reader=reader_key(browser)
        )
        response = render(request, "comments/flagged.html", {**context, "already": not counted})
        remember_browser(response, browser)
        return response
    return render(request, "comments/flag_form.html", {**context, "form": form})


def reply(request, comment_id):
    """The reply form on a page of its own, for readers without JavaScript (the script opens a dialog)."""
    parent = published_comment(comment_id, Comment.objects.published().for_thread())
    article = parent.article
    policy = services.policy_for(article)
    if not policy.is_open:
        return render(request, "comments/closed.html", {"article": article, "policy": policy}, status=403)
    form = CommentForm(article=article, initial={"parent": parent.parent_id or parent.pk})
    context = {"article": article, "form": form, "parent": parent, "policy": policy}
    return render(request, "comments/comment_form.html", context)


# Likes ----------------------------------------------------------------------------------------


def wants_like(request):
    """A like's POST likes the comment unless it says `like=0` (withdraw the like)."""
    return request.POST.get("like") != "0"


def likes_label(count):
    return ngettext("%(n)d like", "%(n)d likes", count) % {"n": count}


@require_POST
def like(request, comment_id):
    """Like a comment (`like=0`: withdraw the like), from the button's form or its script.

    The script asks for JSON and gets the new count; without it the reader is sent back to the comment.
    The browser key's cookie is set on this response, a POST's, never on a page.
    """
    comment = published_comment(comment_id)
    wants_json = "application/json" in request.headers.get("Accept", "")
    browser = identify(request)
    try:
        result = services.like_comment(
            comment, reader=reader_key(browser), ip_address=client_ip(request), liked=wants_like(request)
        )
    except services.TooManyLikes as limited:
        message = "You have liked a lot of comments in a short time. Please wait a moment and try again."
        if wants_json:
            response = JsonResponse({"error": message}, status=429)
        else:
            response = render(request, "comments/like_limited.html", {"article": comment.article, "message": message})
            response.status_code = 429
        response["Retry-After"] = str(limited.retry_after)
        return response
    if wants_json:
        response = JsonResponse({"liked": result.liked, "count": result.count, "label": likes_label(result.count)})
    else:
        done = f"You like {comment.name}’s comment." if result.liked else "Your like was taken back."
        messages.success(request, done)
        back = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}) or not back.startswith("/"):
            back = comment.article.get_absolute_url()
        response = redirect(f"{back.split('#')[0]}#comment-{comment.pk}")
    remember_browser(response, browser)
    return response


MAX_LIKE_IDS = 500


@require_GET
def my_likes(request):
    """Which of the comments in `?ids=1,2,3` this browser likes, for the script to press their buttons.

    Pages are the same for every reader (and may be cached), so a reader's own likes come from here,
    private and never cached. One query, none for a browser that never liked anything.
    """
    ids = [int(part) for part in request.GET.get("ids", "").split(",") if part.isdigit()][:MAX_LIKE_IDS]
    response = JsonResponse({"liked": services.liked_by(reader_key(browser_id(request)), ids)})
    response["Cache-Control"] = PRIVATE
    return response


# Reply notifications --------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def confirm_replies(request, token):
    """The confirmation link of a reply subscription: a page with a button, which confirms (POST).

    A link opened by the mail server's scanner must not confirm for the reader, so the GET only asks.
    An authentic link opened too late offers a new one, to the same address.
    """
    try:
        subscription = notifications.subscription_to_confirm(token)
    except notifications.BadLink:
        return render(request, "comments/replies_bad_link.html", status=400)
    except notifications.ExpiredLink as expired:
        subscription = expired.subscription
        if subscription.confirmed_at is not None:
            return render(request, "comments/replies_confirmed.html", reply_context(subscription))
        if request.method == "POST" and request.POST.get("resend"):
            services.resend_reply_confirmation(subscription)
            return render(request, "comments/replies_link_sent.html", reply_context(subscription))
        return render(request, "comments/replies_link_expired.html", reply_context(subscription), status=410)
    if request.method == "POST":
        services.confirm_reply_subscription(subscription)
        return render(request, "comments/replies_confirmed.html", reply_context(subscription))
    return render(request, "comments/replies_confirm.html", reply_context(subscription))


@csrf_exempt  # RFC 8058: mail providers POST "List-Unsubscribe=One-Click" with no token; the link is the key.
@require_http_methods(["GET", "POST"])
def stop_replies(request, token):
    """The unsubscribe link of every notification: one click (GET) or the mail provider's one-click POST."""
    try:
        subscription = notifications.subscription_to_stop(token)
    except notifications.BadLink:
        return render(request, "comments/replies_bad_link.html", status=400)
    services.unsubscribe_from_replies(subscription)
    if request.method == "POST" and "List-Unsubscribe" in request.POST:
        return HttpResponse("Unsubscribed.", content_type="text/plain; charset=utf-8")
    return render(request, "comments/replies_unsubscribed.html", {**reply_context(subscription), "token": token})


@require_POST
def restart_replies(request, token):
    """ "Email me again" on the page the unsubscribe link opened: undoes a click made by mistake."""
    try:
        subscription = notifications.subscription_to_stop(token)
    except notifications.BadLink:
        return render(request, "comments/replies_bad_link.html", status=400)
    services.resubscribe_to_replies(subscription)
    return render(request, "comments/replies_confirmed.html", reply_context(subscription))


def reply_context(subscription):
    comment = subscription.comment
    return {
        "subscription": subscription,
        "comment": comment,
        "article": comment.article,
        "masked_email": notifications.masked(subscription.email),
    }
