from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from articles.models import Article
from comments import services, thread
from comments.forms import CommentForm, FlagForm
from comments.models import Comment
from comments.readers import browser_id, client_ip, identify, reader_key, remember_browser


def published_article(pk):
    return get_object_or_404(Article.objects.published().select_related("section"), pk=pk)


@require_POST
def post_comment(request, article_id):
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
            policy=policy,
        )
    except services.RateLimited as limited:
        response = render(
            request,
            "comments/rate_limited.html",
            {**context, "retry_after": limited.retry_after, "what": limited.what},
            status=429,
        )
        response["Retry-After"] = str(limited.retry_after)
        return response
    except services.CommentsClosed as closed:
        return render(request, "comments/closed.html", {"article": article, "policy": closed}, status=403)
    except ValidationError as error:
        form.add_error(None, error)
        return render(request, "comments/comment_form.html", context, status=400)

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
    response = redirect(article.get_absolute_url() + fragment)
    if comment.status != Comment.Status.SPAM:
        thread.remember_own_comment(request, response, comment)
    return response


def comment_page(request, article_id):
    """One page of an article's threads: the paginated, crawlable list behind "Show more comments"."""
    article = published_article(article_id)
    data = thread.thread_page(request, article, request.GET.get("page") or 1)
    return render(request, "comments/comment_list.html", {"article": article, **data})


@require_http_methods(["GET", "POST"])
def flag(request, comment_id):
    """Report a comment. Every report reaches the moderators' queue at once ("Reported"); a reader who
    already reported this comment (their browser key, else their address) is told so instead."""
    comment = get_object_or_404(
        Comment.objects.published().select_related("article__section"),
        pk=comment_id,
        article__in=Article.objects.published(),
    )
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
    parent = get_object_or_404(
        Comment.objects.published().for_thread().select_related("article__section"),
        pk=comment_id,
        article__in=Article.objects.published(),
    )
    article = parent.article
    policy = services.policy_for(article)
    if not policy.is_open:
        return render(request, "comments/closed.html", {"article": article, "policy": policy}, status=403)
    form = CommentForm(article=article, initial={"parent": parent.parent_id or parent.pk})
    context = {"article": article, "form": form, "parent": parent, "policy": policy}
    return render(request, "comments/comment_form.html", context)
